-- Where a message's translation came from (issue #10, docs/contracts.md §1): the language the
-- pipeline translated from (detected in the text, or the sender's setting when detection was
-- unsure) and which engine and route produced `translated_body` (`apertium fr>es>en`). Both
-- are null until the pipeline has run, and in messages stored before this migration.
ALTER TABLE messages ADD COLUMN detected_lang TEXT;
ALTER TABLE messages ADD COLUMN translated_by TEXT;
