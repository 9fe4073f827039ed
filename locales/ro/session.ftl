session-code-label = Cod
session-link-title = Link pentru partenerul tău
session-copy-link = Copiază linkul
session-copied = Copiat
connection-connected = Conectat
connection-reconnecting = Se reconectează…
connection-disconnected = Deconectat
connection-offline = Offline
connection-connecting = Se conectează…
connection-reconnect = Reconectează
partner-waiting = Se așteaptă partenerul
partner-online = online
partner-away = absent
partner-offline = offline
partner-left = a ieșit
partner-label = { $name } ({ $language }) · { $status }
partner-unnamed = Partener · { $status }
partner-fallback-name = Partenerul tău
expiry-expired = Sesiune expirată
expiry-seconds = Expiră în { $seconds } s
expiry-minutes = Expiră în { $minutes } min
session-expired-error = Această sesiune a expirat. Ce s-a spus rămâne vizibil; nu se mai poate trimite nimic nou.
header-queued = { $count ->
    [one] mesaj în așteptare
    [few] mesaje în așteptare
   *[other] de mesaje în așteptare
}
header-queued-title = Mesaje pe care serverul nu le-a salvat încă
leave = Ieși
leave-unsent-online = { $count ->
    [one] { $count } mesaj nu a putut fi trimis încă. Ieși oricum și renunți la el? Partenerul tău nu îl va primi niciodată.
    [few] { $count } mesaje nu au putut fi trimise încă. Ieși oricum și renunți la ele? Partenerul tău nu le va primi niciodată.
   *[other] { $count } de mesaje nu au putut fi trimise încă. Ieși oricum și renunți la ele? Partenerul tău nu le va primi niciodată.
}
leave-unsent-offline = { $count ->
    [one] { $count } mesaj așteaptă pentru că ești offline. Ieși oricum și renunți la el? Partenerul tău nu îl va primi niciodată.
    [few] { $count } mesaje așteaptă pentru că ești offline. Ieși oricum și renunți la ele? Partenerul tău nu le va primi niciodată.
   *[other] { $count } de mesaje așteaptă pentru că ești offline. Ieși oricum și renunți la ele? Partenerul tău nu le va primi niciodată.
}
leave-failed = Nu s-a putut ieși. Încearcă din nou.
leave-failed-offline = Nu s-a putut ieși: ești offline. Încearcă din nou când revii online.
chat-log-label = Conversație
chat-empty-waiting = Trimite codul sau linkul; mesajele apar aici.
chat-empty-ready = Spune salut. Partenerul tău îl citește în limba sa.
chat-load-earlier = Încarcă mesajele anterioare
chat-loading-earlier = Se încarcă mesajele anterioare…
chat-typing = { $name } scrie…
chat-translating = { $name } traduce…
chat-live-failed = Conexiunea în timp real nu a putut fi deschisă. Mesajele sunt păstrate și trimise când funcționează din nou.
chat-retranslate-failed = Traducerea nu a putut fi reîncercată. Încearcă din nou peste puțin timp.
composer-label = Mesaj
composer-placeholder = Scrie în limba ta… (Enter trimite, Shift+Enter pentru rând nou)
composer-send = Trimite
