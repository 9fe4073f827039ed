# The session's glossary (English reference: locales/en/glossary.ftl).
glossary-title = Glossari
glossary-count = { $count ->
    [one] ({ $count } terme)
   *[other] ({ $count } termes)
}
glossary-hint = Les paraules fixades es tradueixen igual a cada missatge: noms tal com s’escriuen o una traducció fixa. Tots dos veieu i podeu canviar aquesta llista.
glossary-empty = Encara no hi ha cap terme fixat.
glossary-list-label = Termes fixats
glossary-term-label = Terme
glossary-translation-label = Traducció
glossary-keep-label = Mantenir tal qual
glossary-add = Fixa el terme
glossary-kept = es manté tal qual
glossary-by-me = fixat per tu
glossary-by-partner = fixat per { $name }
glossary-remove-label = Treu «{ $term }»
glossary-error-term = Escriu un terme d’1 a 100 caràcters.
glossary-error-translation = Escriu-ne la traducció (fins a 100 caràcters) o tria mantenir-lo tal qual.
glossary-error-full = Aquesta conversa ja té tots els termes fixats que admet. Primer treu-ne un.
glossary-error-failed = No s’ha pogut canviar el glossari. Torna-ho a provar.
