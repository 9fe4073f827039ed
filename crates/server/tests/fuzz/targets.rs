//! Property-based fuzz targets for the parsers that read untrusted input, shared by the benchmark
//! (`examples/fuzz.rs`, 100,000+ cases per target) and the always-on suite (`tests/fuzz/main.rs`,
//! a few thousand cases per target).
//!
//! Generators are structure-aware: besides raw noise they build inputs that look like what a
//! client sends (PostgREST query strings, Phoenix frames, signed JWTs, postgres_changes filters)
//! and then bend them, so cases get past the first checks. Every target asserts more than "no
//! panic" wherever a property is cheap to state (round trips, signatures, SQL validity).
//!
//! Failing seeds are recorded in `proptest-regressions/fuzz/<target>.txt` and replayed first on
//! every later run, by the suite and the benchmark alike.

use std::cell::Cell;
use std::collections::{BTreeSet, HashMap};
use std::fmt::Debug;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use axum::http::{HeaderMap, HeaderValue, StatusCode};
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use hmac::{Hmac, Mac};
use proptest::collection::{btree_map, vec};
use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence, RngSeed, TestCaseError, TestError, TestRunner};
use serde_json::{json, Map, Value};
use session_server::changes::{columns_of, Change, ChangeKind};
use session_server::db::Db;
use session_server::jwt::JwtKeys;
use session_server::realtime::filter::{binding_id, Binding};
use session_server::realtime::hub::{Access, Hub, Input, Limits, Millis, Output, SocketId};
use session_server::realtime::protocol::{
    decode_binary, decode_text, decode_user_broadcast, encode, encode_broadcast_push, encode_user_broadcast,
    BroadcastPush, Frame, Message, Vsn, ENCODING_BINARY, ENCODING_JSON,
};
use session_server::rest::query::{decode_pairs, parse, Op, Query, TABLES};
use session_server::rest::Prefer;
use session_server::store::select;
use sha2::Sha256;
use uuid::Uuid;

/// Where a target's failing seeds are kept (replayed first on every run).
macro_rules! regressions {
    ($target:literal) => {
        concat!(env!("CARGO_MANIFEST_DIR"), "/proptest-regressions/fuzz/", $target, ".txt")
    };
}

pub const TARGETS: [&str; 5] = ["query", "frame", "jwt", "filter", "hub"];

/// What one target did in one run.
#[derive(Debug)]
pub struct Report {
    pub target: &'static str,
    pub seed: u64,
    /// Every call of the target: new cases, replayed regressions and shrinking steps.
    pub cases: u64,
    /// Cases the parser accepted; the rest it refused with an error (never a panic).
    pub accepted: u64,
    pub rejected: u64,
    pub elapsed: Duration,
    pub slowest: Duration,
    /// The first property that failed (a panic counts), with the shrunk input.
    pub failure: Option<String>,
}

/// A parser's answer to one case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Accepted,
    Rejected,
}

type Checked = Result<Verdict, TestCaseError>;

/// Runs `cases` new cases of `target` (after any recorded regressions) from `seed`.
pub fn run(target: &str, cases: u32, seed: u64) -> Report {
    match target {
        "query" => {
            let db = Db::open(":memory:").expect("in-memory database");
            drive("query", regressions!("query"), cases, seed, query_case(), |case| check_query(&db, case))
        }
        "frame" => drive("frame", regressions!("frame"), cases, seed, frame_case(), check_frame),
        "jwt" => drive("jwt", regressions!("jwt"), cases, seed, jwt_case(), check_jwt),
        "filter" => drive("filter", regressions!("filter"), cases, seed, filter_case(), check_filter),
        "hub" => drive("hub", regressions!("hub"), cases, seed, hub_case(), check_hub),
        other => panic!("unknown fuzz target {other}; one of {TARGETS:?}"),
    }
}

fn drive<S: Strategy>(
    target: &'static str,
    regressions: &'static str,
    cases: u32,
    seed: u64,
    strategy: S,
    check: impl Fn(S::Value) -> Checked,
) -> Report {
    let config = Config {
        cases,
        rng_seed: RngSeed::Fixed(seed),
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(regressions))),
        // Only new cases count towards `cases`; a generator must never filter.
        max_global_rejects: 0,
        ..Config::default()
    };
    let (calls, accepted, slowest) = (Cell::new(0u64), Cell::new(0u64), Cell::new(Duration::ZERO));
    let start = Instant::now();
    let result = TestRunner::new(config).run(&strategy, |value| {
        let began = Instant::now();
        calls.set(calls.get() + 1);
        let verdict = check(value);
        slowest.set(slowest.get().max(began.elapsed()));
        if verdict? == Verdict::Accepted {
            accepted.set(accepted.get() + 1);
        }
        Ok(())
    });
    let failure = match result {
        Ok(()) => None,
        Err(TestError::Fail(reason, input)) => Some(format!("{reason}\nminimal input: {input:#?}")),
        Err(TestError::Abort(reason)) => Some(format!("aborted: {reason}")),
    };
    Report {
        target,
        seed,
        cases: calls.get(),
        accepted: accepted.get(),
        rejected: calls.get() - accepted.get(),
        elapsed: start.elapsed(),
        slowest: slowest.get(),
        failure,
    }
}

impl Report {
    /// One line of figures; the benchmark prints it per target, the suite on failure.
    pub fn summary(&self) -> String {
        let secs = self.elapsed.as_secs_f64();
        format!(
            "{:<6} cases {:>8}  accepted {:>8}  rejected {:>8}  failures {}  time {:>7.2} s  {:>8.0} cases/s  slowest {:>8.2} ms  seed {}",
            self.target,
            self.cases,
            self.accepted,
            self.rejected,
            u8::from(self.failure.is_some()),
            secs,
            self.cases as f64 / secs.max(1e-9),
            self.slowest.as_secs_f64() * 1000.0,
            self.seed,
        )
    }
}

fn verdict<T, E>(result: &Result<T, E>) -> Verdict {
    if result.is_ok() {
        Verdict::Accepted
    } else {
        Verdict::Rejected
    }
}

// ---- shared generators ------------------------------------------------------------------------

/// Characters that mean something to one of the grammars, plus a few multi-byte ones.
const SPECIAL: &[char] = &[
    '"', '\\', ',', '(', ')', '.', ':', '*', '=', '&', '%', '+', '-', '>', ' ', '\t', '\n', '{', '}', '[', ']', '\0',
    'é', 'ß', '日', '🦀', '\u{feff}', '\u{202e}',
];

fn wild_text(max: usize) -> BoxedStrategy<String> {
    let special = vec(prop::sample::select(SPECIAL), 0..max).prop_map(String::from_iter);
    let mixed = vec(prop_oneof![prop::sample::select(SPECIAL), any::<char>(), prop::char::range('a', 'z')], 0..max)
        .prop_map(String::from_iter);
    prop_oneof![4 => mixed, 2 => special, 2 => "[a-z_]{0,12}", 1 => huge_text()].boxed()
}

/// Long inputs, to catch anything quadratic.
fn huge_text() -> BoxedStrategy<String> {
    (
        prop_oneof![Just("a"), Just(","), Just("("), Just("\""), Just("\\"), Just("%"), Just("1"), Just("é")],
        1_000..20_000usize,
    )
        .prop_map(|(unit, n)| unit.repeat(n))
        .boxed()
}

