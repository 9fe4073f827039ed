# The composer's translation preview.
preview-toggle = Previsualització de la traducció
preview-partner-reads = { $name } llegirà:
preview-back-in = De tornada al { $language }:
preview-updating = S’està actualitzant la previsualització…
preview-unavailable = Previsualització no disponible
preview-paused = Previsualització en pausa un moment: massa en poc temps
