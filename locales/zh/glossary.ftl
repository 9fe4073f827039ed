# The session's glossary (English reference: locales/en/glossary.ftl).
glossary-title = 术语表
glossary-count = { $count ->
   *[other] （{ $count } 个术语）
}
glossary-hint = 固定的词语在每条消息中都以相同方式翻译：名字保持原样，或使用固定译法。你们双方都能看到并修改这个列表。
glossary-empty = 还没有固定的术语。
glossary-list-label = 已固定的术语
glossary-term-label = 术语
glossary-translation-label = 译法
glossary-keep-label = 保持原样
glossary-add = 固定术语
glossary-kept = 保持原样
glossary-by-me = 由你固定
glossary-by-partner = 由 { $name } 固定
glossary-remove-label = 移除“{ $term }”
glossary-error-term = 请输入 1 到 100 个字符的术语。
glossary-error-translation = 请输入译法（最多 100 个字符），或选择保持原样。
glossary-error-full = 此对话固定的术语已达上限。请先移除一个。
glossary-error-failed = 无法修改术语表。请重试。
