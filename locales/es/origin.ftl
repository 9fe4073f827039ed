origin-written-in = Escrito en { $language }
origin-no-route = No hay traducción del { $from } al { $to }
origin-via = { $name } · a través del { $language }
origin-route = Traducido con
