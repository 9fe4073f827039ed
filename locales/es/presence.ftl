presence-unknown = desconocido
presence-unknown-last-seen = desconocido, visto por última vez a las { $time }
presence-unknown-title = No tienes conexión, así que no puedes ver si tu interlocutor está.
