# The join link's QR code on the waiting screen and the conversation saved as a file
# (docs/features/transcript-and-qr.md).
transcript-qr-label = QR code of the join link
transcript-qr-caption = Your partner can scan this code with a phone camera to join.
transcript-export-label = Save the conversation:
transcript-export-text = Text file
transcript-export-text-title = Download the conversation as a plain text file (.txt)
transcript-export-html = Printable page
transcript-export-html-title = Download a print-friendly page of the conversation (.html)
transcript-export-failed = The file could not be created. Try again.
# The file's contents. $code: the session code; $date: when it was saved, already formatted.
transcript-title = Conversation { $code }
transcript-exported = Saved on { $date }
transcript-participants = Participants
transcript-participant = { $name } ({ $language })
transcript-no-messages = No messages yet.
transcript-col-time = Time
transcript-col-who = Who
transcript-col-original = Original
transcript-col-translation = Translation
# In the time column, for own messages the server does not have.
transcript-not-sent-yet = not sent yet
transcript-not-sent = not sent
# In the translation column.
transcript-not-translated = (not translated yet)
transcript-translation-failed = (translation unavailable)
transcript-same-language = (same language, not translated)
# A labelled line of the text file: "English: Hello", "Participants: Ana (English), …".
transcript-labelled = { $label }: { $text }
