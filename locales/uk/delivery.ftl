# Delivery: why a message is not sent (yet), the header while sending fails, the length counter.
delivery-waiting = Ще не надіслано — повтор через { $seconds } с
delivery-waiting-now = Ще не надіслано — повторюємо…
delivery-retry-now = Повторити зараз
delivery-reason-unreachable = Не вдалося зв’язатися із сервером. Перевірте з’єднання й повторіть.
delivery-reason-rate-limited = Ви надсилаєте швидше, ніж дозволяє сервер. Повідомлення піде само за мить.
delivery-reason-expired = Термін цієї сесії минув. Почніть нову сесію, щоб продовжити розмову.
delivery-reason-not-found = Цієї сесії більше немає. Почніть нову сесію, щоб продовжити розмову.
delivery-reason-not-allowed = Ви більше не можете писати в цій сесії. Почніть нову сесію, щоб продовжити розмову.
delivery-reason-invalid = Сервер не прийняв це повідомлення. Змініть його й повторіть.
delivery-reason-rule = Сервер не прийняв це повідомлення, наприклад тому, що воно задовге. Скоротіть його й повторіть.
delivery-reason-duplicate = Це повідомлення вже є на сервері. Цю копію можна видалити.
delivery-reason-other = Сервер не прийняв це повідомлення. Повторіть або видаліть його.
delivery-reason-vanished = Сервер повідомив, що має це повідомлення, але так і не повернув його. Повторіть.
delivery-reason-unknown = Не вдалося надіслати це повідомлення. Повторіть або видаліть його.
delivery-banner-not-sent = { $count ->
    [one] { $count } повідомлення не надіслано. { $reason }
    [few] { $count } повідомлення не надіслано. { $reason }
    [many] { $count } повідомлень не надіслано. { $reason }
   *[other] { $count } повідомлення не надіслано. { $reason }
}
delivery-banner-rate-limited = Ви надсилаєте занадто швидко: сервер просить зачекати { $seconds } с. Ваші повідомлення чекають і підуть самі.
delivery-banner-catch-up = Не вдалося завантажити пропущені повідомлення. Повтор відбудеться автоматично.
delivery-banner-earlier = Не вдалося завантажити попередні повідомлення. Спробуйте ще раз.
delivery-banner-reconnect = Не вдалося повторно під’єднатися до сесії. Ваші повідомлення чекають; натисніть «Під’єднатися знову», або все продовжиться, коли повернеться мережа.
delivery-rejected-outbox-full = Уже { $count } повідомлень чекають на надсилання. Дочекайтеся надсилання або видаліть ненадіслані.
delivery-rejected-invalid = Повідомлення має містити від 1 до { $max } символів.
delivery-rejected-unknown = Це повідомлення більше не чекає на надсилання.
delivery-rejected-not-failed = Видалити можна лише ненадіслане повідомлення.
delivery-connection-failing = Проблеми зі зв’язком: повідомлення не надсилаються
delivery-counter-left = { $count ->
    [one] Залишився { $count } символ
    [few] Залишилося { $count } символи
    [many] Залишилося { $count } символів
   *[other] Залишилося { $count } символу
}
delivery-counter-over = { $count ->
    [one] { $count } символ зайвий
    [few] { $count } символи зайві
    [many] { $count } символів зайві
   *[other] { $count } символу зайві
}
delivery-too-long = Задовге для надсилання: повідомлення може мати щонайбільше { $max } символів. Скоротіть його, щоб надіслати.
