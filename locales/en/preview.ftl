# The composer's translation preview (docs/features/chat.md, "Preview").
# $name: the partner's display name. $language: the sender's language, as in "Back in English".
preview-toggle = Preview translation
preview-partner-reads = { $name } will read:
preview-back-in = Back in { $language }:
preview-updating = Updating the preview…
preview-unavailable = Preview unavailable
preview-paused = Preview paused for a moment: too many in a short time