fn number_text() -> BoxedStrategy<String> {
    prop_oneof![
        any::<i64>().prop_map(|n| n.to_string()),
        any::<u64>().prop_map(|n| n.to_string()),
        (0..i64::MAX).prop_map(|n| format!(" {n} ")),
        "-?[0-9]{19,60}",
        prop::sample::select(vec![
            "",
            "-0",
            "+5",
            "1e3",
            "0x10",
            "NaN",
            "inf",
            "1.5",
            "9223372036854775808",
            "-9223372036854775809",
            "٣"
        ])
        .prop_map(str::to_owned),
    ]
    .boxed()
}

fn uuid_text() -> BoxedStrategy<String> {
    (any::<u128>(), 0..6u8)
        .prop_map(|(n, form)| {
            let u = Uuid::from_u128(n);
            match form {
                0 => u.to_string(),
                1 => u.to_string().to_uppercase(),
                2 => u.simple().to_string(),
                3 => u.braced().to_string(),
                4 => u.urn().to_string(),
                _ => u.to_string()[..20].to_owned(),
            }
        })
        .boxed()
}

fn timestamp_text() -> BoxedStrategy<String> {
    let offset = prop_oneof![
        Just("Z".to_owned()),
        Just("z".to_owned()),
        (any::<bool>(), 0..30u8, 0..70u8)
            .prop_map(|(neg, h, m)| format!("{}{h:02}:{m:02}", if neg { '-' } else { '+' }))
    ];
    let valid_looking = (0..10_000u32, 0..14u8, 0..33u8, 0..26u8, 0..61u8, 0..62u8, "(\\.[0-9]{0,12})?", offset)
        .prop_map(|(y, mo, d, h, mi, s, frac, off)| format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}{frac}{off}"));
    prop_oneof![3 => valid_looking, 1 => wild_text(24)].boxed()
}

/// JSON values; `floats` off where a property compares values after a round trip, since
/// serde_json's default float parsing is best-effort and may move the last bit.
fn json(floats: bool) -> BoxedStrategy<Value> {
    let mut leaves: Vec<(u32, BoxedStrategy<Value>)> = vec![
        (1, Just(Value::Null).boxed()),
        (1, any::<bool>().prop_map(Value::Bool).boxed()),
        (2, any::<i64>().prop_map(|n| json!(n)).boxed()),
        (1, any::<u64>().prop_map(|n| json!(n)).boxed()),
        (3, wild_text(16).prop_map(Value::String).boxed()),
    ];
    if floats {
        leaves.push((1, any::<f64>().prop_map(|f| json!(f)).boxed()));
    }
    let leaf = proptest::strategy::Union::new_weighted(leaves);
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..6).prop_map(Value::Array),
            btree_map(wild_text(8), inner, 0..6).prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
    .boxed()
}

/// JSON texts a strict object/array parser should refuse, or that nest deeper than it allows.
fn hostile_json_text() -> BoxedStrategy<String> {
    prop_oneof![
        (1..5_000usize).prop_map(|n| "[".repeat(n)),
        (1..5_000usize).prop_map(|n| format!("{}1{}", "[".repeat(n), "]".repeat(n))),
        (1..3_000usize).prop_map(|n| format!("{}null{}", "{\"a\":".repeat(n), "}".repeat(n))),
        (300..2_000usize).prop_map(|n| format!("[null,\"1\",\"t\",\"e\",{}]", "9".repeat(n))),
        Just("[null,null,\"t\",\"e\",1e999999]".to_owned()),
        Just("[null,null,\"t\",\"e\",-1e-999999]".to_owned()),
        Just("[null,null,\"t\",\"e\",\"\\ud800\"]".to_owned()),
        Just("{\"topic\":\"t\",\"topic\":1,\"event\":\"e\"}".to_owned()),
    ]
    .boxed()
}

/// Numbers are equal when within an ulp or two (see [`json`]).
fn json_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) if x.is_f64() || y.is_f64() => {
            let (x, y) = (x.as_f64().unwrap_or(f64::NAN), y.as_f64().unwrap_or(f64::NAN));
            x == y || (x - y).abs() <= 4.0 * f64::EPSILON * x.abs().max(y.abs())
        }
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(x, y)| json_eq(x, y)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| json_eq(v, w)))
        }
        _ => a == b,
    }
}

fn all_columns() -> Vec<&'static str> {
    let mut columns: BTreeSet<&'static str> = BTreeSet::new();
    for table in TABLES {
        columns.extend(columns_of(table).iter().map(|(c, _)| *c));
    }
    columns.into_iter().collect()
}

fn column_name() -> BoxedStrategy<String> {
    prop_oneof![
        6 => prop::sample::select(all_columns()).prop_map(str::to_owned),
        1 => prop::sample::select(all_columns()).prop_map(|c| c.to_uppercase()),
        1 => prop::sample::select(all_columns()).prop_map(|c| format!(" {c} ")),
        2 => wild_text(10),
    ]
    .boxed()
}

// ---- PostgREST query strings -----------------------------------------------------------------

#[derive(Debug, Clone)]
struct QueryCase {
    table: &'static str,
    pairs: Vec<(String, String)>,
    /// How each pair is written: see [`render`].
    styles: Vec<u8>,
    prefer: Vec<String>,
}

fn operator() -> BoxedStrategy<String> {
    prop_oneof![
        8 => prop::sample::select(vec!["eq", "neq", "gt", "gte", "lt", "lte", "in", "is"]).prop_map(str::to_owned),
        2 => prop::sample::select(vec!["like", "ilike", "cs", "cd", "fts", "not", "EQ", "", "eq.eq"]).prop_map(str::to_owned),
        1 => wild_text(6),
    ]
    .boxed()
}

fn list_item() -> BoxedStrategy<String> {
    prop_oneof![
        3 => uuid_text(),
        3 => number_text(),
        2 => wild_text(10).prop_map(|s| format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))),
        2 => wild_text(10),
        1 => timestamp_text(),
    ]
    .boxed()
}

fn in_list() -> BoxedStrategy<String> {
    prop_oneof![
        6 => vec(list_item(), 0..8).prop_map(|items| format!("({})", items.join(","))),
        1 => vec(list_item(), 0..4).prop_map(|items| format!("(({}))", items.join(","))),
        1 => vec(list_item(), 0..4).prop_map(|items| format!("({}", items.join(","))),
        // Many values: more than SQLite binds in one statement.
        1 => (1..40_000usize).prop_map(|n| format!("({})", vec!["1"; n].join(","))),
    ]
    .boxed()
}

fn operand() -> BoxedStrategy<String> {
    prop_oneof![
        3 => uuid_text(),
        3 => number_text(),
        2 => timestamp_text(),
        2 => in_list(),
        1 => prop::sample::select(vec!["null", "NULL", "Null", "nul", "true", "false", ""]).prop_map(str::to_owned),
        3 => wild_text(20),
    ]
    .boxed()
}

fn filter_value() -> BoxedStrategy<String> {
    (prop::sample::select(vec!["", "", "", "not.", "not.not.", "NOT."]), operator(), operand())
        .prop_map(|(not, op, operand)| format!("{not}{op}.{operand}"))
        .boxed()
}

fn select_value() -> BoxedStrategy<String> {
    let item = prop_oneof![
        6 => column_name(),
        2 => Just("*".to_owned()),
        1 => prop::sample::select(vec!["sessions(*)", "alias:id", "id::text", "body->>x", "seq-1", "count()"]).prop_map(str::to_owned),
    ];
    vec(item, 0..8).prop_map(|items| items.join(",")).boxed()
}

