//! The sync service's logic as plain functions over plain data: timeline merge and order,
//! delivery statuses, translation display, partner and connection states. No IO, no signals,
//! so it runs in native unit tests and can move into the sans-IO engine (crates/sync) as is.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use session_sync::domain::{Message, NewMessage, Participant};
use uuid::Uuid;

/// Where an own message that the server has not stored yet stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Local {
    Pending,
    Sending,
    Failed,
}

/// One message on the timeline: either stored (has `seq`) or still in the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub id: Uuid,
    pub sender_id: Uuid,
    pub client_seq: i64,
    pub seq: Option<i64>,
    pub body: String,
    pub source_lang: String,
    pub translated_body: Option<String>,
    pub target_lang: Option<String>,
    pub translation_error: Option<String>,
    /// `None` once the server stored it.
    pub local: Option<Local>,
}

impl Entry {
    pub fn from_row(m: Message) -> Entry {
        Entry {
            id: m.id,
            sender_id: m.sender_id,
            client_seq: m.client_seq,
            seq: Some(m.seq),
            body: m.body,
            source_lang: m.source_lang,
            translated_body: m.translated_body,
            target_lang: m.target_lang,
            translation_error: m.translation_error,
            local: None,
        }
    }

    pub fn optimistic(m: &NewMessage, local: Local) -> Entry {
        Entry {
            id: m.id,
            sender_id: m.sender_id,
            client_seq: m.client_seq,
            seq: None,
            body: m.body.clone(),
            source_lang: m.source_lang.clone(),
            translated_body: None,
            target_lang: None,
            translation_error: None,
            local: Some(local),
        }
    }
}

/// Order of design.md §4: stored messages by `seq`, then own unsent ones by `client_seq`.
pub fn sort(entries: &mut [Entry]) {
    entries.sort_by_key(|e| (e.seq.is_none(), e.seq.unwrap_or(0), e.client_seq));
}

/// Merges a row from the server (REST reply, realtime INSERT/UPDATE, catch-up). Dedupes by id:
/// a stored row replaces the optimistic entry or an older copy of itself.
pub fn merge_row(entries: &mut Vec<Entry>, row: Message) {
    let incoming = Entry::from_row(row);
    match entries.iter_mut().find(|e| e.id == incoming.id) {
        Some(existing) => *existing = incoming,
        None => entries.push(incoming),
    }
    sort(entries);
}

/// Adds or updates an own unsent entry, unless the server's copy is already there.
pub fn merge_local(entries: &mut Vec<Entry>, m: &NewMessage, local: Local) {
    match entries.iter_mut().find(|e| e.id == m.id) {
        Some(existing) if existing.seq.is_some() => {}
        Some(existing) => existing.local = Some(local),
        None => entries.push(Entry::optimistic(m, local)),
    }
    sort(entries);
}

/// Highest `seq` seen: the catch-up watermark.
pub fn last_seq(entries: &[Entry]) -> i64 {
    entries.iter().filter_map(|e| e.seq).max().unwrap_or(0)
}

/// Highest `seq` among the partner's messages (what this side acknowledges).
pub fn partner_max_seq(entries: &[Entry], me: Uuid) -> i64 {
    entries
        .iter()
        .filter(|e| e.sender_id != me)
        .filter_map(|e| e.seq)
        .max()
        .unwrap_or(0)
}

/// Highest `client_seq` of own messages on the timeline (to never reuse one).
pub fn own_max_client_seq(entries: &[Entry], me: Uuid) -> i64 {
    entries
        .iter()
        .filter(|e| e.sender_id == me)
        .map(|e| e.client_seq)
        .max()
        .unwrap_or(0)
}

/// Delivery status of an own message, as named in design.md §4.
pub fn own_status(e: &Entry, partner: Option<&Participant>) -> &'static str {
    match (e.local, e.seq) {
        (Some(Local::Pending), _) => "pending",
        (Some(Local::Sending), _) => "sending",
        (Some(Local::Failed), _) => "failed",
        (None, Some(seq)) => match partner {
            Some(p) if p.read_seq >= seq => "read",
            Some(p) if p.delivered_seq >= seq => "delivered",
            _ => "sent",
        },
        (None, None) => "pending",
    }
}

