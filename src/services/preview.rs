//! The composer's translation preview (docs/features/chat.md, "Preview"): while the sender
//! types, what the partner will read and how that reads back in the sender's language. The
//! timing rules live here, pure, fed the draft, the time and the answers: a draft is asked for
//! once the sender pauses ([`DEBOUNCE_MS`]), a newer draft makes any answer in flight stale, and
//! a rate limit pauses asking until the server's `Retry-After`.

/// How long the sender must pause before the draft is translated.
pub const DEBOUNCE_MS: f64 = 600.0;

/// What the preview shows.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Shown {
    /// Nothing to preview (an empty draft, or just sent).
    #[default]
    Nothing,
    /// The draft changed; its translation is on its way. The previous one stays readable.
    Updating {
        previous: Option<Ready>,
    },
    Ready(Ready),
    /// The engine failed or has no route.
    Unavailable,
    /// Too many previews in a short time: paused until the server allows more.
    Paused,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ready {
    pub translation: String,
    pub back: String,
}

/// A draft to translate, stamped with its generation: only the answer for the newest draft is
/// shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ask {
    pub generation: u64,
    pub text: String,
}

/// Why an answer brought no preview.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Failure {
    /// 429: ask again after this many milliseconds.
    RateLimited {
        retry_after_ms: f64,
    },
    Unavailable,
}

#[derive(Debug, Clone, Default)]
pub struct Preview {
    generation: u64,
    draft: String,
    due_at: Option<f64>,
    paused_until: f64,
    shown: Shown,
}

impl Preview {
    pub fn shown(&self) -> &Shown {
        &self.shown
    }

    /// The sender changed the draft at `now`.
    pub fn edit(&mut self, draft: &str, now: f64) {
        let draft = draft.trim();
        if draft == self.draft {
            return;
        }
        self.generation += 1;
        self.draft = draft.to_owned();
        if draft.is_empty() {
            self.due_at = None;
            self.shown = Shown::Nothing;
            return;
        }
        self.due_at = Some((now + DEBOUNCE_MS).max(self.paused_until));
        if !matches!(self.shown, Shown::Paused) {
            let previous = match std::mem::take(&mut self.shown) {
                Shown::Ready(ready) => Some(ready),
                Shown::Updating { previous } => previous,
                _ => None,
            };
            self.shown = Shown::Updating { previous };
        }
    }

    /// When a draft is due to be asked for.
    #[cfg(test)]
    pub fn due_at(&self) -> Option<f64> {
        self.due_at
    }

    /// The draft to translate now, if its pause is over.
    pub fn poll(&mut self, now: f64) -> Option<Ask> {
        let due = self.due_at?;
        if now < due {
            return None;
        }
        self.due_at = None;
        if matches!(self.shown, Shown::Paused) {
            self.shown = Shown::Updating { previous: None };
        }
        Some(Ask { generation: self.generation, text: self.draft.clone() })
    }

    /// The answer for draft `generation`; an answer for an older draft is dropped.
    pub fn answered(&mut self, generation: u64, answer: Result<Ready, Failure>, now: f64) {
        if generation != self.generation {
            return;
        }
        match answer {
            Ok(ready) => self.shown = Shown::Ready(ready),
            Err(Failure::Unavailable) => self.shown = Shown::Unavailable,
            Err(Failure::RateLimited { retry_after_ms }) => {
                self.paused_until = now + retry_after_ms.max(DEBOUNCE_MS);
                self.due_at = Some(self.paused_until);
                self.shown = Shown::Paused;
            }
        }
    }

    /// The draft was sent or the preview switched off: nothing to show, nothing in flight counts.
    pub fn clear(&mut self) {
        self.generation += 1;
        self.draft.clear();
        self.due_at = None;
        self.shown = Shown::Nothing;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ready(t: &str) -> Ready {
        Ready { translation: t.into(), back: format!("back {t}") }
    }

    #[test]
    fn a_draft_is_asked_for_once_the_sender_pauses() {
        let mut p = Preview::default();
        p.edit("Hel", 0.0);
        p.edit("Hello", 200.0);
        assert_eq!(p.poll(700.0), None, "still typing: 600 ms after the last key is 800");
        let ask = p.poll(800.0).expect("due");
        assert_eq!(ask.text, "Hello");
        assert_eq!(p.poll(900.0), None, "asked once");
        p.answered(ask.generation, Ok(ready("Hola")), 950.0);
        assert_eq!(p.shown(), &Shown::Ready(ready("Hola")));
    }

    #[test]
    fn an_answer_for_an_older_draft_is_dropped_and_the_old_preview_stays_while_updating() {
        let mut p = Preview::default();
        p.edit("Hello", 0.0);
        let first = p.poll(600.0).unwrap();
        p.answered(first.generation, Ok(ready("Hola")), 700.0);
        p.edit("Hello there", 800.0);
        let second = p.poll(1400.0).unwrap();
        p.edit("Hello there!", 1450.0);
        p.answered(second.generation, Ok(ready("Hola allí")), 1500.0);
        assert_eq!(p.shown(), &Shown::Updating { previous: Some(ready("Hola")) }, "stale answer dropped");
        let third = p.poll(2050.0).unwrap();
        assert_eq!(third.text, "Hello there!");
        p.answered(third.generation, Ok(ready("¡Hola allí!")), 2100.0);
        assert_eq!(p.shown(), &Shown::Ready(ready("¡Hola allí!")));
    }

    #[test]
    fn sending_or_emptying_clears_and_makes_answers_in_flight_stale() {
        let mut p = Preview::default();
        p.edit("Hello", 0.0);
        let ask = p.poll(600.0).unwrap();
        p.clear();
        p.answered(ask.generation, Ok(ready("Hola")), 700.0);
        assert_eq!(p.shown(), &Shown::Nothing);
        p.edit("x", 800.0);
        p.edit("  ", 900.0);
        assert_eq!((p.shown(), p.due_at()), (&Shown::Nothing, None));
        p.edit("Hello", 1000.0);
        assert!(p.poll(1600.0).is_some(), "the same text after a send is asked again");
    }

    #[test]
    fn a_rate_limit_pauses_until_the_server_allows_more() {
        let mut p = Preview::default();
        p.edit("Hello", 0.0);
        let ask = p.poll(600.0).unwrap();
        p.answered(ask.generation, Err(Failure::RateLimited { retry_after_ms: 5_000.0 }), 700.0);
        assert_eq!(p.shown(), &Shown::Paused);
        p.edit("Hello you", 800.0);
        assert_eq!(p.shown(), &Shown::Paused, "still paused");
        assert_eq!(p.poll(1400.0), None, "not before the pause ends");
        let again = p.poll(5_700.0).expect("asked when allowed");
        assert_eq!(again.text, "Hello you");
        p.answered(again.generation, Err(Failure::Unavailable), 5_800.0);
        assert_eq!(p.shown(), &Shown::Unavailable);
    }

    #[test]
    fn whitespace_only_changes_ask_nothing_new() {
        let mut p = Preview::default();
        p.edit("Hello", 0.0);
        let ask = p.poll(600.0).unwrap();
        p.answered(ask.generation, Ok(ready("Hola")), 650.0);
        p.edit("Hello ", 700.0);
        assert_eq!((p.shown(), p.due_at()), (&Shown::Ready(ready("Hola")), None));
    }
}
