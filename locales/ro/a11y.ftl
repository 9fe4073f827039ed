a11y-hide-original = Ascunde originalul
a11y-session-heading = Conversație cu { $name }
a11y-session-heading-waiting = Conversație nouă, se așteaptă interlocutorul
a11y-session-failed-heading = Această sesiune nu poate fi deschisă
a11y-not-found-title = Pagina nu a fost găsită
a11y-not-found-hint = Verifică adresa pe care ai scris-o sau pe care ai primit-o. Linkurile de sesiune arată astfel: { $code }.
a11y-not-found-home = Mergi la pagina principală
