# The composer's translation preview.
preview-toggle = Übersetzungsvorschau
preview-partner-reads = { $name } liest:
preview-back-in = Zurück ins { $language }:
preview-updating = Vorschau wird aktualisiert…
preview-unavailable = Vorschau nicht verfügbar
preview-paused = Vorschau kurz pausiert: zu viele in kurzer Zeit
