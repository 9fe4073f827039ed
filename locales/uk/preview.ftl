# The composer's translation preview.
preview-toggle = Попередній перегляд перекладу
preview-partner-reads = { $name } прочитає:
preview-back-in = Назад ({ $language }):
preview-updating = Оновлення попереднього перегляду…
preview-unavailable = Попередній перегляд недоступний
preview-paused = Попередній перегляд призупинено на мить: забагато за короткий час
