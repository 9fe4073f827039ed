# Accessibility and the pages around the conversation: the original's toggle, the session page's
# heading (read by screen readers, not shown), the page shown for an unknown address.
a11y-hide-original = Hide original
a11y-session-heading = Conversation with { $name }
a11y-session-heading-waiting = New conversation, waiting for your partner
a11y-session-failed-heading = This session can't be opened
a11y-not-found-title = Page not found
a11y-not-found-hint = Check the address you typed or were sent. Session links look like { $code }.
a11y-not-found-home = Go to the home page
