origin-written-in = { $language }で書かれています
origin-no-route = { $from }から{ $to }への翻訳はありません
origin-via = { $name } · { $language }経由
origin-route = 翻訳エンジン