fn order_value() -> BoxedStrategy<String> {
    let modifier = prop::sample::select(vec!["asc", "desc", "nullsfirst", "nullslast", "DESC", "sideways", ""]);
    let term = (column_name(), vec(modifier, 0..4)).prop_map(|(c, m)| {
        let mut term = c;
        for m in m {
            term.push('.');
            term.push_str(m);
        }
        term
    });
    prop_oneof![
        8 => vec(term, 0..6).prop_map(|t| t.join(",")),
        // Many terms: more than SQLite sorts by.
        1 => (1..5_000usize).prop_map(|n| vec!["seq.desc"; n].join(",")),
    ]
    .boxed()
}

fn column_list_value() -> BoxedStrategy<String> {
    let item = (column_name(), any::<bool>()).prop_map(|(c, quoted)| if quoted { format!("\"{c}\"") } else { c });
    vec(item, 0..6).prop_map(|items| items.join(",")).boxed()
}

fn query_pair() -> BoxedStrategy<(String, String)> {
    let key = |keys: Vec<&'static str>| prop::sample::select(keys).prop_map(str::to_owned);
    prop_oneof![
        2 => (Just("select".to_owned()), select_value()),
        2 => (Just("order".to_owned()), order_value()),
        2 => (key(vec!["limit", "offset"]), number_text()),
        2 => (key(vec!["on_conflict", "columns"]), column_list_value()),
        8 => (column_name(), filter_value()),
        1 => (key(vec!["or", "and", "not.or", "not.and", "missing"]), wild_text(20)),
        1 => (wild_text(10), wild_text(20)),
    ]
    .boxed()
}

fn query_case() -> BoxedStrategy<QueryCase> {
    let many_filters = (1..3_000usize).prop_map(|n| vec![("seq".to_owned(), "gt.1".to_owned()); n]);
    let pairs = prop_oneof![8 => vec(query_pair(), 0..8), 1 => many_filters];
    let prefer = vec(
        prop_oneof![
            prop::sample::select(vec![
                "return=representation",
                "return=minimal",
                "resolution=merge-duplicates",
                "count=exact",
                "count=exact, return=representation,,"
            ])
            .prop_map(str::to_owned),
            wild_text(20),
        ],
        0..3,
    );
    (prop::sample::select(TABLES.to_vec()), pairs, vec(any::<u8>(), 0..8), prefer)
        .prop_map(|(table, pairs, styles, prefer)| QueryCase { table, pairs, styles, prefer })
        .boxed()
}

/// The pairs as `URLSearchParams` would write them: every byte but the unreserved ones escaped.
fn encode_strict(pairs: &[(String, String)]) -> String {
    let escape = |s: &str| -> String {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
                b' ' => "+".to_owned(),
                _ => format!("%{b:02X}"),
            })
            .collect()
    };
    pairs.iter().map(|(k, v)| format!("{}={}", escape(k), escape(v))).collect::<Vec<_>>().join("&")
}

/// The pairs written carelessly, per `style`: literally (so `&`, `=`, `%` and `+` inside
/// change the structure), with lower-case or partial escapes, or with broken escapes.
fn render(pairs: &[(String, String)], styles: &[u8]) -> String {
    let mut out = String::new();
    for (i, (k, v)) in pairs.iter().enumerate() {
        let style = styles.get(i % styles.len().max(1)).copied().unwrap_or(0);
        let text = format!("{k}={v}");
        let written = match style % 5 {
            0 => text,
            1 => text
                .bytes()
                .map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02x}") })
                .collect(),
            2 => text.replace(' ', "+").replace(',', "%2C").replace('"', "%22"),
            3 => format!("{text}%"),
            _ => format!("{}%4{}%zz", k, v),
        };
        if i > 0 {
            out.push_str(if style & 0x80 != 0 { "&&" } else { "&" });
        }
        out.push_str(&written);
    }
    out
}

fn check_query(db: &Db, case: QueryCase) -> Checked {
    prop_assert_eq!(&decode_pairs(&encode_strict(&case.pairs)), &case.pairs, "form encoding does not round-trip");
    let mut headers = HeaderMap::new();
    for value in &case.prefer {
        if let Ok(value) = HeaderValue::from_str(value) {
            headers.append("prefer", value);
        }
    }
    let _ = Prefer::from_headers(&headers);

    let mangled = decode_pairs(&render(&case.pairs, &case.styles));
    let mut result = Verdict::Rejected;
    for pairs in [&case.pairs, &mangled] {
        match parse(case.table, pairs) {
            Ok(query) => {
                result = Verdict::Accepted;
                check_accepted_query(db, &query)?;
            }
            Err(err) => {
                prop_assert_eq!(err.status, StatusCode::BAD_REQUEST, "{:?}", err);
                let known = ["PGRST100", "PGRST204", "42703", "22P02", "22007"];
                prop_assert!(known.contains(&err.code.as_str()), "unexpected code {:?}", err);
            }
        }
    }
    Ok(result)
}

/// An accepted query names only the table's columns and always runs in SQL: a query the
/// database cannot execute must be refused by the parser as a client error, not become a 500.
fn check_accepted_query(db: &Db, query: &Query) -> Result<(), TestCaseError> {
    let known: Vec<&str> = columns_of(query.table).iter().map(|(c, _)| *c).collect();
    let mentioned = query
        .select
        .iter()
        .chain(query.filters.iter().map(|f| &f.column))
        .chain(query.order.iter().map(|o| &o.column))
        .chain(query.on_conflict.iter().flatten())
        .chain(query.columns.iter().flatten());
    for column in mentioned {
        prop_assert!(known.contains(column), "column {} is not in {}", column, query.table);
    }
    prop_assert!(query.limit.is_none_or(|n| n >= 0) && query.offset.is_none_or(|n| n >= 0));
    // Each row costs work per listed column, so a column is listed once.
    for list in [Some(&query.select), query.columns.as_ref(), query.on_conflict.as_ref()].into_iter().flatten() {
        prop_assert_eq!(list.iter().collect::<BTreeSet<_>>().len(), list.len(), "repeated column in {:?}", list);
    }
    for filter in &query.filters {
        match filter.op {
            Op::IsNull => prop_assert!(filter.values.is_empty()),
            Op::In => {}
            _ => prop_assert_eq!(filter.values.len(), 1),
        }
    }
    let viewer = Some(Uuid::from_u128(7));
    let ran = db.with(|conn| select::select(conn, query, viewer).and_then(|_| select::count(conn, query, viewer)));
    prop_assert!(ran.is_ok(), "accepted query fails in SQL: {:?}", ran);
    Ok(())
}

// ---- realtime frames --------------------------------------------------------------------------

#[derive(Debug, Clone)]
enum FrameCase {
    /// Any text, decoded as both versions.
    Text(String),
    /// Any bytes, decoded as both versions and as a kind 4 frame.
    Binary(Vec<u8>),
    /// A message encoded then decoded.
    Message(bool, Message),
    /// A kind 3 frame encoded then decoded.
    Push(BroadcastPush),
    /// A kind 4 frame encoded then decoded.
    User { topic: String, event: String, metadata: Vec<u8>, encoding: u8, payload: Vec<u8> },
}

