session-code-label = Codi
session-link-title = Enllaç per a l'altra persona
session-copy-link = Copia l'enllaç
session-copied = Copiat
connection-connected = Connectat
connection-reconnecting = S'està reconnectant…
connection-disconnected = Desconnectat
connection-offline = Sense connexió
connection-connecting = S'està connectant…
connection-reconnect = Torna a connectar
partner-waiting = S'està esperant l'altra persona
partner-online = en línia
partner-away = absent
partner-offline = fora de línia
partner-left = ha sortit
partner-label = { $name } ({ $language }) · { $status }
partner-unnamed = L'altra persona · { $status }
partner-fallback-name = L'altra persona
expiry-expired = Sessió caducada
expiry-seconds = Caduca d'aquí a { $seconds } s
expiry-minutes = Caduca d'aquí a { $minutes } min
session-expired-error = Aquesta sessió ha caducat. El que s'ha dit es pot continuar llegint, però no s'hi pot enviar res de nou.
header-queued = { $count ->
    [one] missatge a la cua
   *[other] missatges a la cua
}
header-queued-title = Missatges que el servidor encara no ha desat
leave = Surt
leave-unsent-online = { $count ->
    [one] Encara no s'ha pogut enviar 1 missatge. Vols sortir igualment i descartar-lo? L'altra persona no el rebrà mai.
   *[other] Encara no s'han pogut enviar { $count } missatges. Vols sortir igualment i descartar-los? L'altra persona no els rebrà mai.
}
leave-unsent-offline = { $count ->
    [one] Hi ha 1 missatge en espera perquè no tens connexió. Vols sortir igualment i descartar-lo? L'altra persona no el rebrà mai.
   *[other] Hi ha { $count } missatges en espera perquè no tens connexió. Vols sortir igualment i descartar-los? L'altra persona no els rebrà mai.
}
leave-failed = No s'ha pogut sortir. Torna-ho a provar.
leave-failed-offline = No s'ha pogut sortir: no tens connexió. Torna-ho a provar quan tornis a estar en línia.
chat-log-label = Conversa
chat-empty-waiting = Comparteix el codi o l'enllaç; els missatges apareixeran aquí.
chat-empty-ready = Saluda. L'altra persona ho llegirà en la seva llengua.
chat-load-earlier = Carrega missatges anteriors
chat-loading-earlier = S'estan carregant missatges anteriors…
chat-typing = { $name } està escrivint…
chat-translating = { $name } està traduint…
chat-live-failed = No s'ha pogut obrir la connexió en directe. Els missatges es conserven i s'enviaran quan torni a funcionar.
chat-retranslate-failed = No s'ha pogut tornar a provar la traducció. Torna-ho a provar d'aquí a un moment.
composer-label = Missatge
composer-placeholder = Escriu en la teva llengua… (Retorn per enviar, Maj+Retorn per a una línia nova)
composer-send = Envia
