presence-unknown = desconegut
presence-unknown-last-seen = desconegut, vist per última vegada a les { $time }
presence-unknown-title = No tens connexió, així que no pots veure si el teu interlocutor hi és.
