# Delivery: why a message is not sent (yet), the header while sending fails, the length counter.
delivery-waiting = 未送信 — { $seconds } 秒後に再試行
delivery-waiting-now = 未送信 — 再試行しています…
delivery-retry-now = 今すぐ再試行
delivery-reason-unreachable = サーバーに接続できませんでした。接続を確認してから再試行してください。
delivery-reason-rate-limited = サーバーが許可する速さを超えて送信しています。まもなく自動で送信されます。
delivery-reason-expired = このセッションは期限切れです。会話を続けるには新しいセッションを始めてください。
delivery-reason-not-found = このセッションはもう存在しません。会話を続けるには新しいセッションを始めてください。
delivery-reason-not-allowed = このセッションにはもう書き込めません。会話を続けるには新しいセッションを始めてください。
delivery-reason-invalid = サーバーがこのメッセージを受け付けませんでした。内容を変えてから再試行してください。
delivery-reason-rule = サーバーがこのメッセージを受け付けませんでした（長すぎるなど）。短くしてから再試行してください。
delivery-reason-duplicate = このメッセージはすでにサーバーにあります。このコピーは破棄できます。
delivery-reason-other = サーバーがこのメッセージを受け付けませんでした。再試行するか破棄してください。
delivery-reason-vanished = サーバーはこのメッセージを受け取ったと応答しましたが、返してきませんでした。再試行してください。
delivery-reason-unknown = このメッセージを送信できませんでした。再試行するか破棄してください。
delivery-banner-not-sent = { $count ->
   *[other] { $count } 件のメッセージが送信されませんでした。{ $reason }
}
delivery-banner-rate-limited = 送信が速すぎます。サーバーから { $seconds } 秒待つよう求められました。メッセージは待機し、自動で送信されます。
delivery-banner-catch-up = 見逃したメッセージを読み込めませんでした。自動で再試行します。
delivery-banner-earlier = 以前のメッセージを読み込めませんでした。もう一度お試しください。
delivery-banner-reconnect = セッションに再接続できませんでした。メッセージは待機しています。「再接続」を押すか、ネットワークが戻ると再開します。
delivery-rejected-outbox-full = すでに { $count } 件のメッセージが送信待ちです。送信されるまで待つか、失敗したものを破棄してください。
delivery-rejected-invalid = メッセージは 1～{ $max } 文字で入力してください。
delivery-rejected-unknown = このメッセージはもう送信待ちではありません。
delivery-rejected-not-failed = 破棄できるのは送信されなかったメッセージだけです。
delivery-connection-failing = 接続に問題があります：メッセージが送信されません
delivery-counter-left = { $count ->
   *[other] 残り { $count } 文字
}
delivery-counter-over = { $count ->
   *[other] { $count } 文字超過
}
delivery-too-long = 長すぎて送信できません：メッセージは最大 { $max } 文字です。短くしてから送信してください。
