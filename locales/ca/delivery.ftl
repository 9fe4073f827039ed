# Delivery: why a message is not sent (yet), the header while sending fails, the length counter.
delivery-waiting = Encara no s’ha enviat — nou intent d’aquí a { $seconds } s
delivery-waiting-now = Encara no s’ha enviat — tornant-ho a provar…
delivery-retry-now = Torna-ho a provar ara
delivery-reason-unreachable = No s’ha pogut contactar amb el servidor. Comprova la connexió i torna-ho a provar.
delivery-reason-rate-limited = Envies més de pressa del que permet el servidor. Sortirà sol d’aquí a un moment.
delivery-reason-expired = Aquesta sessió ha caducat. Comença una sessió nova per continuar parlant.
delivery-reason-not-found = Aquesta sessió ja no existeix. Comença una sessió nova per continuar parlant.
delivery-reason-not-allowed = Ja no pots escriure en aquesta sessió. Comença una sessió nova per continuar parlant.
delivery-reason-invalid = El servidor no ha acceptat aquest missatge. Canvia’l i torna-ho a provar.
delivery-reason-rule = El servidor no ha acceptat aquest missatge, per exemple perquè és massa llarg. Escurça’l i torna-ho a provar.
delivery-reason-duplicate = El servidor ja té aquest missatge. Pots descartar aquesta còpia.
delivery-reason-other = El servidor no ha acceptat aquest missatge. Torna-ho a provar o descarta’l.
delivery-reason-vanished = El servidor va dir que tenia aquest missatge, però no l’ha mostrat mai. Torna-ho a provar.
delivery-reason-unknown = No s’ha pogut enviar aquest missatge. Torna-ho a provar o descarta’l.
delivery-banner-not-sent = { $count ->
    [one] No s’ha enviat un missatge. { $reason }
   *[other] No s’han enviat { $count } missatges. { $reason }
}
delivery-banner-rate-limited = Envies massa de pressa: el servidor demana esperar { $seconds } s. Els teus missatges esperen i sortiran sols.
delivery-banner-catch-up = No s’han pogut carregar els missatges que t’has perdut. Es torna a provar automàticament.
delivery-banner-earlier = No s’han pogut carregar els missatges anteriors. Torna-ho a provar.
delivery-banner-reconnect = No s’ha pogut tornar a connectar a la sessió. Els teus missatges esperen; prem Reconnecta, o es reprendrà quan torni la xarxa.
delivery-rejected-outbox-full = Ja hi ha { $count } missatges esperant per enviar-se. Espera que s’enviïn o descarta els que han fallat.
delivery-rejected-invalid = Un missatge necessita d’1 a { $max } caràcters.
delivery-rejected-unknown = Aquest missatge ja no està esperant per enviar-se.
delivery-rejected-not-failed = Només es pot descartar un missatge que no s’ha enviat.
delivery-connection-failing = Problemes de connexió: els missatges no surten
delivery-counter-left = { $count ->
    [one] Queda { $count } caràcter
   *[other] Queden { $count } caràcters
}
delivery-counter-over = { $count ->
    [one] { $count } caràcter de més
   *[other] { $count } caràcters de més
}
delivery-too-long = Massa llarg per enviar-lo: un missatge pot tenir com a màxim { $max } caràcters. Escurça’l per enviar-lo.
