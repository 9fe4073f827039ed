origin-written-in = Язык оригинала: { $language }
origin-no-route = Перевода нет: { $from } → { $to }
origin-via = { $name } · язык-посредник: { $language }
origin-route = Перевод
