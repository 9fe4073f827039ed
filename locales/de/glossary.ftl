# The session's glossary (English reference: locales/en/glossary.ftl).
glossary-title = Glossar
glossary-count = { $count ->
    [one] ({ $count } Begriff)
   *[other] ({ $count } Begriffe)
}
glossary-hint = Angeheftete Wörter werden in jeder Nachricht gleich übersetzt: Namen bleiben, wie sie geschrieben sind, oder bekommen eine feste Übersetzung. Ihr beide seht diese Liste und könnt sie ändern.
glossary-empty = Noch keine angehefteten Begriffe.
glossary-list-label = Angeheftete Begriffe
glossary-term-label = Begriff
glossary-translation-label = Übersetzung
glossary-keep-label = Unverändert lassen
glossary-add = Begriff anheften
glossary-kept = bleibt unverändert
glossary-by-me = von dir angeheftet
glossary-by-partner = von { $name } angeheftet
glossary-remove-label = „{ $term }“ entfernen
glossary-error-term = Gib einen Begriff mit 1 bis 100 Zeichen ein.
glossary-error-translation = Gib seine Übersetzung ein (bis zu 100 Zeichen) oder lass ihn unverändert.
glossary-error-full = Dieses Gespräch hat bereits so viele angeheftete Begriffe wie möglich. Entferne zuerst einen.
glossary-error-failed = Das Glossar konnte nicht geändert werden. Versuch es noch einmal.
