# The session's glossary (English reference: locales/en/glossary.ftl).
glossary-title = Glosarioa
glossary-count = { $count ->
    [one] ({ $count } termino)
   *[other] ({ $count } termino)
}
glossary-hint = Finkatutako hitzak berdin itzultzen dira mezu guztietan: izenak idatzita dauden bezala, edo itzulpen finko batekin. Biok ikusi eta alda dezakezue zerrenda hau.
glossary-empty = Oraindik ez dago termino finkaturik.
glossary-list-label = Finkatutako terminoak
glossary-term-label = Terminoa
glossary-translation-label = Itzulpena
glossary-keep-label = Dagoen bezala utzi
glossary-add = Finkatu terminoa
glossary-kept = dagoen bezala
glossary-by-me = zuk finkatua
glossary-by-partner = { $name }(e)k finkatua
glossary-remove-label = Kendu «{ $term }»
glossary-error-term = Idatzi 1 eta 100 karaktere bitarteko termino bat.
glossary-error-translation = Idatzi haren itzulpena (gehienez 100 karaktere), edo aukeratu dagoen bezala uztea.
glossary-error-full = Elkarrizketa honek onar ditzakeen termino finkatu guztiak ditu jada. Kendu bat lehenik.
glossary-error-failed = Ezin izan da glosarioa aldatu. Saiatu berriro.