fn ref_value() -> BoxedStrategy<Value> {
    prop_oneof![
        3 => Just(Value::Null),
        4 => "[0-9]{1,4}".prop_map(Value::String),
        1 => any::<i64>().prop_map(|n| json!(n)),
        1 => any::<f64>().prop_map(|n| json!(n)),
        1 => json(true),
    ]
    .boxed()
}

fn topic_text() -> BoxedStrategy<String> {
    prop_oneof![
        3 => "realtime:(session|chat):[a-z0-9-]{0,40}",
        1 => Just("phoenix".to_owned()),
        2 => wild_text(30),
    ]
    .boxed()
}

fn event_text() -> BoxedStrategy<String> {
    prop_oneof![
        3 => prop::sample::select(vec!["phx_join", "phx_leave", "heartbeat", "broadcast", "presence", "access_token", "phx_reply"]).prop_map(str::to_owned),
        1 => wild_text(12),
    ]
    .boxed()
}

fn stringy(s: BoxedStrategy<String>) -> BoxedStrategy<Value> {
    prop_oneof![6 => s.prop_map(Value::String), 1 => json(true)].boxed()
}

fn phoenix_text() -> BoxedStrategy<String> {
    let array = vec(prop_oneof![ref_value(), stringy(topic_text()), stringy(event_text()), json(true)], 0..8)
        .prop_map(|items| Value::Array(items).to_string());
    let shaped =
        (ref_value(), ref_value(), stringy(topic_text()), stringy(event_text()), json(true), vec(json(true), 0..2))
            .prop_map(|(j, r, t, e, p, extra)| {
                let mut items = vec![j, r, t, e, p];
                items.extend(extra);
                Value::Array(items).to_string()
            });
    let object =
        (ref_value(), ref_value(), stringy(topic_text()), stringy(event_text()), json(true), vec(any::<bool>(), 5))
            .prop_map(|(j, r, t, e, p, keep)| {
                let mut obj = Map::new();
                for (keep, (k, v)) in
                    keep.into_iter().zip([("join_ref", j), ("ref", r), ("topic", t), ("event", e), ("payload", p)])
                {
                    if keep {
                        obj.insert(k.into(), v);
                    }
                }
                Value::Object(obj).to_string()
            });
    let structured = prop_oneof![4 => shaped, 2 => object, 1 => array];
    let bent = (structured.clone(), any::<prop::sample::Index>(), wild_text(4)).prop_map(|(text, at, insert)| {
        let chars: Vec<char> = text.chars().collect();
        let cut = at.index(chars.len() + 1);
        chars[..cut].iter().collect::<String>() + &insert + &chars[cut..].iter().collect::<String>()
    });
    prop_oneof![6 => structured, 2 => bent, 1 => hostile_json_text(), 1 => wild_text(40)].boxed()
}

fn short_text(max: usize) -> BoxedStrategy<String> {
    // At most `max` bytes, so the frame's one-byte lengths fit.
    wild_text(max / 4)
        .prop_map(move |s| {
            let mut end = s.len().min(max);
            while !s.is_char_boundary(end) {
                end -= 1;
            }
            s[..end].to_owned()
        })
        .boxed()
}

fn broadcast_push() -> BoxedStrategy<BroadcastPush> {
    let reference = prop_oneof![
        Just(None),
        "[0-9]{1,5}".prop_map(Some),
        short_text(255).prop_map(|s| (!s.is_empty()).then_some(s))
    ];
    let body = prop_oneof![
        json(true).prop_map(|v| (ENCODING_JSON, v.to_string().into_bytes())),
        vec(any::<u8>(), 0..300).prop_map(|b| (ENCODING_BINARY, b)),
    ];
    (reference.clone(), reference, short_text(255), short_text(255), vec(any::<u8>(), 0..40), body)
        .prop_map(|(join_ref, msg_ref, topic, event, metadata, (encoding, payload))| BroadcastPush {
            join_ref,
            msg_ref,
            topic,
            event,
            metadata,
            encoding,
            payload,
        })
        .boxed()
}

fn binary_frame() -> BoxedStrategy<Vec<u8>> {
    let honest = broadcast_push().prop_map(|p| encode_broadcast_push(&p).expect("fields fit"));
    // An honest frame with one byte changed, or cut short: lengths that lie.
    let bent = (honest.clone(), any::<prop::sample::Index>(), any::<u8>(), any::<bool>()).prop_map(
        |(mut bytes, at, byte, cut)| {
            let i = at.index(bytes.len());
            if cut {
                bytes.truncate(i);
            } else {
                bytes[i] = byte;
            }
            bytes
        },
    );
    let lying = (
        prop_oneof![4 => Just(3u8), 1 => Just(4u8), 1 => any::<u8>()],
        any::<[u8; 5]>(),
        prop_oneof![Just(0u8), Just(1u8), any::<u8>()],
        vec(any::<u8>(), 0..600),
    )
        .prop_map(|(kind, lens, encoding, body)| {
            let mut bytes = vec![kind];
            bytes.extend_from_slice(&lens);
            bytes.push(encoding);
            bytes.extend(body);
            bytes
        });
    prop_oneof![3 => honest, 3 => bent, 3 => lying, 1 => vec(any::<u8>(), 0..64)].boxed()
}

fn message() -> BoxedStrategy<Message> {
    let reference = prop_oneof![Just(None), wild_text(8).prop_map(Some)];
    (reference.clone(), reference, wild_text(30), wild_text(12), json(false))
        .prop_map(|(join_ref, msg_ref, topic, event, payload)| Message { join_ref, msg_ref, topic, event, payload })
        .boxed()
}

fn frame_case() -> BoxedStrategy<FrameCase> {
    prop_oneof![
        4 => phoenix_text().prop_map(FrameCase::Text),
        4 => binary_frame().prop_map(FrameCase::Binary),
        2 => (any::<bool>(), message()).prop_map(|(v2, m)| FrameCase::Message(v2, m)),
        2 => broadcast_push().prop_map(FrameCase::Push),
        1 => (short_text(255), short_text(255), vec(any::<u8>(), 0..255), any::<u8>(), vec(any::<u8>(), 0..300))
            .prop_map(|(topic, event, metadata, encoding, payload)| FrameCase::User { topic, event, metadata, encoding, payload }),
    ]
    .boxed()
}

