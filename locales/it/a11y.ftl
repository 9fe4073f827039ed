a11y-hide-original = Nascondi originale
a11y-session-heading = Conversazione con { $name }
a11y-session-heading-waiting = Nuova conversazione, in attesa del tuo interlocutore
a11y-session-failed-heading = Impossibile aprire questa sessione
a11y-not-found-title = Pagina non trovata
a11y-not-found-hint = Controlla l'indirizzo che hai digitato o ricevuto. I link delle sessioni sono fatti così: { $code }.
a11y-not-found-home = Vai alla pagina iniziale
