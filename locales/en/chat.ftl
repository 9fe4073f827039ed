# The conversation: following new messages, the partner leaving, leaving with confirmation
# and the end screen (docs/features/chat.md).
chat-new-messages = { $count ->
    [one] 1 new message
   *[other] { $count } new messages
}
chat-new-messages-label = Go to the newest message
chat-partner-left = { $name } left the session.
chat-partner-left-explained = What was said stays here, but nobody will read new messages.
chat-start-new = Start a new session
chat-leave-title = Leave this session?
chat-leave-explained = You will no longer get messages in this session and cannot come back to it. Your partner keeps what was said.
chat-leave-unsent-online = { $count ->
    [one] 1 message not sent yet is sent first.
   *[other] { $count } messages not sent yet are sent first.
}
chat-leave-unsent-offline = { $count ->
    [one] You are offline: 1 message not sent yet will be discarded. Your partner will never get it.
   *[other] You are offline: { $count } messages not sent yet will be discarded. Your partner will never get them.
}
chat-leave-unsent-failed = { $count ->
    [one] 1 message could not be sent. Leave anyway and discard it? Your partner will never get it.
   *[other] { $count } messages could not be sent. Leave anyway and discard them? Your partner will never get them.
}
chat-leaving = Leaving…
chat-left-title = You left the session
chat-left-with = { $name } can still read what was said. You will not get new messages from this session.
chat-left-alone = You will not get new messages from this session, and its code no longer lets you in.