fn check_frame(case: FrameCase) -> Checked {
    match case {
        FrameCase::Text(text) => {
            let mut accepted = Verdict::Rejected;
            for vsn in [Vsn::V1, Vsn::V2] {
                if let Ok(msg) = decode_text(vsn, &text) {
                    accepted = Verdict::Accepted;
                    // What we decoded, we can write back and read again unchanged.
                    let Frame::Text(again) = encode(vsn, &msg) else {
                        return Err(TestCaseError::fail("text encoded as binary"));
                    };
                    let back = decode_text(vsn, &again).map_err(|e| TestCaseError::fail(format!("re-decode: {e}")))?;
                    prop_assert_eq!(
                        (&back.join_ref, &back.msg_ref, &back.topic, &back.event),
                        (&msg.join_ref, &msg.msg_ref, &msg.topic, &msg.event)
                    );
                    prop_assert!(json_eq(&back.payload, &msg.payload));
                }
            }
            prop_assert!(decode_binary(Vsn::V1, text.as_bytes()).is_err());
            Ok(accepted)
        }
        FrameCase::Binary(bytes) => {
            prop_assert!(decode_binary(Vsn::V1, &bytes).is_err());
            let user = decode_user_broadcast(&bytes);
            if let Ok(b) = &user {
                let again = encode_user_broadcast(&b.topic, &b.event, &b.metadata, b.encoding, &b.payload);
                prop_assert_eq!(again.as_deref(), Some(bytes.as_slice()), "kind 4 decode/encode differs");
            }
            let push = decode_binary(Vsn::V2, &bytes);
            if let Ok(push) = &push {
                prop_assert_eq!(encode_broadcast_push(push), Some(bytes.clone()), "kind 3 decode/encode differs");
            }
            Ok(if push.is_ok() || user.is_ok() { Verdict::Accepted } else { Verdict::Rejected })
        }
        FrameCase::Message(v2, msg) => {
            let vsn = if v2 { Vsn::V2 } else { Vsn::V1 };
            let Frame::Text(text) = encode(vsn, &msg) else {
                return Err(TestCaseError::fail("text encoded as binary"));
            };
            prop_assert_eq!(decode_text(vsn, &text), Ok(msg));
            Ok(Verdict::Accepted)
        }
        FrameCase::Push(push) => {
            let bytes = encode_broadcast_push(&push).expect("fields fit");
            prop_assert_eq!(decode_binary(Vsn::V2, &bytes), Ok(push));
            Ok(Verdict::Accepted)
        }
        FrameCase::User { topic, event, metadata, encoding, payload } => {
            let bytes = encode_user_broadcast(&topic, &event, &metadata, encoding, &payload);
            let Some(bytes) = bytes else {
                prop_assert!(metadata.len() > 255);
                return Ok(Verdict::Rejected);
            };
            let back = decode_user_broadcast(&bytes).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(
                (back.topic, back.event, back.metadata, back.encoding, back.payload),
                (topic, event, metadata, encoding, payload)
            );
            Ok(Verdict::Accepted)
        }
    }
}

// ---- JWTs -------------------------------------------------------------------------------------

const SECRET: &str = "fuzz-secret-fuzz-secret-fuzz-secret";

fn keys() -> &'static JwtKeys {
    static KEYS: OnceLock<JwtKeys> = OnceLock::new();
    KEYS.get_or_init(|| JwtKeys::new(SECRET, "http://fuzz/auth/v1"))
}

