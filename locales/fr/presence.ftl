presence-unknown = inconnu
presence-unknown-last-seen = inconnu, vu pour la dernière fois à { $time }
presence-unknown-title = Vous n’êtes pas connecté : impossible de savoir si votre interlocuteur est là.
