session-code-label = Kodea
session-link-title = Beste pertsonarentzako esteka
session-copy-link = Kopiatu esteka
session-copied = Kopiatuta
connection-connected = Konektatuta
connection-reconnecting = Berriro konektatzen…
connection-disconnected = Deskonektatuta
connection-offline = Konexiorik gabe
connection-connecting = Konektatzen…
connection-reconnect = Konektatu berriro
partner-waiting = Beste pertsonaren zain
partner-online = linean
partner-away = kanpoan
partner-offline = konexiorik gabe
partner-left = irten da
partner-label = { $name } ({ $language }) · { $status }
partner-unnamed = Beste pertsona · { $status }
partner-fallback-name = Beste pertsona
expiry-expired = Saioa iraungi da
expiry-seconds = { $seconds } s barru iraungiko da
expiry-minutes = { $minutes } min barru iraungiko da
session-expired-error = Saio hau iraungi egin da. Esandakoa irakur daiteke oraindik, baina ezin da ezer berririk bidali.
header-queued = { $count ->
    [one] mezu ilaran
   *[other] mezu ilaran
}
header-queued-title = Zerbitzariak oraindik gorde ez dituen mezuak
leave = Irten
leave-unsent-online = { $count ->
    [one] Mezu 1 ezin izan da bidali oraindik. Irten nahi duzu hala ere, eta mezua baztertu? Beste pertsonak ez du inoiz jasoko.
   *[other] { $count } mezu ezin izan dira bidali oraindik. Irten nahi duzu hala ere, eta mezuak baztertu? Beste pertsonak ez ditu inoiz jasoko.
}
leave-unsent-offline = { $count ->
    [one] Mezu 1 zain dago, konexiorik gabe zaudelako. Irten nahi duzu hala ere, eta mezua baztertu? Beste pertsonak ez du inoiz jasoko.
   *[other] { $count } mezu zain daude, konexiorik gabe zaudelako. Irten nahi duzu hala ere, eta mezuak baztertu? Beste pertsonak ez ditu inoiz jasoko.
}
leave-failed = Ezin izan da irten. Saiatu berriro.
leave-failed-offline = Ezin izan da irten: konexiorik gabe zaude. Saiatu berriro konexioa berreskuratzen duzunean.
chat-log-label = Elkarrizketa
chat-empty-waiting = Partekatu kodea edo esteka; mezuak hemen agertuko dira.
chat-empty-ready = Esan kaixo. Beste pertsonak bere hizkuntzan irakurriko du.
chat-load-earlier = Kargatu mezu zaharragoak
chat-loading-earlier = Mezu zaharragoak kargatzen…
chat-typing = { $name } idazten ari da…
chat-translating = { $name } itzultzen ari da…
chat-live-failed = Ezin izan da zuzeneko konexioa ireki. Mezuak gordeta daude, eta konexioak berriro funtzionatzen duenean bidaliko dira.
chat-retranslate-failed = Ezin izan da itzulpena berriro saiatu. Saiatu berriro handik gutxira.
composer-label = Mezua
composer-placeholder = Idatzi zure hizkuntzan… (Sartu bidaltzeko, Maius+Sartu lerro berrirako)
composer-send = Bidali
