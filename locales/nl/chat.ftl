# The conversation: following new messages, the partner leaving, leaving and the end screen.
chat-new-messages = { $count ->
    [one] { $count } nieuw bericht
   *[other] { $count } nieuwe berichten
}
chat-new-messages-label = Naar het nieuwste bericht
chat-partner-left = { $name } heeft de sessie verlaten.
chat-partner-left-explained = Wat er gezegd is blijft hier, maar niemand leest nieuwe berichten.
chat-start-new = Nieuwe sessie starten
chat-leave-title = Deze sessie verlaten?
chat-leave-explained = Je krijgt geen berichten meer in deze sessie en kunt niet terugkomen. Je gesprekspartner houdt wat er gezegd is.
chat-leave-unsent-online = { $count ->
    [one] Eerst wordt { $count } nog niet verzonden bericht verstuurd.
   *[other] Eerst worden { $count } nog niet verzonden berichten verstuurd.
}
chat-leave-unsent-offline = { $count ->
    [one] Je bent offline: { $count } niet-verzonden bericht wordt weggegooid. Je gesprekspartner krijgt het nooit.
   *[other] Je bent offline: { $count } niet-verzonden berichten worden weggegooid. Je gesprekspartner krijgt ze nooit.
}
chat-leave-unsent-failed = { $count ->
    [one] { $count } bericht kon niet worden verzonden. Toch verlaten en het weggooien? Je gesprekspartner krijgt het nooit.
   *[other] { $count } berichten konden niet worden verzonden. Toch verlaten en ze weggooien? Je gesprekspartner krijgt ze nooit.
}
chat-leaving = Bezig met verlaten…
chat-left-title = Je hebt de sessie verlaten
chat-left-with = { $name } kan nog lezen wat er gezegd is. Je krijgt geen nieuwe berichten uit deze sessie.
chat-left-alone = Je krijgt geen nieuwe berichten uit deze sessie, en de code laat je er niet meer in.
