# The composer's translation preview.
preview-toggle = Previzualizarea traducerii
preview-partner-reads = { $name } va citi:
preview-back-in = Înapoi în { $language }:
preview-updating = Se actualizează previzualizarea…
preview-unavailable = Previzualizare indisponibilă
preview-paused = Previzualizare întreruptă o clipă: prea multe într-un timp scurt
