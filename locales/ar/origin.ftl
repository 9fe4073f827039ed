origin-written-in = مكتوبة باللغة { $language }
origin-no-route = لا تتوفر ترجمة من { $from } إلى { $to }
origin-via = { $name } · عبر { $language }
origin-route = الترجمة بواسطة
