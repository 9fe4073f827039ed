//! `partner-status`: derived from the partner's `participants` row and the channel's presence.

use serde::{Deserialize, Serialize};

use super::{PresenceMeta, PresenceState, Visibility};
use crate::engine::Partner;

/// `partner-status` `data-state` (docs/contracts.md §5).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PartnerStatus {
    /// Nobody else has joined: no partner row and no partner presence.
    #[default]
    Waiting,
    /// At least one of the partner's tabs is tracked `active`.
    Online,
    /// Every tab of the partner is tracked `away` (hidden).
    Away,
    /// The partner joined once but has no presence now (tab closed, network gone).
    Offline,
    /// The partner's row has `left_at`; wins over presence.
    Left,
    /// This side is not connected, so it cannot tell: shown as "last seen …". The contract's
    /// `data-state` list is closed (docs/contracts.md §5), so it reads `offline` there (the
    /// partner cannot be reached from here), never a stale `online`.
    Unknown,
}

impl PartnerStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            PartnerStatus::Waiting => "waiting",
            PartnerStatus::Online => "online",
            PartnerStatus::Away => "away",
            PartnerStatus::Offline => "offline",
            PartnerStatus::Left => "left",
            PartnerStatus::Unknown => "offline",
        }
    }

    /// From the partner's row and the partner's presence meta ([`partner_presence`]).
    pub fn derive(partner: Option<&Partner>, presence: Option<&PresenceMeta>) -> PartnerStatus {
        if partner.is_some_and(|p| p.left) {
            return PartnerStatus::Left;
        }
        match (partner, presence) {
            (_, Some(m)) if m.state == Visibility::Away => PartnerStatus::Away,
            (_, Some(_)) => PartnerStatus::Online,
            (Some(_), None) => PartnerStatus::Offline,
            (None, None) => PartnerStatus::Waiting,
        }
    }

    /// What this side can tell while it listens or not: `connected` is the engine's connection
    /// state, `alive` what the partner's beats say (`None`: their client does not beat). Left
    /// and waiting hold offline too (a row is a fact, and with no partner nothing is stale).
    pub fn judge(self, connected: bool, alive: Option<bool>) -> PartnerStatus {
        match self {
            PartnerStatus::Left | PartnerStatus::Waiting => self,
            _ if !connected => PartnerStatus::Unknown,
            PartnerStatus::Online | PartnerStatus::Away if alive == Some(false) => PartnerStatus::Offline,
            s => s,
        }
    }

    /// Whether the partner can be typing: the `typing-indicator` shows only then.
    pub fn present(self) -> bool {
        matches!(self, PartnerStatus::Online | PartnerStatus::Away)
    }
}

/// The partner's meta: any key that is not mine (presence is keyed by user id, one meta per
/// tab); an active tab wins over an away one.
pub fn partner_presence(state: &PresenceState, me: &str) -> Option<PresenceMeta> {
    let mut metas = state.iter().filter(|(k, _)| k.as_str() != me).flat_map(|(_, v)| v);
    let first = metas.next()?;
    let active = std::iter::once(first).chain(metas).find(|m| m.state == Visibility::Active);
    Some(active.unwrap_or(first).clone())
}

/// Whether presence shows someone this browser has no participants row for yet.
pub fn has_unknown_partner(state: &PresenceState, me: &str, partner: Option<&Partner>) -> bool {
    state.keys().any(|k| k != me && partner.is_none_or(|p| p.user_id.to_string() != *k))
}
