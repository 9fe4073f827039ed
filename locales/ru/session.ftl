session-code-label = Код
session-link-title = Ссылка для собеседника
session-copy-link = Копировать ссылку
session-copied = Скопировано
connection-connected = Подключено
connection-reconnecting = Переподключение…
connection-disconnected = Отключено
connection-offline = Нет сети
connection-connecting = Подключение…
connection-reconnect = Переподключиться
partner-waiting = Ожидание собеседника
partner-online = в сети
partner-away = нет на месте
partner-offline = не в сети
partner-left = покинул(а) сеанс
partner-label = { $name } ({ $language }) · { $status }
partner-unnamed = Собеседник · { $status }
partner-fallback-name = Ваш собеседник
expiry-expired = Сеанс истёк
expiry-seconds = Истекает через { $seconds } с
expiry-minutes = Истекает через { $minutes } мин
session-expired-error = Срок действия сеанса истёк. Переписка остаётся доступной для чтения, но отправлять новые сообщения нельзя.
header-queued = { $count ->
    [one] сообщение в очереди
    [few] сообщения в очереди
    [many] сообщений в очереди
   *[other] сообщения в очереди
}
header-queued-title = Сообщения, которые сервер ещё не сохранил
leave = Выйти
leave-failed = Не удалось выйти. Попробуйте ещё раз.
leave-failed-offline = Не удалось выйти: нет подключения к сети. Попробуйте снова, когда вернётесь в сеть.
chat-log-label = Переписка
chat-empty-waiting = Поделитесь кодом или ссылкой; сообщения появятся здесь.
chat-empty-ready = Поздоровайтесь. Собеседник прочитает это на своём языке.
chat-load-earlier = Загрузить более ранние сообщения
chat-loading-earlier = Загрузка более ранних сообщений…
chat-typing = { $name } печатает…
chat-translating = { $name } переводит…
chat-live-failed = Не удалось установить соединение в реальном времени. Сообщения сохранены и будут отправлены, когда связь восстановится.
chat-retranslate-failed = Не удалось повторить перевод. Попробуйте ещё раз чуть позже.
composer-label = Сообщение
composer-placeholder = Пишите на своём языке… (Enter — отправить, Shift+Enter — новая строка)
composer-send = Отправить
