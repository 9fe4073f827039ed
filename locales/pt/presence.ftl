presence-unknown = desconhecido
presence-unknown-last-seen = desconhecido, visto pela última vez às { $time }
presence-unknown-title = Não está ligado, por isso não pode ver se o seu interlocutor está presente.
