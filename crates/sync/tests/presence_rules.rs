//! One test per rule of the presence machine (docs/features/presence.md), driven step by step
//! with no sleeps, then properties over random orders of the same inputs.

mod common;

use std::collections::HashMap;

use common::{row, ME, PARTNER};
use proptest::prelude::*;
use session_sync::engine::{ConnectionState, Entry, MessageStatus, Partner, TranslationState};
use session_sync::presence::{
    awaits_translation, has_unknown_partner, partner_presence, BeatPayload, Config, Input, Output, PartnerStatus,
    Presence, PresenceMeta, PresenceState, Profile, TypingPayload, TypingState, Visibility,
};
use uuid::Uuid;

const MY_TAB: Uuid = Uuid::from_u128(0x7ab0_0000_0000_4000_8000_0000_0000_0001);
const PARTNER_TAB: Uuid = Uuid::from_u128(0x7ab0_0000_0000_4000_8000_0000_0000_0002);
const MSG: Uuid = Uuid::from_u128(0x3e55_0000_0000_4000_8000_0000_0000_0001);

fn partner(language: &str, left: bool) -> Partner {
    Partner {
        user_id: PARTNER,
        display_name: "Bea".into(),
        language: language.into(),
        left,
        delivered_seq: 0,
        read_seq: 0,
    }
}

fn meta(state: Visibility) -> PresenceMeta {
    PresenceMeta { display_name: "Bea".into(), language: "es".into(), state }
}

fn presence_of(metas: &[(Uuid, Visibility)]) -> PresenceState {
    let mut state = PresenceState::new();
    for (user, v) in metas {
        state.entry(user.to_string()).or_default().push(meta(*v));
    }
    state
}

/// Everything one drain of `poll_output` produced.
#[derive(Debug, Default)]
struct Drained {
    tracks: Vec<Visibility>,
    broadcasts: Vec<TypingState>,
    /// The promise (`within_ms`) of each beat sent.
    beats: Vec<u64>,
    read_participants: usize,
    view_changed: bool,
    timeout: Option<u64>,
}

/// A presence machine plus a clock.
struct P {
    p: Presence,
    now: u64,
    partner: Option<Partner>,
    connection: ConnectionState,
    awaiting: bool,
    /// The open channel's generation: what the channel events fed carry.
    generation: u64,
}

/// The defaults with this tab's beats an hour apart: the tests of the other rules read their
/// own deadlines without the beat's in between. The beat tests and the properties use the
/// defaults.
fn quiet() -> Config {
    Config { beat_interval_ms: HOUR, away_beat_interval_ms: HOUR, ..Config::default() }
}

const HOUR: u64 = 3_600_000;

impl P {
    fn new() -> P {
        P::with(quiet())
    }

    fn with(cfg: Config) -> P {
        let me = Profile { user_id: ME, display_name: "Ann".into(), language: "en".into(), tab: MY_TAB };
        P {
            p: Presence::new(cfg, me),
            now: 1_000,
            partner: Some(partner("es", false)),
            connection: ConnectionState::Connecting,
            awaiting: false,
            generation: 0,
        }
    }

    /// Connected on a fresh channel, visible, the first track done.
    fn subscribed() -> P {
        P::subscribed_with(quiet())
    }

    /// [`P::subscribed`] beating at the default cadence.
    fn beating() -> P {
        P::subscribed_with(Config::default())
    }

    fn subscribed_with(cfg: Config) -> P {
        let mut t = P::with(cfg);
        t.connect(true);
        let d = t.feed(|now| Input::Subscribed { generation: 0, now });
        assert_eq!(d.tracks, [Visibility::Active]);
        t
    }

    fn feed(&mut self, make: impl FnOnce(u64) -> Input) -> Drained {
        self.p.handle_input(make(self.now));
        let mut d = Drained::default();
        for _ in 0..1_000 {
            match self.p.poll_output() {
                Output::Track(m) => {
                    assert_eq!((m.display_name.as_str(), m.language.as_str()), ("Ann", "en"));
                    d.tracks.push(m.state);
                }
                Output::BroadcastTyping(payload) => {
                    assert_eq!(payload.user_id, ME);
                    d.broadcasts.push(payload.state);
                }
                Output::BroadcastBeat(payload) => {
                    assert_eq!((payload.user_id, payload.tab), (ME, MY_TAB));
                    d.beats.push(payload.within_ms);
                }
                Output::ReadParticipants => d.read_participants += 1,
                Output::ViewChanged => d.view_changed = true,
                Output::Timeout(at) => {
                    d.timeout = at;
                    return d;
                }
            }
        }
        panic!("poll_output never returned Timeout");
    }

    fn at(&mut self, now: u64) -> &mut P {
        assert!(now >= self.now);
        self.now = now;
        self
    }

    fn engine_view(&mut self) -> Drained {
        let (partner, connection, awaiting_translation) = (self.partner.clone(), self.connection, self.awaiting);
        self.feed(|now| Input::EngineView { partner, connection, awaiting_translation, now })
    }

    fn connect(&mut self, connected: bool) -> Drained {
        self.connection = if connected { ConnectionState::Connected } else { ConnectionState::Reconnecting };
        self.engine_view()
    }

    fn awaiting(&mut self, awaiting: bool) -> Drained {
        self.awaiting = awaiting;
        self.engine_view()
    }

    fn visible(&mut self, visible: bool) -> Drained {
        self.feed(|now| Input::Visible { visible, now })
    }

    fn timeout(&mut self) -> Drained {
        self.feed(|now| Input::Timeout { now })
    }

    fn partner_typing(&mut self, user_id: Uuid, state: TypingState) -> Drained {
        let generation = self.generation;
        self.feed(|now| Input::TypingBroadcast { generation, payload: TypingPayload { user_id, state }, now })
    }

    fn partner_beat(&mut self, user_id: Uuid, tab: Uuid, within_ms: u64) -> Drained {
        let generation = self.generation;
        self.feed(|now| Input::Beat { generation, payload: BeatPayload { user_id, tab, within_ms }, now })
    }

