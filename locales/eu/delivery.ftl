# Delivery: why a message is not sent (yet), the header while sending fails, the length counter.
delivery-waiting = Oraindik bidali gabe — berriro { $seconds } s barru
delivery-waiting-now = Oraindik bidali gabe — berriro saiatzen…
delivery-retry-now = Saiatu berriro orain
delivery-reason-unreachable = Ezin izan da zerbitzariarekin konektatu. Egiaztatu konexioa eta saiatu berriro.
delivery-reason-rate-limited = Zerbitzariak onartzen duena baino azkarrago bidaltzen ari zara. Berez aterako da une batean.
delivery-reason-expired = Saio hau iraungi da. Hasi saio berri bat hitz egiten jarraitzeko.
delivery-reason-not-found = Saio hau ez dago jada. Hasi saio berri bat hitz egiten jarraitzeko.
delivery-reason-not-allowed = Ezin duzu saio honetan idatzi jada. Hasi saio berri bat hitz egiten jarraitzeko.
delivery-reason-invalid = Zerbitzariak ez du mezu hau onartu. Aldatu eta saiatu berriro.
delivery-reason-rule = Zerbitzariak ez du mezu hau onartu, adibidez luzeegia delako. Laburtu eta saiatu berriro.
delivery-reason-duplicate = Zerbitzariak badu mezu hau. Kopia hau baztertu dezakezu.
delivery-reason-other = Zerbitzariak ez du mezu hau onartu. Saiatu berriro edo baztertu.
delivery-reason-vanished = Zerbitzariak mezu hau zuela esan zuen, baina ez du inoiz erakutsi. Saiatu berriro.
delivery-reason-unknown = Ezin izan da mezu hau bidali. Saiatu berriro edo baztertu.
delivery-banner-not-sent = { $count ->
    [one] Mezu bat ez da bidali. { $reason }
   *[other] { $count } mezu ez dira bidali. { $reason }
}
delivery-banner-rate-limited = Azkarregi bidaltzen ari zara: zerbitzariak { $seconds } s itxaroteko eskatu du. Zure mezuek itxaron egiten dute eta berez aterako dira.
delivery-banner-catch-up = Ezin izan dira galdutako mezuak kargatu. Berez saiatuko da berriro.
delivery-banner-earlier = Ezin izan dira lehenagoko mezuak kargatu. Saiatu berriro.
delivery-banner-reconnect = Ezin izan da saiora berriro konektatu. Zure mezuek itxaron egiten dute; sakatu Berriro konektatu, edo sarea itzultzean jarraituko du.
delivery-rejected-outbox-full = { $count } mezu daude jada bidaltzeko zain. Itxaron bidali arte, edo baztertu huts egin dutenak.
delivery-rejected-invalid = Mezu batek 1 eta { $max } karaktere artean behar ditu.
delivery-rejected-unknown = Mezu hau ez dago jada bidaltzeko zain.
delivery-rejected-not-failed = Bidali ez den mezu bat bakarrik baztertu daiteke.
delivery-connection-failing = Konexio arazoak: mezuak ez dira ateratzen
delivery-counter-left = { $count ->
    [one] Karaktere { $count } geratzen da
   *[other] { $count } karaktere geratzen dira
}
delivery-counter-over = { $count ->
    [one] Karaktere { $count } gehiegi
   *[other] { $count } karaktere gehiegi
}
delivery-too-long = Luzeegia bidaltzeko: mezu batek gehienez { $max } karaktere izan ditzake. Laburtu bidaltzeko.
