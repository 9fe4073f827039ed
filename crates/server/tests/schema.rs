//! One schema, checked: the contract tables and rules are written down in five places — the
//! PostgreSQL migrations (`supabase/migrations/`), the SQLite migrations
//! (`crates/server/migrations/`), the contract types and constants (`session_sync::domain`),
//! the postgres_changes column list (`changes::columns_of`) and the row mapping
//! (`store::rows`) — and the limits that two sides must agree on live in the engine, the app
//! and the server. This test reads the SQL files as text and fails when any of them drifts.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use clap::Parser;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};
use session_server::changes::columns_of;
use session_server::config::Config;
use session_server::realtime::hub::Limits;
use session_server::rest::query::TABLES;
use session_server::store::{glossary, messages, rows};
use session_sync::domain::{self, GlossaryTerm, Message, Participant, Session};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The text of every `.sql` file in `dir`, in name (migration) order, comments removed.
fn migrations(dir: &str) -> String {
    let mut files: Vec<PathBuf> = std::fs::read_dir(repo_root().join(dir))
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "sql"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no migrations in {dir}");
    files
        .iter()
        .map(|path| std::fs::read_to_string(path).unwrap())
        .flat_map(|text| text.lines().map(|line| line.split("--").next().unwrap_or("").to_owned()).collect::<Vec<_>>())
        .collect::<Vec<_>>()
        .join("\n")
}

/// One column as a migration declares it.
#[derive(Debug, Clone, PartialEq)]
struct Column {
    name: String,
    /// The declared type, lower case (`uuid`, `bigint`, `text`, …).
    ty: String,
    not_null: bool,
    /// Everything after the type, lower case: defaults, references, checks.
    rest: String,
}

