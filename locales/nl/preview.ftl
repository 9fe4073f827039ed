# The composer's translation preview.
preview-toggle = Voorbeeld van de vertaling
preview-partner-reads = { $name } leest:
preview-back-in = Terug in het { $language }:
preview-updating = Voorbeeld wordt bijgewerkt…
preview-unavailable = Voorbeeld niet beschikbaar
preview-paused = Voorbeeld even gepauzeerd: te veel in korte tijd
