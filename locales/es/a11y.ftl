a11y-hide-original = Ocultar original
a11y-session-heading = Conversación con { $name }
a11y-session-heading-waiting = Conversación nueva, esperando a tu interlocutor
a11y-session-failed-heading = No se puede abrir esta sesión
a11y-not-found-title = Página no encontrada
a11y-not-found-hint = Revisa la dirección que escribiste o que te enviaron. Los enlaces de sesión tienen este aspecto: { $code }.
a11y-not-found-home = Ir a la página de inicio
