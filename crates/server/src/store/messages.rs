//! Storing messages: validating what a client sends, assigning `seq` and `created_at`, and the
//! idempotent batch insert the outbox relies on.

use std::collections::HashMap;

use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension};
use serde_json::{json, Map, Value};
use session_sync::domain::{self, Message, NewMessage};
use uuid::Uuid;

use crate::changes::{columns_of, Change, ChangeKind};
use crate::clock;
use crate::error::{ApiError, ApiResult};
use crate::store::{change, participants, rows, sessions};

/// Most rows one request may insert: the outbox holds at most 50, so this is twice what a
/// well-behaved client ever sends.
pub const MAX_BATCH: usize = 100;

/// Columns only the server writes: the sequence and time it stored the message, and the
/// translation.
pub const SERVER_COLUMNS: [&str; 7] =
    ["seq", "created_at", "translated_body", "target_lang", "translation_error", "detected_lang", "translated_by"];

/// What to do with a row whose `id` is already stored (`Prefer: resolution=…`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnConflict {
    /// No resolution asked: a duplicate is an error (409), as a plain INSERT.
    Error,
    /// `ignore-duplicates`: the stored row stands and is not returned — a retried send.
    Ignore,
    /// `merge-duplicates`: an update of the stored row. Messages cannot be edited, so this
    /// succeeds only when the sender re-sends exactly what is stored (returned as is).
    Merge,
}

pub fn rls_violation() -> ApiError {
    ApiError::forbidden("new row violates row-level security policy for table \"messages\"")
}

fn check_violation(constraint: &str) -> ApiError {
    ApiError::bad_request(
        "23514",
        format!("new row for relation \"messages\" violates check constraint \"{constraint}\""),
    )
}

fn not_null(column: &str) -> ApiError {
    ApiError::bad_request(
        "23502",
        format!("null value in column \"{column}\" of relation \"messages\" violates not-null constraint"),
    )
}

fn invalid_syntax(ty: &str, value: &Value) -> ApiError {
    let shown = match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    ApiError::bad_request("22P02", format!("invalid input syntax for type {ty}: \"{shown}\""))
}

fn uuid_field(row: &Map<String, Value>, column: &str) -> ApiResult<Uuid> {
    match row.get(column) {
        None | Some(Value::Null) => Err(not_null(column)),
        Some(v @ Value::String(s)) => Uuid::parse_str(s).map_err(|_| invalid_syntax("uuid", v)),
        Some(other) => Err(invalid_syntax("uuid", other)),
    }
}

fn text_field(row: &Map<String, Value>, column: &str) -> ApiResult<String> {
    match row.get(column) {
        None | Some(Value::Null) => Err(not_null(column)),
        Some(Value::String(s)) => Ok(s.clone()),
        // PostgreSQL would read a JSON number or boolean into a text column as its text.
        Some(other @ (Value::Number(_) | Value::Bool(_))) => Ok(other.to_string()),
        Some(other) => Err(invalid_syntax("text", other)),
    }
}

/// supabase-js sends bigints as JSON numbers or, when they came from a BigInt, as strings.
fn bigint_field(row: &Map<String, Value>, column: &str) -> ApiResult<i64> {
    match row.get(column) {
        None | Some(Value::Null) => Err(not_null(column)),
        Some(v @ Value::Number(n)) => n.as_i64().ok_or_else(|| invalid_syntax("bigint", v)),
        Some(v @ Value::String(s)) => s.trim().parse().map_err(|_| invalid_syntax("bigint", v)),
        Some(other) => Err(invalid_syntax("bigint", other)),
    }
}

/// Reads one row a client sent. Unknown keys are refused like PostgREST does, and so are the
/// server's own columns (a client may not choose its `seq` or fake a translation).
pub fn parse_row(row: &Map<String, Value>) -> ApiResult<NewMessage> {
    let known = columns_of("messages");
    for key in row.keys() {
        if !known.iter().any(|(name, _)| name == key) {
            return Err(unknown_column(key));
        }
        if SERVER_COLUMNS.contains(&key.as_str()) {
            return Err(ApiError::forbidden(format!("permission denied for column {key} of table messages"))
                .with_hint("seq, created_at and the translation columns are set by the server"));
        }
    }
    Ok(NewMessage {
        id: uuid_field(row, "id")?,
        session_id: uuid_field(row, "session_id")?,
        sender_id: uuid_field(row, "sender_id")?,
        client_seq: bigint_field(row, "client_seq")?,
        body: text_field(row, "body")?,
        source_lang: text_field(row, "source_lang")?,
    })
}