/// `data-translation` and the text to show. `reader_lang` is the language of whoever reads
/// the bubble: for a partner's message that is me; for my own, the partner (the state says
/// whether the partner can read it yet), but I read my own original.
pub fn translation<'a>(e: &'a Entry, reader_lang: Option<&str>) -> (&'static str, Option<&'a str>) {
    let Some(reader) = reader_lang else {
        return ("pending", None);
    };
    if reader == e.source_lang {
        return ("none", None);
    }
    match (&e.translated_body, &e.translation_error) {
        (Some(t), _) if e.target_lang.as_deref().is_none_or(|l| l == reader) => ("done", Some(t)),
        (_, Some(_)) => ("failed", None),
        _ => ("pending", None),
    }
}

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

pub type PresenceState = HashMap<String, Vec<PresenceMeta>>;

/// The partner's metas: every presence key that is not mine.
pub fn partner_presence(state: &PresenceState, me: &str) -> Option<PresenceMeta> {
    let metas: Vec<&PresenceMeta> = state
        .iter()
        .filter(|(k, _)| k.as_str() != me)
        .flat_map(|(_, v)| v)
        .collect();
    let first = (*metas.first()?).clone();
    // Any active tab makes the partner active.
    Some(
        metas
            .iter()
            .find(|m| m.state != "away")
            .map(|m| (*m).clone())
            .unwrap_or(first),
    )
}

/// `partner-status` `data-state`.
pub fn partner_status(
    partner: Option<&Participant>,
    presence: Option<&PresenceMeta>,
) -> &'static str {
    if partner.is_some_and(|p| p.left_at.is_some()) {
        return "left";
    }
    match (partner, presence) {
        (_, Some(m)) if m.state == "away" => "away",
        (_, Some(_)) => "online",
        (Some(_), None) => "offline",
        (None, None) => "waiting",
    }
}

/// Channel status as supabase-js reports it to the subscribe callback.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChannelStatus {
    Idle,
    Subscribed,
    Error,
    TimedOut,
    Closed,
}

impl ChannelStatus {
    pub fn parse(s: &str) -> ChannelStatus {
        match s {
            "SUBSCRIBED" => ChannelStatus::Subscribed,
            "CHANNEL_ERROR" => ChannelStatus::Error,
            "TIMED_OUT" => ChannelStatus::TimedOut,
            "CLOSED" => ChannelStatus::Closed,
            _ => ChannelStatus::Idle,
        }
    }
}

/// `connection-status` `data-state` (design.md §4).
pub fn connection_state(status: ChannelStatus, ever_connected: bool, online: bool) -> &'static str {
    if !online {
        return "disconnected";
    }
    match status {
        ChannelStatus::Subscribed => "connected",
        _ if ever_connected => "reconnecting",
        _ => "connecting",
    }
}