    fn partner_presence(&mut self, v: Visibility) -> Drained {
        let state = presence_of(&[(ME, Visibility::Active), (PARTNER, v)]);
        let generation = self.generation;
        self.feed(|now| Input::PresenceSync { generation, state, now })
    }
}

// ---- presence: track ---------------------------------------------------------------------

#[test]
fn every_subscription_tracks_the_tab_state_at_once() {
    let mut t = P::subscribed();
    // A rejoin: the server carries no presence over, so the same state is tracked again.
    let d = t.at(2_000).feed(|now| Input::Subscribed { generation: 0, now });
    assert_eq!(d.tracks, [Visibility::Active]);
    // A hidden tab's subscription tracks `away`.
    let mut t = P::new();
    t.visible(false);
    t.connect(true);
    assert_eq!(t.feed(|now| Input::Subscribed { generation: 0, now }).tracks, [Visibility::Away]);
}

#[test]
fn a_subscription_tracks_whichever_order_the_engine_view_comes_in() {
    // Subscribed first, the engine's view saying connected after it.
    let mut t = P::new();
    assert!(t.feed(|now| Input::Subscribed { generation: 0, now }).tracks.is_empty());
    assert_eq!(t.connect(true).tracks, [Visibility::Active]);
    // A rejoin seen connected before its Subscribed: one call, on the new channel.
    t.at(2_000).visible(false);
    t.connect(false);
    t.at(3_000).timeout();
    assert!(t.connect(true).tracks.is_empty(), "the old channel's count must not take it");
    assert_eq!(t.feed(|now| Input::Subscribed { generation: 0, now }).tracks, [Visibility::Away]);
}

#[test]
fn nothing_is_tracked_while_not_connected() {
    let mut t = P::subscribed();
    t.connect(false);
    t.at(2_000).visible(false);
    let d = t.at(2_300).timeout();
    assert!(d.tracks.is_empty());
    assert_eq!(d.timeout, None, "nothing to wake up for until a subscription");
    // Connected again without a new subscription: the channel is unknown, wait for one.
    assert!(t.connect(true).tracks.is_empty());
    assert_eq!(t.feed(|now| Input::Subscribed { generation: 0, now }).tracks, [Visibility::Away]);
}

#[test]
fn visibility_is_tracked_after_300_ms_of_quiet() {
    let mut t = P::subscribed();
    let d = t.at(5_000).visible(false);
    assert!(d.tracks.is_empty());
    assert_eq!(d.timeout, Some(5_300));
    assert!(t.at(5_299).timeout().tracks.is_empty());
    assert_eq!(t.at(5_300).timeout().tracks, [Visibility::Away]);
}

#[test]
fn a_quick_hide_and_show_makes_no_call() {
    let mut t = P::subscribed();
    t.at(5_000).visible(false);
    let d = t.at(5_200).visible(true);
    assert_eq!(d.timeout, Some(5_500), "each change restarts the debounce");
    let d = t.at(5_500).timeout();
    assert!(d.tracks.is_empty(), "the channel already carries `active`");
    assert_eq!(d.timeout, Some(5_200 + HOUR), "only the beat (sent on each change) is due");
}

#[test]
fn at_most_four_presence_calls_per_30_s_then_the_latest_state_waits_for_the_window() {
    let mut t = P::new();
    t.connect(true);
    let first = t.now;
    t.feed(|now| Input::Subscribed { generation: 0, now });
    // Three more changes, each settled: calls 2, 3 and 4.
    for (i, visible) in [false, true, false].into_iter().enumerate() {
        let at = first + 1_000 * (i as u64 + 1);
        t.at(at).visible(visible);
        assert_eq!(t.at(at + 300).timeout().tracks.len(), 1);
    }
    // The fifth would reach the server's limit: it waits for the first call to leave the
    // window (plus a margin), and only the latest state goes then.
    t.at(first + 5_000).visible(true);
    let d = t.at(first + 5_300).timeout();
    assert!(d.tracks.is_empty());
    assert_eq!(d.timeout, Some(first + 30_250));
    t.at(first + 6_000).visible(false);
    t.at(first + 7_000).visible(true);
    assert_eq!(t.at(first + 7_300).timeout().timeout, Some(first + 30_250));
    assert!(t.at(first + 30_249).timeout().tracks.is_empty());
    assert_eq!(t.at(first + 30_250).timeout().tracks, [Visibility::Active]);
}

#[test]
fn the_rate_window_is_per_channel() {
    let mut t = P::subscribed();
    for i in 0..3u64 {
        t.at(2_000 + 1_000 * i).visible(i % 2 == 1);
        assert_eq!(t.at(2_300 + 1_000 * i).timeout().tracks.len(), 1);
    }
    t.at(6_000).visible(true);
    assert!(t.at(6_300).timeout().tracks.is_empty(), "four calls made on this channel");
    // A new channel starts with no calls counted.
    t.connect(false);
    t.at(7_000).connect(true);
    assert_eq!(t.feed(|now| Input::Subscribed { generation: 0, now }).tracks, [Visibility::Active]);
    t.at(8_000).visible(false);
    assert_eq!(t.at(8_300).timeout().tracks, [Visibility::Away]);
}

// ---- partner status ----------------------------------------------------------------------

#[test]
fn partner_status_strings_are_the_contract() {
    let all = [
        (PartnerStatus::Waiting, "waiting"),
        (PartnerStatus::Online, "online"),
        (PartnerStatus::Away, "away"),
        (PartnerStatus::Offline, "offline"),
        (PartnerStatus::Left, "left"),
    ];
    for (status, text) in all {
        assert_eq!(status.as_str(), text);
        assert_eq!(serde_json::to_value(status).unwrap(), text);
    }
}

