# Delivery: why a message is not sent (yet), the header while sending fails, the length counter.
delivery-waiting = Nog niet verzonden — nieuwe poging over { $seconds } s
delivery-waiting-now = Nog niet verzonden — nieuwe poging…
delivery-retry-now = Nu opnieuw proberen
delivery-reason-unreachable = De server was niet bereikbaar. Controleer je verbinding en probeer het opnieuw.
delivery-reason-rate-limited = Je verstuurt sneller dan de server toestaat. Het gaat zo vanzelf weg.
delivery-reason-expired = Deze sessie is verlopen. Start een nieuwe sessie om verder te praten.
delivery-reason-not-found = Deze sessie bestaat niet meer. Start een nieuwe sessie om verder te praten.
delivery-reason-not-allowed = Je kunt niet meer schrijven in deze sessie. Start een nieuwe sessie om verder te praten.
delivery-reason-invalid = De server heeft dit bericht niet aangenomen. Pas het aan en probeer het opnieuw.
delivery-reason-rule = De server heeft dit bericht niet aangenomen, bijvoorbeeld omdat het te lang is. Maak het korter en probeer het opnieuw.
delivery-reason-duplicate = De server heeft dit bericht al. Je kunt deze kopie weggooien.
delivery-reason-other = De server heeft dit bericht niet aangenomen. Probeer het opnieuw of gooi het weg.
delivery-reason-vanished = De server zei dit bericht te hebben, maar gaf het nooit terug. Probeer het opnieuw.
delivery-reason-unknown = Dit bericht kon niet worden verzonden. Probeer het opnieuw of gooi het weg.
delivery-banner-not-sent = { $count ->
    [one] Een bericht is niet verzonden. { $reason }
   *[other] { $count } berichten zijn niet verzonden. { $reason }
}
delivery-banner-rate-limited = Je verstuurt te snel: de server vraagt { $seconds } s te wachten. Je berichten wachten en gaan vanzelf weg.
delivery-banner-catch-up = De gemiste berichten konden niet worden geladen. Er wordt vanzelf opnieuw geprobeerd.
delivery-banner-earlier = Eerdere berichten konden niet worden geladen. Probeer het opnieuw.
delivery-banner-reconnect = Opnieuw verbinden met de sessie is niet gelukt. Je berichten wachten; druk op Opnieuw verbinden, of het gaat verder zodra het netwerk terug is.
delivery-rejected-outbox-full = Er wachten al { $count } berichten om verzonden te worden. Wacht tot ze verzonden zijn, of gooi de mislukte weg.
delivery-rejected-invalid = Een bericht heeft 1 tot { $max } tekens nodig.
delivery-rejected-unknown = Dit bericht wacht niet meer om verzonden te worden.
delivery-rejected-not-failed = Alleen een niet-verzonden bericht kan worden weggegooid.
delivery-connection-failing = Verbindingsproblemen: berichten gaan niet weg
delivery-counter-left = { $count ->
    [one] Nog { $count } teken
   *[other] Nog { $count } tekens
}
delivery-counter-over = { $count ->
    [one] { $count } teken te veel
   *[other] { $count } tekens te veel
}
delivery-too-long = Te lang om te versturen: een bericht mag hoogstens { $max } tekens hebben. Maak het korter om het te versturen.
