# The session's glossary (English reference: locales/en/glossary.ftl).
glossary-title = 用語集
glossary-count = { $count ->
   *[other] （{ $count } 件）
}
glossary-hint = 固定した語はどのメッセージでも同じように訳されます。名前はそのまま残すか、決まった訳を使います。このリストはお二人とも見て変更できます。
glossary-empty = 固定された用語はまだありません。
glossary-list-label = 固定された用語
glossary-term-label = 用語
glossary-translation-label = 訳語
glossary-keep-label = そのまま残す
glossary-add = 用語を固定
glossary-kept = そのまま
glossary-by-me = あなたが固定
glossary-by-partner = { $name } さんが固定
glossary-remove-label = 「{ $term }」を削除
glossary-error-term = 1〜100 文字の用語を入力してください。
glossary-error-translation = 訳語（100 文字以内）を入力するか、そのまま残すを選んでください。
glossary-error-full = この会話で固定できる用語数の上限に達しています。先に 1 つ削除してください。
glossary-error-failed = 用語集を変更できませんでした。もう一度お試しください。
