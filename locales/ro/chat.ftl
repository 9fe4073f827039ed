# The conversation: following new messages, the partner leaving, leaving and the end screen.
chat-new-messages = { $count ->
    [one] { $count } mesaj nou
    [few] { $count } mesaje noi
   *[other] { $count } de mesaje noi
}
chat-new-messages-label = Mergi la cel mai nou mesaj
chat-partner-left = { $name } a părăsit sesiunea.
chat-partner-left-explained = Ce s-a spus rămâne aici, dar nimeni nu va citi mesajele noi.
chat-start-new = Începe o sesiune nouă
chat-leave-title = Părăsești această sesiune?
chat-leave-explained = Nu vei mai primi mesaje în această sesiune și nu te vei putea întoarce. Interlocutorul tău păstrează ce s-a spus.
chat-leave-unsent-online = { $count ->
    [one] Mai întâi se trimite { $count } mesaj în așteptare.
    [few] Mai întâi se trimit { $count } mesaje în așteptare.
   *[other] Mai întâi se trimit { $count } de mesaje în așteptare.
}
chat-leave-unsent-offline = { $count ->
    [one] Ești offline: { $count } mesaj netrimis va fi aruncat. Interlocutorul tău nu îl va primi niciodată.
    [few] Ești offline: { $count } mesaje netrimise vor fi aruncate. Interlocutorul tău nu le va primi niciodată.
   *[other] Ești offline: { $count } de mesaje netrimise vor fi aruncate. Interlocutorul tău nu le va primi niciodată.
}
chat-leave-unsent-failed = { $count ->
    [one] { $count } mesaj nu a putut fi trimis. Pleci oricum și renunți la el? Interlocutorul tău nu îl va primi niciodată.
    [few] { $count } mesaje nu au putut fi trimise. Pleci oricum și renunți la ele? Interlocutorul tău nu le va primi niciodată.
   *[other] { $count } de mesaje nu au putut fi trimise. Pleci oricum și renunți la ele? Interlocutorul tău nu le va primi niciodată.
}
chat-leaving = Se iese…
chat-left-title = Ai părăsit sesiunea
chat-left-with = { $name } poate citi în continuare ce s-a spus. Nu vei mai primi mesaje noi din această sesiune.
chat-left-alone = Nu vei mai primi mesaje noi din această sesiune, iar codul ei nu te mai lasă să intri.
