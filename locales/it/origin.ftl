origin-written-in = Scritto in { $language }
origin-no-route = Nessuna traduzione disponibile: { $from } → { $to }
origin-via = { $name } · lingua ponte: { $language }
origin-route = Tradotto con
