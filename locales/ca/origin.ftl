origin-written-in = Escrit en { $language }
origin-no-route = No hi ha traducció: { $from } → { $to }
origin-via = { $name } · llengua pont: { $language }
origin-route = Traduït amb
