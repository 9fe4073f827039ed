presence-unknown = nieznany
presence-unknown-last-seen = nieznany, ostatnio widziany o { $time }
presence-unknown-title = Nie masz połączenia, więc nie widzisz, czy twój rozmówca jest obecny.
