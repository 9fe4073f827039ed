# The conversation: following new messages, the partner leaving, leaving and the end screen.
chat-new-messages = { $count ->
   *[other] 新着メッセージ { $count } 件
}
chat-new-messages-label = 最新のメッセージへ移動
chat-partner-left = { $name } さんがセッションを退出しました。
chat-partner-left-explained = これまでの会話はここに残りますが、新しいメッセージを読む人はいません。
chat-start-new = 新しいセッションを始める
chat-leave-title = このセッションを退出しますか？
chat-leave-explained = このセッションのメッセージは今後届かず、戻ることもできません。相手にはこれまでの会話が残ります。
chat-leave-unsent-online = { $count ->
   *[other] 未送信のメッセージ { $count } 件を先に送信します。
}
chat-leave-unsent-offline = { $count ->
   *[other] オフラインです：未送信のメッセージ { $count } 件は破棄され、相手には届きません。
}
chat-leave-unsent-failed = { $count ->
   *[other] { $count } 件のメッセージを送信できませんでした。それでも退出して破棄しますか？相手には届きません。
}
chat-leaving = 退出しています…
chat-left-title = セッションを退出しました
chat-left-with = { $name } さんはこれまでの会話を引き続き読めます。このセッションの新しいメッセージは届きません。
chat-left-alone = このセッションの新しいメッセージは届きません。また、そのコードでは入れなくなりました。
