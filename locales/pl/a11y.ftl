a11y-hide-original = Ukryj oryginał
a11y-session-heading = Rozmowa z: { $name }
a11y-session-heading-waiting = Nowa rozmowa, czekamy na rozmówcę
a11y-session-failed-heading = Nie można otworzyć tej sesji
a11y-not-found-title = Nie znaleziono strony
a11y-not-found-hint = Sprawdź wpisany lub otrzymany adres. Linki do sesji wyglądają tak: { $code }.
a11y-not-found-home = Przejdź do strony głównej
