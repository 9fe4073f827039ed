# Delivery: why a message is not sent (yet), the header while sending fails, the length counter.
delivery-waiting = Încă netrimis — nouă încercare în { $seconds } s
delivery-waiting-now = Încă netrimis — se reîncearcă…
delivery-retry-now = Reîncearcă acum
delivery-reason-unreachable = Serverul nu a putut fi contactat. Verifică conexiunea, apoi reîncearcă.
delivery-reason-rate-limited = Trimiți mai repede decât permite serverul. Mesajul pleacă singur într-o clipă.
delivery-reason-expired = Această sesiune a expirat. Începe o sesiune nouă ca să continuați discuția.
delivery-reason-not-found = Această sesiune nu mai există. Începe o sesiune nouă ca să continuați discuția.
delivery-reason-not-allowed = Nu mai poți scrie în această sesiune. Începe o sesiune nouă ca să continuați discuția.
delivery-reason-invalid = Serverul nu a acceptat acest mesaj. Modifică-l, apoi reîncearcă.
delivery-reason-rule = Serverul nu a acceptat acest mesaj, de exemplu pentru că este prea lung. Scurtează-l, apoi reîncearcă.
delivery-reason-duplicate = Serverul are deja acest mesaj. Poți renunța la această copie.
delivery-reason-other = Serverul nu a acceptat acest mesaj. Reîncearcă sau renunță la el.
delivery-reason-vanished = Serverul a spus că are acest mesaj, dar nu l-a returnat niciodată. Reîncearcă.
delivery-reason-unknown = Acest mesaj nu a putut fi trimis. Reîncearcă sau renunță la el.
delivery-banner-not-sent = { $count ->
    [one] Un mesaj nu a fost trimis. { $reason }
    [few] { $count } mesaje nu au fost trimise. { $reason }
   *[other] { $count } de mesaje nu au fost trimise. { $reason }
}
delivery-banner-rate-limited = Trimiți prea repede: serverul a cerut să aștepți { $seconds } s. Mesajele tale așteaptă și pleacă singure.
delivery-banner-catch-up = Mesajele pierdute nu au putut fi încărcate. Se reîncearcă automat.
delivery-banner-earlier = Mesajele anterioare nu au putut fi încărcate. Reîncearcă.
delivery-banner-reconnect = Nu s-a putut reconecta la sesiune. Mesajele tale așteaptă; apasă Reconectează sau se reia când revine rețeaua.
delivery-rejected-outbox-full = Deja { $count } mesaje așteaptă să fie trimise. Așteaptă să plece sau renunță la cele eșuate.
delivery-rejected-invalid = Un mesaj trebuie să aibă între 1 și { $max } caractere.
delivery-rejected-unknown = Acest mesaj nu mai așteaptă să fie trimis.
delivery-rejected-not-failed = Se poate renunța doar la un mesaj netrimis.
delivery-connection-failing = Probleme de conexiune: mesajele nu pleacă
delivery-counter-left = { $count ->
    [one] A mai rămas { $count } caracter
    [few] Au mai rămas { $count } caractere
   *[other] Au mai rămas { $count } de caractere
}
delivery-counter-over = { $count ->
    [one] { $count } caracter în plus
    [few] { $count } caractere în plus
   *[other] { $count } de caractere în plus
}
delivery-too-long = Prea lung pentru a fi trimis: un mesaj poate avea cel mult { $max } de caractere. Scurtează-l ca să-l trimiți.
