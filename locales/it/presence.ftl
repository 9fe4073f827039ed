presence-unknown = sconosciuto
presence-unknown-last-seen = sconosciuto, ultimo accesso alle { $time }
presence-unknown-title = Non sei connesso, quindi non puoi vedere se il tuo interlocutore c’è.