pub fn unknown_column(column: &str) -> ApiError {
    ApiError::bad_request("PGRST204", format!("Could not find the '{column}' column of 'messages' in the schema cache"))
}

fn check_constraints(row: &NewMessage) -> ApiResult<()> {
    if row.client_seq < 1 {
        return Err(check_violation("messages_client_seq_check"));
    }
    if !domain::is_valid_body(&row.body) {
        return Err(check_violation("messages_body_check"));
    }
    if !domain::is_language_code(&row.source_lang) {
        return Err(check_violation("messages_source_lang_check"));
    }
    Ok(())
}

fn same_content(stored: &Message, row: &NewMessage) -> bool {
    stored.session_id == row.session_id
        && stored.sender_id == row.sender_id
        && stored.client_seq == row.client_seq
        && stored.body == row.body
        && stored.source_lang == row.source_lang
}

/// Inserts `batch` in order as `caller`, all or nothing (the caller holds the transaction).
///
/// Each row gets the next `seq` of its session and `created_at = now`. Returns the rows the
/// request produced (inserted, plus identical re-sends under `Merge`), in request order, and
/// the INSERT changes to publish after commit.
///
/// Authorization mirrors the RLS policy: the sender must be the caller and a current
/// participant of the session. A retried row (same id, already stored) under `Ignore` is
/// skipped before the session's lifetime is checked, so a retry that lands after expiry still
/// counts as delivered instead of failing.
pub fn insert_batch(
    conn: &Connection,
    caller: Uuid,
    batch: &[NewMessage],
    on_conflict: OnConflict,
    now: DateTime<Utc>,
) -> ApiResult<(Vec<Message>, Vec<Change>)> {
    if batch.len() > MAX_BATCH {
        return Err(ApiError::bad_request(
            "54000",
            format!("too many rows in one request: {} (at most {MAX_BATCH})", batch.len()),
        ));
    }
    let created_at = clock::pg_timestamp(now);
    let mut stored = Vec::with_capacity(batch.len());
    let mut changes = Vec::with_capacity(batch.len());
    for row in batch {
        if row.sender_id != caller {
            return Err(rls_violation());
        }
        match rows::participant(conn, row.session_id, caller)? {
            Some(p) if p.left_at.is_none() => {}
            _ => return Err(rls_violation()),
        }
        if let Some(existing) = rows::message_by_id(conn, row.id)? {
            match on_conflict {
                OnConflict::Ignore => continue,
                OnConflict::Error => {
                    return Err(ApiError::postgrest(
                        StatusCode::CONFLICT,
                        "23505",
                        "duplicate key value violates unique constraint \"messages_pkey\"",
                    )
                    .with_details(format!("Key (id)=({}) already exists.", row.id)))
                }
                OnConflict::Merge if existing.sender_id == caller && same_content(&existing, row) => {
                    stored.push(existing);
                    continue;
                }
                OnConflict::Merge => {
                    return Err(ApiError::forbidden(
                        "new row violates row-level security policy (USING expression) for table \"messages\"",
                    )
                    .with_hint("messages cannot be edited"))
                }
            }
        }
        let session = rows::session_by_id(conn, row.session_id)?.ok_or_else(rls_violation)?;
        sessions::ensure_open(&session, now)?;
        check_constraints(row)?;

        let seq: i64 = conn
            .prepare_cached("SELECT COALESCE(MAX(seq), 0) + 1 FROM messages WHERE session_id = ?1")?
            .query_row([row.session_id.to_string()], |r| r.get(0))?;
        let message = Message {
            id: row.id,
            session_id: row.session_id,
            sender_id: row.sender_id,
            client_seq: row.client_seq,
            seq,
            body: row.body.clone(),
            source_lang: row.source_lang.clone(),
            translated_body: None,
            target_lang: None,
            translation_error: None,
            created_at: created_at.clone(),
            detected_lang: None,
            translated_by: None,
        };
        conn.prepare_cached(
            "INSERT INTO messages (id, session_id, sender_id, client_seq, seq, body, source_lang, created_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?
        .execute(rusqlite::params![
            message.id.to_string(),
            message.session_id.to_string(),
            message.sender_id.to_string(),
            message.client_seq,
            message.seq,
            message.body,
            message.source_lang,
            message.created_at
        ])?;
        changes.push(change(
            conn,
            "messages",
            ChangeKind::Insert,
            message.session_id,
            rows::to_json(&message),
            None,
            now,
        )?);
        stored.push(message);
    }
    Ok((stored, changes))
}

/// The UPDATE change of a messages row; the old record is its primary key.
pub fn message_update(conn: &Connection, message: &Message, now: DateTime<Utc>) -> rusqlite::Result<Change> {
    change(
        conn,
        "messages",
        ChangeKind::Update,
        message.session_id,
        rows::to_json(message),
        Some(json!({"id": message.id})),
        now,
    )
}

/// Asks for a message's translation again: clears a recorded failure so the reader sees it as
/// translating, and returns the UPDATE only then (nothing else is to be queued). Current
/// participants of the message's session only: one who left is refused like a stranger.
pub fn retranslate(
    conn: &Connection,
    message_id: Uuid,
    caller: Uuid,
    now: DateTime<Utc>,
) -> ApiResult<(Message, Option<Change>)> {
    let message = rows::message_by_id(conn, message_id)?.ok_or_else(participants::not_participant)?;
    let participant = participants::require(conn, message.session_id, caller)?;
    if participant.left_at.is_some() {
        return Err(participants::not_participant());
    }
    if message.translation_error.is_none() {
        return Ok((message, None));
    }
    conn.prepare_cached("UPDATE messages SET translation_error = NULL WHERE id = ?1")?
        .execute([message_id.to_string()])?;
    let message = Message { translation_error: None, ..message };
    let change = message_update(conn, &message, now)?;
    Ok((message, Some(change)))
}

/// What the translation pipeline needs of a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TranslationJob {
    pub message: Message,
    /// The other participant's language; `None` while the sender is alone in the session.
    pub partner_language: Option<String>,
    /// Every participant's display name: names are not words of any language (detection).
    pub names: Vec<String>,
}

