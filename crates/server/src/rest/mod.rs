//! PostgREST subset for the app's tables (`sessions`, `participants`, `messages`, `glossary_terms`)
//! and RPCs.
//!
//! Handlers only translate HTTP to the functions of `store` and back: parse the query string
//! (`query`), run as the `Caller`, answer in PostgREST's shapes (JSON arrays, single objects for
//! `Accept: application/vnd.pgrst.object+json`, `Content-Range`, `{code, details, hint, message}`
//! errors), and publish committed changes to Realtime.

pub mod query;
pub mod rpc;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde_json::{Map, Value};

use crate::auth::Caller;
use crate::changes::Change;
use crate::clock;
use crate::error::{ApiError, ApiResult};
use crate::store::messages::{self, OnConflict};
use crate::store::rate_limit;
use crate::store::select;
use crate::translate::pipeline::BACKLOG_WINDOW;
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/rpc/{name}", post(rpc::call))
        .route("/{table}", get(read).post(insert).patch(refuse_write).put(refuse_write).delete(refuse_write))
        .layer(axum::middleware::from_fn(only_public_schema))
}

/// Everything lives in `public`. A client configured with another `db.schema` sends it in
/// `Accept-Profile` (reads) or `Content-Profile` (writes) and gets PostgREST's PGRST106 rather
/// than silently reading `public`.
async fn only_public_schema(request: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let header = if matches!(*request.method(), axum::http::Method::GET | axum::http::Method::HEAD) {
        "accept-profile"
    } else {
        "content-profile"
    };
    match request.headers().get(header).map(|v| v.to_str().unwrap_or("?").trim()) {
        Some(schema) if !schema.is_empty() && schema != "public" => {
            ApiError::postgrest(StatusCode::NOT_ACCEPTABLE, "PGRST106", format!("Invalid schema: {schema}"))
                .with_hint("Only the following schemas are exposed: public")
                .into_response()
        }
        _ => next.run(request).await,
    }
}

const OBJECT_MEDIA_TYPE: &str = "application/vnd.pgrst.object+json";

/// What the request's `Prefer` headers ask for (values may be comma-joined or repeated).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Prefer {
    pub representation: bool,
    pub on_conflict: Option<OnConflict>,
    pub count_exact: bool,
}

impl Prefer {
    pub fn from_headers(headers: &HeaderMap) -> Prefer {
        let mut prefer = Prefer::default();
        let tokens =
            headers.get_all("prefer").iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(',')).map(str::trim);
        for token in tokens {
            match token {
                "return=representation" => prefer.representation = true,
                "return=minimal" | "return=headers-only" => prefer.representation = false,
                "resolution=ignore-duplicates" => prefer.on_conflict = Some(OnConflict::Ignore),
                "resolution=merge-duplicates" => prefer.on_conflict = Some(OnConflict::Merge),
                "count=exact" | "count=planned" | "count=estimated" => prefer.count_exact = true,
                _ => {}
            }
        }
        prefer
    }
}

/// True when the client asked for one object instead of an array (`.single()`).
pub fn wants_single(headers: &HeaderMap) -> bool {
    headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|accept| accept.contains(OBJECT_MEDIA_TYPE))
}

fn not_single(rows: usize) -> ApiError {
    ApiError::postgrest(StatusCode::NOT_ACCEPTABLE, "PGRST116", "Cannot coerce the result to a single JSON object")
        .with_details(format!("The result contains {rows} rows"))
}

