# The conversation: following new messages, the partner leaving, leaving and the end screen.
chat-new-messages = { $count ->
    [one] { $count } mensagem nova
   *[other] { $count } mensagens novas
}
chat-new-messages-label = Ir para a mensagem mais recente
chat-partner-left = { $name } saiu da sessão.
chat-partner-left-explained = O que foi dito fica aqui, mas ninguém vai ler as mensagens novas.
chat-start-new = Começar uma sessão nova
chat-leave-title = Sair desta sessão?
chat-leave-explained = Deixará de receber mensagens desta sessão e não poderá voltar a ela. A outra pessoa fica com o que foi dito.
chat-leave-unsent-online = { $count ->
    [one] Primeiro é enviada { $count } mensagem pendente.
   *[other] Primeiro são enviadas { $count } mensagens pendentes.
}
chat-leave-unsent-offline = { $count ->
    [one] Está sem ligação: { $count } mensagem não enviada será descartada. A outra pessoa nunca a receberá.
   *[other] Está sem ligação: { $count } mensagens não enviadas serão descartadas. A outra pessoa nunca as receberá.
}
chat-leave-unsent-failed = { $count ->
    [one] Não foi possível enviar { $count } mensagem. Sair mesmo assim e descartá-la? A outra pessoa nunca a receberá.
   *[other] Não foi possível enviar { $count } mensagens. Sair mesmo assim e descartá-las? A outra pessoa nunca as receberá.
}
chat-leaving = A sair…
chat-left-title = Saiu da sessão
chat-left-with = { $name } ainda pode ler o que foi dito. Não vai receber mensagens novas desta sessão.
chat-left-alone = Não vai receber mensagens novas desta sessão, e o código dela já não o deixa entrar.
