a11y-hide-original = Original ausblenden
a11y-session-heading = Unterhaltung mit { $name }
a11y-session-heading-waiting = Neue Unterhaltung, warte auf dein Gegenüber
a11y-session-failed-heading = Diese Sitzung kann nicht geöffnet werden
a11y-not-found-title = Seite nicht gefunden
a11y-not-found-hint = Prüfe die eingegebene oder erhaltene Adresse. Sitzungslinks sehen so aus: { $code }.
a11y-not-found-home = Zur Startseite
