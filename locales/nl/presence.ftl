presence-unknown = onbekend
presence-unknown-last-seen = onbekend, laatst gezien om { $time }
presence-unknown-title = Je bent niet verbonden, dus je kunt niet zien of je gesprekspartner er is.
