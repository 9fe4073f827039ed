presence-unknown = ezezaguna
presence-unknown-last-seen = ezezaguna, azkenekoz ikusia: { $time }
presence-unknown-title = Ez zaude konektatuta, eta ezin duzu ikusi zure solaskidea hor dagoen.
