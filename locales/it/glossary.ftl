# The session's glossary (English reference: locales/en/glossary.ftl).
glossary-title = Glossario
glossary-count = { $count ->
    [one] ({ $count } termine)
   *[other] ({ $count } termini)
}
glossary-hint = Le parole fissate vengono tradotte allo stesso modo in ogni messaggio: nomi lasciati come sono scritti o una traduzione fissa. Entrambi vedete e potete modificare questo elenco.
glossary-empty = Nessun termine fissato.
glossary-list-label = Termini fissati
glossary-term-label = Termine
glossary-translation-label = Traduzione
glossary-keep-label = Lascia com’è
glossary-add = Fissa termine
glossary-kept = lasciato com’è
glossary-by-me = fissato da te
glossary-by-partner = fissato da { $name }
glossary-remove-label = Rimuovi «{ $term }»
glossary-error-term = Scrivi un termine da 1 a 100 caratteri.
glossary-error-translation = Scrivi la sua traduzione (fino a 100 caratteri) oppure scegli di lasciarlo com’è.
glossary-error-full = Questa conversazione ha già tutti i termini fissati che può contenere. Rimuovine prima uno.
glossary-error-failed = Non è stato possibile modificare il glossario. Riprova.
