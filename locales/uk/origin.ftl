origin-written-in = Мова оригіналу: { $language }
origin-no-route = Перекладу немає: { $from } → { $to }
origin-via = { $name } · мова-посередник: { $language }
origin-route = Переклад
