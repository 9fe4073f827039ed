# The composer's translation preview.
preview-toggle = معاينة الترجمة
preview-partner-reads = سيقرأ { $name }:
preview-back-in = بالعودة إلى { $language }:
preview-updating = جارٍ تحديث المعاينة…
preview-unavailable = المعاينة غير متاحة
preview-paused = المعاينة متوقفة لحظة: طلبات كثيرة في وقت قصير
