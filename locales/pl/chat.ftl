# The conversation: following new messages, the partner leaving, leaving and the end screen.
chat-new-messages = { $count ->
    [one] { $count } nowa wiadomość
    [few] { $count } nowe wiadomości
    [many] { $count } nowych wiadomości
   *[other] { $count } nowej wiadomości
}
chat-new-messages-label = Przejdź do najnowszej wiadomości
chat-partner-left = { $name } opuścił(a) sesję.
chat-partner-left-explained = To, co powiedziano, zostaje tutaj, ale nikt nie przeczyta nowych wiadomości.
chat-start-new = Rozpocznij nową sesję
chat-leave-title = Opuścić tę sesję?
chat-leave-explained = Nie będziesz już dostawać wiadomości w tej sesji i nie wrócisz do niej. Twój rozmówca zachowa to, co powiedziano.
chat-leave-unsent-online = { $count ->
    [one] Najpierw zostanie wysłana { $count } oczekująca wiadomość.
    [few] Najpierw zostaną wysłane { $count } oczekujące wiadomości.
    [many] Najpierw zostanie wysłanych { $count } oczekujących wiadomości.
   *[other] Najpierw zostanie wysłane { $count } oczekującej wiadomości.
}
chat-leave-unsent-offline = { $count ->
    [one] Jesteś offline: { $count } niewysłana wiadomość zostanie odrzucona. Rozmówca nigdy jej nie dostanie.
    [few] Jesteś offline: { $count } niewysłane wiadomości zostaną odrzucone. Rozmówca nigdy ich nie dostanie.
    [many] Jesteś offline: { $count } niewysłanych wiadomości zostanie odrzuconych. Rozmówca nigdy ich nie dostanie.
   *[other] Jesteś offline: { $count } niewysłanej wiadomości zostanie odrzucone. Rozmówca nigdy ich nie dostanie.
}
chat-leave-unsent-failed = { $count ->
    [one] Nie udało się wysłać { $count } wiadomości. Mimo to wyjść i ją odrzucić? Rozmówca nigdy jej nie dostanie.
    [few] Nie udało się wysłać { $count } wiadomości. Mimo to wyjść i je odrzucić? Rozmówca nigdy ich nie dostanie.
    [many] Nie udało się wysłać { $count } wiadomości. Mimo to wyjść i je odrzucić? Rozmówca nigdy ich nie dostanie.
   *[other] Nie udało się wysłać { $count } wiadomości. Mimo to wyjść i je odrzucić? Rozmówca nigdy ich nie dostanie.
}
chat-leaving = Wychodzenie…
chat-left-title = Opuszczono sesję
chat-left-with = { $name } nadal może czytać to, co powiedziano. Nie dostaniesz już nowych wiadomości z tej sesji.
chat-left-alone = Nie dostaniesz już nowych wiadomości z tej sesji, a jej kod już cię nie wpuści.
