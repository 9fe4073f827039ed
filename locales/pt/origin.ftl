origin-written-in = Escrito em { $language }
origin-no-route = Sem tradução do { $from } para o { $to }
origin-via = { $name } · via { $language }
origin-route = Traduzido com
