# The conversation: following new messages, the partner leaving, leaving and the end screen.
chat-new-messages = { $count ->
    [one] Mezu berri { $count }
   *[other] { $count } mezu berri
}
chat-new-messages-label = Joan mezu berrienera
chat-partner-left = { $name } saiotik atera da.
chat-partner-left-explained = Esandakoa hemen geratzen da, baina inork ez ditu mezu berriak irakurriko.
chat-start-new = Hasi saio berri bat
chat-leave-title = Saio honetatik atera?
chat-leave-explained = Ez duzu saio honetako mezurik jasoko eta ezin izango zara itzuli. Beste pertsonak esandakoa gordetzen du.
chat-leave-unsent-online = { $count ->
    [one] Lehenik bidali gabeko mezu { $count } bidaltzen da.
   *[other] Lehenik bidali gabeko { $count } mezu bidaltzen dira.
}
chat-leave-unsent-offline = { $count ->
    [one] Konexiorik gabe zaude: bidali gabeko mezu { $count } baztertuko da. Beste pertsonak ez du inoiz jasoko.
   *[other] Konexiorik gabe zaude: bidali gabeko { $count } mezu baztertuko dira. Beste pertsonak ez ditu inoiz jasoko.
}
chat-leave-unsent-failed = { $count ->
    [one] Ezin izan da mezu { $count } bidali. Hala ere atera eta baztertu? Beste pertsonak ez du inoiz jasoko.
   *[other] Ezin izan dira { $count } mezu bidali. Hala ere atera eta baztertu? Beste pertsonak ez ditu inoiz jasoko.
}
chat-leaving = Ateratzen…
chat-left-title = Saiotik atera zara
chat-left-with = { $name } esandakoa irakurtzen jarrai dezake. Ez duzu saio honetako mezu berririk jasoko.
chat-left-alone = Ez duzu saio honetako mezu berririk jasoko, eta haren kodeak ez dizu sartzen uzten jada.
