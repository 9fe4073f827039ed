session-code-label = الرمز
session-link-title = رابط للطرف الآخر
session-copy-link = نسخ الرابط
session-copied = تم النسخ
connection-connected = متصل
connection-reconnecting = جارٍ إعادة الاتصال…
connection-disconnected = انقطع الاتصال
connection-offline = غير متصل
connection-connecting = جارٍ الاتصال…
connection-reconnect = إعادة الاتصال
partner-waiting = بانتظار الطرف الآخر
partner-online = متصل
partner-away = غائب
partner-offline = غير متصل
partner-left = غادر
partner-label = { $name } ({ $language }) · { $status }
partner-unnamed = الطرف الآخر · { $status }
partner-fallback-name = الطرف الآخر
expiry-expired = انتهت الجلسة
expiry-seconds = تنتهي خلال { $seconds } ث
expiry-minutes = تنتهي خلال { $minutes } د
session-expired-error = انتهت صلاحية هذه الجلسة. يبقى ما قيل متاحًا للقراءة، ولا يمكن إرسال شيء جديد.
header-queued = { $count ->
    [zero] رسالة في الانتظار
    [one] رسالة في الانتظار
    [two] رسالتان في الانتظار
    [few] رسائل في الانتظار
    [many] رسالة في الانتظار
   *[other] رسالة في الانتظار
}
header-queued-title = رسائل لم يحفظها الخادم بعد
leave = مغادرة
leave-failed = تعذّرت المغادرة. حاول مرة أخرى.
leave-failed-offline = تعذّرت المغادرة: أنت غير متصل. حاول مرة أخرى عند عودة الاتصال.
chat-log-label = المحادثة
chat-empty-waiting = شارك الرمز أو الرابط؛ ستظهر الرسائل هنا.
chat-empty-ready = ألقِ التحية. سيقرؤها الطرف الآخر بلغته.
chat-load-earlier = تحميل الرسائل السابقة
chat-loading-earlier = جارٍ تحميل الرسائل السابقة…
chat-typing = { $name } يكتب…
chat-translating = { $name } يترجم…
chat-live-failed = تعذّر فتح الاتصال المباشر. الرسائل محفوظة وستُرسل عند عودة الاتصال.
chat-retranslate-failed = تعذّرت إعادة محاولة الترجمة. حاول مرة أخرى بعد لحظات.
composer-label = رسالة
composer-placeholder = اكتب بلغتك… (Enter للإرسال، Shift+Enter لسطر جديد)
composer-send = إرسال