#[test]
fn partner_status_from_row_and_presence() {
    let (active, away) = (meta(Visibility::Active), meta(Visibility::Away));
    let (here, gone) = (partner("es", false), partner("es", true));
    assert_eq!(PartnerStatus::derive(None, None), PartnerStatus::Waiting);
    assert_eq!(PartnerStatus::derive(None, Some(&active)), PartnerStatus::Online);
    assert_eq!(PartnerStatus::derive(Some(&here), None), PartnerStatus::Offline);
    assert_eq!(PartnerStatus::derive(Some(&here), Some(&active)), PartnerStatus::Online);
    assert_eq!(PartnerStatus::derive(Some(&here), Some(&away)), PartnerStatus::Away);
    assert_eq!(PartnerStatus::derive(Some(&gone), Some(&active)), PartnerStatus::Left, "left wins over presence");
    assert_eq!(PartnerStatus::derive(Some(&gone), None), PartnerStatus::Left);
}

#[test]
fn the_partner_is_any_other_key_and_an_active_tab_wins() {
    let me = ME.to_string();
    let mut state = presence_of(&[(ME, Visibility::Active)]);
    assert_eq!(partner_presence(&state, &me), None, "my own tabs are not the partner");
    assert!(!has_unknown_partner(&state, &me, None));
    state.insert(PARTNER.to_string(), vec![meta(Visibility::Away), meta(Visibility::Active)]);
    assert_eq!(partner_presence(&state, &me).map(|m| m.state), Some(Visibility::Active));
    state.insert(PARTNER.to_string(), vec![meta(Visibility::Away), meta(Visibility::Away)]);
    assert_eq!(partner_presence(&state, &me).map(|m| m.state), Some(Visibility::Away));
    assert!(has_unknown_partner(&state, &me, None));
    assert!(!has_unknown_partner(&state, &me, Some(&partner("es", false))));
}

#[test]
fn presence_metas_read_leniently() {
    let state: PresenceState = serde_json::from_str(&format!(
        r#"{{"{PARTNER}": [{{"display_name": "Bea", "language": "es", "state": "away", "presence_ref": "x"}},
             {{"display_name": "Bea"}}, {{"state": "dancing"}}]}}"#
    ))
    .unwrap();
    let states: Vec<Visibility> = state[&PARTNER.to_string()].iter().map(|m| m.state).collect();
    assert_eq!(states, [Visibility::Away, Visibility::Active, Visibility::Active]);
    let tracked = serde_json::to_value(meta(Visibility::Away)).unwrap();
    assert_eq!(tracked, serde_json::json!({"display_name": "Bea", "language": "es", "state": "away"}));
}

#[test]
fn the_view_follows_presence_and_the_participants_row() {
    let mut t = P::subscribed();
    t.partner = None;
    t.engine_view();
    assert_eq!(t.p.view().partner, PartnerStatus::Waiting);
    // Presence shows a partner this browser has no row for: read the rows.
    let d = t.partner_presence(Visibility::Active);
    assert_eq!(d.read_participants, 1);
    assert!(d.view_changed);
    assert_eq!(t.p.view().partner, PartnerStatus::Online);
    t.partner = Some(partner("es", false));
    t.engine_view();
    assert_eq!(t.partner_presence(Visibility::Away).read_participants, 0);
    assert_eq!(t.p.view().partner, PartnerStatus::Away);
    t.feed(|now| Input::PresenceSync { generation: 0, state: presence_of(&[(ME, Visibility::Active)]), now });
    assert_eq!(t.p.view().partner, PartnerStatus::Offline);
    t.partner = Some(partner("es", true));
    t.engine_view();
    assert_eq!(t.p.view().partner, PartnerStatus::Left);
}

// ---- typing ------------------------------------------------------------------------------

#[test]
fn typing_is_broadcast_at_most_every_2_s_and_idle_once() {
    let mut t = P::subscribed();
    assert_eq!(t.at(10_000).feed(|now| Input::Typing { active: true, now }).broadcasts, [TypingState::Typing]);
    assert!(t.at(11_999).feed(|now| Input::Typing { active: true, now }).broadcasts.is_empty());
    assert_eq!(t.at(12_000).feed(|now| Input::Typing { active: true, now }).broadcasts, [TypingState::Typing]);
    assert_eq!(t.at(12_100).feed(|now| Input::Typing { active: false, now }).broadcasts, [TypingState::Idle]);
    assert!(t.at(12_200).feed(|now| Input::Typing { active: false, now }).broadcasts.is_empty());
    // Typing again right after idle is news: no throttle.
    assert_eq!(t.at(12_300).feed(|now| Input::Typing { active: true, now }).broadcasts, [TypingState::Typing]);
}

#[test]
fn a_send_ends_the_throttle() {
    let mut t = P::subscribed();
    t.partner = Some(partner("en", false));
    t.engine_view();
    t.at(10_000).feed(|now| Input::Typing { active: true, now });
    assert_eq!(t.at(10_500).feed(|now| Input::Sent { now }).broadcasts, [TypingState::Idle]);
    assert_eq!(t.at(10_600).feed(|now| Input::Typing { active: true, now }).broadcasts, [TypingState::Typing]);
}

#[test]
fn the_partner_typing_shows_until_idle_or_5_s_after_the_last_broadcast() {
    let mut t = P::subscribed();
    t.partner_presence(Visibility::Active);
    let d = t.at(10_000).partner_typing(PARTNER, TypingState::Typing);
    assert!(d.view_changed);
    assert_eq!(d.timeout, Some(15_000));
    assert_eq!(t.p.view().partner_typing, Some(TypingState::Typing));
    // A new broadcast pushes the expiry back.
    assert_eq!(t.at(12_000).partner_typing(PARTNER, TypingState::Translating).timeout, Some(17_000));
    assert_eq!(t.p.view().partner_typing, Some(TypingState::Translating));
    t.at(16_999).timeout();
    assert_eq!(t.p.view().partner_typing, Some(TypingState::Translating));
    let d = t.at(17_000).timeout();
    assert!(d.view_changed);
    assert_eq!(t.p.view().partner_typing, None);
    // Idle clears it at once.
    t.at(18_000).partner_typing(PARTNER, TypingState::Typing);
    t.at(18_100).partner_typing(PARTNER, TypingState::Idle);
    assert_eq!(t.p.view().partner_typing, None);
}