pub fn translation_job(conn: &Connection, message_id: Uuid) -> rusqlite::Result<Option<TranslationJob>> {
    let Some(message) = rows::message_by_id(conn, message_id)? else { return Ok(None) };
    let partner_language = conn
        .prepare_cached(
            "SELECT language FROM participants WHERE session_id = ?1 AND user_id <> ?2 ORDER BY joined_at LIMIT 1",
        )?
        .query_row([message.session_id.to_string(), message.sender_id.to_string()], |row| row.get::<_, String>(0))
        .optional()?;
    let names = display_names(conn, message.session_id)?;
    Ok(Some(TranslationJob { message, partner_language, names }))
}

/// The display names of the session's participants, first joined first.
pub fn display_names(conn: &Connection, session_id: Uuid) -> rusqlite::Result<Vec<String>> {
    conn.prepare_cached("SELECT display_name FROM participants WHERE session_id = ?1 ORDER BY joined_at")?
        .query_map([session_id.to_string()], |row| row.get::<_, String>(0))?
        .collect()
}

/// The session's newest message below seq `below` that was never translated (sent before the
/// partner joined), among its newest `window` seqs, with its seq: the pipeline takes a backlog
/// one message per turn, newest first, since the partner opens the conversation on its newest
/// page. One lookup in the partial index `messages_untranslated`.
pub fn latest_untranslated(
    conn: &Connection,
    session_id: Uuid,
    window: i64,
    below: i64,
) -> rusqlite::Result<Option<(Uuid, i64)>> {
    conn.prepare_cached(LATEST_UNTRANSLATED)?
        .query_row(rusqlite::params![session_id.to_string(), window, below], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?))
        })
        .optional()
        .map(|found| found.and_then(|(id, seq)| Some((Uuid::parse_str(&id).ok()?, seq))))
}