/// Splits `text` at commas outside parentheses and quotes.
fn split_top_level(text: &str) -> Vec<String> {
    let (mut items, mut current, mut depth, mut quoted) = (Vec::new(), String::new(), 0i32, false);
    for c in text.chars() {
        match c {
            '\'' => quoted = !quoted,
            '(' if !quoted => depth += 1,
            ')' if !quoted => depth -= 1,
            ',' if !quoted && depth == 0 => {
                items.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    items.push(current);
    items.into_iter().map(|item| item.split_whitespace().collect::<Vec<_>>().join(" ")).collect()
}

/// The columns of `table` as the migrations create it (`create table [public.]table (…)`),
/// plus any `alter table … add column` after it.
fn table(sql: &str, table: &str) -> Vec<Column> {
    let lower = sql.to_lowercase();
    let start = [format!("create table public.{table} ("), format!("create table {table} (")]
        .iter()
        .find_map(|head| lower.find(head.as_str()).map(|at| at + head.len()))
        .unwrap_or_else(|| panic!("no create table {table}"));
    let mut depth = 1;
    let end = start
        + lower[start..]
            .char_indices()
            .find(|(_, c)| {
                match c {
                    '(' => depth += 1,
                    ')' => depth -= 1,
                    _ => {}
                }
                depth == 0
            })
            .map(|(i, _)| i)
            .expect("closing parenthesis");
    let mut columns: Vec<Column> = split_top_level(&lower[start..end])
        .into_iter()
        .filter(|item| {
            let first = item.split(' ').next().unwrap_or("");
            !["constraint", "primary", "foreign", "unique", "check", ""].contains(&first)
        })
        .map(|item| column(&item))
        .collect();
    for alter in [format!("alter table public.{table} add column "), format!("alter table {table} add column ")] {
        for (at, _) in lower.match_indices(alter.as_str()) {
            let item = &lower[at + alter.len()..];
            columns.push(column(&item[..item.find(';').expect("; after add column")]));
        }
    }
    columns
}

fn column(item: &str) -> Column {
    let item = item.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut words = item.splitn(3, ' ');
    let name = words.next().unwrap().to_owned();
    let ty = words.next().unwrap_or_else(|| panic!("no type for {name}")).to_owned();
    let rest = words.next().unwrap_or("").to_owned();
    // A primary key is never null in the contract; the server always writes it.
    let not_null = rest.contains("not null") || rest.contains("primary key");
    Column { name, ty, not_null, rest }
}

fn postgres() -> String {
    migrations("supabase/migrations")
}

fn sqlite() -> String {
    migrations("crates/server/migrations")
}

/// Field names of a contract row in declaration order (the order `rows.rs` reads them by
/// position), from its JSON text: serde writes fields in declaration order.
fn fields<T: Serialize>(row: &T) -> Vec<String> {
    let text = serde_json::to_string(row).unwrap();
    let object = serde_json::to_value(row).unwrap();
    let mut names: Vec<(usize, String)> = object
        .as_object()
        .unwrap()
        .keys()
        .map(|key| (text.find(&format!("\"{key}\":")).expect("key in text"), key.clone()))
        .collect();
    names.sort();
    names.into_iter().map(|(_, name)| name).collect()
}

/// The fields of a contract row that may be null: those a row with that field set to null still
/// deserialises without.
fn nullable<T: Serialize + DeserializeOwned>(row: &T) -> Vec<String> {
    let object = serde_json::to_value(row).unwrap();
    fields(row)
        .into_iter()
        .filter(|name| {
            let mut with_null = object.clone();
            with_null[name.as_str()] = Value::Null;
            serde_json::from_value::<T>(with_null).is_ok()
        })
        .collect()
}

fn sample_rows() -> (Value, Value, Value, Value) {
    let uuid = "00000000-0000-4000-8000-000000000001";
    let at = "2026-01-01T00:00:00.000000Z";
    let session = Session {
        id: uuid.parse().unwrap(),
        code: "ABCDEF".into(),
        created_by: uuid.parse().unwrap(),
        created_at: at.into(),
        expires_at: at.into(),
        ended_at: Some(at.into()),
    };
    let participant = Participant {
        session_id: uuid.parse().unwrap(),
        user_id: uuid.parse().unwrap(),
        display_name: "Ana".into(),
        language: "en".into(),
        joined_at: at.into(),
        left_at: Some(at.into()),
        delivered_seq: 1,
        read_seq: 1,
    };
    let message = Message {
        id: uuid.parse().unwrap(),
        session_id: uuid.parse().unwrap(),
        sender_id: uuid.parse().unwrap(),
        client_seq: 1,
        seq: 1,
        body: "hi".into(),
        source_lang: "en".into(),
        translated_body: Some("hola".into()),
        target_lang: Some("es".into()),
        translation_error: Some("x".into()),
        created_at: at.into(),
        detected_lang: None,
        translated_by: None,
    };
    let term = GlossaryTerm {
        id: uuid.parse().unwrap(),
        session_id: uuid.parse().unwrap(),
        created_by: uuid.parse().unwrap(),
        term: "Rosa".into(),
        translation: Some("Rose".into()),
        created_at: at.into(),
    };
    (
        json!({"fields": fields(&session), "nullable": nullable(&session)}),
        json!({"fields": fields(&participant), "nullable": nullable(&participant)}),
        json!({"fields": fields(&message), "nullable": nullable(&message)}),
        json!({"fields": fields(&term), "nullable": nullable(&term)}),
    )
}

/// Per contract table: the domain type's fields and which of them may be null.
fn domain_tables() -> BTreeMap<&'static str, (Vec<String>, Vec<String>)> {
    let (session, participant, message, term) = sample_rows();
    let pair = |v: Value| {
        let list = |key: &str| v[key].as_array().unwrap().iter().map(|s| s.as_str().unwrap().to_owned()).collect();
        (list("fields"), list("nullable"))
    };
    BTreeMap::from([
        ("sessions", pair(session)),
        ("participants", pair(participant)),
        ("messages", pair(message)),
        ("glossary_terms", pair(term)),
    ])
}

fn names(columns: &[Column]) -> Vec<String> {
    columns.iter().map(|c| c.name.clone()).collect()
}

fn nullable_names(columns: &[Column]) -> Vec<String> {
    columns.iter().filter(|c| !c.not_null).map(|c| c.name.clone()).collect()
}

/// The `rows.rs` column list of a table, as `SELECT` uses it.
fn row_columns(table: &str) -> Vec<String> {
    let list = match table {
        "sessions" => rows::SESSION_COLUMNS,
        "participants" => rows::PARTICIPANT_COLUMNS,
        "messages" => rows::MESSAGE_COLUMNS,
        "glossary_terms" => glossary::GLOSSARY_COLUMNS,
        other => panic!("no rows.rs column list for {other}"),
    };
    list.split(',').map(|c| c.trim().to_owned()).collect()
}

/// PostgreSQL's type name as postgres_changes reports it (`bigint` is `int8`).
fn pg_changes_type(declared: &str) -> &str {
    match declared {
        "bigint" => "int8",
        other => other,
    }
}

/// SQLite's storage class for a PostgreSQL type, as the mirror declares it.
fn sqlite_type(pg: &str) -> &'static str {
    match pg {
        "bigint" | "integer" => "integer",
        "uuid" | "text" | "timestamptz" => "text",
        other => panic!("no SQLite mirror type for {other}"),
    }
}

#[test]
fn every_contract_table_has_the_same_columns_in_the_same_order_everywhere() {
    let (pg, lite) = (postgres(), sqlite());
    let domain = domain_tables();
    assert_eq!(domain.keys().copied().collect::<Vec<_>>(), {
        let mut tables = TABLES.to_vec();
        tables.sort();
        tables
    });
    for name in TABLES {
        let pg_columns = table(&pg, name);
        let lite_columns = table(&lite, name);
        let (domain_fields, _) = &domain[name];
        let changes: Vec<String> = columns_of(name).iter().map(|(c, _)| (*c).to_owned()).collect();
        assert_eq!(names(&pg_columns), *domain_fields, "{name}: PostgreSQL vs session_sync::domain");
        assert_eq!(names(&lite_columns), *domain_fields, "{name}: SQLite vs session_sync::domain");
        assert_eq!(changes, *domain_fields, "{name}: changes::columns_of vs session_sync::domain");
        assert_eq!(row_columns(name), *domain_fields, "{name}: store::rows vs session_sync::domain");
    }
}

#[test]
fn column_types_agree_between_postgres_sqlite_and_postgres_changes() {
    let (pg, lite) = (postgres(), sqlite());
    for name in TABLES {
        let lite_columns = table(&lite, name);
        for (pg_column, (changes_name, changes_type)) in table(&pg, name).iter().zip(columns_of(name)) {
            assert_eq!(pg_changes_type(&pg_column.ty), *changes_type, "{name}.{changes_name}: columns_of type");
            let lite_column = lite_columns.iter().find(|c| c.name == pg_column.name).unwrap();
            assert_eq!(lite_column.ty, sqlite_type(&pg_column.ty), "{name}.{}: SQLite type", pg_column.name);
        }
    }
}

#[test]
fn the_same_columns_may_be_null_in_postgres_sqlite_and_the_domain_types() {
    let (pg, lite) = (postgres(), sqlite());
    let domain = domain_tables();
    for name in TABLES {
        let (_, domain_nullable) = &domain[name];
        assert_eq!(nullable_names(&table(&pg, name)), *domain_nullable, "{name}: PostgreSQL null vs Option<…>");
        assert_eq!(nullable_names(&table(&lite, name)), *domain_nullable, "{name}: SQLite null vs Option<…>");
    }
}

/// Every `between A and B` bound checked on `expression` in `sql` (table checks and RPCs).
fn between_bounds(sql: &str, expression: &str) -> Vec<(usize, usize)> {
    let lower = sql.to_lowercase();
    lower
        .match_indices(expression)
        .filter_map(|(at, _)| {
            let rest = lower[at + expression.len()..].trim_start();
            let rest = rest.strip_prefix("not ").unwrap_or(rest).strip_prefix("between ")?;
            let mut words = rest.split_whitespace();
            let low = words.next()?.parse().ok()?;
            (words.next()? == "and").then_some(())?;
            let high = words.next()?.trim_end_matches([')', ',', ';']).parse().ok()?;
            Some((low, high))
        })
        .collect()
}

#[test]
fn text_limits_match_the_domain_constants() {
    let (pg, lite) = (postgres(), sqlite());
    let body = (1, domain::MAX_BODY_CHARS);
    let pg_body = between_bounds(&pg, "char_length(body)");
    assert!(!pg_body.is_empty() && pg_body.iter().all(|b| *b == body), "PostgreSQL body: {pg_body:?}");
    let lite_body = between_bounds(&lite, "length(body)");
    assert!(!lite_body.is_empty() && lite_body.iter().all(|b| *b == body), "SQLite body: {lite_body:?}");
    assert!(domain::is_valid_body(&"é".repeat(domain::MAX_BODY_CHARS)));
    assert!(!domain::is_valid_body(&"é".repeat(domain::MAX_BODY_CHARS + 1)));

    // The table check and both RPCs that take a name.
    let name = (1, domain::MAX_DISPLAY_NAME_CHARS);
    let pg_names = between_bounds(&pg, "display_name))");
    assert!(pg_names.len() >= 3 && pg_names.iter().all(|b| *b == name), "PostgreSQL display_name: {pg_names:?}");
}

#[test]
fn glossary_limits_match_the_domain_constants() {
    let (pg, lite) = (postgres(), sqlite());
    let bound = (1, domain::MAX_GLOSSARY_TERM_CHARS);
    for column in ["term", "translation"] {
        let pg_bounds = between_bounds(&pg, &format!("char_length({column})"));
        assert!(!pg_bounds.is_empty() && pg_bounds.iter().all(|b| *b == bound), "PostgreSQL {column}: {pg_bounds:?}");
        let lite_bounds = between_bounds(&lite, &format!("length({column})"));
        assert!(!lite_bounds.is_empty() && lite_bounds.iter().all(|b| *b == bound), "SQLite {column}: {lite_bounds:?}");
    }
    assert_eq!(pg_constant(&pg, "max_terms"), domain::MAX_GLOSSARY_TERMS as f64);
}

#[test]
fn session_codes_use_the_domain_alphabet_and_length() {
    let pg = postgres();
    let pattern = format!("'^[{}]{{{}}}$'", domain::CODE_ALPHABET, domain::CODE_LEN);
    // Every bracket pattern is a language or a code: the table check, both join_session
    // versions and preview_session test codes.
    let patterns: Vec<&str> =
        pg.match_indices("'^[").map(|(at, _)| &pg[at..at + pg[at..].find("$'").unwrap() + 2]).collect();
    let code_patterns: Vec<&&str> = patterns.iter().filter(|p| !p.starts_with("'^[a-z]")).collect();
    assert!(code_patterns.len() >= 4, "{patterns:?}");
    assert!(code_patterns.iter().all(|p| **p == pattern), "{code_patterns:?} vs {pattern}");
    // new_session_code(): the alphabet, its size as the modulus, and one character per loop turn.
    assert!(pg.contains(&format!("alphabet constant text := '{}'", domain::CODE_ALPHABET)));
    assert!(pg.contains(&format!("% {} + 1", domain::CODE_ALPHABET.len())));
    assert!(pg.contains(&format!("for i in 0..{} loop", domain::CODE_LEN - 1)));
    // Language columns and RPC arguments: two lower-case letters, as is_language_code.
    let languages: Vec<&&str> = patterns.iter().filter(|p| p.starts_with("'^[a-z]")).collect();
    assert!(languages.len() >= 3 && languages.iter().all(|p| **p == "'^[a-z]{2}$'"), "{languages:?}");
    assert!(domain::is_language_code("en") && !domain::is_language_code("EN") && !domain::is_language_code("eng"));
}

#[test]
fn session_lifetime_and_size_match_the_domain_constants() {
    let pg = postgres();
    let ttl = format!("now() + interval '{} hours'", domain::SESSION_TTL_SECS / 3600);
    assert_eq!(domain::SESSION_TTL_SECS % 3600, 0);
    assert_eq!(pg.matches("now() + interval '").count(), pg.matches(&ttl).count(), "every expiry is {ttl}");
    assert!(pg.matches(&ttl).count() >= 2, "both create_session versions: {ttl}");
    let full = format!("where session_id = s.id) >= {} then", domain::MAX_PARTICIPANTS);
    assert!(pg.matches(&full).count() >= 3, "both join_session versions and preview_session: {full}");
}

/// The value of `name constant <type> := <value>;` in a PL/pgSQL declaration.
fn pg_constant(sql: &str, name: &str) -> f64 {
    let at = sql.find(&format!("{name} constant ")).unwrap_or_else(|| panic!("no constant {name}"));
    let value = sql[at..].split(":=").nth(1).unwrap().split(';').next().unwrap().trim();
    match value.split_once('/') {
        Some((a, b)) => a.trim().parse::<f64>().unwrap() / b.trim().parse::<f64>().unwrap(),
        None => value.parse().unwrap(),
    }
}

#[test]
fn abuse_limits_of_the_postgres_functions_are_the_servers_defaults() {
    let pg = postgres();
    let config = Config::for_tests();
    let (lockout, _) = config.join_lockouts();
    assert_eq!(pg_constant(&pg, "free_failures"), f64::from(lockout.free_failures));
    assert_eq!(pg_constant(&pg, "first_lockout_ms"), lockout.first_lockout_ms as f64);
    assert_eq!(pg_constant(&pg, "max_lockout_ms"), lockout.max_lockout_ms as f64);
    assert!(pg.contains(&format!("quiet constant interval := interval '{} hour'", lockout.quiet_ms / 3_600_000)));
    let (create, _) = config.create_buckets();
    assert_eq!(pg_constant(&pg, "burst"), create.capacity);
    assert!((pg_constant(&pg, "per_second") - create.refill_per_sec).abs() < 1e-12);
}

#[test]
fn a_full_outbox_is_one_batch_the_server_accepts_at_once() {
    let outbox = session_sync::engine::Config::default().max_outbox;
    assert!(outbox <= messages::MAX_BATCH, "outbox {outbox} > REST batch limit {}", messages::MAX_BATCH);
    let burst = Config::parse_from(["session-server"]).message_burst;
    assert!(outbox as u64 <= u64::from(burst), "outbox {outbox} > message burst {burst}: a flush would be refused");
}

#[test]
fn the_app_stays_under_the_servers_presence_limit() {
    let limits = Limits::default();
    let config = Config::parse_from(["session-server"]);
    assert_eq!(limits.presence_calls, domain::PRESENCE_CALLS_PER_WINDOW, "hub default");
    assert_eq!(limits.presence_window_ms, domain::PRESENCE_WINDOW_MS, "hub default");
    assert_eq!(config.realtime_presence_calls, domain::PRESENCE_CALLS_PER_WINDOW, "server flag default");
    assert_eq!(config.realtime_presence_window_ms, domain::PRESENCE_WINDOW_MS, "server flag default");
    // The app's budget is the presence machine's default (crates/sync/src/presence).
    let client = session_sync::presence::Config::default();
    assert_eq!(client.presence_calls as u64, u64::from(domain::CLIENT_PRESENCE_CALLS_PER_WINDOW), "app budget");
    assert!(client.presence_calls < limits.presence_calls as usize, "the app keeps a call in reserve");
    assert_eq!(client.presence_window_ms, domain::PRESENCE_WINDOW_MS, "app window");
}

#[test]
fn the_parsers_read_what_they_compare() {
    // Guards against a parser that finds nothing and so compares nothing.
    let pg = postgres();
    let messages = table(&pg, "messages");
    assert_eq!(messages.len(), domain_tables()["messages"].0.len());
    let body = messages.iter().find(|c| c.name == "body").unwrap();
    assert!(body.not_null && body.rest.contains("char_length(body) between 1 and"));
    assert_eq!(between_bounds("check (char_length(body) between 1 and 7)", "char_length(body)"), vec![(1, 7)]);
    assert_eq!(split_top_level("a (b, c), 'd,e', f"), ["a (b, c)", "'d,e'", "f"]);
}
