a11y-hide-original = Masquer l'original
a11y-session-heading = Conversation avec { $name }
a11y-session-heading-waiting = Nouvelle conversation, en attente de votre interlocuteur
a11y-session-failed-heading = Impossible d'ouvrir cette session
a11y-not-found-title = Page introuvable
a11y-not-found-hint = Vérifiez l'adresse saisie ou reçue. Les liens de session ressemblent à { $code }.
a11y-not-found-home = Aller à la page d'accueil
