presence-unknown = descoñecido
presence-unknown-last-seen = descoñecido, visto por última vez ás { $time }
presence-unknown-title = Non tes conexión, así que non podes ver se o teu interlocutor está.
