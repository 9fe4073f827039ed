session-code-label = Code
session-link-title = Link für dein Gegenüber
session-copy-link = Link kopieren
session-copied = Kopiert
connection-connected = Verbunden
connection-reconnecting = Verbindung wird wiederhergestellt…
connection-disconnected = Getrennt
connection-offline = Offline
connection-connecting = Verbindung wird hergestellt…
connection-reconnect = Neu verbinden
partner-waiting = Warte auf dein Gegenüber
partner-online = online
partner-away = abwesend
partner-offline = offline
partner-left = hat die Sitzung verlassen
partner-label = { $name } ({ $language }) · { $status }
partner-unnamed = Gegenüber · { $status }
partner-fallback-name = Dein Gegenüber
expiry-expired = Sitzung abgelaufen
expiry-seconds = Läuft in { $seconds } s ab
expiry-minutes = Läuft in { $minutes } min ab
session-expired-error = Diese Sitzung ist abgelaufen. Das Gesagte bleibt lesbar, aber es kann nichts Neues mehr gesendet werden.
header-queued = { $count ->
    [one] Nachricht wartet
   *[other] Nachrichten warten
}
header-queued-title = Nachrichten, die der Server noch nicht gespeichert hat
leave = Verlassen
leave-unsent-online = { $count ->
    [one] 1 Nachricht konnte noch nicht gesendet werden. Trotzdem verlassen und sie verwerfen? Dein Gegenüber wird sie nie erhalten.
   *[other] { $count } Nachrichten konnten noch nicht gesendet werden. Trotzdem verlassen und sie verwerfen? Dein Gegenüber wird sie nie erhalten.
}
leave-unsent-offline = { $count ->
    [one] 1 Nachricht wartet, weil du offline bist. Trotzdem verlassen und sie verwerfen? Dein Gegenüber wird sie nie erhalten.
   *[other] { $count } Nachrichten warten, weil du offline bist. Trotzdem verlassen und sie verwerfen? Dein Gegenüber wird sie nie erhalten.
}
leave-failed = Verlassen hat nicht geklappt. Versuch es noch einmal.
leave-failed-offline = Verlassen nicht möglich: Du bist offline. Versuch es noch einmal, wenn du wieder online bist.
chat-log-label = Unterhaltung
chat-empty-waiting = Teile den Code oder den Link; die Nachrichten erscheinen hier.
chat-empty-ready = Sag hallo. Dein Gegenüber liest es in seiner Sprache.
chat-load-earlier = Ältere Nachrichten laden
chat-loading-earlier = Ältere Nachrichten werden geladen…
chat-typing = { $name } schreibt…
chat-translating = { $name } übersetzt…
chat-live-failed = Die Live-Verbindung konnte nicht geöffnet werden. Nachrichten bleiben erhalten und werden gesendet, sobald sie wieder funktioniert.
chat-retranslate-failed = Die Übersetzung konnte nicht erneut versucht werden. Versuch es gleich noch einmal.
composer-label = Nachricht
composer-placeholder = Schreib in deiner Sprache… (Enter sendet, Umschalt+Enter für eine neue Zeile)
composer-send = Senden
