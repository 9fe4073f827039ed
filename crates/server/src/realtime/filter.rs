//! postgres_changes bindings: parsing the client's `{event, schema, table, filter}` and deciding
//! whether a committed change matches. Pure functions.
//!
//! Filter grammar (a subset of Supabase's, which follows PostgREST): `col=op.value` joined by
//! commas (AND), ops `eq neq lt lte gt gte in is`, an optional `not.` before the op, `in.(a,b)`
//! lists, and double quotes around values that contain `,()`. The app only needs
//! `session_id=eq.<uuid>`.

use std::cmp::Ordering;
use std::fmt;

use serde_json::Value;
use uuid::Uuid;

use crate::changes::{columns_of, Change, ChangeKind};

/// Tables in the realtime publication (`supabase_realtime` in the migrations).
const PUBLISHED: &[&str] = &["messages", "participants"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EventFilter {
    All,
    Insert,
    Update,
    Delete,
}

#[derive(Debug, Clone, PartialEq)]
enum Op {
    Eq(String),
    Neq(String),
    Lt(String),
    Lte(String),
    Gt(String),
    Gte(String),
    In(Vec<String>),
    IsNull,
    IsBool(bool),
}

#[derive(Debug, Clone, PartialEq)]
struct Filter {
    column: String,
    negate: bool,
    op: Op,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Binding {
    /// What the join reply and every postgres_changes event carry for this binding.
    pub id: u32,
    event: EventFilter,
    /// `None`: every published table.
    table: Option<String>,
    filters: Vec<Filter>,
}

/// Why a binding cannot be subscribed; the text is what Supabase pushes as a `system` error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BindingError {
    Filter(Vec<String>),
    NotPublished { event: String, schema: String, table: String, filters: String },
    InvalidColumn(String),
}

impl fmt::Display for BindingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BindingError::Filter(parts) => write!(f, "Error parsing `filter` params: {parts:?}"),
            BindingError::NotPublished { event, schema, table, filters } => write!(
                f,
                "Unable to subscribe to changes with given parameters. Please check Realtime is enabled for the given connect parameters: [event: {event}, schema: {schema}, table: {table}, filters: {filters}, select: nil]"
            ),
            BindingError::InvalidColumn(column) => write!(f, "invalid column for filter {column}"),
        }
    }
}

/// A stable id for a binding: the same params always get the same id (as Supabase's hash of
/// the params does), so ids survive rejoins and identical bindings share one.
pub fn binding_id(raw: &Value) -> u32 {
    let field = |k: &str| raw.get(k).map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned));
    let mut hash: u32 = 0x811c_9dc5;
    for part in ["event", "schema", "table", "filter"].map(field) {
        let bytes = part.unwrap_or_default();
        for byte in bytes.as_bytes().iter().chain(std::iter::once(&0xff)) {
            hash ^= u32::from(*byte);
            hash = hash.wrapping_mul(0x0100_0193);
        }
    }
    // Same range as Erlang's phash2 default, so ids look like the real server's.
    hash & 0x07ff_ffff
}

impl Binding {
    pub fn parse(raw: &Value) -> Result<Binding, BindingError> {
        let text = |k: &str| raw.get(k).and_then(Value::as_str);
        let event = match text("event").map(str::to_ascii_uppercase).as_deref() {
            Some("INSERT") => EventFilter::Insert,
            Some("UPDATE") => EventFilter::Update,
            Some("DELETE") => EventFilter::Delete,
            // Supabase treats an unknown event as `*`.
            _ => EventFilter::All,
        };
        let schema = text("schema").unwrap_or("public");
        let table = text("table").filter(|t| !t.is_empty() && *t != "*");
        let filter = text("filter").map(str::trim).filter(|f| !f.is_empty());
        let filters = match filter {
            Some(filter) => parse_filters(filter)?,
            None => Vec::new(),
        };
        let published = schema == "public" && table.is_none_or(|t| PUBLISHED.contains(&t));
        if !published {
            return Err(BindingError::NotPublished {
                event: text("event").unwrap_or("*").to_owned(),
                schema: schema.to_owned(),
                table: table.unwrap_or("*").to_owned(),
                filters: if filters.is_empty() { "[]".into() } else { format!("[{}]", filter.unwrap_or("")) },
            });
        }
        for f in &filters {
            let known = match table {
                Some(t) => columns_of(t).iter().any(|(name, _)| *name == f.column),
                None => PUBLISHED.iter().any(|t| columns_of(t).iter().any(|(name, _)| *name == f.column)),
            };
            if !known {
                return Err(BindingError::InvalidColumn(f.column.clone()));
            }
        }
        Ok(Binding { id: binding_id(raw), event, table: table.map(str::to_owned), filters })
    }

