# The session's glossary (English reference: locales/en/glossary.ftl).
glossary-title = Глоссарий
glossary-count = { $count ->
    [one] ({ $count } термин)
    [few] ({ $count } термина)
    [many] ({ $count } терминов)
   *[other] ({ $count } термина)
}
glossary-hint = Закреплённые слова переводятся одинаково в каждом сообщении: имена остаются как написаны или получают постоянный перевод. Вы оба видите этот список и можете его менять.
glossary-empty = Закреплённых терминов пока нет.
glossary-list-label = Закреплённые термины
glossary-term-label = Термин
glossary-translation-label = Перевод
glossary-keep-label = Оставить как есть
glossary-add = Закрепить термин
glossary-kept = остаётся как есть
glossary-by-me = закрепили вы
glossary-by-partner = закрепил(а) { $name }
glossary-remove-label = Убрать «{ $term }»
glossary-error-term = Напишите термин длиной от 1 до 100 символов.
glossary-error-translation = Напишите его перевод (до 100 символов) или выберите «оставить как есть».
glossary-error-full = В этом разговоре уже столько закреплённых терминов, сколько можно. Сначала уберите один.
glossary-error-failed = Не удалось изменить глоссарий. Попробуйте ещё раз.
