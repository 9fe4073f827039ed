# The session's glossary: terms pinned with a fixed translation or kept as written
# (docs/features/glossary.md). $count: how many terms; $name: the partner; $term: a pinned term.
glossary-title = Glossary
glossary-count = { $count ->
    [one] ({ $count } term)
   *[other] ({ $count } terms)
}
glossary-hint = Pinned words are translated the same way in every message: names kept as written, or a fixed translation. Both of you see and can change this list.
glossary-empty = No pinned terms yet.
glossary-list-label = Pinned terms
glossary-term-label = Term
glossary-translation-label = Translation
glossary-keep-label = Keep as written
glossary-add = Pin term
glossary-kept = kept as written
glossary-by-me = pinned by you
glossary-by-partner = pinned by { $name }
glossary-remove-label = Remove “{ $term }”
glossary-error-term = Write a term of 1 to 100 characters.
glossary-error-translation = Write its translation (up to 100 characters), or choose to keep it as written.
glossary-error-full = This conversation has as many pinned terms as it can hold. Remove one first.
glossary-error-failed = The glossary could not be changed. Try again.
