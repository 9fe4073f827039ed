origin-written-in = 以{ $language }书写
origin-no-route = 无法从{ $from }翻译成{ $to }
origin-via = { $name } · 经由{ $language }
origin-route = 翻译引擎
