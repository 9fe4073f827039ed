# Delivery: why a message is not sent (yet), the header while sending fails, the length counter.
delivery-waiting = Non ancora inviato — nuovo tentativo tra { $seconds } s
delivery-waiting-now = Non ancora inviato — nuovo tentativo…
delivery-retry-now = Riprova ora
delivery-reason-unreachable = Impossibile raggiungere il server. Controlla la connessione, poi riprova.
delivery-reason-rate-limited = Stai inviando più in fretta di quanto il server consenta. Partirà da solo tra un attimo.
delivery-reason-expired = Questa sessione è scaduta. Inizia una nuova sessione per continuare a parlare.
delivery-reason-not-found = Questa sessione non esiste più. Inizia una nuova sessione per continuare a parlare.
delivery-reason-not-allowed = Non puoi più scrivere in questa sessione. Inizia una nuova sessione per continuare a parlare.
delivery-reason-invalid = Il server non ha accettato questo messaggio. Modificalo, poi riprova.
delivery-reason-rule = Il server non ha accettato questo messaggio, ad esempio perché è troppo lungo. Accorcialo, poi riprova.
delivery-reason-duplicate = Il server ha già questo messaggio. Puoi scartare questa copia.
delivery-reason-other = Il server non ha accettato questo messaggio. Riprova o scartalo.
delivery-reason-vanished = Il server ha detto di avere questo messaggio ma non l’ha mai restituito. Riprova.
delivery-reason-unknown = Non è stato possibile inviare questo messaggio. Riprova o scartalo.
delivery-banner-not-sent = { $count ->
    [one] Un messaggio non è stato inviato. { $reason }
   *[other] { $count } messaggi non sono stati inviati. { $reason }
}
delivery-banner-rate-limited = Stai inviando troppo in fretta: il server chiede di aspettare { $seconds } s. I tuoi messaggi attendono e partiranno da soli.
delivery-banner-catch-up = Impossibile caricare i messaggi persi. Nuovo tentativo automatico.
delivery-banner-earlier = Impossibile caricare i messaggi precedenti. Riprova.
delivery-banner-reconnect = Impossibile riconnettersi alla sessione. I tuoi messaggi attendono; premi Riconnetti, oppure riprenderà quando torna la rete.
delivery-rejected-outbox-full = Ci sono già { $count } messaggi in attesa di invio. Aspetta che vengano inviati o scarta quelli non riusciti.
delivery-rejected-invalid = Un messaggio deve avere da 1 a { $max } caratteri.
delivery-rejected-unknown = Questo messaggio non è più in attesa di invio.
delivery-rejected-not-failed = Si può scartare solo un messaggio non inviato.
delivery-connection-failing = Problemi di connessione: i messaggi non partono
delivery-counter-left = { $count ->
    [one] Resta { $count } carattere
   *[other] Restano { $count } caratteri
}
delivery-counter-over = { $count ->
    [one] { $count } carattere di troppo
   *[other] { $count } caratteri di troppo
}
delivery-too-long = Troppo lungo da inviare: un messaggio può avere al massimo { $max } caratteri. Accorcialo per inviarlo.
