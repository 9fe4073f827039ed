a11y-hide-original = إخفاء النص الأصلي
a11y-session-heading = محادثة مع { $name }
a11y-session-heading-waiting = محادثة جديدة، في انتظار الطرف الآخر
a11y-session-failed-heading = تعذّر فتح هذه الجلسة
a11y-not-found-title = الصفحة غير موجودة
a11y-not-found-hint = تحقّق من العنوان الذي كتبته أو أُرسل إليك. تبدو روابط الجلسات هكذا: { $code }.
a11y-not-found-home = الانتقال إلى الصفحة الرئيسية