const LATEST_UNTRANSLATED: &str = "SELECT id, seq FROM messages \
     WHERE session_id = ?1 AND target_lang IS NULL AND translated_body IS NULL AND seq < ?3 \
     AND seq > (SELECT coalesce(max(seq), 0) FROM messages WHERE session_id = ?1) - ?2 \
     ORDER BY seq DESC LIMIT 1";

/// Of `rows` (messages as a read returns them), those never translated that lie below their
/// session's newest `window` seqs, which a backlog leaves until someone reads them.
pub fn untranslated_below_window(
    conn: &Connection,
    rows: &[Value],
    window: i64,
) -> rusqlite::Result<Vec<(Uuid, Uuid)>> {
    let mut tops: HashMap<Uuid, i64> = HashMap::new();
    let mut found = Vec::new();
    for row in rows {
        let untranslated = row["target_lang"].is_null() && row["translated_body"].is_null();
        let ids = row["session_id"]
            .as_str()
            .and_then(|s| Uuid::parse_str(s).ok())
            .zip(row["id"].as_str().and_then(|s| Uuid::parse_str(s).ok()));
        let (Some((session, id)), Some(seq), true) = (ids, row["seq"].as_i64(), untranslated) else { continue };
        let top = match tops.get(&session) {
            Some(top) => *top,
            None => {
                let top = conn
                    .prepare_cached("SELECT coalesce(max(seq), 0) FROM messages WHERE session_id = ?1")?
                    .query_row([session.to_string()], |row| row.get(0))?;
                *tops.entry(session).or_insert(top)
            }
        };
        if seq <= top - window {
            found.push((session, id));
        }
    }
    Ok(found)
}

/// The outcome of translating a message into `target_lang`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TranslationOutcome {
    /// `route` is what `translated_by` records (`apertium fr>es>en`).
    Translated {
        text: String,
        route: String,
    },
    /// The text is already in the reader's language: nothing to translate, `translated_body`
    /// stays null and `target_lang` = the detected language (or `source_lang`) says so.
    SameLanguage,
    Failed(String),
}

