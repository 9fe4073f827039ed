session-code-label = Code
session-link-title = Link voor je gesprekspartner
session-copy-link = Link kopiëren
session-copied = Gekopieerd
connection-connected = Verbonden
connection-reconnecting = Opnieuw verbinden…
connection-disconnected = Verbinding verbroken
connection-offline = Offline
connection-connecting = Verbinden…
connection-reconnect = Opnieuw verbinden
partner-waiting = Wachten op je gesprekspartner
partner-online = online
partner-away = afwezig
partner-offline = offline
partner-left = vertrokken
partner-label = { $name } ({ $language }) · { $status }
partner-unnamed = Gesprekspartner · { $status }
partner-fallback-name = Je gesprekspartner
expiry-expired = Sessie verlopen
expiry-seconds = Verloopt over { $seconds } s
expiry-minutes = Verloopt over { $minutes } min
session-expired-error = Deze sessie is verlopen. Wat er gezegd is, blijft leesbaar; er kan niets nieuws meer worden verzonden.
header-queued = { $count ->
    [one] bericht in wachtrij
   *[other] berichten in wachtrij
}
header-queued-title = Berichten die de server nog niet heeft opgeslagen
leave = Verlaten
leave-unsent-online = { $count ->
    [one] { $count } bericht kon nog niet worden verzonden. Toch weggaan en het verwijderen? Je gesprekspartner krijgt het nooit.
   *[other] { $count } berichten konden nog niet worden verzonden. Toch weggaan en ze verwijderen? Je gesprekspartner krijgt ze nooit.
}
leave-unsent-offline = { $count ->
    [one] { $count } bericht wacht omdat je offline bent. Toch weggaan en het verwijderen? Je gesprekspartner krijgt het nooit.
   *[other] { $count } berichten wachten omdat je offline bent. Toch weggaan en ze verwijderen? Je gesprekspartner krijgt ze nooit.
}
leave-failed = Verlaten is mislukt. Probeer het opnieuw.
leave-failed-offline = Verlaten is mislukt: je bent offline. Probeer het opnieuw zodra je weer online bent.
chat-log-label = Gesprek
chat-empty-waiting = Deel de code of de link; berichten verschijnen hier.
chat-empty-ready = Zeg hallo. Je gesprekspartner leest het in de eigen taal.
chat-load-earlier = Eerdere berichten laden
chat-loading-earlier = Eerdere berichten laden…
chat-typing = { $name } is aan het typen…
chat-translating = { $name } is aan het vertalen…
chat-live-failed = Kan de liveverbinding niet openen. Berichten worden bewaard en verzonden zodra het weer werkt.
chat-retranslate-failed = Kan de vertaling niet opnieuw proberen. Probeer het zo nog eens.
composer-label = Bericht
composer-placeholder = Schrijf in je taal… (Enter verzendt, Shift+Enter voor een nieuwe regel)
composer-send = Verzenden
