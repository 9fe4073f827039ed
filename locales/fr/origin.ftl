origin-written-in = Écrit en { $language }
origin-no-route = Aucune traduction possible : { $from } → { $to }
origin-via = { $name } · langue relais : { $language }
origin-route = Traduit par