#[test]
fn own_broadcasts_from_other_tabs_are_not_the_partner_typing() {
    let mut t = P::subscribed();
    t.partner_presence(Visibility::Active);
    let d = t.partner_typing(ME, TypingState::Typing);
    assert!(!d.view_changed);
    assert_eq!(t.p.view().partner_typing, None);
}

#[test]
fn the_typing_indicator_shows_only_while_the_partner_is_online_or_away() {
    let mut t = P::subscribed();
    t.partner_typing(PARTNER, TypingState::Typing);
    assert_eq!(t.p.view().partner_typing, None, "offline: no presence");
    t.partner_presence(Visibility::Away);
    assert_eq!(t.p.view().partner_typing, Some(TypingState::Typing));
    t.partner = Some(partner("es", true));
    t.engine_view();
    assert_eq!(t.p.view().partner_typing, None, "left");
}

// ---- translating -------------------------------------------------------------------------

#[test]
fn the_partner_is_told_translating_until_no_own_message_awaits_its_translation() {
    let mut t = P::subscribed();
    // The engine's view of the send comes first: the message awaits its translation.
    assert!(t.awaiting(true).broadcasts.is_empty());
    assert_eq!(t.feed(|now| Input::Sent { now }).broadcasts, [TypingState::Translating]);
    assert!(t.p.translating());
    assert!(t.engine_view().broadcasts.is_empty(), "still awaiting");
    assert_eq!(t.awaiting(false).broadcasts, [TypingState::Idle]);
    assert!(!t.p.translating());
    assert!(t.awaiting(false).broadcasts.is_empty(), "idle once");
}

#[test]
fn a_send_with_nothing_to_translate_is_idle() {
    // Same language.
    let mut t = P::subscribed();
    t.partner = Some(partner("en", false));
    t.awaiting(false);
    assert_eq!(t.feed(|now| Input::Sent { now }).broadcasts, [TypingState::Idle]);
    // The partner left, or has not joined.
    for who in [Some(partner("es", true)), None] {
        let mut t = P::subscribed();
        t.partner = who;
        t.awaiting(true);
        assert_eq!(t.feed(|now| Input::Sent { now }).broadcasts, [TypingState::Idle]);
        assert!(!t.p.translating());
    }
    // Queued (offline): not being translated.
    let mut t = P::subscribed();
    t.awaiting(false);
    assert_eq!(t.feed(|now| Input::Sent { now }).broadcasts, [TypingState::Idle]);
}

#[test]
fn own_messages_on_their_way_await_translation_queued_or_failed_ones_do_not() {
    let entry = |own: bool, status: Option<MessageStatus>, translation: TranslationState| Entry {
        id: MSG,
        own,
        seq: Some(1),
        client_seq: 1,
        body: "hi".into(),
        source_lang: "en".into(),
        translated_body: None,
        target_lang: None,
        translation_error: None,
        detected_lang: None,
        translated_by: None,
        created_at: None,
        status,
        failure: None,
        retry_at: None,
        translation,
        text: "hi".into(),
    };
    use MessageStatus as S;
    use TranslationState as Tr;
    for s in [S::Sending, S::Sent, S::Delivered, S::Read] {
        assert!(awaits_translation(&entry(true, Some(s), Tr::Pending)), "{s:?}");
    }
    assert!(!awaits_translation(&entry(true, Some(S::Pending), Tr::Pending)));
    assert!(!awaits_translation(&entry(true, Some(S::Failed), Tr::Pending)));
    assert!(!awaits_translation(&entry(false, None, Tr::Pending)));
    for tr in [Tr::None, Tr::Done, Tr::Failed] {
        assert!(!awaits_translation(&entry(true, Some(S::Sent), tr)), "{tr:?}");
    }
}

#[test]
fn the_typing_payload_is_the_contract() {
    let payload = TypingPayload { user_id: ME, state: TypingState::Translating };
    let json = serde_json::to_value(payload).unwrap();
    assert_eq!(json, serde_json::json!({"user_id": ME.to_string(), "state": "translating"}));
    assert_eq!(serde_json::from_value::<TypingPayload>(json).unwrap(), payload);
    for s in [TypingState::Typing, TypingState::Translating, TypingState::Idle] {
        assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
    }
}

// ---- retranslate -------------------------------------------------------------------------

#[test]
fn a_retranslate_shows_as_translating_until_its_outcome_arrives() {
    let mut t = P::subscribed();
    let d = t.at(10_000).feed(|now| Input::Retranslate { message_id: MSG, now });
    assert!(d.view_changed);
    assert!(t.p.view().retranslating.contains(&MSG));
    // A row without an outcome (the retranslate clearing the old error) settles nothing.
    let pending = row(MSG, PARTNER, 1, 1, "hola");
    assert_eq!(Input::message_row(&pending, t.now), None);
    let mut done = pending.clone();
    done.translated_body = Some("hello".into());
    let settled = Input::message_row(&done, t.now).expect("an outcome");
    t.feed(|_| settled);
    assert!(t.p.view().retranslating.is_empty());
    // A new error is an outcome too.
    let mut failed = pending;
    failed.translation_error = Some("provider down".into());
    assert!(Input::message_row(&failed, t.now).is_some());
}

#[test]
fn a_failed_retranslate_call_settles_it() {
    let mut t = P::subscribed();
    t.feed(|now| Input::Retranslate { message_id: MSG, now });
    t.feed(|now| Input::RetranslateSettled { message_id: MSG, now });
    assert!(t.p.view().retranslating.is_empty());
}

#[test]
fn a_retranslate_whose_outcome_never_arrives_stops_after_30_s() {
    let mut t = P::subscribed();
    let d = t.at(10_000).feed(|now| Input::Retranslate { message_id: MSG, now });
    assert_eq!(d.timeout, Some(40_000));
    t.at(39_999).timeout();
    assert!(t.p.view().retranslating.contains(&MSG));
    let d = t.at(40_000).timeout();
    assert!(d.view_changed);
    assert!(t.p.view().retranslating.is_empty());
    assert_eq!(d.timeout, Some(1_000 + HOUR), "only the beat is due");
}