/// Backoff before retry `attempt` (1-based): 1, 2, 4, 8, 16 s; `None` after the 5th.
pub fn retry_delay_ms(attempt: u32, jitter_unit: f64) -> Option<u32> {
    if !(1..=5).contains(&attempt) {
        return None;
    }
    let base = 1000u32 << (attempt - 1);
    // ±20 % jitter, from a caller-supplied random number in [0, 1).
    let jitter = (base as f64 * 0.4 * (jitter_unit.clamp(0.0, 1.0) - 0.5)) as i64;
    Some((base as i64 + jitter).max(0) as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(n: u128) -> Uuid {
        Uuid::from_u128(n)
    }

    fn row(n: u128, sender: u128, client_seq: i64, seq: i64) -> Message {
        Message {
            id: id(n),
            session_id: id(100),
            sender_id: id(sender),
            client_seq,
            seq,
            body: format!("m{n}"),
            source_lang: "en".into(),
            translated_body: None,
            target_lang: None,
            translation_error: None,
            created_at: String::new(),
        }
    }

    fn new_msg(n: u128, client_seq: i64) -> NewMessage {
        NewMessage {
            id: id(n),
            session_id: id(100),
            sender_id: id(1),
            client_seq,
            body: format!("m{n}"),
            source_lang: "en".into(),
        }
    }

    fn participant(delivered: i64, read: i64) -> Participant {
        Participant {
            session_id: id(100),
            user_id: id(2),
            display_name: "B".into(),
            language: "es".into(),
            joined_at: String::new(),
            left_at: None,
            delivered_seq: delivered,
            read_seq: read,
        }
    }

    #[test]
    fn optimistic_reply_and_echo_show_once_in_seq_order() {
        let mut t = Vec::new();
        merge_local(&mut t, &new_msg(10, 1), Local::Sending);
        merge_local(&mut t, &new_msg(11, 2), Local::Pending);
        merge_row(&mut t, row(20, 2, 1, 1));
        assert_eq!(
            t.iter().map(|e| e.id).collect::<Vec<_>>(),
            vec![id(20), id(10), id(11)]
        );
        merge_row(&mut t, row(10, 1, 1, 2)); // REST reply
        merge_row(&mut t, row(10, 1, 1, 2)); // realtime echo
        merge_local(&mut t, &new_msg(10, 1), Local::Sending); // late local update is ignored
        assert_eq!(t.len(), 3);
        assert_eq!(t[1].seq, Some(2));
        assert_eq!(t[1].local, None);
        assert_eq!(last_seq(&t), 2);
        assert_eq!(partner_max_seq(&t, id(1)), 1);
        assert_eq!(own_max_client_seq(&t, id(1)), 2);
    }

    #[test]
    fn statuses_follow_partner_watermarks() {
        let e = Entry::from_row(row(1, 1, 1, 5));
        assert_eq!(own_status(&e, None), "sent");
        assert_eq!(own_status(&e, Some(&participant(4, 0))), "sent");
        assert_eq!(own_status(&e, Some(&participant(5, 0))), "delivered");
        assert_eq!(own_status(&e, Some(&participant(9, 5))), "read");
        let p = Entry::optimistic(&new_msg(2, 2), Local::Failed);
        assert_eq!(own_status(&p, Some(&participant(9, 9))), "failed");
    }

    #[test]
    fn translation_states() {
        let mut e = Entry::from_row(row(1, 2, 1, 1));
        assert_eq!(translation(&e, Some("en")), ("none", None));
        assert_eq!(translation(&e, Some("es")), ("pending", None));
        assert_eq!(translation(&e, None), ("pending", None));
        e.translation_error = Some("provider down".into());
        assert_eq!(translation(&e, Some("es")), ("failed", None));
        e.translated_body = Some("hola".into());
        e.target_lang = Some("es".into());
        assert_eq!(translation(&e, Some("es")), ("done", Some("hola")));
    }

    #[test]
    fn partner_status_from_row_and_presence() {
        let active = PresenceMeta {
            display_name: "B".into(),
            language: "es".into(),
            state: "active".into(),
        };
        let away = PresenceMeta {
            state: "away".into(),
            ..active.clone()
        };
        assert_eq!(partner_status(None, None), "waiting");
        assert_eq!(partner_status(None, Some(&active)), "online");
        assert_eq!(partner_status(Some(&participant(0, 0)), None), "offline");
        assert_eq!(
            partner_status(Some(&participant(0, 0)), Some(&away)),
            "away"
        );
        let mut left = participant(0, 0);
        left.left_at = Some("2026-01-01T00:00:00Z".into());
        assert_eq!(partner_status(Some(&left), Some(&active)), "left");

        let mut state = PresenceState::new();
        state.insert("me".into(), vec![active.clone()]);
        assert_eq!(partner_presence(&state, "me"), None);
        state.insert("you".into(), vec![away.clone(), active.clone()]);
        assert_eq!(partner_presence(&state, "me"), Some(active));
    }

    #[test]
    fn connection_states() {
        assert_eq!(
            connection_state(ChannelStatus::Idle, false, true),
            "connecting"
        );
        assert_eq!(
            connection_state(ChannelStatus::Subscribed, true, true),
            "connected"
        );
        assert_eq!(
            connection_state(ChannelStatus::Error, true, true),
            "reconnecting"
        );
        assert_eq!(
            connection_state(ChannelStatus::TimedOut, false, true),
            "connecting"
        );
        assert_eq!(
            connection_state(ChannelStatus::Subscribed, true, false),
            "disconnected"
        );
    }

    #[test]
    fn retry_schedule() {
        assert_eq!(retry_delay_ms(1, 0.5), Some(1000));
        assert_eq!(retry_delay_ms(5, 0.5), Some(16000));
        assert!(
            retry_delay_ms(3, 0.0).unwrap() >= 3200 && retry_delay_ms(3, 0.99).unwrap() <= 4800
        );
        assert_eq!(retry_delay_ms(6, 0.5), None);
    }
}
