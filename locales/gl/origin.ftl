origin-written-in = Escrito en { $language }
origin-no-route = Non hai tradución do { $from } ao { $to }
origin-via = { $name } · a través do { $language }
origin-route = Traducido con
