# Delivery: why a message is not sent (yet), the header while sending fails, the length counter.
delivery-waiting = No enviado aún — reintento en { $seconds } s
delivery-waiting-now = No enviado aún — reintentando…
delivery-retry-now = Reintentar ahora
delivery-reason-unreachable = No se pudo contactar con el servidor. Comprueba tu conexión y vuelve a intentarlo.
delivery-reason-rate-limited = Estás enviando más rápido de lo que el servidor permite. Saldrá solo en un momento.
delivery-reason-expired = Esta sesión ha caducado. Empieza una sesión nueva para seguir hablando.
delivery-reason-not-found = Esta sesión ya no existe. Empieza una sesión nueva para seguir hablando.
delivery-reason-not-allowed = Ya no puedes escribir en esta sesión. Empieza una sesión nueva para seguir hablando.
delivery-reason-invalid = El servidor no aceptó este mensaje. Cámbialo y vuelve a intentarlo.
delivery-reason-rule = El servidor no aceptó este mensaje, por ejemplo porque es demasiado largo. Acórtalo y vuelve a intentarlo.
delivery-reason-duplicate = El servidor ya tiene este mensaje. Puedes descartar esta copia.
delivery-reason-other = El servidor no aceptó este mensaje. Reinténtalo o descártalo.
delivery-reason-vanished = El servidor dijo que tenía este mensaje, pero nunca lo mostró. Reinténtalo.
delivery-reason-unknown = No se pudo enviar este mensaje. Reinténtalo o descártalo.
delivery-banner-not-sent = { $count ->
    [one] No se envió un mensaje. { $reason }
   *[other] No se enviaron { $count } mensajes. { $reason }
}
delivery-banner-rate-limited = Estás enviando demasiado rápido: el servidor pidió esperar { $seconds } s. Tus mensajes esperan y saldrán solos.
delivery-banner-catch-up = No se pudieron cargar los mensajes que te perdiste. Se vuelve a intentar solo.
delivery-banner-earlier = No se pudieron cargar los mensajes anteriores. Inténtalo de nuevo.
delivery-banner-reconnect = No se pudo volver a conectar con la sesión. Tus mensajes esperan; pulsa Reconectar o se reanudará cuando vuelva la red.
delivery-rejected-outbox-full = Ya hay { $count } mensajes esperando a enviarse. Espera a que se envíen o descarta los que fallaron.
delivery-rejected-invalid = Un mensaje necesita de 1 a { $max } caracteres.
delivery-rejected-unknown = Este mensaje ya no está esperando a enviarse.
delivery-rejected-not-failed = Solo se puede descartar un mensaje que no se envió.
delivery-connection-failing = Problemas de conexión: los mensajes no salen
delivery-counter-left = { $count ->
    [one] Queda 1 carácter
   *[other] Quedan { $count } caracteres
}
delivery-counter-over = { $count ->
    [one] 1 carácter de más
   *[other] { $count } caracteres de más
}
delivery-too-long = Demasiado largo para enviarlo: un mensaje puede tener como máximo { $max } caracteres. Acórtalo para enviarlo.
