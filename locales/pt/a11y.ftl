a11y-hide-original = Ocultar original
a11y-session-heading = Conversa com { $name }
a11y-session-heading-waiting = Nova conversa, à espera do teu interlocutor
a11y-session-failed-heading = Não é possível abrir esta sessão
a11y-not-found-title = Página não encontrada
a11y-not-found-hint = Verifica o endereço que escreveste ou que te enviaram. Os links de sessão têm este aspeto: { $code }.
a11y-not-found-home = Ir para a página inicial
