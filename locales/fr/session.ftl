session-code-label = Code
session-link-title = Lien pour votre interlocuteur
session-copy-link = Copier le lien
session-copied = Copié
connection-connected = Connecté
connection-reconnecting = Reconnexion…
connection-disconnected = Déconnecté
connection-offline = Hors ligne
connection-connecting = Connexion…
connection-reconnect = Se reconnecter
partner-waiting = En attente de votre interlocuteur
partner-online = en ligne
partner-away = absent
partner-offline = hors ligne
partner-left = a quitté la session
partner-label = { $name } ({ $language }) · { $status }
partner-unnamed = Interlocuteur · { $status }
partner-fallback-name = Votre interlocuteur
expiry-expired = Session expirée
expiry-seconds = Expire dans { $seconds } s
expiry-minutes = Expire dans { $minutes } min
session-expired-error = Cette session a expiré. La conversation reste lisible, mais plus aucun message ne peut être envoyé.
header-queued = { $count ->
    [one] message en attente
   *[other] messages en attente
}
header-queued-title = Messages pas encore enregistrés par le serveur
leave = Quitter
leave-unsent-online = { $count ->
    [one] { $count } message n'a pas encore pu être envoyé. Quitter quand même et le supprimer ? Votre interlocuteur ne le recevra jamais.
   *[other] { $count } messages n'ont pas encore pu être envoyés. Quitter quand même et les supprimer ? Votre interlocuteur ne les recevra jamais.
}
leave-unsent-offline = { $count ->
    [one] { $count } message est en attente, car vous êtes hors ligne. Quitter quand même et le supprimer ? Votre interlocuteur ne le recevra jamais.
   *[other] { $count } messages sont en attente, car vous êtes hors ligne. Quitter quand même et les supprimer ? Votre interlocuteur ne les recevra jamais.
}
leave-failed = Impossible de quitter la session. Réessayez.
leave-failed-offline = Impossible de quitter la session : vous êtes hors ligne. Réessayez une fois la connexion rétablie.
chat-log-label = Conversation
chat-empty-waiting = Partagez le code ou le lien ; les messages s'afficheront ici.
chat-empty-ready = Dites bonjour. Votre interlocuteur le lira dans sa langue.
chat-load-earlier = Charger les messages précédents
chat-loading-earlier = Chargement des messages précédents…
chat-typing = { $name } écrit…
chat-translating = { $name } traduit…
chat-live-failed = Impossible d'établir la connexion en direct. Les messages sont conservés et seront envoyés dès qu'elle fonctionnera à nouveau.
chat-retranslate-failed = Impossible de relancer la traduction. Réessayez dans un instant.
composer-label = Message
composer-placeholder = Écrivez dans votre langue… (Entrée pour envoyer, Maj+Entrée pour aller à la ligne)
composer-send = Envoyer
