//! Whether the conversation follows new messages, and what the reader has not seen yet: the
//! rules of docs/features/chat.md ("The chat follows the conversation"), pure so they run in
//! native tests. The session view feeds it the message list on every change, the list's scroll
//! position and the tab's visibility, and does what it answers.

use std::collections::HashSet;

use uuid::Uuid;

/// Within this many pixels of the end, the reader counts as at the newest message (a bubble's
/// rounding or a half-line of padding must not stop the chat from following).
pub const AT_BOTTOM_PX: f64 = 48.0;

/// What the view does after the messages changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scroll {
    /// Show the newest message.
    ToBottom,
    /// Older messages were put on top: keep the messages that were in view where they were.
    KeepAnchor,
    /// Leave the position alone.
    Stay,
}

/// One message as the rules see it: its id and whether this reader wrote it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seen {
    pub id: Uuid,
    pub own: bool,
}

#[derive(Debug, Clone)]
pub struct Follow {
    /// The ids shown after the last change, in display order (`None`: nothing shown yet).
    shown: Option<Vec<Uuid>>,
    at_bottom: bool,
    visible: bool,
    /// Partner messages that arrived while the reader was scrolled up: the `new-messages`
    /// button's count.
    unseen: usize,
    /// Partner messages that arrived while the tab was hidden or the reader scrolled up: the
    /// page title's count.
    unread: usize,
}

impl Default for Follow {
    fn default() -> Self {
        Follow { shown: None, at_bottom: true, visible: true, unseen: 0, unread: 0 }
    }
}

impl Follow {
    pub fn new(visible: bool) -> Follow {
        Follow { visible, ..Follow::default() }
    }

    pub fn at_bottom(&self) -> bool {
        self.at_bottom
    }

    pub fn unseen(&self) -> usize {
        self.unseen
    }

    pub fn unread(&self) -> usize {
        self.unread
    }

    /// The messages now shown, in display order. The first list (first open, reload) lands at
    /// the newest message; the reader's own new message always shows (they just sent it); a
    /// partner's shows if the reader is at the bottom, and is counted otherwise; a page of
    /// older messages keeps the reading position; any other change (a status, a translation,
    /// a failure note) keeps a reader at the bottom there.
    pub fn entries_changed(&mut self, now: &[Seen]) -> Scroll {
        let ids: Vec<Uuid> = now.iter().map(|s| s.id).collect();
        let Some(before) = self.shown.replace(ids) else {
            return Scroll::ToBottom;
        };
        let old: HashSet<Uuid> = before.iter().copied().collect();
        // Where the previously first message is now: new ones above it are an older page.
        let old_first_at = before.first().and_then(|f| now.iter().position(|s| s.id == *f));
        let mut earlier = false;
        let (mut own_new, mut partner_new) = (false, 0);
        for (i, s) in now.iter().enumerate() {
            if old.contains(&s.id) {
                continue;
            }
            if old_first_at.is_some_and(|first| i < first) {
                earlier = true;
            } else if s.own {
                own_new = true;
            } else {
                partner_new += 1;
            }
        }
        if partner_new > 0 && (!self.at_bottom || !self.visible) {
            self.unread += partner_new;
        }
        if own_new {
            self.seen_all();
            return Scroll::ToBottom;
        }
        if earlier {
            return Scroll::KeepAnchor;
        }
        if self.at_bottom {
            return Scroll::ToBottom;
        }
        self.unseen += partner_new;
        Scroll::Stay
    }

    /// The reader scrolled: `from_bottom` pixels are left below what is in view.
    pub fn scrolled(&mut self, from_bottom: f64) {
        self.at_bottom = from_bottom <= AT_BOTTOM_PX;
        if self.at_bottom {
            self.unseen = 0;
            if self.visible {
                self.unread = 0;
            }
        }
    }

    pub fn visibility(&mut self, visible: bool) {
        self.visible = visible;
        if visible && self.at_bottom {
            self.unread = 0;
        }
    }

    /// The `new-messages` button: go to the newest message.
    pub fn jump(&mut self) -> Scroll {
        self.seen_all();
        Scroll::ToBottom
    }

    fn seen_all(&mut self) {
        self.at_bottom = true;
        self.unseen = 0;
        if self.visible {
            self.unread = 0;
        }
    }
}

