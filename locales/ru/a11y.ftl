a11y-hide-original = Скрыть оригинал
a11y-session-heading = Разговор с: { $name }
a11y-session-heading-waiting = Новый разговор, ждём собеседника
a11y-session-failed-heading = Не удаётся открыть эту сессию
a11y-not-found-title = Страница не найдена
a11y-not-found-hint = Проверьте адрес, который вы ввели или получили. Ссылки на сессии выглядят так: { $code }.
a11y-not-found-home = Перейти на главную страницу