    pub fn matches(&self, change: &Change) -> bool {
        let event_ok = match self.event {
            EventFilter::All => true,
            EventFilter::Insert => change.kind == ChangeKind::Insert,
            EventFilter::Update => change.kind == ChangeKind::Update,
            EventFilter::Delete => false,
        };
        event_ok
            && PUBLISHED.contains(&change.table)
            && self.table.as_deref().is_none_or(|t| t == change.table)
            && self.filters.iter().all(|f| f.matches(&change.record))
    }
}

impl Filter {
    /// SQL semantics: a comparison with NULL is unknown, and unknown is not a match even
    /// under `not`.
    fn matches(&self, record: &Value) -> bool {
        let value = record.get(&self.column).unwrap_or(&Value::Null);
        let result = match &self.op {
            Op::IsNull => Some(value.is_null()),
            Op::IsBool(b) => Some(value.as_bool() == Some(*b)),
            Op::Eq(lit) => compare(value, lit).map(|o| o == Ordering::Equal),
            Op::Neq(lit) => compare(value, lit).map(|o| o != Ordering::Equal),
            Op::Lt(lit) => compare(value, lit).map(|o| o == Ordering::Less),
            Op::Lte(lit) => compare(value, lit).map(|o| o != Ordering::Greater),
            Op::Gt(lit) => compare(value, lit).map(|o| o == Ordering::Greater),
            Op::Gte(lit) => compare(value, lit).map(|o| o != Ordering::Less),
            Op::In(items) => {
                if value.is_null() {
                    None
                } else {
                    Some(items.iter().any(|lit| compare(value, lit) == Some(Ordering::Equal)))
                }
            }
        };
        match result {
            Some(b) => b != self.negate,
            None => false,
        }
    }
}

/// Compares a row value with a filter literal the way Postgres would after casting the literal
/// to the column's type: numbers numerically, uuids case-insensitively, text as text.
fn compare(value: &Value, lit: &str) -> Option<Ordering> {
    match value {
        Value::Null => None,
        Value::Number(n) => n.as_f64()?.partial_cmp(&lit.parse::<f64>().ok()?),
        Value::Bool(b) => {
            let lit = match lit.to_ascii_lowercase().as_str() {
                "true" | "t" => true,
                "false" | "f" => false,
                _ => return None,
            };
            Some(b.cmp(&lit))
        }
        Value::String(s) => match (Uuid::parse_str(s), Uuid::parse_str(lit)) {
            (Ok(a), Ok(b)) => Some(a.cmp(&b)),
            _ => Some(s.as_str().cmp(lit)),
        },
        other => Some(other.to_string().as_str().cmp(lit)),
    }
}

fn parse_filters(filter: &str) -> Result<Vec<Filter>, BindingError> {
    let parts = split_top_level(filter, ',');
    let error = || BindingError::Filter(parts.iter().map(|p| p.to_string()).collect());
    parts.iter().map(|part| parse_one(part).ok_or_else(error)).collect()
}

fn parse_one(part: &str) -> Option<Filter> {
    let (column, rest) = part.split_once('=')?;
    let column = column.trim();
    if column.is_empty() || !column.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return None;
    }
    let (negate, rest) = match rest.strip_prefix("not.") {
        Some(rest) => (true, rest),
        None => (false, rest),
    };
    let (op, value) = rest.split_once('.')?;
    let op = match op {
        "eq" => Op::Eq(unquote(value)),
        "neq" => Op::Neq(unquote(value)),
        "lt" => Op::Lt(unquote(value)),
        "lte" => Op::Lte(unquote(value)),
        "gt" => Op::Gt(unquote(value)),
        "gte" => Op::Gte(unquote(value)),
        "in" => {
            let inner = value.strip_prefix('(')?.strip_suffix(')')?;
            Op::In(split_top_level(inner, ',').into_iter().map(|v| unquote(v.trim())).collect())
        }
        "is" => match value.to_ascii_lowercase().as_str() {
            "null" => Op::IsNull,
            "true" => Op::IsBool(true),
            "false" => Op::IsBool(false),
            _ => return None,
        },
        _ => return None,
    };
    Some(Filter { column: column.to_owned(), negate, op })
}

