//! Reads through the REST layer: a parsed `Query` as one parameterised SQL statement, with the
//! row-level security of docs/contracts.md §3 ("only participants of a session may read its session
//! row, participants and messages") as a fixed condition.

use rusqlite::types::Value as SqlValue;
use rusqlite::Connection;
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::changes::columns_of;
use crate::rest::query::{Op, Query, Scalar};
use crate::store::rows;

/// The RLS condition of `table` for the viewer bound as the first parameter.
fn visibility(table: &str) -> &'static str {
    match table {
        "sessions" => "id IN (SELECT session_id FROM participants WHERE user_id = ?1)",
        _ => "session_id IN (SELECT session_id FROM participants WHERE user_id = ?1)",
    }
}

fn bind(value: &Scalar) -> SqlValue {
    match value {
        Scalar::Null => SqlValue::Null,
        Scalar::Int(i) => SqlValue::Integer(*i),
        Scalar::Text(s) => SqlValue::Text(s.clone()),
    }
}

/// `FROM … WHERE …` of `query` as seen by `viewer`, and its parameters.
fn from_where(query: &Query, viewer: Uuid) -> (String, Vec<SqlValue>) {
    let mut sql = format!("FROM {} WHERE {}", query.table, visibility(query.table));
    let mut params = vec![SqlValue::Text(viewer.to_string())];
    for filter in &query.filters {
        let mut placeholder = |value: &Scalar| {
            params.push(bind(value));
            format!("?{}", params.len())
        };
        let condition = match filter.op {
            Op::Eq => format!("{} = {}", filter.column, placeholder(&filter.values[0])),
            Op::Neq => format!("{} <> {}", filter.column, placeholder(&filter.values[0])),
            Op::Gt => format!("{} > {}", filter.column, placeholder(&filter.values[0])),
            Op::Gte => format!("{} >= {}", filter.column, placeholder(&filter.values[0])),
            Op::Lt => format!("{} < {}", filter.column, placeholder(&filter.values[0])),
            Op::Lte => format!("{} <= {}", filter.column, placeholder(&filter.values[0])),
            Op::In if filter.values.is_empty() => "0".to_owned(),
            Op::In => {
                let list: Vec<String> = filter.values.iter().map(&mut placeholder).collect();
                format!("{} IN ({})", filter.column, list.join(", "))
            }
            Op::IsNull => format!("{} IS NULL", filter.column),
        };
        if filter.negated {
            sql.push_str(&format!(" AND NOT ({condition})"));
        } else {
            sql.push_str(&format!(" AND {condition}"));
        }
    }
    (sql, params)
}

/// The rows `viewer` may see that match `query`, each with every column (project with
/// `project`). Anonymous callers see nothing, as under RLS.
pub fn select(conn: &Connection, query: &Query, viewer: Option<Uuid>) -> rusqlite::Result<Vec<Value>> {
    let Some(viewer) = viewer else { return Ok(Vec::new()) };
    let columns: Vec<&str> = columns_of(query.table).iter().map(|(c, _)| *c).collect();
    let (from_where, mut params) = from_where(query, viewer);
    let mut sql = format!("SELECT {} {from_where} ORDER BY ", columns.join(", "));
    for order in &query.order {
        // PostgreSQL sorts NULL as the largest value; SQLite as the smallest. Say it explicitly.
        let nulls_first = order.nulls_first.unwrap_or(order.descending);
        sql.push_str(&format!(
            "{} {} NULLS {}, ",
            order.column,
            if order.descending { "DESC" } else { "ASC" },
            if nulls_first { "FIRST" } else { "LAST" }
        ));
    }
    // Without an order PostgreSQL returns rows roughly as inserted; make that exact.
    sql.push_str("rowid");
    params.push(SqlValue::Integer(query.limit.unwrap_or(-1)));
    sql.push_str(&format!(" LIMIT ?{}", params.len()));
    params.push(SqlValue::Integer(query.offset.unwrap_or(0)));
    sql.push_str(&format!(" OFFSET ?{}", params.len()));

    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(params), |row| rows::row_to_json(row, &columns))?;
    rows.collect()
}

/// How many rows `viewer` may see that match `query`'s filters (`Prefer: count=exact`).
pub fn count(conn: &Connection, query: &Query, viewer: Option<Uuid>) -> rusqlite::Result<i64> {
    let Some(viewer) = viewer else { return Ok(0) };
    let (from_where, params) = from_where(query, viewer);
    conn.query_row(&format!("SELECT count(*) {from_where}"), rusqlite::params_from_iter(params), |row| row.get(0))
}

