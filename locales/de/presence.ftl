presence-unknown = unbekannt
presence-unknown-last-seen = unbekannt, zuletzt gesehen um { $time }
presence-unknown-title = Du bist nicht verbunden und kannst daher nicht sehen, ob dein Gegenüber da ist.
