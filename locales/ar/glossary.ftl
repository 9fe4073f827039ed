# The session's glossary (English reference: locales/en/glossary.ftl).
glossary-title = المسرد
glossary-count = { $count ->
    [zero] (لا مصطلحات)
    [one] (مصطلح واحد)
    [two] (مصطلحان)
    [few] ({ $count } مصطلحات)
    [many] ({ $count } مصطلحًا)
   *[other] ({ $count } مصطلح)
}
glossary-hint = تُترجَم الكلمات المثبّتة بالطريقة نفسها في كل رسالة: تبقى الأسماء كما كُتبت، أو تُعطى ترجمة ثابتة. كلاكما يرى هذه القائمة ويمكنه تعديلها.
glossary-empty = لا توجد مصطلحات مثبّتة بعد.
glossary-list-label = المصطلحات المثبّتة
glossary-term-label = المصطلح
glossary-translation-label = الترجمة
glossary-keep-label = إبقاؤه كما هو
glossary-add = تثبيت المصطلح
glossary-kept = يبقى كما كُتب
glossary-by-me = ثبّتَّه أنت
glossary-by-partner = ثبّته { $name }
glossary-remove-label = إزالة «{ $term }»
glossary-error-term = اكتب مصطلحًا من 1 إلى 100 حرف.
glossary-error-translation = اكتب ترجمته (حتى 100 حرف)، أو اختر إبقاءه كما هو.
glossary-error-full = في هذه المحادثة أقصى عدد ممكن من المصطلحات المثبّتة. أزِل واحدًا أولًا.
glossary-error-failed = تعذّر تعديل المسرد. حاول مرة أخرى.