/// Keeps only `columns` of a row object, as `select=` asks.
pub fn project(row: &Value, columns: &[&str]) -> Value {
    let Some(object) = row.as_object() else { return row.clone() };
    let mut out = Map::with_capacity(columns.len());
    for column in columns {
        if let Some(value) = object.get(*column) {
            out.insert((*column).to_owned(), value.clone());
        }
    }
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock;
    use crate::db::Db;
    use crate::rest::query::{decode_pairs, parse};
    use crate::store::messages::{insert_batch, OnConflict};
    use crate::store::sessions::{create_session, join_session};
    use session_sync::domain::NewMessage;

    #[test]
    fn reads_are_limited_to_the_viewers_sessions_and_filtered_in_sql() {
        Db::open(":memory:").unwrap().with(|c| {
            let now = clock::parse("2026-01-01T00:00:00Z").unwrap();
            let (a, b, x) = (Uuid::new_v4(), Uuid::new_v4(), Uuid::new_v4());
            let (s, _) = create_session(c, a, "A", "en", now, || "ABCDEF".into()).unwrap();
            join_session(c, b, "ABCDEF", "B", "es", now).unwrap();
            create_session(c, x, "X", "fr", now, || "XXXXXX".into()).unwrap();
            let batch: Vec<NewMessage> = (1..=5)
                .map(|i| NewMessage {
                    id: Uuid::new_v4(),
                    session_id: s.id,
                    sender_id: a,
                    client_seq: i,
                    body: format!("m{i}"),
                    source_lang: "en".into(),
                })
                .collect();
            insert_batch(c, a, &batch, OnConflict::Ignore, now).unwrap();

            let q = |raw: &str, table| parse(table, &decode_pairs(raw)).unwrap();
            let rows =
                select(c, &q(&format!("session_id=eq.{}&seq=gt.2&order=seq.desc", s.id), "messages"), Some(b)).unwrap();
            assert_eq!(rows.iter().map(|r| r["seq"].as_i64().unwrap()).collect::<Vec<_>>(), vec![5, 4, 3]);
            let rows = select(c, &q("seq=in.(1,3)&limit=1&offset=1", "messages"), Some(b)).unwrap();
            assert_eq!(rows[0]["body"], "m3");
            assert!(select(c, &q("", "messages"), Some(x)).unwrap().is_empty(), "x is in another session");
            assert!(select(c, &q("", "messages"), None).unwrap().is_empty(), "anon sees nothing");
            assert_eq!(select(c, &q("", "sessions"), Some(x)).unwrap().len(), 1, "only x's own session");
            assert_eq!(select(c, &q("", "participants"), Some(b)).unwrap().len(), 2);
            assert_eq!(count(c, &q("seq=lte.2", "messages"), Some(a)).unwrap(), 2);
            let rows = select(c, &q("order=translated_body.asc,seq.desc", "messages"), Some(a)).unwrap();
            assert_eq!(rows[0]["seq"], 5, "ties on NULL fall through to the next key");
            assert_eq!(project(&rows[0], &["seq", "body"]), serde_json::json!({"seq": 5, "body": "m5"}));
        });
    }

    #[test]
    fn the_largest_query_the_parser_accepts_runs_in_sqlite() {
        use crate::rest::query::{MAX_FILTERS, MAX_FILTER_VALUES, MAX_ORDER_TERMS};
        let list = vec!["1"; MAX_FILTER_VALUES - (MAX_FILTERS - 1)].join(",");
        let mut raw = format!("seq=not.in.({list})");
        raw.push_str(&"&seq=not.gt.1".repeat(MAX_FILTERS - 1));
        raw.push_str(&format!("&order={}", vec!["seq.desc.nullsfirst"; MAX_ORDER_TERMS].join(",")));
        let query = parse("messages", &decode_pairs(&raw)).unwrap();
        Db::open(":memory:").unwrap().with(|c| {
            let viewer = Some(Uuid::new_v4());
            assert_eq!(select(c, &query, viewer).unwrap(), Vec::<Value>::new());
            assert_eq!(count(c, &query, viewer).unwrap(), 0);
        });
    }
}