// ---- liveness: beats -----------------------------------------------------------------------

#[test]
fn a_live_channel_beats_every_second_promising_3_s() {
    let mut t = P::with(Config::default());
    assert!(t.visible(true).beats.is_empty());
    assert!(t.connect(true).beats.is_empty(), "no subscription yet: nothing would carry it");
    let d = t.feed(|now| Input::Subscribed { generation: 0, now });
    assert_eq!(d.beats, [3_000], "a new subscription beats at once");
    assert_eq!(d.timeout, Some(2_000));
    assert!(t.at(1_999).timeout().beats.is_empty());
    let d = t.at(2_000).timeout();
    assert_eq!((d.beats.as_slice(), d.timeout), ([3_000].as_slice(), Some(3_000)));
    // Typing, sending, presence: none of them moves the cadence.
    assert!(t.at(2_500).feed(|now| Input::Typing { active: true, now }).beats.is_empty());
    // Not connected: no beats, and none scheduled, until the next subscription.
    let d = t.at(2_600).connect(false);
    assert!(d.beats.is_empty());
    assert!(t.at(10_000).timeout().beats.is_empty());
    assert!(t.connect(true).beats.is_empty());
    assert_eq!(t.at(10_100).feed(|now| Input::Subscribed { generation: 0, now }).beats, [3_000]);
}

#[test]
fn a_hidden_tab_beats_every_15_s_promising_90_s_and_beats_at_once_on_each_change() {
    let mut t = P::beating();
    let d = t.at(1_500).visible(false);
    assert_eq!(d.beats, [90_000], "the longer promise goes before the browser slows the tab's timers");
    assert!(t.at(16_499).timeout().beats.is_empty());
    assert_eq!(t.at(16_500).timeout().beats, [90_000]);
    assert_eq!(t.at(17_000).visible(true).beats, [3_000], "shown again: the short promise at once");
    assert_eq!(t.at(18_000).timeout().beats, [3_000]);
    assert!(t.at(18_200).visible(true).beats.is_empty(), "the same state again is no change");
}

#[test]
fn the_beat_payload_is_the_contract() {
    let beat = BeatPayload { user_id: PARTNER, tab: PARTNER_TAB, within_ms: 3_000 };
    let json = serde_json::to_value(beat).unwrap();
    assert_eq!(json, serde_json::json!({"user_id": PARTNER, "tab": PARTNER_TAB, "within_ms": 3_000}));
    assert_eq!(serde_json::from_value::<BeatPayload>(json).unwrap(), beat);
    assert_eq!((session_sync::presence::BEAT_EVENT, session_sync::presence::TYPING_EVENT), ("beat", "typing"));
}

#[test]
fn the_partner_is_offline_once_every_tab_broke_its_promise() {
    let mut t = P::beating();
    t.partner_presence(Visibility::Active);
    let d = t.at(5_000).partner_beat(PARTNER, PARTNER_TAB, 3_000);
    assert_eq!(d.timeout, Some(6_000), "this tab's next beat comes first");
    t.at(6_000).timeout();
    let d = t.at(7_000).timeout();
    assert_eq!(d.timeout, Some(8_000), "the partner's promise runs out then");
    assert_eq!(t.p.view().partner, PartnerStatus::Online);
    // The server still shows them (a silent socket lingers for up to a minute there).
    let d = t.at(8_000).timeout();
    assert!(d.view_changed);
    assert_eq!(t.p.view().partner, PartnerStatus::Offline);
    assert_eq!(t.p.view().partner_last_seen, Some(5_000), "last seen: the last beat heard");
    // A beat again: there again.
    t.at(9_000).partner_beat(PARTNER, PARTNER_TAB, 3_000);
    assert_eq!(t.p.view().partner, PartnerStatus::Online);
}

#[test]
fn any_live_tab_of_the_partner_keeps_them_there() {
    let mut t = P::beating();
    t.partner_presence(Visibility::Away);
    let hidden = Uuid::from_u128(0x7ab0_0000_0000_4000_8000_0000_0000_0003);
    t.at(2_000).partner_beat(PARTNER, hidden, 90_000);
    t.at(2_100).partner_beat(PARTNER, PARTNER_TAB, 3_000);
    t.at(60_000).timeout();
    assert_eq!(t.p.view().partner, PartnerStatus::Away, "a hidden tab that promised 90 s is still there");
    t.at(92_000).timeout();
    assert_eq!(t.p.view().partner, PartnerStatus::Offline);
    // A tab shown again shortens its promise: its new one is what counts.
    t.at(93_000).partner_beat(PARTNER, hidden, 90_000);
    t.at(94_000).partner_beat(PARTNER, hidden, 3_000);
    t.at(97_000).timeout();
    assert_eq!(t.p.view().partner, PartnerStatus::Offline);
}

#[test]
fn a_partner_promise_is_capped() {
    let mut t = P::beating();
    t.partner_presence(Visibility::Active);
    let d = t.at(2_000).partner_beat(PARTNER, PARTNER_TAB, u64::MAX);
    assert!(d.timeout.is_some());
    t.at(2_000 + 120_000).timeout();
    assert_eq!(t.p.view().partner, PartnerStatus::Offline);
}

#[test]
fn a_partner_whose_client_never_beats_is_judged_by_presence() {
    let mut t = P::beating();
    t.partner_presence(Visibility::Active);
    t.at(600_000).timeout();
    assert_eq!(t.p.view().partner, PartnerStatus::Online);
}

#[test]
fn own_beats_from_other_tabs_are_not_the_partner() {
    let mut t = P::beating();
    t.partner_presence(Visibility::Active);
    t.at(2_000).partner_beat(ME, Uuid::from_u128(5), 3_000);
    t.at(60_000).timeout();
    assert_eq!(t.p.view().partner, PartnerStatus::Online, "no beat of the partner: presence alone");
}

