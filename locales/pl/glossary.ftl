# The session's glossary (English reference: locales/en/glossary.ftl).
glossary-title = Słowniczek
glossary-count = { $count ->
    [one] ({ $count } termin)
    [few] ({ $count } terminy)
    [many] ({ $count } terminów)
   *[other] ({ $count } terminu)
}
glossary-hint = Przypięte słowa są tłumaczone tak samo w każdej wiadomości: imiona zostają w oryginalnej pisowni albo dostają stałe tłumaczenie. Oboje widzicie tę listę i możecie ją zmieniać.
glossary-empty = Nie ma jeszcze przypiętych terminów.
glossary-list-label = Przypięte terminy
glossary-term-label = Termin
glossary-translation-label = Tłumaczenie
glossary-keep-label = Zostaw bez zmian
glossary-add = Przypnij termin
glossary-kept = bez zmian
glossary-by-me = przypięte przez ciebie
glossary-by-partner = przypięte przez: { $name }
glossary-remove-label = Usuń „{ $term }”
glossary-error-term = Wpisz termin o długości od 1 do 100 znaków.
glossary-error-translation = Wpisz tłumaczenie (do 100 znaków) albo wybierz, aby zostawić termin bez zmian.
glossary-error-full = Ta rozmowa ma już tyle przypiętych terminów, ile może pomieścić. Najpierw usuń jeden.
glossary-error-failed = Nie udało się zmienić słowniczka. Spróbuj ponownie.
