origin-written-in = Scris în { $language }
origin-no-route = Nu există traducere din { $from } în { $to }
origin-via = { $name } · prin { $language }
origin-route = Tradus cu
