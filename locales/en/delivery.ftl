# Delivery: why a message is not sent (yet), what the header says while sending fails, the
# composer's length counter (docs/features/chat.md).
delivery-waiting = Not sent yet — retrying in { $seconds } s
delivery-waiting-now = Not sent yet — retrying…
delivery-retry-now = Retry now
delivery-reason-unreachable = The server could not be reached. Check your connection, then retry.
delivery-reason-rate-limited = You are sending faster than the server allows. It goes out by itself in a moment.
delivery-reason-expired = This session has expired. Start a new session to keep talking.
delivery-reason-not-found = This session no longer exists. Start a new session to keep talking.
delivery-reason-not-allowed = You can no longer write in this session. Start a new session to keep talking.
delivery-reason-invalid = The server did not accept this message. Change it, then retry.
delivery-reason-rule = The server did not accept this message, for example because it is too long. Shorten it, then retry.
delivery-reason-duplicate = The server already has this message. You can discard this copy.
delivery-reason-other = The server did not accept this message. Retry, or discard it.
delivery-reason-vanished = The server said it had this message but never showed it. Retry.
delivery-reason-unknown = This message could not be sent. Retry, or discard it.
delivery-banner-not-sent = { $count ->
    [one] A message was not sent. { $reason }
   *[other] { $count } messages were not sent. { $reason }
}
delivery-banner-rate-limited = You are sending too fast: the server asked to wait { $seconds } s. Your messages wait and go out by themselves.
delivery-banner-catch-up = Could not load the messages you missed. Trying again by itself.
delivery-banner-earlier = Could not load earlier messages. Try again.
delivery-banner-reconnect = Could not reconnect to the session. Your messages wait; press Reconnect, or it resumes when the network comes back.
delivery-rejected-outbox-full = { $count } messages are already waiting to be sent. Wait until they are sent, or discard the ones that failed.
delivery-rejected-invalid = A message needs 1 to { $max } characters.
delivery-rejected-unknown = This message is no longer waiting to be sent.
delivery-rejected-not-failed = Only a message that was not sent can be discarded.
delivery-connection-failing = Connection problems: messages are not going out
delivery-counter-left = { $count ->
    [one] 1 character left
   *[other] { $count } characters left
}
delivery-counter-over = { $count ->
    [one] 1 character too many
   *[other] { $count } characters too many
}
delivery-too-long = Too long to send: a message can have at most { $max } characters. Shorten it to send it.
