session-code-label = Código
session-link-title = Enlace para la otra persona
session-copy-link = Copiar enlace
session-copied = Copiado
connection-connected = Conectado
connection-reconnecting = Reconectando…
connection-disconnected = Desconectado
connection-offline = Sin conexión
connection-connecting = Conectando…
connection-reconnect = Reconectar
partner-waiting = Esperando a la otra persona
partner-online = en línea
partner-away = ausente
partner-offline = sin conexión
partner-left = se ha ido
partner-label = { $name } ({ $language }) · { $status }
partner-unnamed = La otra persona · { $status }
partner-fallback-name = La otra persona
expiry-expired = Sesión caducada
expiry-seconds = Caduca en { $seconds } s
expiry-minutes = Caduca en { $minutes } min
session-expired-error = Esta sesión ha caducado. Lo que se dijo sigue visible, pero ya no se puede enviar nada nuevo.
header-queued = { $count ->
    [one] mensaje en cola
   *[other] mensajes en cola
}
header-queued-title = Mensajes que el servidor aún no ha guardado
leave = Salir
leave-unsent-online = { $count ->
    [one] Aún no se ha podido enviar 1 mensaje. ¿Salir de todos modos y descartarlo? La otra persona nunca lo recibirá.
   *[other] Aún no se han podido enviar { $count } mensajes. ¿Salir de todos modos y descartarlos? La otra persona nunca los recibirá.
}
leave-unsent-offline = { $count ->
    [one] Hay 1 mensaje esperando porque no tienes conexión. ¿Salir de todos modos y descartarlo? La otra persona nunca lo recibirá.
   *[other] Hay { $count } mensajes esperando porque no tienes conexión. ¿Salir de todos modos y descartarlos? La otra persona nunca los recibirá.
}
leave-failed = No se pudo salir. Inténtalo de nuevo.
leave-failed-offline = No se pudo salir: no tienes conexión. Inténtalo de nuevo cuando vuelvas a estar en línea.
chat-log-label = Conversación
chat-empty-waiting = Comparte el código o el enlace; los mensajes aparecerán aquí.
chat-empty-ready = Saluda. La otra persona lo leerá en su idioma.
chat-load-earlier = Cargar mensajes anteriores
chat-loading-earlier = Cargando mensajes anteriores…
chat-typing = { $name } está escribiendo…
chat-translating = { $name } está traduciendo…
chat-live-failed = No se pudo abrir la conexión en tiempo real. Los mensajes se guardan y se enviarán cuando vuelva a funcionar.
chat-retranslate-failed = No se pudo reintentar la traducción. Inténtalo de nuevo en un momento.
composer-label = Mensaje
composer-placeholder = Escribe en tu idioma… (Intro para enviar, Mayús+Intro para una nueva línea)
composer-send = Enviar
