# Delivery: why a message is not sent (yet), the header while sending fails, the length counter.
delivery-waiting = Ещё не отправлено — повтор через { $seconds } с
delivery-waiting-now = Ещё не отправлено — повторяем…
delivery-retry-now = Повторить сейчас
delivery-reason-unreachable = Не удалось связаться с сервером. Проверьте подключение и повторите.
delivery-reason-rate-limited = Вы отправляете быстрее, чем позволяет сервер. Сообщение уйдёт само через мгновение.
delivery-reason-expired = Срок этой сессии истёк. Начните новую сессию, чтобы продолжить разговор.
delivery-reason-not-found = Этой сессии больше нет. Начните новую сессию, чтобы продолжить разговор.
delivery-reason-not-allowed = Вы больше не можете писать в этой сессии. Начните новую сессию, чтобы продолжить разговор.
delivery-reason-invalid = Сервер не принял это сообщение. Измените его и повторите.
delivery-reason-rule = Сервер не принял это сообщение, например потому, что оно слишком длинное. Сократите его и повторите.
delivery-reason-duplicate = Это сообщение уже есть на сервере. Эту копию можно удалить.
delivery-reason-other = Сервер не принял это сообщение. Повторите или удалите его.
delivery-reason-vanished = Сервер сообщил, что получил это сообщение, но так его и не вернул. Повторите.
delivery-reason-unknown = Не удалось отправить это сообщение. Повторите или удалите его.
delivery-banner-not-sent = { $count ->
    [one] { $count } сообщение не отправлено. { $reason }
    [few] { $count } сообщения не отправлены. { $reason }
    [many] { $count } сообщений не отправлено. { $reason }
   *[other] { $count } сообщения не отправлено. { $reason }
}
delivery-banner-rate-limited = Вы отправляете слишком быстро: сервер просит подождать { $seconds } с. Ваши сообщения ждут и уйдут сами.
delivery-banner-catch-up = Не удалось загрузить пропущенные сообщения. Повтор произойдёт автоматически.
delivery-banner-earlier = Не удалось загрузить предыдущие сообщения. Попробуйте ещё раз.
delivery-banner-reconnect = Не удалось переподключиться к сессии. Ваши сообщения ждут; нажмите «Переподключиться» или всё продолжится, когда вернётся сеть.
delivery-rejected-outbox-full = Уже { $count } сообщений ждут отправки. Дождитесь отправки или удалите неотправленные.
delivery-rejected-invalid = В сообщении должно быть от 1 до { $max } символов.
delivery-rejected-unknown = Это сообщение больше не ждёт отправки.
delivery-rejected-not-failed = Удалить можно только неотправленное сообщение.
delivery-connection-failing = Проблемы со связью: сообщения не уходят
delivery-counter-left = { $count ->
    [one] Остался { $count } символ
    [few] Осталось { $count } символа
    [many] Осталось { $count } символов
   *[other] Осталось { $count } символа
}
delivery-counter-over = { $count ->
    [one] { $count } символ лишний
    [few] { $count } символа лишние
    [many] { $count } символов лишние
   *[other] { $count } символа лишние
}
delivery-too-long = Слишком длинно для отправки: в сообщении может быть не больше { $max } символов. Сократите его, чтобы отправить.
