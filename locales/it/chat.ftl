# The conversation: following new messages, the partner leaving, leaving and the end screen.
chat-new-messages = { $count ->
    [one] { $count } nuovo messaggio
   *[other] { $count } nuovi messaggi
}
chat-new-messages-label = Vai al messaggio più recente
chat-partner-left = { $name } ha lasciato la sessione.
chat-partner-left-explained = Ciò che è stato detto resta qui, ma nessuno leggerà i nuovi messaggi.
chat-start-new = Inizia una nuova sessione
chat-leave-title = Lasciare questa sessione?
chat-leave-explained = Non riceverai più messaggi in questa sessione e non potrai tornarci. Il tuo interlocutore conserva ciò che è stato detto.
chat-leave-unsent-online = { $count ->
    [one] Prima viene inviato { $count } messaggio in attesa.
   *[other] Prima vengono inviati { $count } messaggi in attesa.
}
chat-leave-unsent-offline = { $count ->
    [one] Sei offline: { $count } messaggio non inviato verrà scartato. Il tuo interlocutore non lo riceverà mai.
   *[other] Sei offline: { $count } messaggi non inviati verranno scartati. Il tuo interlocutore non li riceverà mai.
}
chat-leave-unsent-failed = { $count ->
    [one] Non è stato possibile inviare { $count } messaggio. Uscire comunque e scartarlo? Il tuo interlocutore non lo riceverà mai.
   *[other] Non è stato possibile inviare { $count } messaggi. Uscire comunque e scartarli? Il tuo interlocutore non li riceverà mai.
}
chat-leaving = Uscita…
chat-left-title = Hai lasciato la sessione
chat-left-with = { $name } può ancora leggere ciò che è stato detto. Non riceverai nuovi messaggi da questa sessione.
chat-left-alone = Non riceverai nuovi messaggi da questa sessione e il suo codice non ti fa più entrare.
