# Delivery: why a message is not sent (yet), the header while sending fails, the length counter.
delivery-waiting = 尚未发送 — { $seconds } 秒后重试
delivery-waiting-now = 尚未发送 — 正在重试…
delivery-retry-now = 立即重试
delivery-reason-unreachable = 无法连接服务器。请检查网络连接，然后重试。
delivery-reason-rate-limited = 你发送的速度超过了服务器的限制。稍后会自动发出。
delivery-reason-expired = 此会话已过期。开始新的会话以继续交谈。
delivery-reason-not-found = 此会话已不存在。开始新的会话以继续交谈。
delivery-reason-not-allowed = 你已无法在此会话中发消息。开始新的会话以继续交谈。
delivery-reason-invalid = 服务器未接受此消息。请修改后重试。
delivery-reason-rule = 服务器未接受此消息，例如因为它太长。请缩短后重试。
delivery-reason-duplicate = 服务器已有此消息。你可以丢弃这份副本。
delivery-reason-other = 服务器未接受此消息。请重试或丢弃它。
delivery-reason-vanished = 服务器称已收到此消息，却始终没有返回它。请重试。
delivery-reason-unknown = 此消息无法发送。请重试或丢弃它。
delivery-banner-not-sent = { $count ->
   *[other] { $count } 条消息未发送。{ $reason }
}
delivery-banner-rate-limited = 你发送得太快了：服务器要求等待 { $seconds } 秒。你的消息会排队并自动发出。
delivery-banner-catch-up = 无法加载你错过的消息。正在自动重试。
delivery-banner-earlier = 无法加载更早的消息。请重试。
delivery-banner-reconnect = 无法重新连接到会话。你的消息会排队等待；点击“重新连接”，或在网络恢复后自动继续。
delivery-rejected-outbox-full = 已有 { $count } 条消息等待发送。请等待发送完成，或丢弃发送失败的消息。
delivery-rejected-invalid = 一条消息需要 1 到 { $max } 个字符。
delivery-rejected-unknown = 此消息已不在等待发送。
delivery-rejected-not-failed = 只有未发送的消息才能丢弃。
delivery-connection-failing = 连接有问题：消息发不出去
delivery-counter-left = { $count ->
   *[other] 还剩 { $count } 个字符
}
delivery-counter-over = { $count ->
   *[other] 超出 { $count } 个字符
}
delivery-too-long = 太长，无法发送：一条消息最多 { $max } 个字符。请缩短后再发送。
