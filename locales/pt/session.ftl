session-code-label = Código
session-link-title = Link para a outra pessoa
session-copy-link = Copiar link
session-copied = Copiado
connection-connected = Conectado
connection-reconnecting = Reconectando…
connection-disconnected = Desconectado
connection-offline = Sem conexão
connection-connecting = Conectando…
connection-reconnect = Reconectar
partner-waiting = Aguardando a outra pessoa
partner-online = online
partner-away = ausente
partner-offline = offline
partner-left = saiu
partner-label = { $name } ({ $language }) · { $status }
partner-unnamed = A outra pessoa · { $status }
partner-fallback-name = A outra pessoa
expiry-expired = Sessão expirada
expiry-seconds = Expira em { $seconds } s
expiry-minutes = Expira em { $minutes } min
session-expired-error = Esta sessão expirou. O que foi dito continua legível, mas não é possível enviar nada novo.
header-queued = { $count ->
    [one] mensagem na fila
   *[other] mensagens na fila
}
header-queued-title = Mensagens ainda não salvas pelo servidor
leave = Sair
leave-unsent-online = { $count ->
    [one] { $count } mensagem ainda não pôde ser enviada. Sair mesmo assim e descartá-la? A outra pessoa nunca vai recebê-la.
   *[other] { $count } mensagens ainda não puderam ser enviadas. Sair mesmo assim e descartá-las? A outra pessoa nunca vai recebê-las.
}
leave-unsent-offline = { $count ->
    [one] { $count } mensagem está aguardando porque você está offline. Sair mesmo assim e descartá-la? A outra pessoa nunca vai recebê-la.
   *[other] { $count } mensagens estão aguardando porque você está offline. Sair mesmo assim e descartá-las? A outra pessoa nunca vai recebê-las.
}
leave-failed = Não foi possível sair. Tente novamente.
leave-failed-offline = Não foi possível sair: você está offline. Tente novamente quando estiver online.
chat-log-label = Conversa
chat-empty-waiting = Compartilhe o código ou o link; as mensagens aparecem aqui.
chat-empty-ready = Diga olá. A outra pessoa vai ler no idioma dela.
chat-load-earlier = Carregar mensagens anteriores
chat-loading-earlier = Carregando mensagens anteriores…
chat-typing = { $name } está digitando…
chat-translating = { $name } está traduzindo…
chat-live-failed = Não foi possível abrir a conexão em tempo real. As mensagens ficam guardadas e serão enviadas quando ela voltar a funcionar.
chat-retranslate-failed = Não foi possível tentar a tradução novamente. Tente de novo em instantes.
composer-label = Mensagem
composer-placeholder = Escreva no seu idioma… (Enter envia, Shift+Enter para nova linha)
composer-send = Enviar
