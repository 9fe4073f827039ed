# The session's glossary (English reference: locales/en/glossary.ftl).
glossary-title = Glossaire
glossary-count = { $count ->
    [one] ({ $count } terme)
   *[other] ({ $count } termes)
}
glossary-hint = Les mots épinglés sont traduits de la même façon dans chaque message : noms laissés tels quels, ou traduction fixe. Vous voyez et pouvez modifier cette liste tous les deux.
glossary-empty = Aucun terme épinglé pour l’instant.
glossary-list-label = Termes épinglés
glossary-term-label = Terme
glossary-translation-label = Traduction
glossary-keep-label = Garder tel quel
glossary-add = Épingler le terme
glossary-kept = gardé tel quel
glossary-by-me = épinglé par vous
glossary-by-partner = épinglé par { $name }
glossary-remove-label = Retirer « { $term } »
glossary-error-term = Saisissez un terme de 1 à 100 caractères.
glossary-error-translation = Saisissez sa traduction (100 caractères au plus) ou choisissez de le garder tel quel.
glossary-error-full = Cette conversation a déjà autant de termes épinglés que possible. Retirez-en un d’abord.
glossary-error-failed = Le glossaire n’a pas pu être modifié. Réessayez.
