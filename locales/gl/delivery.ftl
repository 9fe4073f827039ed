# Delivery: why a message is not sent (yet), the header while sending fails, the length counter.
delivery-waiting = Aínda non se enviou — novo intento en { $seconds } s
delivery-waiting-now = Aínda non se enviou — intentándoo de novo…
delivery-retry-now = Intentalo agora
delivery-reason-unreachable = Non se puido contactar co servidor. Comproba a conexión e téntao de novo.
delivery-reason-rate-limited = Estás enviando máis rápido do que permite o servidor. Sairá só nun momento.
delivery-reason-expired = Esta sesión caducou. Comeza unha sesión nova para seguir falando.
delivery-reason-not-found = Esta sesión xa non existe. Comeza unha sesión nova para seguir falando.
delivery-reason-not-allowed = Xa non podes escribir nesta sesión. Comeza unha sesión nova para seguir falando.
delivery-reason-invalid = O servidor non aceptou esta mensaxe. Cámbiaa e téntao de novo.
delivery-reason-rule = O servidor non aceptou esta mensaxe, por exemplo porque é longa de máis. Acúrtaa e téntao de novo.
delivery-reason-duplicate = O servidor xa ten esta mensaxe. Podes descartar esta copia.
delivery-reason-other = O servidor non aceptou esta mensaxe. Téntao de novo ou descártaa.
delivery-reason-vanished = O servidor dixo que tiña esta mensaxe, pero nunca a mostrou. Téntao de novo.
delivery-reason-unknown = Non se puido enviar esta mensaxe. Téntao de novo ou descártaa.
delivery-banner-not-sent = { $count ->
    [one] Non se enviou unha mensaxe. { $reason }
   *[other] Non se enviaron { $count } mensaxes. { $reason }
}
delivery-banner-rate-limited = Estás enviando rápido de máis: o servidor pediu esperar { $seconds } s. As túas mensaxes agardan e sairán soas.
delivery-banner-catch-up = Non se puideron cargar as mensaxes que perdiches. Inténtase de novo automaticamente.
delivery-banner-earlier = Non se puideron cargar as mensaxes anteriores. Téntao de novo.
delivery-banner-reconnect = Non se puido volver conectar á sesión. As túas mensaxes agardan; preme Reconectar, ou continuará cando volva a rede.
delivery-rejected-outbox-full = Xa hai { $count } mensaxes agardando para enviarse. Agarda a que se envíen ou descarta as que fallaron.
delivery-rejected-invalid = Unha mensaxe precisa de 1 a { $max } caracteres.
delivery-rejected-unknown = Esta mensaxe xa non está agardando para enviarse.
delivery-rejected-not-failed = Só se pode descartar unha mensaxe que non se enviou.
delivery-connection-failing = Problemas de conexión: as mensaxes non saen
delivery-counter-left = { $count ->
    [one] Queda { $count } carácter
   *[other] Quedan { $count } caracteres
}
delivery-counter-over = { $count ->
    [one] { $count } carácter de máis
   *[other] { $count } caracteres de máis
}
delivery-too-long = Demasiado longa para enviala: unha mensaxe pode ter como máximo { $max } caracteres. Acúrtaa para enviala.