#[test]
fn a_tab_shown_again_judges_the_partner_at_once() {
    let mut t = P::beating();
    t.partner_presence(Visibility::Active);
    t.at(2_000).partner_beat(PARTNER, PARTNER_TAB, 3_000);
    t.at(2_100).visible(false);
    // The browser held this tab's timers back: no Timeout came. Shown again, with `now`:
    let d = t.at(40_000).visible(true);
    assert!(d.view_changed);
    assert_eq!(t.p.view().partner, PartnerStatus::Offline);
}

#[test]
fn while_this_side_is_not_connected_the_partner_is_unknown_with_last_seen() {
    let mut t = P::beating();
    t.partner_presence(Visibility::Active);
    t.at(4_000).partner_beat(PARTNER, PARTNER_TAB, 3_000);
    t.at(4_100).partner_typing(PARTNER, TypingState::Typing);
    assert_eq!(t.p.view().partner_typing, Some(TypingState::Typing));
    let d = t.at(4_500).connect(false);
    assert!(d.view_changed);
    let v = t.p.view();
    assert_eq!((v.partner, v.partner_last_seen), (PartnerStatus::Unknown, Some(4_000)));
    assert_eq!(v.partner.as_str(), "offline", "docs/contracts.md §5 lists no other state");
    assert_eq!(v.partner_typing, None, "nothing is shown as going on");
    // Beats missed meanwhile say nothing: back and subscribed, the partner gets a fresh promise.
    assert_eq!(t.at(30_000).timeout().timeout, None, "nothing can expire while not listening");
    t.connect(true);
    let d = t.feed(|now| Input::Subscribed { generation: 0, now });
    assert_eq!(t.p.view().partner, PartnerStatus::Online);
    assert_eq!(d.timeout, Some(31_000));
    t.at(31_000).timeout();
    t.at(32_000).timeout();
    assert_eq!(t.p.view().partner, PartnerStatus::Online);
    t.at(33_000).timeout();
    assert_eq!(t.p.view().partner, PartnerStatus::Offline, "no beat within the promise after listening again");
    // Left and waiting are facts this side holds while not connected too.
    t.partner = Some(partner("es", true));
    t.connect(false);
    assert_eq!(t.p.view().partner, PartnerStatus::Left);
    t.partner = None;
    t.feed(|now| Input::PresenceSync { generation: 0, state: presence_of(&[(ME, Visibility::Active)]), now });
    t.engine_view();
    assert_eq!(t.p.view().partner, PartnerStatus::Waiting);
}

#[test]
fn a_partner_not_beating_is_last_seen_when_this_side_stopped_seeing_them() {
    let mut t = P::beating();
    t.partner_presence(Visibility::Away);
    assert_eq!(t.p.view().partner_last_seen, None);
    t.at(7_000).connect(false);
    assert_eq!(t.p.view().partner_last_seen, Some(7_000));
}

// ---- presence: channel generations ---------------------------------------------------------

#[test]
fn events_of_a_replaced_channel_change_nothing() {
    let mut t = P::subscribed();
    t.partner_presence(Visibility::Active);
    let status = t.p.view().partner;
    t.at(2_000).feed(|now| Input::ChannelReplaced { generation: 1, now });
    // The old channel still reports while it is torn down: its subscription, presence and
    // typing are not the open channel's.
    assert!(t.at(40_000).feed(|now| Input::Subscribed { generation: 0, now }).tracks.is_empty());
    assert!(!t.partner_typing(PARTNER, TypingState::Typing).view_changed);
    assert_eq!(t.p.view().partner_typing, None);
    let gone = presence_of(&[(ME, Visibility::Active), (Uuid::from_u128(99), Visibility::Away)]);
    assert_eq!(t.feed(|now| Input::PresenceSync { generation: 0, state: gone, now }).read_participants, 0);
    assert_eq!(t.p.view().partner, status);
    t.partner_beat(PARTNER, PARTNER_TAB, 3_000);
    assert_eq!(t.at(400_000).timeout().timeout, None, "a beat of the old channel promises nothing, and none goes");
    assert_eq!(t.p.view().partner, status);
    // The new channel's events count.
    t.generation = 1;
    assert_eq!(t.feed(|now| Input::Subscribed { generation: 1, now }).tracks, [Visibility::Active]);
    assert!(t.partner_typing(PARTNER, TypingState::Typing).view_changed);
    assert_eq!(t.p.view().partner_typing, Some(TypingState::Typing));
}

// ---- properties --------------------------------------------------------------------------

#[derive(Debug, Clone)]
enum Step {
    /// Time passes; every deadline the machine returned meanwhile fires on time.
    Wait(u64),
    Visible(bool),
    Subscribed,
    Connected(bool),
    Typing(bool),
    PartnerTyping(bool, TypingState),
    PartnerPresence(Option<Visibility>),
    /// A `beat` of one of two partner tabs (or of another tab of mine), with its promise.
    PartnerBeat(bool, u8, u64),
    /// The engine's view: an own message awaits translation, or not.
    Awaiting(bool),
    Sent,
    Retranslate(u8),
    Settle(u8),
    /// The driver carries out the engine's `Request::Reconnect`: a new channel generation.
    Replace,
    /// An event of a channel that is not the open one (replaced, or never opened).
    Stale(Box<Step>),
}

