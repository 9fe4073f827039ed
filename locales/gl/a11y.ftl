a11y-hide-original = Ocultar o orixinal
a11y-session-heading = Conversa con { $name }
a11y-session-heading-waiting = Conversa nova, á espera do teu interlocutor
a11y-session-failed-heading = Non se pode abrir esta sesión
a11y-not-found-title = Non se atopou a páxina
a11y-not-found-hint = Revisa o enderezo que escribiches ou que che enviaron. As ligazóns de sesión teñen este aspecto: { $code }.
a11y-not-found-home = Ir á páxina de inicio
