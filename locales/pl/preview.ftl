# The composer's translation preview.
preview-toggle = Podgląd tłumaczenia
preview-partner-reads = { $name } przeczyta:
preview-back-in = Z powrotem ({ $language }):
preview-updating = Aktualizowanie podglądu…
preview-unavailable = Podgląd niedostępny
preview-paused = Podgląd wstrzymany na chwilę: zbyt wiele w krótkim czasie