/// The page title's prefix for a session: "(3) Ana · " (the count only when above 0).
pub fn title_prefix(partner: Option<&str>, unread: usize) -> String {
    let mut out = String::new();
    if unread > 0 {
        out.push_str(&format!("({unread}) "));
    }
    if let Some(name) = partner.filter(|n| !n.is_empty()) {
        out.push_str(name);
        out.push_str(" · ");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msgs(spec: &[(u128, bool)]) -> Vec<Seen> {
        spec.iter().map(|&(n, own)| Seen { id: Uuid::from_u128(n), own }).collect()
    }

    fn range(from: u128, to: u128) -> Vec<(u128, bool)> {
        (from..=to).map(|n| (n, n % 2 == 0)).collect()
    }

    #[test]
    fn the_first_list_lands_at_the_newest_message() {
        let mut f = Follow::new(true);
        assert_eq!(f.entries_changed(&msgs(&range(1, 40))), Scroll::ToBottom);
        // An empty first list, then the catch-up's rows: still at the newest.
        let mut f = Follow::new(true);
        assert_eq!(f.entries_changed(&[]), Scroll::ToBottom);
        assert_eq!(f.entries_changed(&msgs(&range(1, 40))), Scroll::ToBottom);
    }

    #[test]
    fn at_the_bottom_new_messages_show() {
        let mut f = Follow::new(true);
        f.entries_changed(&msgs(&range(1, 3)));
        f.scrolled(10.0);
        assert_eq!(f.entries_changed(&msgs(&[(1, false), (2, true), (3, false), (4, false)])), Scroll::ToBottom);
        assert_eq!((f.unseen(), f.unread()), (0, 0));
        // A status or translation change keeps the reader at the bottom as the bubble grows.
        assert_eq!(f.entries_changed(&msgs(&[(1, false), (2, true), (3, false), (4, false)])), Scroll::ToBottom);
    }

    #[test]
    fn scrolled_up_partner_messages_are_counted_not_jumped_to() {
        let mut f = Follow::new(true);
        let mut list = range(1, 40);
        f.entries_changed(&msgs(&list));
        f.scrolled(AT_BOTTOM_PX + 1.0);
        assert!(!f.at_bottom());
        list.push((41, false));
        assert_eq!(f.entries_changed(&msgs(&list)), Scroll::Stay);
        list.push((42, false));
        assert_eq!(f.entries_changed(&msgs(&list)), Scroll::Stay);
        assert_eq!((f.unseen(), f.unread()), (2, 2));
        // In-place changes do not move the reader either.
        assert_eq!(f.entries_changed(&msgs(&list)), Scroll::Stay);
        // The button: to the newest, count cleared.
        assert_eq!(f.jump(), Scroll::ToBottom);
        assert_eq!((f.unseen(), f.unread()), (0, 0));
        assert!(f.at_bottom());
    }

    #[test]
    fn scrolling_back_down_clears_the_count() {
        let mut f = Follow::new(true);
        f.entries_changed(&msgs(&range(1, 5)));
        f.scrolled(500.0);
        f.entries_changed(&msgs(&[(1, false), (2, true), (3, false), (4, true), (5, false), (6, false)]));
        assert_eq!(f.unseen(), 1);
        f.scrolled(AT_BOTTOM_PX);
        assert_eq!((f.unseen(), f.unread()), (0, 0));
    }

    #[test]
    fn an_own_message_always_shows() {
        let mut f = Follow::new(true);
        f.entries_changed(&msgs(&range(1, 5)));
        f.scrolled(900.0);
        f.entries_changed(&msgs(&[(1, false), (2, true), (3, false), (4, true), (5, false), (6, false)]));
        assert_eq!(
            f.entries_changed(&msgs(&[
                (1, false),
                (2, true),
                (3, false),
                (4, true),
                (5, false),
                (6, false),
                (7, true)
            ])),
            Scroll::ToBottom
        );
        assert_eq!((f.unseen(), f.unread()), (0, 0), "the reader is at the newest again");
    }

    #[test]
    fn an_older_page_keeps_the_reading_position() {
        let mut f = Follow::new(true);
        f.entries_changed(&msgs(&range(51, 100)));
        f.scrolled(3000.0);
        assert_eq!(f.entries_changed(&msgs(&range(1, 100))), Scroll::KeepAnchor);
        assert_eq!((f.unseen(), f.unread()), (0, 0), "old messages are not new");
    }

    #[test]
    fn a_hidden_tab_counts_unread_until_it_is_seen() {
        let mut f = Follow::new(true);
        f.entries_changed(&msgs(&range(1, 2)));
        f.visibility(false);
        assert_eq!(f.entries_changed(&msgs(&[(1, false), (2, true), (3, false)])), Scroll::ToBottom);
        assert_eq!((f.unseen(), f.unread()), (0, 1), "followed, but not read");
        f.visibility(true);
        assert_eq!(f.unread(), 0);
        // Shown while scrolled up: unread until the reader scrolls down.
        f.scrolled(400.0);
        f.entries_changed(&msgs(&[(1, false), (2, true), (3, false), (4, false)]));
        f.visibility(false);
        f.visibility(true);
        assert_eq!(f.unread(), 1);
        f.scrolled(0.0);
        assert_eq!(f.unread(), 0);
    }

    #[test]
    fn an_unsent_message_moving_into_the_timeline_is_not_new() {
        // The outbox entry (own, unsent) becomes a stored row with the same id, and a partner
        // row stored before it shows above it.
        let mut f = Follow::new(true);
        f.entries_changed(&msgs(&[(1, false), (9, true)]));
        f.scrolled(200.0);
        assert_eq!(f.entries_changed(&msgs(&[(1, false), (2, false), (9, true)])), Scroll::Stay);
        assert_eq!(f.unseen(), 1);
    }

    #[test]
    fn the_title_names_the_partner_and_counts_unread() {
        assert_eq!(title_prefix(Some("Ana"), 3), "(3) Ana · ");
        assert_eq!(title_prefix(Some("Ana"), 0), "Ana · ");
        assert_eq!(title_prefix(None, 2), "(2) ");
        assert_eq!(title_prefix(None, 0), "");
    }
}
