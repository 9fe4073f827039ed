origin-written-in = Geschrieben auf { $language }
origin-no-route = Keine Übersetzung von { $from } nach { $to }
origin-via = { $name } · über { $language }
origin-route = Übersetzt von