/// A JSON body with PostgREST's content type.
pub fn json_body(status: StatusCode, body: &Value, single: bool) -> Response {
    let content_type =
        if single { "application/vnd.pgrst.object+json; charset=utf-8" } else { "application/json; charset=utf-8" };
    let mut response = (status, body.to_string()).into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

/// The rows as an array, or as the one object `.single()` asked for (else 406).
fn rows_body(status: StatusCode, rows: Vec<Value>, single: bool) -> ApiResult<Response> {
    if single {
        let count = rows.len();
        let mut rows = rows.into_iter();
        return match (rows.next(), rows.next()) {
            (Some(row), None) => Ok(json_body(status, &row, true)),
            _ => Err(not_single(count)),
        };
    }
    Ok(json_body(status, &Value::Array(rows), false))
}

/// `Content-Range` of a read: `first-last/total`, `*/total` when empty, total `*` if not counted.
fn content_range(offset: i64, rows: usize, total: Option<i64>) -> String {
    let total = total.map_or("*".to_owned(), |t| t.to_string());
    if rows == 0 {
        format!("*/{total}")
    } else {
        format!("{offset}-{}/{total}", offset + rows as i64 - 1)
    }
}

/// Commits `tx` and hands its changes to Realtime while the connection is still held. Two
/// requests commit one after the other on the one connection; publishing after releasing it
/// would let them publish in the other order, and subscribers would see `seq` go backwards.
pub fn commit_and_publish(state: &AppState, tx: rusqlite::Transaction<'_>, changes: Vec<Change>) -> ApiResult<()> {
    tx.commit()?;
    for change in changes {
        state.realtime.publish(change);
    }
    Ok(())
}

/// `GET /rest/v1/<table>?select=…&<filters>&order=…&limit=…&offset=…`
async fn read(
    State(state): State<AppState>,
    Path(table): Path<String>,
    caller: Caller,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let table = query::table(&table)?;
    let query = query::parse(table, &query::decode_pairs(raw.as_deref().unwrap_or("")))?;
    let prefer = Prefer::from_headers(&headers);
    let viewer = caller.user_id();
    let (rows, total, untranslated) = state.db.with(|conn| -> rusqlite::Result<_> {
        let rows = select::select(conn, &query, viewer)?;
        let total = if prefer.count_exact { Some(select::count(conn, &query, viewer)?) } else { None };
        // Old messages a join's backlog left untranslated are translated once someone reads them.
        let untranslated = if table == "messages" {
            messages::untranslated_below_window(conn, &rows, BACKLOG_WINDOW)?
        } else {
            Vec::new()
        };
        Ok((rows, total, untranslated))
    })?;
    state.translation.pipeline.translate_read(untranslated);
    let range = content_range(query.offset.unwrap_or(0), rows.len(), total);
    let rows: Vec<Value> = rows.iter().map(|row| select::project(row, &query.select)).collect();
    let mut response = rows_body(StatusCode::OK, rows, wants_single(&headers))?;
    if let Ok(value) = HeaderValue::from_str(&range) {
        response.headers_mut().insert(header::CONTENT_RANGE, value);
    }
    Ok(response)
}

fn insert_denied(table: &str) -> String {
    format!("new row violates row-level security policy for table \"{table}\"")
}

/// The JSON a write sent: one object or an array of objects.
pub fn parse_json_rows(body: &[u8]) -> ApiResult<Vec<Map<String, Value>>> {
    let invalid = || ApiError::bad_request("PGRST102", "Empty or invalid json");
    match serde_json::from_slice::<Value>(body).map_err(|_| invalid())? {
        Value::Object(row) => Ok(vec![row]),
        Value::Array(items) => items
            .into_iter()
            .map(|item| match item {
                Value::Object(row) => Ok(row),
                _ => Err(invalid()),
            })
            .collect(),
        _ => Err(invalid()),
    }
}

/// A body over the server's size limit, in PostgREST's error shape.
pub fn body_error(rejection: BytesRejection) -> ApiError {
    if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::postgrest(StatusCode::PAYLOAD_TOO_LARGE, "54000", "Request body is too large")
    } else {
        ApiError::bad_request("PGRST102", "Empty or invalid json")
    }
}

/// Refuses a batch that would take `user` over the message rate (docs/contracts.md §6: floods get a
/// clear error). Runs inside the insert's transaction, so a refused or failed batch spends
/// nothing and a retried batch is counted once per attempt.
fn check_message_rate(
    bucket: rate_limit::Bucket,
    conn: &rusqlite::Connection,
    user: uuid::Uuid,
    rows: usize,
    now: chrono::DateTime<chrono::Utc>,
) -> ApiResult<()> {
    let secs = now.timestamp_micros() as f64 / 1e6;
    let rows = u32::try_from(rows).unwrap_or(u32::MAX);
    match rate_limit::take_n(conn, &format!("messages:{user}"), bucket, rows, secs)? {
        None => Ok(()),
        Some(wait) if wait.is_finite() => {
            let wait_ms = (wait * 1000.0).ceil() as u64;
            Err(ApiError::rate_limited(
                "over_message_rate_limit",
                format!("too many messages; try again in {} s", wait_ms.div_ceil(1000).max(1)),
                wait_ms,
            ))
        }
        Some(_) => Err(ApiError::bad_request(
            "54000",
            format!("a batch of {rows} messages is more than one user may send at once ({})", bucket.capacity),
        )),
    }
}

