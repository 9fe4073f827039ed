a11y-hide-original = Origineel verbergen
a11y-session-heading = Gesprek met { $name }
a11y-session-heading-waiting = Nieuw gesprek, wachten op je gesprekspartner
a11y-session-failed-heading = Deze sessie kan niet worden geopend
a11y-not-found-title = Pagina niet gevonden
a11y-not-found-hint = Controleer het adres dat je hebt getypt of gekregen. Sessielinks zien eruit als { $code }.
a11y-not-found-home = Naar de startpagina
