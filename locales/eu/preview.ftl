# The composer's translation preview.
preview-toggle = Itzulpenaren aurrebista
preview-partner-reads = { $name }(e)k hau irakurriko du:
preview-back-in = Berriro { $language }z:
preview-updating = Aurrebista eguneratzen…
preview-unavailable = Aurrebista ez dago erabilgarri
preview-paused = Aurrebista pausatuta une batez: gehiegi denbora gutxian
