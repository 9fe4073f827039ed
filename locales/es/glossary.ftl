# The session's glossary (English reference: locales/en/glossary.ftl).
glossary-title = Glosario
glossary-count = { $count ->
    [one] ({ $count } término)
   *[other] ({ $count } términos)
}
glossary-hint = Las palabras fijadas se traducen igual en cada mensaje: nombres tal como se escriben o una traducción fija. Los dos veis y podéis cambiar esta lista.
glossary-empty = Aún no hay términos fijados.
glossary-list-label = Términos fijados
glossary-term-label = Término
glossary-translation-label = Traducción
glossary-keep-label = Mantener tal cual
glossary-add = Fijar término
glossary-kept = se mantiene tal cual
glossary-by-me = fijado por ti
glossary-by-partner = fijado por { $name }
glossary-remove-label = Quitar «{ $term }»
glossary-error-term = Escribe un término de 1 a 100 caracteres.
glossary-error-translation = Escribe su traducción (hasta 100 caracteres) o elige mantenerlo tal cual.
glossary-error-full = Esta conversación ya tiene todos los términos fijados que admite. Quita uno primero.
glossary-error-failed = No se pudo cambiar el glosario. Inténtalo de nuevo.
