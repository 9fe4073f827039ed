session-code-label = Code
session-link-title = Link for your partner
session-copy-link = Copy link
session-copied = Copied
connection-connected = Connected
connection-reconnecting = Reconnecting…
connection-disconnected = Disconnected
connection-offline = Offline
connection-connecting = Connecting…
connection-reconnect = Reconnect
partner-waiting = Waiting for your partner
partner-online = online
partner-away = away
partner-offline = offline
partner-left = left
partner-label = { $name } ({ $language }) · { $status }
partner-unnamed = Partner · { $status }
partner-fallback-name = Your partner
expiry-expired = Session expired
expiry-seconds = Expires in { $seconds } s
expiry-minutes = Expires in { $minutes } min
session-expired-error = This session has expired. What was said stays readable; nothing new can be sent.
header-queued = { $count ->
    [one] message queued
   *[other] messages queued
}
header-queued-title = Messages not yet stored by the server
leave = Leave
leave-unsent-online = { $count ->
    [one] 1 message could not be sent yet. Leave anyway and discard it? Your partner will never get it.
   *[other] { $count } messages could not be sent yet. Leave anyway and discard them? Your partner will never get them.
}
leave-unsent-offline = { $count ->
    [one] 1 message is waiting because you are offline. Leave anyway and discard it? Your partner will never get it.
   *[other] { $count } messages are waiting because you are offline. Leave anyway and discard them? Your partner will never get them.
}
leave-failed = Could not leave. Try again.
leave-failed-offline = Could not leave: you are offline. Try again when you are back online.
chat-log-label = Conversation
chat-empty-waiting = Share the code or the link; messages appear here.
chat-empty-ready = Say hello. Your partner reads it in their language.
chat-load-earlier = Load earlier messages
chat-loading-earlier = Loading earlier messages…
chat-typing = { $name } is typing…
chat-translating = { $name } is translating…
chat-live-failed = Could not open the live connection. Messages are kept and sent when it works again.
chat-retranslate-failed = Could not retry the translation. Try again in a moment.
composer-label = Message
composer-placeholder = Write in your language… (Enter sends, Shift+Enter for a new line)
composer-send = Send
