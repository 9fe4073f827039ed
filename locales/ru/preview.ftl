# The composer's translation preview.
preview-toggle = Предпросмотр перевода
preview-partner-reads = { $name } прочитает:
preview-back-in = Обратно ({ $language }):
preview-updating = Обновление предпросмотра…
preview-unavailable = Предпросмотр недоступен
preview-paused = Предпросмотр приостановлен на минуту: слишком много за короткое время
