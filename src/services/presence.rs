//! What the sync engine does not do: the partner's presence on the channel and the
//! `partner-status` derived from it. Pure, so it runs in native unit tests.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use session_sync::engine::Partner;

/// One presence meta of the channel (design.md §3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PresenceMeta {
    #[serde(default)]
    pub display_name: String,
    #[serde(default)]
    pub language: String,
    #[serde(default)]
    pub state: String,
}

/// `channel.presenceState()`: metas per presence key (user id).
pub type PresenceState = HashMap<String, Vec<PresenceMeta>>;

/// The partner's meta: any key that is not mine; an active tab wins over an away one.
pub fn partner_presence(state: &PresenceState, me: &str) -> Option<PresenceMeta> {
    let metas: Vec<&PresenceMeta> = state.iter().filter(|(k, _)| k.as_str() != me).flat_map(|(_, v)| v).collect();
    let first = (*metas.first()?).clone();
    Some(metas.iter().find(|m| m.state != "away").map(|m| (*m).clone()).unwrap_or(first))
}

/// Whether presence shows someone this browser has no participants row for yet (a new
/// partner's row is an INSERT, which the channel does not carry).
pub fn has_unknown_partner(state: &PresenceState, me: &str, partner: Option<&Partner>) -> bool {
    state.keys().any(|k| k != me && partner.is_none_or(|p| p.user_id.to_string() != *k))
}

/// `partner-status` `data-state`.
pub fn partner_status(partner: Option<&Partner>, presence: Option<&PresenceMeta>) -> &'static str {
    if partner.is_some_and(|p| p.left) {
        return "left";
    }
    match (partner, presence) {
        (_, Some(m)) if m.state == "away" => "away",
        (_, Some(_)) => "online",
        (Some(_), None) => "offline",
        (None, None) => "waiting",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn partner(left: bool) -> Partner {
        Partner {
            user_id: Uuid::from_u128(2),
            display_name: "B".into(),
            language: "es".into(),
            left,
            delivered_seq: 0,
            read_seq: 0,
        }
    }

    #[test]
    fn partner_status_from_row_and_presence() {
        let active = PresenceMeta { display_name: "B".into(), language: "es".into(), state: "active".into() };
        let away = PresenceMeta { state: "away".into(), ..active.clone() };
        assert_eq!(partner_status(None, None), "waiting");
        assert_eq!(partner_status(None, Some(&active)), "online");
        assert_eq!(partner_status(Some(&partner(false)), None), "offline");
        assert_eq!(partner_status(Some(&partner(false)), Some(&away)), "away");
        assert_eq!(partner_status(Some(&partner(true)), Some(&active)), "left");

        let mut state = PresenceState::new();
        state.insert("me".into(), vec![active.clone()]);
        assert_eq!(partner_presence(&state, "me"), None);
        assert!(!has_unknown_partner(&state, "me", None));
        let p = partner(false);
        state.insert(p.user_id.to_string(), vec![away.clone(), active.clone()]);
        assert_eq!(partner_presence(&state, "me"), Some(active));
        assert!(has_unknown_partner(&state, "me", None));
        assert!(!has_unknown_partner(&state, "me", Some(&p)));
    }
}
