session-code-label = Codice
session-link-title = Link per l'altra persona
session-copy-link = Copia link
session-copied = Copiato
connection-connected = Connesso
connection-reconnecting = Riconnessione…
connection-disconnected = Disconnesso
connection-offline = Offline
connection-connecting = Connessione…
connection-reconnect = Riconnetti
partner-waiting = In attesa dell'altra persona
partner-online = online
partner-away = assente
partner-offline = offline
partner-left = ha lasciato la sessione
partner-label = { $name } ({ $language }) · { $status }
partner-unnamed = L'altra persona · { $status }
partner-fallback-name = L'altra persona
expiry-expired = Sessione scaduta
expiry-seconds = Scade tra { $seconds } s
expiry-minutes = Scade tra { $minutes } min
session-expired-error = Questa sessione è scaduta. Quanto detto resta leggibile, ma non si può inviare nulla di nuovo.
header-queued = { $count ->
    [one] messaggio in coda
   *[other] messaggi in coda
}
header-queued-title = Messaggi non ancora salvati dal server
leave = Esci
leave-unsent-online = { $count ->
    [one] Non è stato ancora possibile inviare 1 messaggio. Uscire comunque ed eliminarlo? L'altra persona non lo riceverà mai.
   *[other] Non è stato ancora possibile inviare { $count } messaggi. Uscire comunque ed eliminarli? L'altra persona non li riceverà mai.
}
leave-unsent-offline = { $count ->
    [one] 1 messaggio è in attesa perché sei offline. Uscire comunque ed eliminarlo? L'altra persona non lo riceverà mai.
   *[other] { $count } messaggi sono in attesa perché sei offline. Uscire comunque ed eliminarli? L'altra persona non li riceverà mai.
}
leave-failed = Impossibile uscire. Riprova.
leave-failed-offline = Impossibile uscire: sei offline. Riprova quando sarai di nuovo online.
chat-log-label = Conversazione
chat-empty-waiting = Condividi il codice o il link; i messaggi appariranno qui.
chat-empty-ready = Saluta. L'altra persona lo leggerà nella sua lingua.
chat-load-earlier = Carica messaggi precedenti
chat-loading-earlier = Caricamento dei messaggi precedenti…
chat-typing = { $name } sta scrivendo…
chat-translating = { $name } sta traducendo…
chat-live-failed = Impossibile aprire la connessione in tempo reale. I messaggi vengono conservati e inviati quando tornerà a funzionare.
chat-retranslate-failed = Impossibile riprovare la traduzione. Riprova tra un momento.
composer-label = Messaggio
composer-placeholder = Scrivi nella tua lingua… (Invio per inviare, Maiusc+Invio per andare a capo)
composer-send = Invia
