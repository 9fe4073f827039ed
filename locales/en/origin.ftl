# Where a message's text came from (docs/features/translation.md, "In the app").
# A message already in the reader's language, so not translated. $language: its name.
origin-written-in = Written in { $language }
# No engine translates the language the message is written in into the reader's.
origin-no-route = No translation from { $from } to { $to }
# The engine of a translation that went through another language. $name: the engine's product name.
origin-via = { $name } · via { $language }
# Label before the engine and route in the saved conversation ("Translated by: Apertium").
origin-route = Translated by
