presence-unknown = невідомо
presence-unknown-last-seen = невідомо, востаннє в мережі о { $time }
presence-unknown-title = Ви не підключені, тому не бачите, чи ваш співрозмовник на місці.
