presence-unknown = 不明
presence-unknown-last-seen = 不明（最終確認 { $time }）
presence-unknown-title = 接続されていないため、相手がいるかどうか確認できません。