fn unquote(value: &str) -> String {
    match value.strip_prefix('"').and_then(|v| v.strip_suffix('"')) {
        Some(inner) => inner.replace("\\\"", "\""),
        None => value.to_owned(),
    }
}

/// Splits on `sep` outside double quotes and parentheses.
fn split_top_level(s: &str, sep: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut quoted, mut start) = (0i32, false, 0);
    for (i, c) in s.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '(' if !quoted => depth += 1,
            ')' if !quoted => depth -= 1,
            c if c == sep && !quoted && depth == 0 => {
                parts.push(&s[start..i]);
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    parts.push(&s[start..]);
    parts
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn change(table: &'static str, kind: ChangeKind, record: Value) -> Change {
        Change {
            table,
            kind,
            session_id: Uuid::nil(),
            record,
            old_record: None,
            audience: vec![],
            commit_timestamp: "2026-01-01T00:00:00.000Z".into(),
        }
    }

    #[test]
    fn the_apps_bindings_match_their_session_only() {
        let s = Uuid::new_v4();
        let binding = Binding::parse(
            &json!({"event":"INSERT","schema":"public","table":"messages","filter":format!("session_id=eq.{s}")}),
        )
        .unwrap();
        assert!(binding.matches(&change("messages", ChangeKind::Insert, json!({"session_id": s.to_string()}))));
        let upper = s.to_string().to_uppercase();
        assert!(binding.matches(&change("messages", ChangeKind::Insert, json!({"session_id": upper}))));
        assert!(!binding.matches(&change("messages", ChangeKind::Update, json!({"session_id": s.to_string()}))));
        assert!(!binding.matches(&change("participants", ChangeKind::Insert, json!({"session_id": s.to_string()}))));
        let other = Uuid::new_v4().to_string();
        assert!(!binding.matches(&change("messages", ChangeKind::Insert, json!({"session_id": other}))));
    }

    #[test]
    fn star_and_missing_table_cover_every_published_table() {
        let binding = Binding::parse(&json!({"event":"*","schema":"public"})).unwrap();
        assert!(binding.matches(&change("participants", ChangeKind::Update, json!({}))));
        assert!(binding.matches(&change("messages", ChangeKind::Insert, json!({}))));
    }

    #[test]
    fn operators_follow_sql() {
        let row = json!({"seq": 5, "body": "hi", "target_lang": null});
        let m = |f: &str| {
            Binding::parse(&json!({"event":"*","table":"messages","filter":f})).unwrap().matches(&change(
                "messages",
                ChangeKind::Insert,
                row.clone(),
            ))
        };
        assert!(m("seq=gt.4") && m("seq=gte.5") && m("seq=lt.6") && m("seq=lte.5") && m("seq=neq.4"));
        assert!(!m("seq=gt.5") && !m("seq=eq.x"));
        assert!(m("seq=in.(1,5)") && !m("seq=in.(1,2)"));
        assert!(m("target_lang=is.null") && !m("target_lang=eq.en") && !m("target_lang=not.eq.en"));
        assert!(m("body=eq.\"hi\"") && m("body=not.eq.ho") && m("seq=eq.5,body=eq.hi") && !m("seq=eq.5,body=eq.x"));
    }

    #[test]
    fn errors_read_like_supabase() {
        let bad = Binding::parse(&json!({"event":"*","table":"messages","filter":"wrong"})).unwrap_err();
        assert_eq!(bad.to_string(), r#"Error parsing `filter` params: ["wrong"]"#);
        let bad = Binding::parse(&json!({"event":"*","schema":"public","table":"doesnotexist"})).unwrap_err();
        assert_eq!(bad.to_string(), "Unable to subscribe to changes with given parameters. Please check Realtime is enabled for the given connect parameters: [event: *, schema: public, table: doesnotexist, filters: [], select: nil]");
        let bad = Binding::parse(&json!({"event":"*","table":"messages","filter":"nope=eq.1"})).unwrap_err();
        assert_eq!(bad.to_string(), "invalid column for filter nope");
        assert!(Binding::parse(&json!({"table":"messages","filter":"seq=like.1"})).is_err());
    }

    #[test]
    fn ids_are_stable_and_distinct() {
        let a = json!({"event":"INSERT","schema":"public","table":"messages","filter":"session_id=eq.1"});
        let b = json!({"event":"UPDATE","schema":"public","table":"messages","filter":"session_id=eq.1"});
        assert_eq!(binding_id(&a), binding_id(&a.clone()));
        assert_ne!(binding_id(&a), binding_id(&b));
        assert!(binding_id(&a) < (1 << 27));
    }
}