fn mac(secret: &[u8], input: &str) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("any key length");
    mac.update(input.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

#[derive(Debug, Clone)]
enum JwtCase {
    /// Anything shaped like a token.
    Any { token: String, now: i64 },
    /// Signed by our keys over claims that are valid at `now`: must verify, claims intact.
    Signed { claims: Map<String, Value>, now: i64 },
    /// Such a token with one bit flipped: must not verify.
    Flipped { claims: Map<String, Value>, now: i64, at: prop::sample::Index, bit: u8 },
}

fn now_secs() -> BoxedStrategy<i64> {
    prop_oneof![4 => 1_000_000_000..3_000_000_000i64, 1 => any::<i64>(), 1 => Just(i64::MAX), 1 => Just(i64::MIN)]
        .boxed()
}

fn header_segment() -> BoxedStrategy<String> {
    let b64 = |s: &str| URL_SAFE_NO_PAD.encode(s);
    let known = prop::sample::select(vec![
        r#"{"alg":"HS256","typ":"JWT"}"#,
        r#"{"alg":"HS256"}"#,
        r#"{"alg":"none","typ":"JWT"}"#,
        r#"{"alg":"HS512","typ":"JWT"}"#,
        r#"{"alg":"RS256","typ":"JWT","kid":"x"}"#,
        r#"{"alg":"hs256"}"#,
        r#"{"alg":["HS256"]}"#,
        r#"{"typ":"JWT"}"#,
        r#"["HS256"]"#,
        "null",
        "",
    ])
    .prop_map(b64);
    prop_oneof![
        // The header we sign with, so most cases reach the signature and the claims.
        6 => Just(b64(r#"{"alg":"HS256","typ":"JWT"}"#)),
        4 => known,
        1 => json(true).prop_map(move |v| b64(&v.to_string())),
        1 => base64_noise(),
    ]
    .boxed()
}

/// Text that is base64 in some alphabet, or almost.
fn base64_noise() -> BoxedStrategy<String> {
    prop_oneof![
        vec(any::<u8>(), 0..64).prop_map(|b| URL_SAFE_NO_PAD.encode(b)),
        vec(any::<u8>(), 0..64).prop_map(|b| STANDARD.encode(b)),
        "[A-Za-z0-9_=+/-]{0,90}",
        wild_text(20),
    ]
    .boxed()
}

fn exp_value() -> BoxedStrategy<Value> {
    prop_oneof![
        4 => any::<i64>().prop_map(|n| json!(n)),
        2 => prop::sample::select(vec![i64::MIN, i64::MIN + 1, -1, 0, i64::MAX]).prop_map(|n| json!(n)),
        1 => any::<u64>().prop_map(|n| json!(n)),
        1 => any::<f64>().prop_map(|n| json!(n)),
        1 => json(true),
    ]
    .boxed()
}

/// Claim sets with the names Supabase uses, in every type.
fn claims_value() -> BoxedStrategy<Value> {
    let optional = |s: BoxedStrategy<Value>| prop_oneof![Just(None), s.prop_map(Some)];
    let role = prop_oneof![
        prop::sample::select(vec!["anon", "authenticated", "service_role"]).prop_map(|r| json!(r)),
        json(true)
    ];
    let sub = prop_oneof![uuid_text().prop_map(Value::String), json(true)];
    (
        optional(role.boxed()),
        optional(exp_value()),
        optional(sub.boxed()),
        optional(json(true)),
        optional(json(true)),
        btree_map("[a-z_]{1,8}", json(true), 0..4),
    )
        .prop_map(|(role, exp, sub, iat, session_id, extra)| {
            let mut obj: Map<String, Value> = extra.into_iter().collect();
            for (k, v) in [("role", role), ("exp", exp), ("sub", sub), ("iat", iat), ("session_id", session_id)] {
                if let Some(v) = v {
                    obj.insert(k.into(), v);
                }
            }
            Value::Object(obj)
        })
        .boxed()
}

fn payload_segment() -> BoxedStrategy<String> {
    prop_oneof![
        6 => claims_value().prop_map(|v| URL_SAFE_NO_PAD.encode(v.to_string())),
        1 => json(true).prop_map(|v| URL_SAFE_NO_PAD.encode(v.to_string())),
        1 => hostile_json_text().prop_map(|t| URL_SAFE_NO_PAD.encode(t)),
        1 => Just(URL_SAFE_NO_PAD.encode(r#"{"role":"anon","exp":1e999}"#)),
        1 => base64_noise(),
    ]
    .boxed()
}

fn any_token() -> BoxedStrategy<String> {
    let signature = prop_oneof![
        // Ours: the signature is right, so everything after it gets checked.
        4 => Just(0u8),
        1 => Just(1u8), // another key
        1 => Just(2u8), // ours, cut short
        2 => Just(3u8), // noise
    ];
    let three = (header_segment(), payload_segment(), signature, base64_noise()).prop_map(|(h, p, kind, noise)| {
        let input = format!("{h}.{p}");
        let signature = match kind {
            0 => URL_SAFE_NO_PAD.encode(mac(SECRET.as_bytes(), &input)),
            1 => URL_SAFE_NO_PAD.encode(mac(b"another-secret", &input)),
            2 => URL_SAFE_NO_PAD.encode(&mac(SECRET.as_bytes(), &input)[..16]),
            _ => noise,
        };
        format!("{input}.{signature}")
    });
    let segments =
        vec(prop_oneof![header_segment(), payload_segment(), base64_noise()], 0..6).prop_map(|s| s.join("."));
    prop_oneof![6 => three, 2 => segments, 1 => wild_text(60), 1 => huge_text()].boxed()
}

/// Claims our server could have signed: `role` a string, `exp` after `now`, `iat` an integer,
/// `sub` and `session_id` strings; anything else in any type.
fn valid_claims() -> BoxedStrategy<(Map<String, Value>, i64)> {
    let optional_string = prop_oneof![Just(None), wild_text(12).prop_map(Some)];
    (
        now_secs(),
        1..=u64::MAX,
        wild_text(12),
        optional_string.clone(),
        optional_string,
        prop::option::of(any::<i64>()),
        btree_map("[a-z_]{1,10}", json(false), 0..5),
    )
        .prop_map(|(now, ahead, role, sub, session_id, iat, extra)| {
            let now = now.min(i64::MAX - 1);
            let exp = i64::try_from(ahead).ok().and_then(|a| now.checked_add(a)).unwrap_or(i64::MAX);
            let mut claims: Map<String, Value> = extra
                .into_iter()
                .filter(|(k, _)| !["role", "exp", "sub", "iat", "session_id"].contains(&k.as_str()))
                .collect();
            claims.insert("role".into(), json!(role));
            claims.insert("exp".into(), json!(exp));
            for (k, v) in [
                ("sub", sub.map(Value::String)),
                ("session_id", session_id.map(Value::String)),
                ("iat", iat.map(|n| json!(n))),
            ] {
                if let Some(v) = v {
                    claims.insert(k.into(), v);
                }
            }
            (claims, now)
        })
        .boxed()
}

fn jwt_case() -> BoxedStrategy<JwtCase> {
    prop_oneof![
        6 => (any_token(), now_secs()).prop_map(|(token, now)| JwtCase::Any { token, now }),
        2 => valid_claims().prop_map(|(claims, now)| JwtCase::Signed { claims, now }),
        2 => (valid_claims(), any::<prop::sample::Index>(), 0..7u8)
            .prop_map(|((claims, now), at, bit)| JwtCase::Flipped { claims, now, at, bit }),
    ]
    .boxed()
}

fn check_jwt(case: JwtCase) -> Checked {
    match case {
        JwtCase::Any { token, now } => {
            let result = keys().verify(&token, now);
            if let Ok(claims) = &result {
                // Accepted only if it is exactly what we would have signed.
                let parts: Vec<&str> = token.split('.').collect();
                prop_assert_eq!(parts.len(), 3);
                let header: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[0]).unwrap_or_default())
                    .unwrap_or(Value::Null);
                prop_assert_eq!(&header["alg"], "HS256");
                let expected = mac(SECRET.as_bytes(), &format!("{}.{}", parts[0], parts[1]));
                prop_assert_eq!(
                    URL_SAFE_NO_PAD.decode(parts[2]).ok(),
                    Some(expected),
                    "accepted a signature we did not make"
                );
                prop_assert!(claims.exp > now);
            }
            Ok(verdict(&result))
        }
        JwtCase::Signed { claims, now } => {
            let token = keys().sign(&Value::Object(claims.clone()));
            let verified =
                keys().verify(&token, now).map_err(|e| TestCaseError::fail(format!("our own token refused: {e}")))?;
            let back = serde_json::to_value(&verified).expect("claims serialise");
            prop_assert_eq!(back, Value::Object(claims), "claims changed on the way");
            Ok(Verdict::Accepted)
        }
        JwtCase::Flipped { claims, now, at, bit } => {
            let mut bytes = keys().sign(&Value::Object(claims)).into_bytes();
            let i = at.index(bytes.len());
            // Bits 0..=6 of ASCII keep the token ASCII, so it stays a &str.
            bytes[i] ^= 1 << bit;
            let token = String::from_utf8(bytes).expect("still ASCII");
            let result = keys().verify(&token, now);
            prop_assert!(result.is_err(), "a token with a flipped bit verified: {}", token);
            Ok(Verdict::Rejected)
        }
    }
}

// ---- postgres_changes filters -----------------------------------------------------------------

#[derive(Debug, Clone)]
struct FilterCase {
    params: Value,
    change: (usize, bool, Map<String, Value>),
    /// `Some((ours, theirs))`: a `session_id=eq.<ours>` term is added to the filter and the
    /// change's `session_id` is `theirs`.
    guard: Option<(Uuid, Uuid, bool)>,
}

const CHANGE_TABLES: [&str; 3] = ["messages", "participants", "sessions"];

fn filter_term() -> BoxedStrategy<String> {
    let value = prop_oneof![
        3 => uuid_text(),
        2 => number_text(),
        2 => wild_text(12).prop_map(|s| format!("\"{}\"", s.replace('"', "\\\""))),
        2 => vec(list_item(), 0..5).prop_map(|i| format!("({})", i.join(","))),
        1 => prop::sample::select(vec!["null", "TRUE", "false", "(", ")", "((a)", "\""]).prop_map(str::to_owned),
        2 => wild_text(12),
    ];
    (column_name(), prop::sample::select(vec!["", "", "not."]), operator(), value)
        .prop_map(|(c, not, op, v)| format!("{c}={not}{op}.{v}"))
        .boxed()
}

fn filter_text() -> BoxedStrategy<String> {
    prop_oneof![
        6 => vec(filter_term(), 1..4).prop_map(|t| t.join(",")),
        1 => (1..3_000usize).prop_map(|n| vec!["seq=gt.1"; n].join(",")),
        1 => huge_text(),
        2 => wild_text(30),
    ]
    .boxed()
}

fn binding_params() -> BoxedStrategy<Value> {
    let optional = |s: BoxedStrategy<Value>| prop_oneof![1 => Just(None), 4 => s.prop_map(Some)];
    let event = prop::sample::select(vec!["INSERT", "UPDATE", "DELETE", "*", "insert", "Update", "TRUNCATE"])
        .prop_map(|e| json!(e));
    let schema = prop_oneof![4 => Just(json!("public")), 1 => stringy(wild_text(8))];
    let table = prop_oneof![4 => prop::sample::select(vec!["messages", "participants", "sessions", "*", ""]).prop_map(|t| json!(t)), 1 => stringy(wild_text(8))];
    let filter = prop_oneof![6 => filter_text().prop_map(Value::String), 1 => json(true)];
    (
        optional(prop_oneof![4 => event, 1 => json(true)].boxed()),
        optional(schema.boxed()),
        optional(table.boxed()),
        optional(filter.boxed()),
    )
        .prop_map(|(event, schema, table, filter)| {
            let mut obj = Map::new();
            for (k, v) in [("event", event), ("schema", schema), ("table", table), ("filter", filter)] {
                if let Some(v) = v {
                    obj.insert(k.into(), v);
                }
            }
            Value::Object(obj)
        })
        .boxed()
}

fn record_value() -> BoxedStrategy<Value> {
    prop_oneof![3 => uuid_text().prop_map(Value::String), 3 => json(true), 1 => timestamp_text().prop_map(Value::String)].boxed()
}

fn filter_case() -> BoxedStrategy<FilterCase> {
    let record = btree_map(column_name(), record_value(), 0..8).prop_map(|m| m.into_iter().collect::<Map<_, _>>());
    let guard = prop_oneof![2 => Just(None), 1 => (any::<u128>(), any::<u128>(), any::<bool>()).prop_map(|(a, b, same)| Some((Uuid::from_u128(a), Uuid::from_u128(b), same)))];
    (binding_params(), (0..3usize, any::<bool>(), record), guard)
        .prop_map(|(params, change, guard)| FilterCase { params, change, guard })
        .boxed()
}

fn change(table: usize, insert: bool, record: Map<String, Value>) -> Change {
    Change {
        table: CHANGE_TABLES[table],
        kind: if insert { ChangeKind::Insert } else { ChangeKind::Update },
        session_id: Uuid::nil(),
        record: Value::Object(record),
        old_record: None,
        audience: vec![],
        commit_timestamp: "2026-01-01T00:00:00.000Z".into(),
    }
}

fn check_filter(case: FilterCase) -> Checked {
    let FilterCase { mut params, change: (table, insert, mut record), guard } = case;
    if let Some((ours, theirs, same)) = guard {
        let theirs = if same { ours } else { theirs };
        let term = format!("session_id=eq.{}", ours.to_string().to_uppercase());
        let filter = match params.get("filter").and_then(Value::as_str) {
            Some(f) if !f.trim().is_empty() => format!("{term},{f}"),
            _ => term,
        };
        params["filter"] = json!(filter);
        record.insert("session_id".into(), json!(theirs.to_string()));
    }
    let id = binding_id(&params);
    prop_assert!(id < 1 << 27);
    prop_assert_eq!(id, binding_id(&params.clone()));
    let parsed = Binding::parse(&params);
    if let Ok(binding) = &parsed {
        prop_assert_eq!(binding.id, id);
        prop_assert_eq!(Binding::parse(&params), Ok(binding.clone()));
        let change = change(table, insert, record);
        let matched = binding.matches(&change);
        if let Some((ours, theirs, same)) = guard {
            // A binding for one session never sees another session's rows, whatever else its
            // filter says.
            if !same && ours != theirs {
                prop_assert!(!matched, "a session_id=eq filter matched another session's row");
            }
        }
    }
    Ok(verdict(&parsed))
}

// ---- the realtime hub -------------------------------------------------------------------------

const USERS: [u128; 3] = [0xa, 0xb, 0xc];
const SESSIONS: [u128; 3] = [0x51, 0x52, 0x53];
/// Start of every case's clock (ms): tokens below expire relative to it.
const T0: Millis = 1_800_000_000_000;

/// S1: users A and B; S2: user B; S3: the database fails; C is in nothing.
struct FakeAccess;

impl Access for FakeAccess {
    fn is_participant(&self, session: Uuid, user: Uuid) -> Result<bool, String> {
        match (session.as_u128(), user.as_u128()) {
            (0x53, _) => Err("database is locked".into()),
            (0x51, 0xa | 0xb) | (0x52, 0xb) => Ok(true),
            _ => Ok(false),
        }
    }
}

/// Tokens a hub case can present: users A, B and C for an hour, A for five seconds, an expired
/// one, the anon key, one signed with another secret, and three that are not JWTs at all.
fn tokens() -> &'static [String] {
    static TOKENS: OnceLock<Vec<String>> = OnceLock::new();
    TOKENS.get_or_init(|| {
        let now = i64::try_from(T0 / 1000).unwrap();
        let token =
            |user: u128, lifetime: i64| keys().access_token(Uuid::from_u128(user), Uuid::from_u128(1), now, lifetime);
        let other = JwtKeys::new("another-secret-another-secret-xx", "x");
        vec![
            token(USERS[0], 3600),
            token(USERS[1], 3600),
            token(USERS[2], 3600),
            token(USERS[0], 5),
            token(USERS[1], -10),
            keys().anon_key(),
            other.access_token(Uuid::from_u128(USERS[0]), Uuid::nil(), now, 3600),
            "sb_publishable_fuzz".into(),
            String::new(),
            "not.a.jwt".into(),
        ]
    })
}

/// The user of each of the first four [`tokens`], the valid ones.
fn token_user(index: usize) -> Option<Uuid> {
    [USERS[0], USERS[1], USERS[2], USERS[0]].get(index).map(|u| Uuid::from_u128(*u))
}

#[derive(Debug, Clone)]
enum HubStep {
    Open { socket: u8, v2: bool },
    Text { socket: u8, msg: Message },
    Push { socket: u8, push: BroadcastPush },
    Raw { socket: u8, frame: FrameCase },
    Closed { socket: u8 },
    Change { table: usize, insert: bool, session: usize, audience: Vec<usize>, record: Map<String, Value> },
    ApiBroadcast { topic: String, payload: Value },
    Tick,
}

#[derive(Debug, Clone)]
struct HubCase {
    /// Each step with the milliseconds that pass before it.
    steps: Vec<(u16, HubStep)>,
}

fn hub_topic() -> BoxedStrategy<String> {
    let session =
        prop::sample::select(SESSIONS.to_vec()).prop_map(|s| format!("realtime:session:{}", Uuid::from_u128(s)));
    prop_oneof![
        6 => session,
        1 => uuid_text().prop_map(|u| format!("realtime:session:{u}")),
        1 => prop::sample::select(vec!["realtime:chat:x", "realtime:", "phoenix", "realtime:session:nope", "session:x"]).prop_map(str::to_owned),
        1 => topic_text(),
    ]
    .boxed()
}

fn token_value() -> BoxedStrategy<Value> {
    prop_oneof![8 => (0..tokens().len()).prop_map(|i| json!(tokens()[i])), 1 => json(true)].boxed()
}

fn hub_payload(event: &str) -> BoxedStrategy<Value> {
    match event {
        "phx_join" => {
            let config = (
                prop::option::of(any::<bool>()),
                (any::<bool>(), any::<bool>()),
                (prop::option::of("[a-z]{0,6}"), prop::option::of(any::<bool>())),
                prop_oneof![3 => vec(binding_params(), 0..4).prop_map(Value::Array), 1 => json(true)],
            )
                .prop_map(|(private, (me, ack), (key, enabled), changes)| {
                    json!({
                        "private": private,
                        "broadcast": {"self": me, "ack": ack},
                        "presence": {"key": key, "enabled": enabled},
                        "postgres_changes": changes,
                    })
                });
            (prop_oneof![6 => config, 1 => json(true)], prop::option::of(token_value()))
                .prop_map(|(config, token)| {
                    let mut payload = json!({ "config": config });
                    if let Some(token) = token {
                        payload["access_token"] = token;
                    }
                    payload
                })
                .boxed()
        }
        "broadcast" => (stringy(event_text()), json(true), any::<bool>())
            .prop_map(|(event, payload, big)| {
                let payload = if big { json!("x".repeat(70_000)) } else { payload };
                json!({"type": "broadcast", "event": event, "payload": payload})
            })
            .boxed(),
        "presence" => (prop_oneof![Just(json!("track")), Just(json!("untrack")), json(true)], json(true))
            .prop_map(|(event, payload)| json!({"type": "presence", "event": event, "payload": payload}))
            .boxed(),
        "access_token" => token_value().prop_map(|t| json!({ "access_token": t })).boxed(),
        _ => json(true),
    }
}

fn hub_message() -> BoxedStrategy<Message> {
    let event = prop_oneof![
        4 => Just("phx_join"),
        2 => Just("heartbeat"),
        2 => Just("broadcast"),
        2 => Just("presence"),
        1 => Just("access_token"),
        1 => Just("phx_leave"),
        1 => Just("other"),
    ];
    (event, prop::option::of("[0-9]{1,3}"), prop::option::of("[0-9]{1,3}"), hub_topic())
        .prop_flat_map(|(event, join_ref, msg_ref, topic)| {
            let topic = if event == "heartbeat" { "phoenix".to_owned() } else { topic };
            hub_payload(event).prop_map(move |payload| Message {
                join_ref: join_ref.clone(),
                msg_ref: msg_ref.clone(),
                topic: topic.clone(),
                event: event.to_owned(),
                payload,
            })
        })
        .boxed()
}

fn hub_step() -> BoxedStrategy<HubStep> {
    let socket = 0..4u8;
    let push = (hub_topic(), broadcast_push()).prop_map(|(topic, mut push)| {
        push.topic = topic;
        push
    });
    let record = btree_map(column_name(), record_value(), 0..6).prop_map(|m| m.into_iter().collect::<Map<_, _>>());
    prop_oneof![
        2 => (socket.clone(), any::<bool>()).prop_map(|(socket, v2)| HubStep::Open { socket, v2 }),
        10 => (socket.clone(), hub_message()).prop_map(|(socket, msg)| HubStep::Text { socket, msg }),
        2 => (socket.clone(), push).prop_map(|(socket, push)| HubStep::Push { socket, push }),
        1 => (socket.clone(), frame_case()).prop_map(|(socket, frame)| HubStep::Raw { socket, frame }),
        1 => socket.prop_map(|socket| HubStep::Closed { socket }),
        2 => (0..3usize, any::<bool>(), 0..3usize, vec(0..3usize, 0..3), record).prop_map(|(table, insert, session, audience, record)| HubStep::Change { table, insert, session, audience, record }),
        1 => (hub_topic(), json(true)).prop_map(|(topic, payload)| HubStep::ApiBroadcast { topic, payload }),
        2 => Just(HubStep::Tick),
    ]
    .boxed()
}

fn hub_case() -> BoxedStrategy<HubCase> {
    let gap = prop_oneof![4 => 0..100u16, 2 => 100..3_000u16, 1 => 3_000..u16::MAX];
    vec((gap, hub_step()), 1..30).prop_map(|steps| HubCase { steps }).boxed()
}

fn check_hub(case: HubCase) -> Checked {
    let limits = Limits { frame_burst: 20, ..Limits::default() };
    let mut hub = Hub::new(keys().clone(), Box::new(FakeAccess), limits, "fuzz-");
    // What the driver knows: which sockets are open, with which serializer.
    let mut open: HashMap<SocketId, Vsn> = HashMap::new();
    // Users whose valid tokens each open socket has presented (in a join or a refresh).
    let mut presented: HashMap<SocketId, BTreeSet<Uuid>> = HashMap::new();
    let mut now = T0;
    for (gap, step) in case.steps {
        now += Millis::from(gap);
        let mut audience = Vec::new();
        let input = match step {
            HubStep::Open { socket, v2 } => {
                let vsn = if v2 { Vsn::V2 } else { Vsn::V1 };
                open.entry(socket.into()).or_insert(vsn);
                Input::Open { socket: socket.into(), vsn, apikey: keys().anon_key(), now }
            }
            HubStep::Text { socket, msg } => {
                let token = msg.payload.get("access_token").and_then(Value::as_str);
                let user = token.and_then(|t| tokens().iter().position(|known| known == t)).and_then(token_user);
                if let (Some(user), true) = (user, open.contains_key(&u64::from(socket))) {
                    presented.entry(socket.into()).or_default().insert(user);
                }
                let vsn = open.get(&u64::from(socket)).copied().unwrap_or(Vsn::V2);
                Input::Frame { socket: socket.into(), frame: encode(vsn, &msg), now }
            }
            HubStep::Push { socket, push } => {
                // A topic too long for the one-byte length goes as an empty (malformed) frame.
                let frame = Frame::Binary(encode_broadcast_push(&push).unwrap_or_default());
                Input::Frame { socket: socket.into(), frame, now }
            }
            HubStep::Raw { socket, frame } => {
                let frame = match frame {
                    FrameCase::Text(text) => Frame::Text(text),
                    FrameCase::Binary(bytes) => Frame::Binary(bytes),
                    FrameCase::Message(v2, msg) => encode(if v2 { Vsn::V2 } else { Vsn::V1 }, &msg),
                    FrameCase::Push(push) => Frame::Binary(encode_broadcast_push(&push).expect("fields fit")),
                    FrameCase::User { topic, event, metadata, encoding, payload } => Frame::Binary(
                        encode_user_broadcast(&topic, &event, &metadata, encoding, &payload).unwrap_or_default(),
                    ),
                };
                Input::Frame { socket: socket.into(), frame, now }
            }
            HubStep::Closed { socket } => {
                open.remove(&u64::from(socket));
                presented.remove(&u64::from(socket));
                Input::Closed { socket: socket.into() }
            }
            HubStep::Change { table, insert, session, audience: users, mut record } => {
                let session_id = Uuid::from_u128(SESSIONS[session]);
                record.insert("session_id".into(), json!(session_id.to_string()));
                let mut change = change(table.min(1), insert, record);
                change.session_id = session_id;
                change.audience = users.into_iter().map(|u| Uuid::from_u128(USERS[u])).collect();
                audience.clone_from(&change.audience);
                Input::Change(change)
            }
            HubStep::ApiBroadcast { topic, payload } => Input::ApiBroadcast { topic, event: "fuzz".into(), payload },
            HubStep::Tick => Input::Tick { now },
        };
        hub.handle_input(input);
        let _ = hub.poll_timeout();
        while let Some(output) = hub.poll_output() {
            match output {
                Output::Send { socket, frame } => {
                    let vsn = open.get(&socket).copied();
                    prop_assert!(vsn.is_some(), "frame for socket {} that is not open: {:?}", socket, frame);
                    match (&frame, vsn) {
                        (Frame::Text(text), Some(vsn)) => {
                            let msg = decode_text(vsn, text);
                            prop_assert!(msg.is_ok(), "server frame does not decode: {}", text);
                            // A row reaches only a socket that signed in as one of its audience.
                            if msg.is_ok_and(|m| m.event == "postgres_changes") {
                                let seen = presented
                                    .get(&socket)
                                    .is_some_and(|users| audience.iter().any(|u| users.contains(u)));
                                prop_assert!(
                                    seen,
                                    "change for {:?} delivered to socket {}: {}",
                                    audience,
                                    socket,
                                    text
                                );
                            }
                        }
                        (Frame::Binary(bytes), Some(vsn)) => {
                            prop_assert_eq!(vsn, Vsn::V2, "binary frame to a vsn 1.0.0 socket");
                            prop_assert!(decode_user_broadcast(bytes).is_ok());
                        }
                        _ => {}
                    }
                }
                Output::Close { socket, .. } => {
                    open.remove(&socket);
                    presented.remove(&socket);
                }
            }
        }
    }
    prop_assert_eq!(hub.socket_count(), open.len());
    Ok(Verdict::Accepted)
}
