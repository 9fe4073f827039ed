# The conversation: following new messages, the partner leaving, leaving and the end screen.
chat-new-messages = { $count ->
    [one] 1 mensaje nuevo
   *[other] { $count } mensajes nuevos
}
chat-new-messages-label = Ir al mensaje más reciente
chat-partner-left = { $name } salió de la sesión.
chat-partner-left-explained = Lo dicho se queda aquí, pero nadie leerá los mensajes nuevos.
chat-start-new = Empezar una sesión nueva
chat-leave-title = ¿Salir de esta sesión?
chat-leave-explained = Ya no recibirás mensajes de esta sesión y no podrás volver a ella. Tu interlocutor conserva lo dicho.
chat-leave-unsent-online = { $count ->
    [one] Antes se envía 1 mensaje pendiente.
   *[other] Antes se envían { $count } mensajes pendientes.
}
chat-leave-unsent-offline = { $count ->
    [one] Estás sin conexión: se descartará 1 mensaje no enviado. Tu interlocutor nunca lo recibirá.
   *[other] Estás sin conexión: se descartarán { $count } mensajes no enviados. Tu interlocutor nunca los recibirá.
}
chat-leave-unsent-failed = { $count ->
    [one] No se pudo enviar 1 mensaje. ¿Salir igualmente y descartarlo? Tu interlocutor nunca lo recibirá.
   *[other] No se pudieron enviar { $count } mensajes. ¿Salir igualmente y descartarlos? Tu interlocutor nunca los recibirá.
}
chat-leaving = Saliendo…
chat-left-title = Has salido de la sesión
chat-left-with = { $name } aún puede leer lo dicho. No recibirás mensajes nuevos de esta sesión.
chat-left-alone = No recibirás mensajes nuevos de esta sesión y su código ya no te deja entrar.
