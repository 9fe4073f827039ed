-- The translation pipeline takes a session's backlog (messages sent before the partner joined)
-- one message per turn, newest first (store/messages.rs `latest_untranslated`). Without an
-- index each turn scanned the session's rows from one end to the first untranslated one, so a
-- backlog of N messages cost N²/2 row visits under the database lock (10,000 messages: about 50
-- million), stalling every other request of the server meanwhile. The partial index holds only
-- the untranslated rows, so each turn is one lookup; rows leave it as they are translated.
CREATE INDEX messages_untranslated ON messages (session_id, seq)
    WHERE target_lang IS NULL AND translated_body IS NULL;
