presence-unknown = неизвестно
presence-unknown-last-seen = неизвестно, был(а) в сети в { $time }
presence-unknown-title = Вы не подключены, поэтому не видите, на месте ли ваш собеседник.
