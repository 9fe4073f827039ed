# The composer's translation preview.
preview-toggle = Pré-visualizar a tradução
preview-partner-reads = { $name } vai ler:
preview-back-in = De volta ao { $language }:
preview-updating = A atualizar a pré-visualização…
preview-unavailable = Pré-visualização indisponível
preview-paused = Pré-visualização em pausa por um momento: demasiadas em pouco tempo
