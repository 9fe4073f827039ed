# Delivery: why a message is not sent (yet), the header while sending fails, the length counter.
delivery-waiting = Ainda não enviada — nova tentativa em { $seconds } s
delivery-waiting-now = Ainda não enviada — tentando de novo…
delivery-retry-now = Tentar agora
delivery-reason-unreachable = Não foi possível contactar o servidor. Verifique a sua ligação e tente de novo.
delivery-reason-rate-limited = Está a enviar mais depressa do que o servidor permite. Sai sozinha daqui a pouco.
delivery-reason-expired = Esta sessão expirou. Comece uma sessão nova para continuar a conversar.
delivery-reason-not-found = Esta sessão já não existe. Comece uma sessão nova para continuar a conversar.
delivery-reason-not-allowed = Já não pode escrever nesta sessão. Comece uma sessão nova para continuar a conversar.
delivery-reason-invalid = O servidor não aceitou esta mensagem. Altere-a e tente de novo.
delivery-reason-rule = O servidor não aceitou esta mensagem, por exemplo por ser demasiado longa. Encurte-a e tente de novo.
delivery-reason-duplicate = O servidor já tem esta mensagem. Pode descartar esta cópia.
delivery-reason-other = O servidor não aceitou esta mensagem. Tente de novo ou descarte-a.
delivery-reason-vanished = O servidor disse que tinha esta mensagem, mas nunca a devolveu. Tente de novo.
delivery-reason-unknown = Não foi possível enviar esta mensagem. Tente de novo ou descarte-a.
delivery-banner-not-sent = { $count ->
    [one] Uma mensagem não foi enviada. { $reason }
   *[other] { $count } mensagens não foram enviadas. { $reason }
}
delivery-banner-rate-limited = Está a enviar depressa demais: o servidor pediu para esperar { $seconds } s. As suas mensagens esperam e saem sozinhas.
delivery-banner-catch-up = Não foi possível carregar as mensagens perdidas. Nova tentativa automática.
delivery-banner-earlier = Não foi possível carregar mensagens anteriores. Tente de novo.
delivery-banner-reconnect = Não foi possível voltar a ligar à sessão. As suas mensagens esperam; toque em Religar, ou retoma quando a rede voltar.
delivery-rejected-outbox-full = Já há { $count } mensagens à espera de envio. Espere que sejam enviadas ou descarte as que falharam.
delivery-rejected-invalid = Uma mensagem precisa de 1 a { $max } caracteres.
delivery-rejected-unknown = Esta mensagem já não está à espera de envio.
delivery-rejected-not-failed = Só uma mensagem não enviada pode ser descartada.
delivery-connection-failing = Problemas de ligação: as mensagens não saem
delivery-counter-left = { $count ->
    [one] Resta { $count } caractere
   *[other] Restam { $count } caracteres
}
delivery-counter-over = { $count ->
    [one] { $count } caractere a mais
   *[other] { $count } caracteres a mais
}
delivery-too-long = Demasiado longa para enviar: uma mensagem pode ter no máximo { $max } caracteres. Encurte-a para a enviar.
