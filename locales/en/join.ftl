# /s/CODE before joining: who invites, or why the code cannot be joined; the session page's
# folded invite (code and link) and its copy feedback.
join-invite = { $name } ({ $language }) invites you
join-checking = Checking the code…
join-not-found-title = No session has this code
join-not-found-text = Check the link or the code you were given, or ask your partner to send it again.
join-expired-title = This session has ended
join-expired-text = It can no longer be joined. Ask your partner for a new link, or start a session of your own.
join-full-title = This session is full
join-full-text = Two people are already talking in it. Ask for a new link, or start a session of your own.
join-invite-details = Invite details
join-copy-failed = Could not copy. Select the link and copy it yourself.
