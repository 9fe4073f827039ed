origin-written-in = Język oryginału: { $language }
origin-no-route = Brak tłumaczenia: { $from } → { $to }
origin-via = { $name } · język pośredni: { $language }
origin-route = Tłumaczenie
