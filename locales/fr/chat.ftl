# The conversation: following new messages, the partner leaving, leaving and the end screen.
chat-new-messages = { $count ->
    [one] { $count } nouveau message
   *[other] { $count } nouveaux messages
}
chat-new-messages-label = Aller au message le plus récent
chat-partner-left = { $name } a quitté la session.
chat-partner-left-explained = Ce qui a été dit reste ici, mais personne ne lira les nouveaux messages.
chat-start-new = Commencer une nouvelle session
chat-leave-title = Quitter cette session ?
chat-leave-explained = Vous ne recevrez plus de messages dans cette session et ne pourrez pas y revenir. Votre interlocuteur garde ce qui a été dit.
chat-leave-unsent-online = { $count ->
    [one] { $count } message pas encore envoyé part d’abord.
   *[other] { $count } messages pas encore envoyés partent d’abord.
}
chat-leave-unsent-offline = { $count ->
    [one] Vous êtes hors ligne : { $count } message non envoyé sera supprimé. Votre interlocuteur ne le recevra jamais.
   *[other] Vous êtes hors ligne : { $count } messages non envoyés seront supprimés. Votre interlocuteur ne les recevra jamais.
}
chat-leave-unsent-failed = { $count ->
    [one] { $count } message n’a pas pu être envoyé. Quitter quand même et le supprimer ? Votre interlocuteur ne le recevra jamais.
   *[other] { $count } messages n’ont pas pu être envoyés. Quitter quand même et les supprimer ? Votre interlocuteur ne les recevra jamais.
}
chat-leaving = Départ…
chat-left-title = Vous avez quitté la session
chat-left-with = { $name } peut toujours lire ce qui a été dit. Vous ne recevrez plus de messages de cette session.
chat-left-alone = Vous ne recevrez plus de messages de cette session, et son code ne vous permet plus d’entrer.
