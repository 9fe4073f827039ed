# The composer's translation preview.
preview-toggle = Anteprima della traduzione
preview-partner-reads = { $name } leggerà:
preview-back-in = Di nuovo in { $language }:
preview-updating = Aggiornamento dell’anteprima…
preview-unavailable = Anteprima non disponibile
preview-paused = Anteprima in pausa per un momento: troppe in poco tempo
