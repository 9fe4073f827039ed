# The partner's state while this side is not connected (docs/features/presence.md).
presence-unknown = unknown
presence-unknown-last-seen = unknown, last seen { $time }
presence-unknown-title = You are not connected, so you cannot see whether your partner is there.
