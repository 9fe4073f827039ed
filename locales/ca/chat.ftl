# The conversation: following new messages, the partner leaving, leaving and the end screen.
chat-new-messages = { $count ->
    [one] { $count } missatge nou
   *[other] { $count } missatges nous
}
chat-new-messages-label = Ves al missatge més recent
chat-partner-left = { $name } ha sortit de la sessió.
chat-partner-left-explained = El que s’ha dit es queda aquí, però ningú no llegirà els missatges nous.
chat-start-new = Comença una sessió nova
chat-leave-title = Vols sortir d’aquesta sessió?
chat-leave-explained = Ja no rebràs missatges d’aquesta sessió i no hi podràs tornar. L’altra persona conserva el que s’ha dit.
chat-leave-unsent-online = { $count ->
    [one] Primer s’envia { $count } missatge pendent.
   *[other] Primer s’envien { $count } missatges pendents.
}
chat-leave-unsent-offline = { $count ->
    [one] No tens connexió: es descartarà { $count } missatge no enviat. L’altra persona no el rebrà mai.
   *[other] No tens connexió: es descartaran { $count } missatges no enviats. L’altra persona no els rebrà mai.
}
chat-leave-unsent-failed = { $count ->
    [one] No s’ha pogut enviar { $count } missatge. Vols sortir igualment i descartar-lo? L’altra persona no el rebrà mai.
   *[other] No s’han pogut enviar { $count } missatges. Vols sortir igualment i descartar-los? L’altra persona no els rebrà mai.
}
chat-leaving = Sortint…
chat-left-title = Has sortit de la sessió
chat-left-with = { $name } encara pot llegir el que s’ha dit. No rebràs missatges nous d’aquesta sessió.
chat-left-alone = No rebràs missatges nous d’aquesta sessió, i el seu codi ja no et deixa entrar.
