# The composer's translation preview.
preview-toggle = Vista previa da tradución
preview-partner-reads = { $name } lerá:
preview-back-in = De volta ao { $language }:
preview-updating = Actualizando a vista previa…
preview-unavailable = Vista previa non dispoñible
preview-paused = Vista previa en pausa un momento: demasiadas en pouco tempo
