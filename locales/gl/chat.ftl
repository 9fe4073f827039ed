# The conversation: following new messages, the partner leaving, leaving and the end screen.
chat-new-messages = { $count ->
    [one] { $count } mensaxe nova
   *[other] { $count } mensaxes novas
}
chat-new-messages-label = Ir á mensaxe máis recente
chat-partner-left = { $name } saíu da sesión.
chat-partner-left-explained = O que se dixo queda aquí, pero ninguén lerá as mensaxes novas.
chat-start-new = Comezar unha sesión nova
chat-leave-title = Saír desta sesión?
chat-leave-explained = Xa non recibirás mensaxes desta sesión e non poderás volver a ela. A outra persoa conserva o que se dixo.
chat-leave-unsent-online = { $count ->
    [one] Primeiro envíase { $count } mensaxe pendente.
   *[other] Primeiro envíanse { $count } mensaxes pendentes.
}
chat-leave-unsent-offline = { $count ->
    [one] Estás sen conexión: descartarase { $count } mensaxe non enviada. A outra persoa nunca a recibirá.
   *[other] Estás sen conexión: descartaranse { $count } mensaxes non enviadas. A outra persoa nunca as recibirá.
}
chat-leave-unsent-failed = { $count ->
    [one] Non se puido enviar { $count } mensaxe. Saír igualmente e descartala? A outra persoa nunca a recibirá.
   *[other] Non se puideron enviar { $count } mensaxes. Saír igualmente e descartalas? A outra persoa nunca as recibirá.
}
chat-leaving = Saíndo…
chat-left-title = Saíches da sesión
chat-left-with = { $name } aínda pode ler o que se dixo. Non recibirás mensaxes novas desta sesión.
chat-left-alone = Non recibirás mensaxes novas desta sesión, e o seu código xa non te deixa entrar.
