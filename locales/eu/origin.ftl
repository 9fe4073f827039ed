origin-written-in = Jatorrizko hizkuntza: { $language }
origin-no-route = Ez dago itzulpenik: { $from } → { $to }
origin-via = { $name } · zubi-hizkuntza: { $language }
origin-route = Itzultzailea
