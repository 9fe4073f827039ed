# The composer's translation preview.
preview-toggle = Vista previa de la traducción
preview-partner-reads = { $name } leerá:
preview-back-in = De vuelta al { $language }:
preview-updating = Actualizando la vista previa…
preview-unavailable = Vista previa no disponible
preview-paused = Vista previa en pausa un momento: demasiadas en poco tiempo
