presence-unknown = 未知
presence-unknown-last-seen = 未知，最后在线 { $time }
presence-unknown-title = 你未连接，因此无法看到对方是否在线。
