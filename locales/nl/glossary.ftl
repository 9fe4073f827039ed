# The session's glossary (English reference: locales/en/glossary.ftl).
glossary-title = Woordenlijst
glossary-count = { $count ->
    [one] ({ $count } term)
   *[other] ({ $count } termen)
}
glossary-hint = Vastgezette woorden worden in elk bericht hetzelfde vertaald: namen blijven zoals ze geschreven zijn, of krijgen een vaste vertaling. Jullie zien deze lijst allebei en kunnen hem allebei aanpassen.
glossary-empty = Nog geen vastgezette termen.
glossary-list-label = Vastgezette termen
glossary-term-label = Term
glossary-translation-label = Vertaling
glossary-keep-label = Ongewijzigd laten
glossary-add = Term vastzetten
glossary-kept = blijft ongewijzigd
glossary-by-me = vastgezet door jou
glossary-by-partner = vastgezet door { $name }
glossary-remove-label = “{ $term }” verwijderen
glossary-error-term = Schrijf een term van 1 tot 100 tekens.
glossary-error-translation = Schrijf de vertaling (hoogstens 100 tekens) of kies ervoor de term ongewijzigd te laten.
glossary-error-full = Dit gesprek heeft al zoveel vastgezette termen als het kan bevatten. Verwijder er eerst een.
glossary-error-failed = De woordenlijst kon niet worden gewijzigd. Probeer het opnieuw.
