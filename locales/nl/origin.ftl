origin-written-in = Geschreven in het { $language }
origin-no-route = Geen vertaling van het { $from } naar het { $to }
origin-via = { $name } · via het { $language }
origin-route = Vertaald met
