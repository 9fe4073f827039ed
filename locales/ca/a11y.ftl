a11y-hide-original = Amaga l'original
a11y-session-heading = Conversa amb { $name }
a11y-session-heading-waiting = Conversa nova, esperant el teu interlocutor
a11y-session-failed-heading = No es pot obrir aquesta sessió
a11y-not-found-title = No s'ha trobat la pàgina
a11y-not-found-hint = Comprova l'adreça que has escrit o que t'han enviat. Els enllaços de sessió són així: { $code }.
a11y-not-found-home = Ves a la pàgina d'inici
