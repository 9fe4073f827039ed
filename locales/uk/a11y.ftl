a11y-hide-original = Сховати оригінал
a11y-session-heading = Розмова з: { $name }
a11y-session-heading-waiting = Нова розмова, очікуємо на співрозмовника
a11y-session-failed-heading = Не вдається відкрити цю сесію
a11y-not-found-title = Сторінку не знайдено
a11y-not-found-hint = Перевірте адресу, яку ви ввели або отримали. Посилання на сесію виглядають так: { $code }.
a11y-not-found-home = Перейти на головну сторінку
