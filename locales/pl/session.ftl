session-code-label = Kod
session-link-title = Link dla rozmówcy
session-copy-link = Kopiuj link
session-copied = Skopiowano
connection-connected = Połączono
connection-reconnecting = Ponowne łączenie…
connection-disconnected = Rozłączono
connection-offline = Offline
connection-connecting = Łączenie…
connection-reconnect = Połącz ponownie
partner-waiting = Czekanie na rozmówcę
partner-online = online
partner-away = zaraz wraca
partner-offline = offline
partner-left = opuścił(a) sesję
partner-label = { $name } ({ $language }) · { $status }
partner-unnamed = Rozmówca · { $status }
partner-fallback-name = Twój rozmówca
expiry-expired = Sesja wygasła
expiry-seconds = Wygasa za { $seconds } s
expiry-minutes = Wygasa za { $minutes } min
session-expired-error = Ta sesja wygasła. Dotychczasowa rozmowa pozostaje do odczytu, ale nie można już nic wysłać.
header-queued = { $count ->
    [one] wiadomość w kolejce
    [few] wiadomości w kolejce
    [many] wiadomości w kolejce
   *[other] wiadomości w kolejce
}
header-queued-title = Wiadomości jeszcze niezapisane przez serwer
leave = Wyjdź
leave-unsent-online = { $count ->
    [one] Nie udało się jeszcze wysłać { $count } wiadomości. Wyjść mimo to i ją odrzucić? Rozmówca nigdy jej nie dostanie.
    [few] Nie udało się jeszcze wysłać { $count } wiadomości. Wyjść mimo to i je odrzucić? Rozmówca nigdy ich nie dostanie.
    [many] Nie udało się jeszcze wysłać { $count } wiadomości. Wyjść mimo to i je odrzucić? Rozmówca nigdy ich nie dostanie.
   *[other] Nie udało się jeszcze wysłać { $count } wiadomości. Wyjść mimo to i je odrzucić? Rozmówca nigdy ich nie dostanie.
}
leave-unsent-offline = { $count ->
    [one] { $count } wiadomość czeka, bo jesteś offline. Wyjść mimo to i ją odrzucić? Rozmówca nigdy jej nie dostanie.
    [few] { $count } wiadomości czekają, bo jesteś offline. Wyjść mimo to i je odrzucić? Rozmówca nigdy ich nie dostanie.
    [many] { $count } wiadomości czeka, bo jesteś offline. Wyjść mimo to i je odrzucić? Rozmówca nigdy ich nie dostanie.
   *[other] { $count } wiadomości czeka, bo jesteś offline. Wyjść mimo to i je odrzucić? Rozmówca nigdy ich nie dostanie.
}
leave-failed = Nie udało się wyjść. Spróbuj ponownie.
leave-failed-offline = Nie udało się wyjść: jesteś offline. Spróbuj ponownie, gdy wrócisz do sieci.
chat-log-label = Rozmowa
chat-empty-waiting = Udostępnij kod lub link; wiadomości pojawią się tutaj.
chat-empty-ready = Przywitaj się. Rozmówca przeczyta to w swoim języku.
chat-load-earlier = Wczytaj wcześniejsze wiadomości
chat-loading-earlier = Wczytywanie wcześniejszych wiadomości…
chat-typing = { $name } pisze…
chat-translating = { $name } tłumaczy…
chat-live-failed = Nie udało się nawiązać połączenia na żywo. Wiadomości są zachowane i zostaną wysłane, gdy znów zadziała.
chat-retranslate-failed = Nie udało się ponowić tłumaczenia. Spróbuj ponownie za chwilę.
composer-label = Wiadomość
composer-placeholder = Pisz w swoim języku… (Enter wysyła, Shift+Enter – nowy wiersz)
composer-send = Wyślij
