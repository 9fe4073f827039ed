//! What `/s/CODE` shows a newcomer before the join form, decided from `preview_session`'s answer
//! (docs/contracts.md §3): the form with who invites them, or at once why they cannot join, so
//! nobody fills in a form in vain. Pure, so it runs in native unit tests.

use session_sync::domain::{self, SessionPreview};

use crate::i18n::{t, tr};
use crate::services::translation::language_name;

/// Who invites: the session creator's display name and language code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invite {
    pub name: String,
    pub language: String,
}

impl Invite {
    /// "Ana (English) invites you", in the interface language.
    pub fn text(&self) -> String {
        tr("join-invite", &[("name", self.name.clone().into()), ("language", language_name(&self.language).into())])
    }
}

/// What the page shows a newcomer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arrival {
    /// The join form, with who invites when the backend said so (`None`: it could not, e.g.
    /// offline; the join itself will tell).
    Form(Option<Invite>),
    /// The join would be refused for this reason: say so, and offer no form.
    Refused(domain::SessionError),
}

impl Arrival {
    /// From the preview (`None` when there is none to go by).
    pub fn from_preview(preview: Option<SessionPreview>) -> Arrival {
        let Some(preview) = preview else { return Arrival::Form(None) };
        if let Some(why) = preview.status.refusal() {
            return Arrival::Refused(why);
        }
        let invite = match (preview.inviter_name, preview.inviter_language) {
            (Some(name), Some(language)) => Some(Invite { name, language }),
            _ => None,
        };
        Arrival::Form(invite)
    }
}

/// The heading and the explanation (with what to do) of a refused arrival.
pub fn refusal_texts(why: domain::SessionError) -> (String, String) {
    let (title, text) = match why {
        domain::SessionError::SessionExpired => ("join-expired-title", "join-expired-text"),
        domain::SessionError::SessionFull => ("join-full-title", "join-full-text"),
        domain::SessionError::SessionNotFound | domain::SessionError::InvalidInput => {
            ("join-not-found-title", "join-not-found-text")
        }
    };
    (t(title), t(text))
}

#[cfg(test)]
mod tests {
    use domain::PreviewStatus;

    use super::*;

    fn preview(status: PreviewStatus, inviter: Option<(&str, &str)>) -> SessionPreview {
        SessionPreview {
            status,
            inviter_name: inviter.map(|(n, _)| n.to_string()),
            inviter_language: inviter.map(|(_, l)| l.to_string()),
            expires_at: inviter.map(|_| "2026-01-02T00:00:00+00:00".to_string()),
        }
    }

    #[test]
    fn an_open_session_shows_the_form_with_who_invites() {
        let open = Arrival::from_preview(Some(preview(PreviewStatus::Open, Some(("Ana", "en")))));
        let invite = Invite { name: "Ana".into(), language: "en".into() };
        assert_eq!(open, Arrival::Form(Some(invite.clone())));
        assert_eq!(invite.text(), "Ana (English) invites you");
        assert_eq!(Invite { name: "Wen".into(), language: "zh".into() }.text(), "Wen (Chinese) invites you");
        assert_eq!(Arrival::from_preview(Some(preview(PreviewStatus::Open, None))), Arrival::Form(None));
        assert_eq!(Arrival::from_preview(None), Arrival::Form(None), "no preview: the join decides");
    }

    #[test]
    fn closed_sessions_are_explained_without_a_form() {
        use domain::SessionError as Why;
        for (status, why) in [
            (PreviewStatus::NotFound, Why::SessionNotFound),
            (PreviewStatus::Expired, Why::SessionExpired),
            (PreviewStatus::Full, Why::SessionFull),
        ] {
            assert_eq!(Arrival::from_preview(Some(preview(status, None))), Arrival::Refused(why));
        }
        assert_eq!(
            refusal_texts(Why::SessionFull),
            (
                "This session is full".into(),
                "Two people are already talking in it. Ask for a new link, or start a session of your own.".into()
            )
        );
        assert_eq!(refusal_texts(Why::SessionExpired).0, "This session has ended");
        assert_eq!(refusal_texts(Why::SessionNotFound).0, "No session has this code");
    }
}
