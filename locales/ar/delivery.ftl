# Delivery: why a message is not sent (yet), the header while sending fails, the length counter.
delivery-waiting = لم تُرسل بعد — إعادة المحاولة خلال { $seconds } ث
delivery-waiting-now = لم تُرسل بعد — تجري إعادة المحاولة…
delivery-retry-now = أعد المحاولة الآن
delivery-reason-unreachable = تعذّر الوصول إلى الخادم. تحقّق من اتصالك ثم أعد المحاولة.
delivery-reason-rate-limited = أنت ترسل أسرع مما يسمح به الخادم. ستُرسل الرسالة تلقائيًا بعد لحظة.
delivery-reason-expired = انتهت صلاحية هذه الجلسة. ابدأ جلسة جديدة لمواصلة الحديث.
delivery-reason-not-found = لم تعد هذه الجلسة موجودة. ابدأ جلسة جديدة لمواصلة الحديث.
delivery-reason-not-allowed = لم يعد بإمكانك الكتابة في هذه الجلسة. ابدأ جلسة جديدة لمواصلة الحديث.
delivery-reason-invalid = لم يقبل الخادم هذه الرسالة. عدّلها ثم أعد المحاولة.
delivery-reason-rule = لم يقبل الخادم هذه الرسالة، ربما لأنها طويلة جدًا. اختصرها ثم أعد المحاولة.
delivery-reason-duplicate = هذه الرسالة موجودة على الخادم بالفعل. يمكنك تجاهل هذه النسخة.
delivery-reason-other = لم يقبل الخادم هذه الرسالة. أعد المحاولة أو تجاهلها.
delivery-reason-vanished = قال الخادم إن الرسالة لديه لكنه لم يُعِدها قط. أعد المحاولة.
delivery-reason-unknown = تعذّر إرسال هذه الرسالة. أعد المحاولة أو تجاهلها.
delivery-banner-not-sent = { $count ->
    [zero] لم تُرسل أي رسالة. { $reason }
    [one] لم تُرسل رسالة واحدة. { $reason }
    [two] لم تُرسل رسالتان. { $reason }
    [few] لم تُرسل { $count } رسائل. { $reason }
    [many] لم تُرسل { $count } رسالة. { $reason }
   *[other] لم تُرسل { $count } رسالة. { $reason }
}
delivery-banner-rate-limited = أنت ترسل بسرعة كبيرة: طلب الخادم الانتظار { $seconds } ث. رسائلك تنتظر وستُرسل تلقائيًا.
delivery-banner-catch-up = تعذّر تحميل الرسائل التي فاتتك. ستُعاد المحاولة تلقائيًا.
delivery-banner-earlier = تعذّر تحميل الرسائل السابقة. أعد المحاولة.
delivery-banner-reconnect = تعذّرت إعادة الاتصال بالجلسة. رسائلك تنتظر؛ اضغط «إعادة الاتصال» أو سيُستأنف الاتصال عند عودة الشبكة.
delivery-rejected-outbox-full = هناك { $count } رسالة تنتظر الإرسال بالفعل. انتظر حتى تُرسل أو تجاهل الرسائل التي فشلت.
delivery-rejected-invalid = يجب أن تحتوي الرسالة على 1 إلى { $max } حرف.
delivery-rejected-unknown = لم تعد هذه الرسالة في انتظار الإرسال.
delivery-rejected-not-failed = لا يمكن تجاهل إلا رسالة لم تُرسل.
delivery-connection-failing = مشكلات في الاتصال: الرسائل لا تُرسل
delivery-counter-left = { $count ->
    [zero] لم يتبقَّ أي حرف
    [one] تبقّى حرف واحد
    [two] تبقّى حرفان
    [few] تبقّت { $count } أحرف
    [many] تبقّى { $count } حرفًا
   *[other] تبقّى { $count } حرف
}
delivery-counter-over = { $count ->
    [zero] لا أحرف زائدة
    [one] حرف واحد زائد
    [two] حرفان زائدان
    [few] { $count } أحرف زائدة
    [many] { $count } حرفًا زائدًا
   *[other] { $count } حرف زائد
}
delivery-too-long = الرسالة أطول من أن تُرسل: الحد الأقصى { $max } حرف. اختصرها لإرسالها.
