# The conversation: following new messages, the partner leaving, leaving and the end screen.
chat-new-messages = { $count ->
    [one] { $count } neue Nachricht
   *[other] { $count } neue Nachrichten
}
chat-new-messages-label = Zur neuesten Nachricht
chat-partner-left = { $name } hat die Sitzung verlassen.
chat-partner-left-explained = Das Gesagte bleibt hier, aber niemand wird neue Nachrichten lesen.
chat-start-new = Neue Sitzung starten
chat-leave-title = Diese Sitzung verlassen?
chat-leave-explained = Du bekommst keine Nachrichten dieser Sitzung mehr und kannst nicht zurückkehren. Dein Gegenüber behält das Gesagte.
chat-leave-unsent-online = { $count ->
    [one] { $count } noch nicht gesendete Nachricht wird zuerst gesendet.
   *[other] { $count } noch nicht gesendete Nachrichten werden zuerst gesendet.
}
chat-leave-unsent-offline = { $count ->
    [one] Du bist offline: { $count } nicht gesendete Nachricht wird verworfen. Dein Gegenüber wird sie nie bekommen.
   *[other] Du bist offline: { $count } nicht gesendete Nachrichten werden verworfen. Dein Gegenüber wird sie nie bekommen.
}
chat-leave-unsent-failed = { $count ->
    [one] { $count } Nachricht konnte nicht gesendet werden. Trotzdem verlassen und sie verwerfen? Dein Gegenüber wird sie nie bekommen.
   *[other] { $count } Nachrichten konnten nicht gesendet werden. Trotzdem verlassen und sie verwerfen? Dein Gegenüber wird sie nie bekommen.
}
chat-leaving = Wird verlassen…
chat-left-title = Du hast die Sitzung verlassen
chat-left-with = { $name } kann das Gesagte weiterhin lesen. Du bekommst keine neuen Nachrichten aus dieser Sitzung.
chat-left-alone = Du bekommst keine neuen Nachrichten aus dieser Sitzung, und ihr Code lässt dich nicht mehr hinein.
