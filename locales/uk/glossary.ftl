# The session's glossary (English reference: locales/en/glossary.ftl).
glossary-title = Глосарій
glossary-count = { $count ->
    [one] ({ $count } термін)
    [few] ({ $count } терміни)
    [many] ({ $count } термінів)
   *[other] ({ $count } терміна)
}
glossary-hint = Закріплені слова перекладаються однаково в кожному повідомленні: імена лишаються як написані або мають сталий переклад. Ви обоє бачите цей список і можете його змінювати.
glossary-empty = Закріплених термінів ще немає.
glossary-list-label = Закріплені терміни
glossary-term-label = Термін
glossary-translation-label = Переклад
glossary-keep-label = Лишити як є
glossary-add = Закріпити термін
glossary-kept = лишається як є
glossary-by-me = закріпили ви
glossary-by-partner = закріпив(-ла) { $name }
glossary-remove-label = Прибрати «{ $term }»
glossary-error-term = Напишіть термін завдовжки від 1 до 100 символів.
glossary-error-translation = Напишіть його переклад (до 100 символів) або виберіть «лишити як є».
glossary-error-full = У цій розмові вже стільки закріплених термінів, скільки можна. Спершу приберіть один.
glossary-error-failed = Не вдалося змінити глосарій. Спробуйте ще раз.
