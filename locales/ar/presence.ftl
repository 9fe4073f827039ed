presence-unknown = غير معروف
presence-unknown-last-seen = غير معروف، آخر ظهور { $time }
presence-unknown-title = لست متصلاً، لذا لا يمكنك معرفة ما إذا كان شريكك موجوداً.
