# The composer's translation preview.
preview-toggle = 翻訳をプレビュー
preview-partner-reads = { $name }さんが読む文：
preview-back-in = { $language }に戻すと：
preview-updating = プレビューを更新しています…
preview-unavailable = プレビューを利用できません
preview-paused = プレビューを一時停止中：短時間に多すぎます
