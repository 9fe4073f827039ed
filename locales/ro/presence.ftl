presence-unknown = necunoscut
presence-unknown-last-seen = necunoscut, văzut ultima dată la { $time }
presence-unknown-title = Nu ești conectat, așa că nu poți vedea dacă partenerul tău este prezent.
