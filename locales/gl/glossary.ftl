# The session's glossary (English reference: locales/en/glossary.ftl).
glossary-title = Glosario
glossary-count = { $count ->
    [one] ({ $count } termo)
   *[other] ({ $count } termos)
}
glossary-hint = As palabras fixadas tradúcense igual en cada mensaxe: nomes tal como se escriben ou unha tradución fixa. Os dous vedes e podedes cambiar esta lista.
glossary-empty = Aínda non hai termos fixados.
glossary-list-label = Termos fixados
glossary-term-label = Termo
glossary-translation-label = Tradución
glossary-keep-label = Manter tal cal
glossary-add = Fixar o termo
glossary-kept = mantense tal cal
glossary-by-me = fixado por ti
glossary-by-partner = fixado por { $name }
glossary-remove-label = Quitar «{ $term }»
glossary-error-term = Escribe un termo de 1 a 100 caracteres.
glossary-error-translation = Escribe a súa tradución (ata 100 caracteres) ou escolle mantelo tal cal.
glossary-error-full = Esta conversa xa ten todos os termos fixados que admite. Quita un primeiro.
glossary-error-failed = Non se puido cambiar o glosario. Téntao de novo.