/// Records a translation result and returns the UPDATE to publish (`None` if the message is
/// gone). `detected_lang` is the language the pipeline translated from (`None` when it did not
/// get as far as detecting: a refused job keeps what was stored).
pub fn set_translation(
    conn: &Connection,
    message_id: Uuid,
    target_lang: &str,
    detected_lang: Option<&str>,
    outcome: &TranslationOutcome,
    now: DateTime<Utc>,
) -> rusqlite::Result<Option<Change>> {
    let (translated, route, error) = match outcome {
        TranslationOutcome::Translated { text, route } => (Some(text.as_str()), Some(route.as_str()), None),
        TranslationOutcome::SameLanguage => (None, None, None),
        TranslationOutcome::Failed(error) => (None, None, Some(error.as_str())),
    };
    // One UPDATE, so the realtime record, a catch-up and the export all see the same origin.
    let updated = conn
        .prepare_cached(
            "UPDATE messages SET translated_body = ?2, target_lang = ?3, translation_error = ?4, \
         detected_lang = coalesce(?5, detected_lang), translated_by = ?6 WHERE id = ?1",
        )?
        .execute(rusqlite::params![message_id.to_string(), translated, target_lang, error, detected_lang, route])?;
    if updated == 0 {
        return Ok(None);
    }
    let Some(message) = rows::message_by_id(conn, message_id)? else { return Ok(None) };
    message_update(conn, &message, now).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::Db;
    use crate::store::sessions::{create_session, join_session};

    struct Fixture {
        session: Uuid,
        a: Uuid,
        b: Uuid,
        now: DateTime<Utc>,
    }

    fn setup(c: &Connection) -> Fixture {
        let now = clock::parse("2026-01-01T00:00:00Z").unwrap();
        let (a, b) = (Uuid::new_v4(), Uuid::new_v4());
        let (s, _) = create_session(c, a, "A", "en", now, || "ABCDEF".into()).unwrap();
        join_session(c, b, "ABCDEF", "B", "es", now).unwrap();
        Fixture { session: s.id, a, b, now }
    }

    fn msg(f: &Fixture, sender: Uuid, client_seq: i64, body: &str) -> NewMessage {
        NewMessage {
            id: Uuid::new_v4(),
            session_id: f.session,
            sender_id: sender,
            client_seq,
            body: body.into(),
            source_lang: "en".into(),
        }
    }

    #[test]
    fn batches_get_increasing_seq_in_array_order_and_retries_are_skipped() {
        Db::open(":memory:").unwrap().with(|c| {
            let f = setup(c);
            let batch = vec![msg(&f, f.a, 1, "one"), msg(&f, f.a, 2, "two")];
            let (stored, changes) = insert_batch(c, f.a, &batch, OnConflict::Ignore, f.now).unwrap();
            assert_eq!(stored.iter().map(|m| m.seq).collect::<Vec<_>>(), vec![1, 2]);
            assert_eq!(changes.len(), 2);
            assert_eq!(changes[0].audience.len(), 2);

            let retry = vec![batch[1].clone(), msg(&f, f.a, 3, "three")];
            let (stored, changes) = insert_batch(c, f.a, &retry, OnConflict::Ignore, f.now).unwrap();
            assert_eq!(stored.len(), 1, "the stored row is not returned again");
            assert_eq!((stored[0].seq, stored[0].body.as_str()), (3, "three"));
            assert_eq!(changes.len(), 1);

            let err = insert_batch(c, f.a, &batch[..1], OnConflict::Error, f.now).unwrap_err();
            assert_eq!((err.status.as_u16(), err.code.as_str()), (409, "23505"));
            assert_eq!(err.details.unwrap(), format!("Key (id)=({}) already exists.", batch[0].id));

            let (same, changes) = insert_batch(c, f.a, &batch[..1], OnConflict::Merge, f.now).unwrap();
            assert_eq!(same[0].seq, 1);
            assert!(changes.is_empty());
            let edited = NewMessage { body: "changed".into(), ..batch[0].clone() };
            assert_eq!(insert_batch(c, f.a, &[edited], OnConflict::Merge, f.now).unwrap_err().code, "42501");
        });
    }

    #[test]
    fn a_failing_row_rejects_the_batch_and_rules_are_enforced() {
        Db::open(":memory:").unwrap().with(|c| {
            let f = setup(c);
            let code = |batch: Vec<NewMessage>, caller: Uuid| {
                let e = insert_batch(c, caller, &batch, OnConflict::Ignore, f.now).unwrap_err();
                (e.status.as_u16(), e.code, e.message)
            };
            assert_eq!(code(vec![msg(&f, f.b, 1, "x")], f.a).0, 403, "sender must be the caller");
            let stranger = Uuid::new_v4();
            assert_eq!(code(vec![msg(&f, stranger, 1, "x")], stranger).1, "42501");
            assert_eq!(
                code(vec![msg(&f, f.a, 0, "x")], f.a).2,
                "new row for relation \"messages\" violates check constraint \"messages_client_seq_check\""
            );
            assert_eq!(code(vec![msg(&f, f.a, 1, "")], f.a).1, "23514");
            assert_eq!(code(vec![msg(&f, f.a, 1, &"a".repeat(2001))], f.a).1, "23514");
            let bad_lang = NewMessage { source_lang: "english".into(), ..msg(&f, f.a, 1, "x") };
            assert_eq!(
                code(vec![bad_lang], f.a).2,
                "new row for relation \"messages\" violates check constraint \"messages_source_lang_check\""
            );
            assert_eq!(code((1..=101).map(|i| msg(&f, f.a, i, "x")).collect(), f.a).1, "54000");
            // Callers run batches in a transaction; here nothing was written at all.
            let count: i64 =
                c.prepare_cached("SELECT count(*) FROM messages").unwrap().query_row([], |r| r.get(0)).unwrap();
            assert_eq!(count, 0);
        });
    }

    #[test]
    fn expired_or_left_sessions_refuse_new_messages() {
        Db::open(":memory:").unwrap().with(|c| {
            let f = setup(c);
            let first = msg(&f, f.a, 1, "x");
            insert_batch(c, f.a, std::slice::from_ref(&first), OnConflict::Ignore, f.now).unwrap();
            let later = clock::parse("2026-01-02T00:00:01Z").unwrap();
            let err = insert_batch(c, f.a, &[msg(&f, f.a, 2, "y")], OnConflict::Ignore, later).unwrap_err();
            assert_eq!((err.code.as_str(), err.message.as_str()), ("P0001", "session_expired"));
            let (stored, _) = insert_batch(c, f.a, &[first], OnConflict::Ignore, later).unwrap();
            assert!(stored.is_empty(), "a late retry of a stored row is still fine");

            participants::leave_session(c, f.session, f.b, f.now).unwrap();
            assert_eq!(
                insert_batch(c, f.b, &[msg(&f, f.b, 1, "y")], OnConflict::Ignore, f.now).unwrap_err().code,
                "42501"
            );
        });
    }

    #[test]
    fn rows_are_parsed_strictly() {
        let row = |v: Value| parse_row(v.as_object().unwrap());
        let id = Uuid::new_v4();
        let good =
            json!({"id": id, "session_id": id, "sender_id": id, "client_seq": "7", "body": "hi", "source_lang": "en"});
        assert_eq!(row(good.clone()).unwrap().client_seq, 7);
        let mut unknown = good.clone();
        unknown["colour"] = json!("red");
        assert_eq!(
            row(unknown).unwrap_err().message,
            "Could not find the 'colour' column of 'messages' in the schema cache"
        );
        let mut server = good.clone();
        server["seq"] = json!(5);
        assert_eq!(row(server).unwrap_err().code, "42501");
        let mut bad_id = good.clone();
        bad_id["id"] = json!("nope");
        assert_eq!(row(bad_id).unwrap_err().message, "invalid input syntax for type uuid: \"nope\"");
        let mut missing = good;
        missing.as_object_mut().unwrap().remove("body");
        assert_eq!(row(missing).unwrap_err().code, "23502");
    }

    #[test]
    fn retranslate_clears_the_failure_for_participants_only() {
        Db::open(":memory:").unwrap().with(|c| {
            let f = setup(c);
            let m = msg(&f, f.a, 1, "x");
            insert_batch(c, f.a, std::slice::from_ref(&m), OnConflict::Ignore, f.now).unwrap();
            c.prepare_cached("UPDATE messages SET translation_error = 'provider down'").unwrap().execute([]).unwrap();
            assert_eq!(retranslate(c, m.id, Uuid::new_v4(), f.now).unwrap_err().code, "42501");
            let (message, change) = retranslate(c, m.id, f.b, f.now).unwrap();
            assert_eq!(message.translation_error, None);
            assert_eq!(change.unwrap().old_record, Some(json!({"id": m.id})));
            assert!(retranslate(c, m.id, f.b, f.now).unwrap().1.is_none(), "nothing to clear: nothing to queue");

            c.prepare_cached("UPDATE messages SET translation_error = 'provider down'").unwrap().execute([]).unwrap();
            participants::leave_session(c, f.session, f.b, f.now).unwrap();
            assert_eq!(retranslate(c, m.id, f.b, f.now).unwrap_err().code, "42501", "B has left");
            assert!(retranslate(c, m.id, f.a, f.now).unwrap().1.is_some(), "A is still there");
        });
    }

    #[test]
    fn a_backlog_is_taken_newest_first_with_one_index_lookup() {
        Db::open(":memory:").unwrap().with(|c| {
            let f = setup(c);
            let batch: Vec<_> = (1..=3).map(|i| msg(&f, f.a, i, &format!("message {i}"))).collect();
            insert_batch(c, f.a, &batch, OnConflict::Ignore, f.now).unwrap();
            let all = i64::MAX;
            assert_eq!(latest_untranslated(c, f.session, 200, all).unwrap(), Some((batch[2].id, 3)));
            // A backlog goes on below the message it took last, whatever became of that one.
            assert_eq!(latest_untranslated(c, f.session, 200, 3).unwrap(), Some((batch[1].id, 2)));
            assert_eq!(latest_untranslated(c, f.session, 200, 1).unwrap(), None);
            set_translation(c, batch[2].id, "es", Some("en"), &TranslationOutcome::SameLanguage, f.now).unwrap();
            assert_eq!(latest_untranslated(c, f.session, 200, all).unwrap(), Some((batch[1].id, 2)));
            // Only the newest `window` seqs are the backlog: with a window of 1, seq 3 alone (done).
            assert_eq!(latest_untranslated(c, f.session, 1, all).unwrap(), None);
            assert_eq!(latest_untranslated(c, f.session, 2, all).unwrap(), Some((batch[1].id, 2)));
            // What a read returns below the window waits for that read.
            let read: Vec<Value> =
                batch.iter().map(|m| rows::to_json(&rows::message_by_id(c, m.id).unwrap().unwrap())).collect();
            let below = untranslated_below_window(c, &read, 2).unwrap();
            assert_eq!(below, vec![(f.session, batch[0].id)]);
            assert!(untranslated_below_window(c, &read, 200).unwrap().is_empty());
            let plan: Vec<String> = c
                .prepare(&format!("EXPLAIN QUERY PLAN {LATEST_UNTRANSLATED}"))
                .unwrap()
                .query_map(rusqlite::params![f.session.to_string(), 200, i64::MAX], |row| row.get::<_, String>(3))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            assert!(plan.iter().any(|step| step.contains("USING INDEX messages_untranslated")), "{plan:?}");
            assert!(!plan.iter().any(|step| step.contains("TEMP B-TREE")), "no sort: {plan:?}");
        });
    }

    #[test]
    fn translation_results_are_stored_and_published() {
        Db::open(":memory:").unwrap().with(|c| {
            let f = setup(c);
            let m = msg(&f, f.a, 1, "Good morning");
            insert_batch(c, f.a, std::slice::from_ref(&m), OnConflict::Ignore, f.now).unwrap();
            let job = translation_job(c, m.id).unwrap().unwrap();
            assert_eq!((job.message.body.as_str(), job.partner_language.as_deref()), ("Good morning", Some("es")));
            assert_eq!(job.names.len(), 2, "both participants' names: {:?}", job.names);
            assert_eq!(latest_untranslated(c, f.session, 200, i64::MAX).unwrap(), Some((m.id, 1)));

            let done = TranslationOutcome::Translated { text: "Buenos días".into(), route: "apertium en>es".into() };
            let change = set_translation(c, m.id, "es", Some("en"), &done, f.now).unwrap().unwrap();
            assert_eq!(change.record["translated_body"], "Buenos días");
            assert_eq!(
                (&change.record["detected_lang"], &change.record["translated_by"]),
                (&json!("en"), &json!("apertium en>es"))
            );
            let stored = rows::message_by_id(c, m.id).unwrap().unwrap();
            assert_eq!(
                (stored.detected_lang.as_deref(), stored.translated_by.as_deref()),
                (Some("en"), Some("apertium en>es"))
            );
            assert_eq!(change.old_record, Some(json!({"id": m.id})));
            assert_eq!(latest_untranslated(c, f.session, 200, i64::MAX).unwrap(), None);

            let failed = TranslationOutcome::Failed("apertium: provider timeout".into());
            let change = set_translation(c, m.id, "es", None, &failed, f.now).unwrap().unwrap();
            assert_eq!(
                (change.record["translated_body"].clone(), change.record["translation_error"].clone()),
                (Value::Null, json!("apertium: provider timeout"))
            );
            assert_eq!(
                (&change.record["detected_lang"], &change.record["translated_by"]),
                (&json!("en"), &Value::Null),
                "a failure without detection keeps the detected language; nothing was translated"
            );

            let same = TranslationOutcome::SameLanguage;
            let change = set_translation(c, m.id, "en", Some("en"), &same, f.now).unwrap().unwrap();
            assert_eq!(
                (&change.record["translated_body"], &change.record["target_lang"], &change.record["detected_lang"]),
                (&Value::Null, &json!("en"), &json!("en"))
            );
            assert!(set_translation(c, Uuid::new_v4(), "es", None, &failed, f.now).unwrap().is_none());
        });
    }
}
