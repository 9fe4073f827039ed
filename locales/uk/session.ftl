session-code-label = Код
session-link-title = Посилання для співрозмовника
session-copy-link = Копіювати посилання
session-copied = Скопійовано
connection-connected = Підключено
connection-reconnecting = Повторне підключення…
connection-disconnected = Відключено
connection-offline = Немає мережі
connection-connecting = Підключення…
connection-reconnect = Підключитися знову
partner-waiting = Очікування співрозмовника
partner-online = у мережі
partner-away = немає на місці
partner-offline = не в мережі
partner-left = покинув(-ла) сеанс
partner-label = { $name } ({ $language }) · { $status }
partner-unnamed = Співрозмовник · { $status }
partner-fallback-name = Ваш співрозмовник
expiry-expired = Сеанс закінчився
expiry-seconds = Закінчується через { $seconds } с
expiry-minutes = Закінчується через { $minutes } хв
session-expired-error = Термін дії сеансу минув. Листування й далі можна читати, але надсилати нові повідомлення не можна.
header-queued = { $count ->
    [one] повідомлення в черзі
    [few] повідомлення в черзі
    [many] повідомлень у черзі
   *[other] повідомлення в черзі
}
header-queued-title = Повідомлення, які сервер ще не зберіг
leave = Вийти
leave-failed = Не вдалося вийти. Спробуйте ще раз.
leave-failed-offline = Не вдалося вийти: немає з’єднання з мережею. Спробуйте знову, коли повернетеся в мережу.
chat-log-label = Листування
chat-empty-waiting = Поділіться кодом або посиланням; повідомлення з’являться тут.
chat-empty-ready = Привітайтеся. Співрозмовник прочитає це своєю мовою.
chat-load-earlier = Завантажити попередні повідомлення
chat-loading-earlier = Завантаження попередніх повідомлень…
chat-typing = { $name } друкує…
chat-translating = { $name } перекладає…
chat-live-failed = Не вдалося встановити з’єднання в реальному часі. Повідомлення збережено, їх буде надіслано, коли зв’язок відновиться.
chat-retranslate-failed = Не вдалося повторити переклад. Спробуйте ще раз трохи згодом.
composer-label = Повідомлення
composer-placeholder = Пишіть своєю мовою… (Enter — надіслати, Shift+Enter — новий рядок)
composer-send = Надіслати
