# Delivery: why a message is not sent (yet), the header while sending fails, the length counter.
delivery-waiting = Pas encore envoyé — nouvel essai dans { $seconds } s
delivery-waiting-now = Pas encore envoyé — nouvel essai…
delivery-retry-now = Réessayer maintenant
delivery-reason-unreachable = Le serveur est injoignable. Vérifiez votre connexion, puis réessayez.
delivery-reason-rate-limited = Vous envoyez plus vite que le serveur ne le permet. Le message partira tout seul dans un instant.
delivery-reason-expired = Cette session a expiré. Commencez une nouvelle session pour continuer à parler.
delivery-reason-not-found = Cette session n’existe plus. Commencez une nouvelle session pour continuer à parler.
delivery-reason-not-allowed = Vous ne pouvez plus écrire dans cette session. Commencez une nouvelle session pour continuer à parler.
delivery-reason-invalid = Le serveur n’a pas accepté ce message. Modifiez-le, puis réessayez.
delivery-reason-rule = Le serveur n’a pas accepté ce message, par exemple parce qu’il est trop long. Raccourcissez-le, puis réessayez.
delivery-reason-duplicate = Le serveur a déjà ce message. Vous pouvez supprimer cette copie.
delivery-reason-other = Le serveur n’a pas accepté ce message. Réessayez ou supprimez-le.
delivery-reason-vanished = Le serveur a dit avoir ce message mais ne l’a jamais renvoyé. Réessayez.
delivery-reason-unknown = Ce message n’a pas pu être envoyé. Réessayez ou supprimez-le.
delivery-banner-not-sent = { $count ->
    [one] Un message n’a pas été envoyé. { $reason }
   *[other] { $count } messages n’ont pas été envoyés. { $reason }
}
delivery-banner-rate-limited = Vous envoyez trop vite : le serveur demande d’attendre { $seconds } s. Vos messages attendent et partiront tout seuls.
delivery-banner-catch-up = Impossible de charger les messages manqués. Nouvel essai automatique.
delivery-banner-earlier = Impossible de charger les messages précédents. Réessayez.
delivery-banner-reconnect = Impossible de se reconnecter à la session. Vos messages attendent ; appuyez sur Se reconnecter, ou cela reprendra au retour du réseau.
delivery-rejected-outbox-full = { $count } messages attendent déjà d’être envoyés. Attendez leur envoi ou supprimez ceux qui ont échoué.
delivery-rejected-invalid = Un message doit compter de 1 à { $max } caractères.
delivery-rejected-unknown = Ce message n’attend plus d’être envoyé.
delivery-rejected-not-failed = Seul un message non envoyé peut être supprimé.
delivery-connection-failing = Problèmes de connexion : les messages ne partent pas
delivery-counter-left = { $count ->
    [one] { $count } caractère restant
   *[other] { $count } caractères restants
}
delivery-counter-over = { $count ->
    [one] { $count } caractère de trop
   *[other] { $count } caractères de trop
}
delivery-too-long = Trop long pour être envoyé : un message peut compter au plus { $max } caractères. Raccourcissez-le pour l’envoyer.
