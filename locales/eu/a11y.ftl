a11y-hide-original = Ezkutatu jatorrizkoa
a11y-session-heading = Elkarrizketa: { $name }
a11y-session-heading-waiting = Elkarrizketa berria, zure solaskidearen zain
a11y-session-failed-heading = Ezin da saio hau ireki
a11y-not-found-title = Ez da orria aurkitu
a11y-not-found-hint = Egiaztatu idatzi edo bidali dizuten helbidea. Saioen estekak honelakoak dira: { $code }.
a11y-not-found-home = Joan hasierako orrira
