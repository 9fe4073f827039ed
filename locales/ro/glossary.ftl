# The session's glossary (English reference: locales/en/glossary.ftl).
glossary-title = Glosar
glossary-count = { $count ->
    [one] ({ $count } termen)
    [few] ({ $count } termeni)
   *[other] ({ $count } de termeni)
}
glossary-hint = Cuvintele fixate se traduc la fel în fiecare mesaj: numele rămân cum sunt scrise sau primesc o traducere fixă. Amândoi vedeți și puteți modifica această listă.
glossary-empty = Încă nu există termeni fixați.
glossary-list-label = Termeni fixați
glossary-term-label = Termen
glossary-translation-label = Traducere
glossary-keep-label = Păstrează neschimbat
glossary-add = Fixează termenul
glossary-kept = rămâne neschimbat
glossary-by-me = fixat de tine
glossary-by-partner = fixat de { $name }
glossary-remove-label = Elimină „{ $term }”
glossary-error-term = Scrie un termen de 1 până la 100 de caractere.
glossary-error-translation = Scrie traducerea (cel mult 100 de caractere) sau alege să-l păstrezi neschimbat.
glossary-error-full = Această conversație are deja câți termeni fixați poate cuprinde. Elimină mai întâi unul.
glossary-error-failed = Glosarul nu a putut fi modificat. Încearcă din nou.
