# The composer's translation preview.
preview-toggle = 预览译文
preview-partner-reads = { $name }将看到：
preview-back-in = 译回{ $language }：
preview-updating = 正在更新预览…
preview-unavailable = 预览不可用
preview-paused = 预览暂停片刻：短时间内请求过多
