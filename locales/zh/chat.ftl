# The conversation: following new messages, the partner leaving, leaving and the end screen.
chat-new-messages = { $count ->
   *[other] { $count } 条新消息
}
chat-new-messages-label = 跳到最新消息
chat-partner-left = { $name } 已离开会话。
chat-partner-left-explained = 已说的内容会保留在这里，但没有人会阅读新消息。
chat-start-new = 开始新的会话
chat-leave-title = 要离开此会话吗？
chat-leave-explained = 你将不再收到此会话的消息，也无法返回。对方会保留已说的内容。
chat-leave-unsent-online = { $count ->
   *[other] 会先发送 { $count } 条待发消息。
}
chat-leave-unsent-offline = { $count ->
   *[other] 你已离线：{ $count } 条未发送的消息将被丢弃，对方永远不会收到。
}
chat-leave-unsent-failed = { $count ->
   *[other] 有 { $count } 条消息无法发送。仍要离开并丢弃它们吗？对方永远不会收到。
}
chat-leaving = 正在离开…
chat-left-title = 你已离开会话
chat-left-with = { $name } 仍可阅读已说的内容。你将不会再收到此会话的新消息。
chat-left-alone = 你将不会再收到此会话的新消息，它的代码也不能再让你进入。
