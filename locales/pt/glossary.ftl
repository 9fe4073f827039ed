# The session's glossary (English reference: locales/en/glossary.ftl).
glossary-title = Glossário
glossary-count = { $count ->
    [one] ({ $count } termo)
   *[other] ({ $count } termos)
}
glossary-hint = As palavras fixadas são traduzidas da mesma forma em todas as mensagens: nomes mantidos como escritos ou uma tradução fixa. Vocês dois veem e podem alterar esta lista.
glossary-empty = Ainda não há termos fixados.
glossary-list-label = Termos fixados
glossary-term-label = Termo
glossary-translation-label = Tradução
glossary-keep-label = Manter como está
glossary-add = Fixar termo
glossary-kept = mantido como está
glossary-by-me = fixado por você
glossary-by-partner = fixado por { $name }
glossary-remove-label = Remover “{ $term }”
glossary-error-term = Escreva um termo de 1 a 100 caracteres.
glossary-error-translation = Escreva a tradução (até 100 caracteres) ou escolha mantê-lo como está.
glossary-error-full = Esta conversa já tem todos os termos fixados que comporta. Remova um primeiro.
glossary-error-failed = Não foi possível alterar o glossário. Tente novamente.