fn step() -> impl Strategy<Value = Step> {
    let typing = prop_oneof![Just(TypingState::Typing), Just(TypingState::Translating), Just(TypingState::Idle)];
    let visibility = prop_oneof![Just(Visibility::Active), Just(Visibility::Away)];
    prop_oneof![
        4 => prop_oneof![0..400u64, 0..3_000u64, 0..40_000u64].prop_map(Step::Wait),
        4 => any::<bool>().prop_map(Step::Visible),
        1 => Just(Step::Subscribed),
        1 => any::<bool>().prop_map(Step::Connected),
        2 => any::<bool>().prop_map(Step::Typing),
        2 => (any::<bool>(), typing.clone()).prop_map(|(mine, s)| Step::PartnerTyping(mine, s)),
        1 => proptest::option::of(visibility.clone()).prop_map(Step::PartnerPresence),
        3 => beat().prop_map(|(mine, tab, within)| Step::PartnerBeat(mine, tab, within)),
        2 => any::<bool>().prop_map(Step::Awaiting),
        1 => Just(Step::Sent),
        1 => (0..3u8).prop_map(Step::Retranslate),
        1 => (0..3u8).prop_map(Step::Settle),
        1 => Just(Step::Replace),
        2 => prop_oneof![
            Just(Step::Subscribed),
            (any::<bool>(), typing).prop_map(|(mine, s)| Step::PartnerTyping(mine, s)),
            proptest::option::of(visibility).prop_map(Step::PartnerPresence),
            beat().prop_map(|(mine, tab, within)| Step::PartnerBeat(mine, tab, within)),
        ]
        .prop_map(|s| Step::Stale(Box::new(s))),
    ]
}

fn beat() -> impl Strategy<Value = (bool, u8, u64)> {
    (prop::bool::weighted(0.2), 0..2u8, prop_oneof![Just(3_000u64), Just(90_000u64), 0..5_000u64])
}

/// A driver with an exact timer, and what the properties need to remember.
struct World {
    t: P,
    deadline: Option<u64>,
    visible: bool,
    /// A subscription came and the connection has held since.
    ready: bool,
    /// Presence calls on the current channel.
    calls: Vec<(u64, Visibility)>,
    /// The partner's last `typing`/`translating` broadcast and whether `idle` followed it.
    partner_typing_at: Option<u64>,
    /// When `typing` was last broadcast, cleared by `idle` or a send.
    typing_sent: Option<u64>,
    retranslate_at: HashMap<Uuid, u64>,
    /// The partner's presence meta shows them.
    partner_shown: bool,
    /// Per partner tab: when its promise runs out (from its beat, or renewed by a new
    /// subscription of mine), and the promise; forgotten once run out while listening.
    partner_tabs: HashMap<u8, (u64, u64)>,
    partner_beating: bool,
    /// My last beat and its promise, while live.
    own_beat: Option<(u64, u64)>,
}

impl World {
    fn new() -> World {
        let mut t = P::with(Config::default());
        // The partner's row is known from the start (the engine's restored state).
        t.engine_view();
        World {
            t,
            deadline: None,
            visible: true,
            ready: false,
            calls: Vec::new(),
            partner_typing_at: None,
            typing_sent: None,
            retranslate_at: HashMap::new(),
            partner_shown: false,
            partner_tabs: HashMap::new(),
            partner_beating: false,
            own_beat: None,
        }
    }

    fn live(&self) -> bool {
        self.ready && self.t.connection == ConnectionState::Connected
    }

    fn take(&mut self, d: Drained) {
        self.deadline = d.timeout;
        if !self.live() {
            assert!(d.beats.is_empty(), "a beat while the channel is not live");
            self.own_beat = None;
        }
        if let Some(&within) = d.beats.last() {
            assert_eq!(d.beats.len(), 1, "one beat at a time");
            let expected = if self.visible { 3_000 } else { 90_000 };
            assert_eq!(within, expected, "the promise of the tab's visibility");
            self.own_beat = Some((self.t.now, within));
        }
        for v in d.tracks {
            self.calls.push((self.t.now, v));
        }
        for s in d.broadcasts {
            if s == TypingState::Typing {
                if let Some(last) = self.typing_sent {
                    assert!(self.t.now >= last + 2_000, "typing broadcast twice within 2 s");
                }
                self.typing_sent = Some(self.t.now);
            } else {
                self.typing_sent = None;
            }
        }
    }

    fn wait(&mut self, ms: u64) {
        let end = self.t.now + ms;
        while let Some(at) = self.deadline.filter(|&at| at <= end) {
            let at = at.max(self.t.now);
            let d = self.t.at(at).timeout();
            self.take(d);
            self.check();
        }
        self.t.at(end);
    }

