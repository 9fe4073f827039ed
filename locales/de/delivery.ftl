# Delivery: why a message is not sent (yet), the header while sending fails, the length counter.
delivery-waiting = Noch nicht gesendet — neuer Versuch in { $seconds } s
delivery-waiting-now = Noch nicht gesendet — neuer Versuch…
delivery-retry-now = Jetzt erneut versuchen
delivery-reason-unreachable = Der Server war nicht erreichbar. Prüfe deine Verbindung und versuche es dann erneut.
delivery-reason-rate-limited = Du sendest schneller, als der Server erlaubt. Die Nachricht geht gleich von selbst raus.
delivery-reason-expired = Diese Sitzung ist abgelaufen. Starte eine neue Sitzung, um weiterzureden.
delivery-reason-not-found = Diese Sitzung gibt es nicht mehr. Starte eine neue Sitzung, um weiterzureden.
delivery-reason-not-allowed = Du kannst in dieser Sitzung nicht mehr schreiben. Starte eine neue Sitzung, um weiterzureden.
delivery-reason-invalid = Der Server hat diese Nachricht nicht angenommen. Ändere sie und versuche es erneut.
delivery-reason-rule = Der Server hat diese Nachricht nicht angenommen, zum Beispiel weil sie zu lang ist. Kürze sie und versuche es erneut.
delivery-reason-duplicate = Der Server hat diese Nachricht schon. Du kannst diese Kopie verwerfen.
delivery-reason-other = Der Server hat diese Nachricht nicht angenommen. Versuche es erneut oder verwirf sie.
delivery-reason-vanished = Der Server meldete, die Nachricht zu haben, hat sie aber nie geliefert. Versuche es erneut.
delivery-reason-unknown = Diese Nachricht konnte nicht gesendet werden. Versuche es erneut oder verwirf sie.
delivery-banner-not-sent = { $count ->
    [one] Eine Nachricht wurde nicht gesendet. { $reason }
   *[other] { $count } Nachrichten wurden nicht gesendet. { $reason }
}
delivery-banner-rate-limited = Du sendest zu schnell: Der Server bittet, { $seconds } s zu warten. Deine Nachrichten warten und gehen von selbst raus.
delivery-banner-catch-up = Verpasste Nachrichten konnten nicht geladen werden. Es wird automatisch erneut versucht.
delivery-banner-earlier = Frühere Nachrichten konnten nicht geladen werden. Versuche es erneut.
delivery-banner-reconnect = Die Verbindung zur Sitzung konnte nicht wiederhergestellt werden. Deine Nachrichten warten; tippe auf Neu verbinden, oder es geht weiter, sobald das Netz zurück ist.
delivery-rejected-outbox-full = Es warten schon { $count } Nachrichten auf den Versand. Warte, bis sie gesendet sind, oder verwirf die fehlgeschlagenen.
delivery-rejected-invalid = Eine Nachricht braucht 1 bis { $max } Zeichen.
delivery-rejected-unknown = Diese Nachricht wartet nicht mehr auf den Versand.
delivery-rejected-not-failed = Nur eine nicht gesendete Nachricht kann verworfen werden.
delivery-connection-failing = Verbindungsprobleme: Nachrichten gehen nicht raus
delivery-counter-left = { $count ->
    [one] Noch { $count } Zeichen
   *[other] Noch { $count } Zeichen
}
delivery-counter-over = { $count ->
    [one] { $count } Zeichen zu viel
   *[other] { $count } Zeichen zu viel
}
delivery-too-long = Zu lang zum Senden: Eine Nachricht darf höchstens { $max } Zeichen haben. Kürze sie, um sie zu senden.