/// `POST /rest/v1/messages` — `insert` and `upsert` of messages (docs/contracts.md §3 "Send").
/// Sessions and participants are written by the RPCs only.
async fn insert(
    State(state): State<AppState>,
    Path(table): Path<String>,
    caller: Caller,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<Response> {
    let table = query::table(&table)?;
    let user = caller.require_user(&insert_denied(table))?;
    if table != "messages" {
        return Err(ApiError::forbidden(insert_denied(table)));
    }
    let query = query::parse(table, &query::decode_pairs(raw.as_deref().unwrap_or("")))?;
    if query.on_conflict.as_ref().is_some_and(|cols| cols.as_slice() != ["id"]) {
        return Err(ApiError::bad_request(
            "42P10",
            "there is no unique or exclusion constraint matching the ON CONFLICT specification",
        ));
    }
    let prefer = Prefer::from_headers(&headers);
    let single = wants_single(&headers);
    let mut rows = parse_json_rows(&body.map_err(body_error)?)?;
    if let Some(columns) = &query.columns {
        // Only the listed keys are read from each row, as PostgREST's `columns` does.
        for row in &mut rows {
            row.retain(|key, _| columns.contains(&key.as_str()));
        }
    }
    if rows.len() > messages::MAX_BATCH {
        return Err(ApiError::bad_request(
            "54000",
            format!("too many rows in one request: {} (at most {})", rows.len(), messages::MAX_BATCH),
        ));
    }
    let batch = rows.iter().map(messages::parse_row).collect::<ApiResult<Vec<_>>>()?;
    let on_conflict = prefer.on_conflict.unwrap_or(OnConflict::Error);
    let now = clock::now();
    let representation = prefer.representation;
    let bucket = rate_limit::Bucket {
        capacity: f64::from(state.config.message_burst),
        refill_per_sec: state.config.message_rate,
    };
    let realtime = state.realtime.clone();
    // The writer thread's group commit (see `Db::write`): the insert runs in a savepoint of a
    // transaction shared with the writes that arrived at the same moment.
    let (stored, _, inserted) = state
        .db
        .write(
            move |conn| -> ApiResult<_> {
                check_message_rate(bucket, conn, user, batch.len(), now)?;
                let (stored, changes) = messages::insert_batch(conn, user, &batch, on_conflict, now)?;
                // PostgREST checks `.single()` inside the transaction: a wrong count writes nothing.
                if single && representation && stored.len() != 1 {
                    return Err(not_single(stored.len()));
                }
                let inserted: Vec<crate::translate::Job> = changes
                    .iter()
                    .filter_map(|c| {
                        let uuid = |column: &str| c.record[column].as_str().and_then(|v| v.parse().ok());
                        Some(crate::translate::Job::Message { session: uuid("session_id")?, id: uuid("id")? })
                    })
                    .collect();
                Ok((stored, changes, inserted))
            },
            move |(_, changes, _)| {
                for change in std::mem::take(changes) {
                    realtime.publish(change);
                }
            },
        )
        .await?;
    // Translation runs after the insert is committed and heard as INSERT (docs/contracts.md §3).
    for job in inserted {
        state.translation.pipeline.enqueue(job);
    }
    if !prefer.representation {
        return Ok(StatusCode::CREATED.into_response());
    }
    let rows = stored.iter().map(|m| select::project(&crate::store::rows::to_json(m), &query.select)).collect();
    rows_body(StatusCode::CREATED, rows, single)
}

/// `PATCH`/`PUT`/`DELETE`: nobody edits or deletes rows through REST (docs/contracts.md §3); message
/// updates happen inside the server (translation) and the RPCs.
async fn refuse_write(Path(table): Path<String>, caller: Caller) -> ApiResult<Response> {
    let table = query::table(&table)?;
    let message = format!("permission denied for table {table}");
    caller.require_user(&message)?;
    Err(ApiError::forbidden(message))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefer_tokens_may_be_joined_or_repeated() {
        let mut headers = HeaderMap::new();
        headers.append("prefer", HeaderValue::from_static("resolution=ignore-duplicates, return=representation"));
        headers.append("prefer", HeaderValue::from_static("count=exact"));
        let prefer = Prefer::from_headers(&headers);
        assert_eq!(prefer, Prefer { representation: true, on_conflict: Some(OnConflict::Ignore), count_exact: true });
        assert_eq!(Prefer::from_headers(&HeaderMap::new()), Prefer::default());
    }

    #[test]
    fn content_range_matches_postgrest() {
        assert_eq!(content_range(0, 5, None), "0-4/*");
        assert_eq!(content_range(10, 2, Some(12)), "10-11/12");
        assert_eq!(content_range(0, 0, None), "*/*");
        assert_eq!(content_range(0, 0, Some(0)), "*/0");
    }

    #[test]
    fn json_rows_are_objects() {
        assert_eq!(parse_json_rows(br#"{"a":1}"#).unwrap().len(), 1);
        assert_eq!(parse_json_rows(br#"[{"a":1},{"a":2}]"#).unwrap().len(), 2);
        assert_eq!(parse_json_rows(b"[1]").unwrap_err().code, "PGRST102");
        assert_eq!(parse_json_rows(b"{nope").unwrap_err().message, "Empty or invalid json");
        assert_eq!(parse_json_rows(b"").unwrap_err().code, "PGRST102");
    }
}