    fn step(&mut self, s: &Step) {
        let d = match s.clone() {
            Step::Wait(ms) => return self.wait(ms),
            Step::Visible(v) => {
                self.visible = v;
                self.t.visible(v)
            }
            Step::Subscribed => {
                self.ready = true;
                self.calls.clear();
                let now = self.t.now;
                for (until, within) in self.partner_tabs.values_mut() {
                    *until = (*until).max(now + *within);
                }
                let generation = self.t.generation;
                self.t.feed(|now| Input::Subscribed { generation, now })
            }
            Step::Connected(c) => {
                // Leaving `connected` loses the channel until the next subscription.
                self.ready &= c || self.t.connection != ConnectionState::Connected;
                self.t.connect(c)
            }
            Step::Typing(active) => self.t.feed(|now| Input::Typing { active, now }),
            Step::PartnerTyping(mine, state) => {
                if !mine {
                    self.partner_typing_at = (state != TypingState::Idle).then_some(self.t.now);
                }
                self.t.partner_typing(if mine { ME } else { PARTNER }, state)
            }
            Step::PartnerPresence(v) => {
                let mut metas = vec![(ME, Visibility::Active)];
                metas.extend(v.map(|v| (PARTNER, v)));
                let state = presence_of(&metas);
                let generation = self.t.generation;
                self.partner_shown = v.is_some();
                self.t.feed(|now| Input::PresenceSync { generation, state, now })
            }
            Step::PartnerBeat(mine, tab, within) => {
                if !mine {
                    self.partner_tabs.insert(tab, (self.t.now + within, within));
                    self.partner_beating = true;
                }
                let (user, tab) = if mine { (ME, Uuid::from_u128(7)) } else { (PARTNER, Uuid::from_u128(tab as u128)) };
                self.t.partner_beat(user, tab, within)
            }
            Step::Awaiting(a) => self.t.awaiting(a),
            Step::Sent => {
                self.typing_sent = None;
                self.t.feed(|now| Input::Sent { now })
            }
            Step::Retranslate(i) => {
                let id = Uuid::from_u128(i as u128 + 1);
                self.retranslate_at.insert(id, self.t.now);
                self.t.feed(|now| Input::Retranslate { message_id: id, now })
            }
            Step::Settle(i) => {
                let id = Uuid::from_u128(i as u128 + 1);
                self.retranslate_at.remove(&id);
                self.t.feed(|now| Input::RetranslateSettled { message_id: id, now })
            }
            Step::Replace => {
                // The old channel is gone: presence calls start over on the new one.
                self.ready = false;
                self.t.generation += 1;
                let generation = self.t.generation;
                self.t.feed(|now| Input::ChannelReplaced { generation, now })
            }
            Step::Stale(event) => {
                let before = self.t.p.view();
                let open = self.t.generation;
                self.t.generation = open.wrapping_sub(1);
                let d = match *event {
                    Step::Subscribed => {
                        let generation = self.t.generation;
                        self.t.feed(|now| Input::Subscribed { generation, now })
                    }
                    Step::PartnerTyping(mine, state) => self.t.partner_typing(if mine { ME } else { PARTNER }, state),
                    Step::PartnerPresence(v) => {
                        let mut metas = vec![(ME, Visibility::Active)];
                        metas.extend(v.map(|v| (PARTNER, v)));
                        let (generation, state) = (self.t.generation, presence_of(&metas));
                        self.t.feed(|now| Input::PresenceSync { generation, state, now })
                    }
                    Step::PartnerBeat(mine, tab, within) => {
                        let user = if mine { ME } else { PARTNER };
                        self.t.partner_beat(user, Uuid::from_u128(tab as u128), within)
                    }
                    other => unreachable!("not a channel event: {other:?}"),
                };
                self.t.generation = open;
                // Events of a replaced channel change nothing: no call, no broadcast, no read,
                // the same view and the same deadline.
                assert!(
                    d.tracks.is_empty() && d.broadcasts.is_empty() && d.beats.is_empty() && d.read_participants == 0,
                    "{d:?}"
                );
                assert_eq!(self.t.p.view(), before);
                assert_eq!(d.timeout, self.deadline);
                d
            }
        };
        self.take(d);
    }

    fn check(&mut self) {
        let now = self.t.now;
        let live = self.live();
        // Beats keep their cadence while live (the timer fires on time here).
        if let Some((at, within)) = self.own_beat.filter(|_| live) {
            let interval = if within == 3_000 { 1_000 } else { 15_000 };
            assert!(now <= at + interval, "no beat for {} ms", now - at);
        }
        if live {
            self.partner_tabs.retain(|_, (until, _)| now < *until);
        }
        // The partner's status: unknown exactly while not connected; offline once every tab
        // broke its promise (while listening), and never before.
        let v = self.t.p.view();
        let connected = self.t.connection == ConnectionState::Connected;
        assert_eq!(v.partner == PartnerStatus::Unknown, !connected, "{v:?}");
        let alive = !self.partner_beating || !self.partner_tabs.is_empty();
        if connected {
            assert_eq!(v.partner.present(), self.partner_shown && alive, "{v:?} tabs {:?}", self.partner_tabs);
        }
        // Never more than 4 presence calls within any 30 s on one channel.
        for w in self.calls.windows(5) {
            assert!(w[4].0 >= w[0].0 + 30_000, "5 presence calls within 30 s: {:?}", self.calls);
        }
        // The partner's typing never shows past its expiry, nor after idle.
        if v.partner_typing.is_some() {
            assert!(self.partner_typing_at.is_some_and(|t| now < t + 5_000), "typing shown after expiry or idle");
            assert!(v.partner.present());
        }
        // Translating only while an own message awaits its translation.
        if self.t.p.translating() {
            assert!(self.t.awaiting, "translating with nothing awaiting translation");
        }
        // Retranslating: asked for, not settled, less than 30 s ago.
        for id in &v.retranslating {
            assert!(self.retranslate_at.get(id).is_some_and(|t| now < t + 30_000), "retranslating {id} too long");
        }
    }
}

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(256);
    ProptestConfig { cases, ..ProptestConfig::default() }
}

proptest! {
    #![proptest_config(config())]

    /// After every step: the rate limit, the typing expiry, the translating state and the
    /// retranslate expiry hold. Then, connected and quiet, the channel carries the latest
    /// visibility.
    #[test]
    fn presence_rules_hold_in_any_order(steps in proptest::collection::vec(step(), 1..120)) {
        let mut w = World::new();
        for s in &steps {
            w.step(s);
            w.check();
        }
        // Quiet and connected on a subscribed channel (the one it has, or a new one after a
        // drop): the last call carries the latest visibility, however the window delayed it.
        w.step(&Step::Connected(true));
        if !w.ready {
            w.step(&Step::Subscribed);
        }
        w.wait(31_000);
        w.check();
        prop_assert_eq!(w.calls.last().map(|c| c.1), Some(if w.visible { Visibility::Active } else { Visibility::Away }));
        prop_assert_eq!(w.t.p.view().partner_typing, None);
        prop_assert!(w.t.p.view().retranslating.is_empty());
    }

    /// A visibility change on a channel already subscribed and connected reaches it within
    /// the rate window, without a new subscription.
    #[test]
    fn the_latest_visibility_reaches_a_live_channel(flips in proptest::collection::vec((any::<bool>(), 0..2_000u64), 1..40)) {
        let mut w = World::new();
        let d = w.t.connect(true);
        w.take(d);
        w.step(&Step::Subscribed);
        for (visible, gap) in flips {
            w.step(&Step::Visible(visible));
            w.wait(gap);
            w.check();
        }
        w.wait(30_600);
        w.check();
        prop_assert_eq!(w.calls.last().map(|c| c.1), Some(if w.visible { Visibility::Active } else { Visibility::Away }));
        prop_assert!(w.calls.len() <= 4 || w.calls.windows(5).all(|c| c[4].0 >= c[0].0 + 30_000));
    }
}
