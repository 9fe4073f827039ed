session-code-label = Código
session-link-title = Ligazón para a outra persoa
session-copy-link = Copiar ligazón
session-copied = Copiada
connection-connected = Conectado
connection-reconnecting = Reconectando…
connection-disconnected = Desconectado
connection-offline = Sen conexión
connection-connecting = Conectando…
connection-reconnect = Reconectar
partner-waiting = Agardando pola outra persoa
partner-online = en liña
partner-away = ausente
partner-offline = sen conexión
partner-left = saíu
partner-label = { $name } ({ $language }) · { $status }
partner-unnamed = A outra persoa · { $status }
partner-fallback-name = A outra persoa
expiry-expired = Sesión caducada
expiry-seconds = Caduca en { $seconds } s
expiry-minutes = Caduca en { $minutes } min
session-expired-error = Esta sesión caducou. O que se dixo pódese seguir lendo, pero non se pode enviar nada novo.
header-queued = { $count ->
    [one] mensaxe na cola
   *[other] mensaxes na cola
}
header-queued-title = Mensaxes que o servidor aínda non gardou
leave = Saír
leave-unsent-online = { $count ->
    [one] Aínda non se puido enviar 1 mensaxe. Queres saír igualmente e descartala? A outra persoa nunca a recibirá.
   *[other] Aínda non se puideron enviar { $count } mensaxes. Queres saír igualmente e descartalas? A outra persoa nunca as recibirá.
}
leave-unsent-offline = { $count ->
    [one] Hai 1 mensaxe agardando porque estás sen conexión. Queres saír igualmente e descartala? A outra persoa nunca a recibirá.
   *[other] Hai { $count } mensaxes agardando porque estás sen conexión. Queres saír igualmente e descartalas? A outra persoa nunca as recibirá.
}
leave-failed = Non se puido saír. Téntao de novo.
leave-failed-offline = Non se puido saír: estás sen conexión. Téntao de novo cando volvas estar en liña.
chat-log-label = Conversa
chat-empty-waiting = Comparte o código ou a ligazón; as mensaxes aparecerán aquí.
chat-empty-ready = Saúda. A outra persoa lerao na súa lingua.
chat-load-earlier = Cargar mensaxes anteriores
chat-loading-earlier = Cargando mensaxes anteriores…
chat-typing = { $name } está escribindo…
chat-translating = { $name } está traducindo…
chat-live-failed = Non se puido abrir a conexión en directo. As mensaxes gárdanse e enviaranse cando volva funcionar.
chat-retranslate-failed = Non se puido tentar de novo a tradución. Téntao outra vez nun momento.
composer-label = Mensaxe
composer-placeholder = Escribe na túa lingua… (Intro para enviar, Maiús+Intro para unha liña nova)
composer-send = Enviar
