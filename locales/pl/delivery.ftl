# Delivery: why a message is not sent (yet), the header while sending fails, the length counter.
delivery-waiting = Jeszcze nie wysłano — ponowna próba za { $seconds } s
delivery-waiting-now = Jeszcze nie wysłano — ponawianie…
delivery-retry-now = Ponów teraz
delivery-reason-unreachable = Nie udało się połączyć z serwerem. Sprawdź połączenie i spróbuj ponownie.
delivery-reason-rate-limited = Wysyłasz szybciej, niż pozwala serwer. Wiadomość wyjdzie sama za chwilę.
delivery-reason-expired = Ta sesja wygasła. Rozpocznij nową sesję, aby rozmawiać dalej.
delivery-reason-not-found = Ta sesja już nie istnieje. Rozpocznij nową sesję, aby rozmawiać dalej.
delivery-reason-not-allowed = Nie możesz już pisać w tej sesji. Rozpocznij nową sesję, aby rozmawiać dalej.
delivery-reason-invalid = Serwer nie przyjął tej wiadomości. Zmień ją i spróbuj ponownie.
delivery-reason-rule = Serwer nie przyjął tej wiadomości, na przykład dlatego, że jest za długa. Skróć ją i spróbuj ponownie.
delivery-reason-duplicate = Serwer ma już tę wiadomość. Możesz odrzucić tę kopię.
delivery-reason-other = Serwer nie przyjął tej wiadomości. Spróbuj ponownie lub ją odrzuć.
delivery-reason-vanished = Serwer twierdził, że ma tę wiadomość, ale nigdy jej nie zwrócił. Spróbuj ponownie.
delivery-reason-unknown = Nie udało się wysłać tej wiadomości. Spróbuj ponownie lub ją odrzuć.
delivery-banner-not-sent = { $count ->
    [one] Nie wysłano wiadomości. { $reason }
    [few] Nie wysłano { $count } wiadomości. { $reason }
    [many] Nie wysłano { $count } wiadomości. { $reason }
   *[other] Nie wysłano { $count } wiadomości. { $reason }
}
delivery-banner-rate-limited = Wysyłasz za szybko: serwer prosi o odczekanie { $seconds } s. Twoje wiadomości czekają i wyjdą same.
delivery-banner-catch-up = Nie udało się wczytać pominiętych wiadomości. Ponowna próba nastąpi automatycznie.
delivery-banner-earlier = Nie udało się wczytać wcześniejszych wiadomości. Spróbuj ponownie.
delivery-banner-reconnect = Nie udało się ponownie połączyć z sesją. Twoje wiadomości czekają; naciśnij Połącz ponownie albo wszystko wznowi się po powrocie sieci.
delivery-rejected-outbox-full = Na wysłanie czeka już { $count } wiadomości. Poczekaj, aż zostaną wysłane, lub odrzuć te, których nie udało się wysłać.
delivery-rejected-invalid = Wiadomość musi mieć od 1 do { $max } znaków.
delivery-rejected-unknown = Ta wiadomość już nie czeka na wysłanie.
delivery-rejected-not-failed = Odrzucić można tylko niewysłaną wiadomość.
delivery-connection-failing = Problemy z połączeniem: wiadomości nie wychodzą
delivery-counter-left = { $count ->
    [one] Został { $count } znak
    [few] Zostały { $count } znaki
    [many] Zostało { $count } znaków
   *[other] Zostało { $count } znaku
}
delivery-counter-over = { $count ->
    [one] { $count } znak za dużo
    [few] { $count } znaki za dużo
    [many] { $count } znaków za dużo
   *[other] { $count } znaku za dużo
}
delivery-too-long = Za długa, by ją wysłać: wiadomość może mieć najwyżej { $max } znaków. Skróć ją, aby wysłać.
