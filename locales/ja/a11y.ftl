a11y-hide-original = 原文を隠す
a11y-session-heading = { $name } さんとの会話
a11y-session-heading-waiting = 新しい会話、相手の参加を待っています
a11y-session-failed-heading = このセッションを開けません
a11y-not-found-title = ページが見つかりません
a11y-not-found-hint = 入力したアドレス、または受け取ったアドレスを確認してください。セッションのリンクは { $code } のような形式です。
a11y-not-found-home = ホームページへ移動
