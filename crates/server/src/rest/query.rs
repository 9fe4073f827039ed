//! PostgREST's query-string language, the part supabase-js emits for our tables: `select`,
//! horizontal filters (`col=op.value`, optionally `not.`), `order`, `limit`, `offset`, and the
//! write parameters `on_conflict` and `columns`.
//!
//! Everything is resolved against the table's fixed column list here, so the SQL built later only
//! ever contains `'static` column names from that list; values travel as parameters.

use axum::http::StatusCode;

use crate::changes::columns_of;
use crate::clock;
use crate::error::{ApiError, ApiResult};

/// The tables REST exposes.
pub const TABLES: [&str; 4] = ["sessions", "participants", "messages", "glossary_terms"];

/// Bounds that keep every accepted query runnable by SQLite, whose limits are 1,000 levels of
/// expression (each filter is one more `AND`), 2,000 `ORDER BY` terms and 32,766 bound values;
/// beyond them a query would fail inside the database as a 500. They sit far above what
/// supabase-js builds for the app (two filters, one order term, no lists).
pub const MAX_FILTERS: usize = 100;
pub const MAX_ORDER_TERMS: usize = 32;
/// Values of all filters of one query together, each item of an `in.(…)` list counting one.
pub const MAX_FILTER_VALUES: usize = 1_000;

/// A filter value, already converted to the column's type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scalar {
    Null,
    Int(i64),
    Text(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Eq,
    Neq,
    Gt,
    Gte,
    Lt,
    Lte,
    In,
    IsNull,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    pub column: &'static str,
    pub negated: bool,
    pub op: Op,
    /// One value, except for `In` (any number) and `IsNull` (none).
    pub values: Vec<Scalar>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Order {
    pub column: &'static str,
    pub descending: bool,
    /// `None`: PostgreSQL's default (nulls sort as the largest value).
    pub nulls_first: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    pub table: &'static str,
    /// Columns to return, in the order asked; every column for `*` or no `select`.
    pub select: Vec<&'static str>,
    pub filters: Vec<Filter>,
    pub order: Vec<Order>,
    pub limit: Option<i64>,
    pub offset: Option<i64>,
    pub on_conflict: Option<Vec<&'static str>>,
    /// `columns=` of a write: the only keys read from each row.
    pub columns: Option<Vec<&'static str>>,
}

/// The exposed table called `name`, or PostgREST's 404.
pub fn table(name: &str) -> ApiResult<&'static str> {
    TABLES.iter().copied().find(|t| *t == name).ok_or_else(|| {
        ApiError::postgrest(
            StatusCode::NOT_FOUND,
            "PGRST205",
            format!("Could not find the table 'public.{name}' in the schema cache"),
        )
    })
}

fn syntax(what: &str, input: &str, why: &str) -> ApiError {
    ApiError::bad_request("PGRST100", format!("\"failed to parse {what} ({input})\" ({why})"))
}

fn column(table: &'static str, name: &str) -> ApiResult<&'static str> {
    columns_of(table)
        .iter()
        .find(|(c, _)| *c == name)
        .map(|(c, _)| *c)
        .ok_or_else(|| ApiError::bad_request("42703", format!("column {table}.{name} does not exist")))
}

fn column_type(table: &str, name: &str) -> &'static str {
    columns_of(table).iter().find(|(c, _)| *c == name).map(|(_, t)| *t).unwrap_or("text")
}

/// Converts `raw` to `column`'s type as PostgreSQL would read the literal.
fn scalar(table: &str, column: &str, raw: &str) -> ApiResult<Scalar> {
    let invalid = |ty: &str| ApiError::bad_request("22P02", format!("invalid input syntax for type {ty}: \"{raw}\""));
    match column_type(table, column) {
        "int8" => raw.trim().parse().map(Scalar::Int).map_err(|_| invalid("bigint")),
        // Stored lower-case and hyphenated, so any spelling of the same uuid matches.
        "uuid" => uuid::Uuid::parse_str(raw.trim()).map(|u| Scalar::Text(u.to_string())).map_err(|_| invalid("uuid")),
        // Stored in one fixed format that sorts as text in time order; compare in that format.
        "timestamptz" => clock::parse(raw.trim()).map(|t| Scalar::Text(clock::pg_timestamp(t))).ok_or_else(|| {
            ApiError::bad_request("22007", format!("invalid input syntax for type timestamp with time zone: \"{raw}\""))
        }),
        _ => Ok(Scalar::Text(raw.to_owned())),
    }
}

/// Splits the inside of `in.(…)`: commas separate, double quotes protect commas and
/// parentheses, a backslash escapes inside quotes.
fn split_list(inner: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => quoted = !quoted,
            '\\' if quoted => current.extend(chars.next()),
            ',' if !quoted => items.push(std::mem::take(&mut current)),
            c => current.push(c),
        }
    }
    if !inner.is_empty() {
        items.push(current);
    }
    items
}

fn filter(table: &'static str, key: &str, value: &str) -> ApiResult<Filter> {
    let column = column(table, key)?;
    let (negated, rest) = match value.strip_prefix("not.") {
        Some(rest) => (true, rest),
        None => (false, value),
    };
    let (op, operand) = rest.split_once('.').ok_or_else(|| syntax("filter", value, "expected operator.value"))?;
    let one = |op| Ok(Filter { column, negated, op, values: vec![scalar(table, column, operand)?] });
    match op {
        "eq" => one(Op::Eq),
        "neq" => one(Op::Neq),
        "gt" => one(Op::Gt),
        "gte" => one(Op::Gte),
        "lt" => one(Op::Lt),
        "lte" => one(Op::Lte),
        "in" => {
            let inner = operand
                .strip_prefix('(')
                .and_then(|s| s.strip_suffix(')'))
                .ok_or_else(|| syntax("filter", value, "in. takes a list in parentheses"))?;
            let values = split_list(inner).iter().map(|v| scalar(table, column, v)).collect::<ApiResult<_>>()?;
            Ok(Filter { column, negated, op: Op::In, values })
        }
        "is" if operand.eq_ignore_ascii_case("null") => Ok(Filter { column, negated, op: Op::IsNull, values: vec![] }),
        "is" => Err(syntax("filter", value, "this server supports is.null only")),
        other => Err(syntax("filter", value, &format!("operator {other} is not supported by this server"))),
    }
}

fn order(table: &'static str, value: &str) -> ApiResult<Vec<Order>> {
    value
        .split(',')
        .filter(|term| !term.trim().is_empty())
        .map(|term| {
            let mut parts = term.trim().split('.');
            let column = column(table, parts.next().unwrap_or_default())?;
            let mut order = Order { column, descending: false, nulls_first: None };
            for modifier in parts {
                match modifier {
                    "asc" => order.descending = false,
                    "desc" => order.descending = true,
                    "nullsfirst" => order.nulls_first = Some(true),
                    "nullslast" => order.nulls_first = Some(false),
                    _ => return Err(syntax("order", term, "expected asc, desc, nullsfirst or nullslast")),
                }
            }
            Ok(order)
        })
        .collect()
}

/// Adds `column` unless already there: a name repeated (`select=*,*`, `columns=id,id,…`) would
/// otherwise multiply the work done for every row.
fn push_once(columns: &mut Vec<&'static str>, column: &'static str) {
    if !columns.contains(&column) {
        columns.push(column);
    }
}

fn select(table: &'static str, value: &str) -> ApiResult<Vec<&'static str>> {
    let value: String = value.chars().filter(|c| !c.is_whitespace()).collect();
    let mut columns = Vec::new();
    for item in value.split(',').filter(|s| !s.is_empty()) {
        if item == "*" {
            for (c, _) in columns_of(table) {
                push_once(&mut columns, c);
            }
        } else if item.contains(['(', ':', '-', '>']) {
            return Err(syntax(
                "select",
                &value,
                "embedding, aliases, casts and JSON paths are not supported by this server",
            ));
        } else {
            push_once(&mut columns, column(table, item)?);
        }
    }
    if columns.is_empty() {
        columns.extend(columns_of(table).iter().map(|(c, _)| *c));
    }
    Ok(columns)
}

/// `"a","b"` or `a,b` → the known columns, each once, for `columns` and `on_conflict`. An
/// unknown one is PostgREST's PGRST204.
fn column_list(table: &'static str, value: &str) -> ApiResult<Vec<&'static str>> {
    let mut columns = Vec::new();
    for c in split_list(value).iter().map(|c| c.trim()).filter(|c| !c.is_empty()) {
        let known = column(table, c).map_err(|_| {
            ApiError::bad_request(
                "PGRST204",
                format!("Could not find the '{c}' column of '{table}' in the schema cache"),
            )
        })?;
        push_once(&mut columns, known);
    }
    Ok(columns)
}

fn non_negative(what: &str, value: &str) -> ApiResult<i64> {
    value
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|n| *n >= 0)
        .ok_or_else(|| syntax(what, value, "expected a non-negative integer"))
}

/// Parses the decoded query-string pairs of a request on `table`.
pub fn parse(table: &'static str, pairs: &[(String, String)]) -> ApiResult<Query> {
    let mut query = Query {
        table,
        select: select(table, "*")?,
        filters: Vec::new(),
        order: Vec::new(),
        limit: None,
        offset: None,
        on_conflict: None,
        columns: None,
    };
    let mut filter_values = 0;
    for (key, value) in pairs {
        match key.as_str() {
            "select" => query.select = select(table, value)?,
            "order" => {
                query.order.extend(order(table, value)?);
                if query.order.len() > MAX_ORDER_TERMS {
                    return Err(syntax("order", value, &format!("at most {MAX_ORDER_TERMS} order terms")));
                }
            }
            "limit" => query.limit = Some(non_negative("limit", value)?),
            "offset" => query.offset = Some(non_negative("offset", value)?),
            "on_conflict" => query.on_conflict = Some(column_list(table, value)?),
            "columns" => query.columns = Some(column_list(table, value)?),
            // Defaults for missing keys are what this server does anyway.
            "missing" => {}
            "or" | "and" | "not.or" | "not.and" => {
                return Err(syntax("logic tree", value, "or/and filters are not supported by this server"))
            }
            _ => {
                if query.filters.len() == MAX_FILTERS {
                    return Err(syntax("filter", value, &format!("at most {MAX_FILTERS} filters")));
                }
                let filter = filter(table, key, value)?;
                filter_values += filter.values.len();
                if filter_values > MAX_FILTER_VALUES {
                    return Err(syntax("filter", value, &format!("at most {MAX_FILTER_VALUES} values in all filters")));
                }
                query.filters.push(filter);
            }
        }
    }
    Ok(query)
}

/// Decodes `application/x-www-form-urlencoded` (what `URLSearchParams` produces): `+` is a
/// space, `%XX` a byte; invalid escapes are kept literally.
pub fn decode_pairs(raw: &str) -> Vec<(String, String)> {
    raw.split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (decode_component(k), decode_component(v))
        })
        .collect()
}

fn decode_component(s: &str) -> String {
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push(h * 16 + l);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(table: &'static str, raw: &str) -> ApiResult<Query> {
        parse(table, &decode_pairs(raw))
    }

    #[test]
    fn form_decoding_follows_url_search_params() {
        assert_eq!(
            decode_pairs("a=x+y&created_at=gt.2000-01-01T00%3A00%3A00Z&columns=%22id%22%2C%22body%22&flag&bad=%zz"),
            vec![
                ("a".into(), "x y".into()),
                ("created_at".into(), "gt.2000-01-01T00:00:00Z".into()),
                ("columns".into(), "\"id\",\"body\"".into()),
                ("flag".into(), "".into()),
                ("bad".into(), "%zz".into()),
            ]
        );
        assert_eq!(decode_pairs("x=%C3%A9%2"), vec![("x".into(), "é%2".into())]);
    }

    #[test]
    fn catch_up_query_of_the_sync_engine() {
        let sid = "5B5E4B33-27F5-4F7D-9D8A-2B7C3C4D5E6F";
        let query = q("messages", &format!("select=*&session_id=eq.{sid}&seq=gt.41&order=seq.asc&limit=50")).unwrap();
        assert_eq!(query.select.len(), 13);
        assert_eq!(
            query.filters,
            vec![
                Filter {
                    column: "session_id",
                    negated: false,
                    op: Op::Eq,
                    values: vec![Scalar::Text(sid.to_lowercase())]
                },
                Filter { column: "seq", negated: false, op: Op::Gt, values: vec![Scalar::Int(41)] },
            ]
        );
        assert_eq!(query.order, vec![Order { column: "seq", descending: false, nulls_first: None }]);
        assert_eq!(query.limit, Some(50));
    }

    #[test]
    fn select_order_and_write_parameters() {
        let query = q(
            "messages",
            "select=id,+seq&order=seq.desc.nullslast,id&offset=5&on_conflict=id&columns=%22id%22,%22body%22",
        )
        .unwrap();
        assert_eq!(query.select, vec!["id", "seq"]);
        assert_eq!(query.order[0], Order { column: "seq", descending: true, nulls_first: Some(false) });
        assert_eq!(query.order[1], Order { column: "id", descending: false, nulls_first: None });
        assert_eq!(query.offset, Some(5));
        assert_eq!(query.on_conflict, Some(vec!["id"]));
        assert_eq!(query.columns, Some(vec!["id", "body"]));
        assert_eq!(q("messages", "").unwrap().select.len(), 13, "no select means every column");
    }

    #[test]
    fn in_not_and_is_null() {
        let query = q("participants", "user_id=in.(\"00000000-0000-0000-0000-000000000001\",00000000-0000-0000-0000-000000000002)&left_at=not.is.null&display_name=in.(\"a,b\",c)").unwrap();
        assert_eq!(query.filters[0].op, Op::In);
        assert_eq!(query.filters[0].values.len(), 2);
        assert_eq!(query.filters[1], Filter { column: "left_at", negated: true, op: Op::IsNull, values: vec![] });
        assert_eq!(query.filters[2].values, vec![Scalar::Text("a,b".into()), Scalar::Text("c".into())]);
        assert_eq!(q("participants", "user_id=in.()").unwrap().filters[0].values, vec![]);
    }

    #[test]
    fn timestamps_are_compared_in_the_stored_format() {
        let query = q("messages", "created_at=gte.2026-01-01T00:00:00Z").unwrap();
        assert_eq!(query.filters[0].values, vec![Scalar::Text("2026-01-01T00:00:00.000000+00:00".into())]);
        assert_eq!(q("messages", "created_at=gte.yesterday").unwrap_err().code, "22007");
    }

    #[test]
    fn repeated_columns_are_kept_once() {
        // `select=*,*,…` used to list every column once per star, and projecting each row did
        // that much work; `columns=` was matched against every key of every row the same way.
        let query =
            q("messages", &format!("select={}id&columns=id,body,id,\"body\"&on_conflict=id,id", "*,".repeat(1000)))
                .unwrap();
        assert_eq!(query.select.len(), 13);
        assert_eq!(query.columns, Some(vec!["id", "body"]));
        assert_eq!(query.on_conflict, Some(vec!["id"]));
    }

    #[test]
    fn queries_sqlite_cannot_run_are_refused_as_client_errors() {
        // A thousand filters used to be accepted and then failed in SQLite ("Expression tree is
        // too large"), a 500; likewise 2,000 order terms and 32,766 bound values.
        let filters = "seq=gt.1&".repeat(MAX_FILTERS);
        assert!(q("messages", &filters).is_ok());
        let err = q("messages", &format!("{filters}seq=gt.1")).unwrap_err();
        assert_eq!((err.status.as_u16(), err.code.as_str()), (400, "PGRST100"));
        assert!(err.message.contains("at most 100 filters"), "{}", err.message);

        let terms = vec!["seq.desc"; MAX_ORDER_TERMS].join(",");
        assert!(q("messages", &format!("order={terms}")).is_ok());
        assert_eq!(q("messages", &format!("order={terms}&order=id")).unwrap_err().code, "PGRST100");

        let list = |n| format!("({})", vec!["1"; n].join(","));
        assert!(q("messages", &format!("seq=in.{}", list(MAX_FILTER_VALUES))).is_ok());
        let err = q("messages", &format!("seq=in.{}&client_seq=eq.1", list(MAX_FILTER_VALUES))).unwrap_err();
        assert_eq!(err.code, "PGRST100");
    }

    #[test]
    fn errors_are_postgrest_shaped() {
        let err = |table, raw| q(table, raw).unwrap_err();
        assert_eq!(err("messages", "select=id,colour").message, "column messages.colour does not exist");
        assert_eq!(err("messages", "colour=eq.red").code, "42703");
        assert_eq!(err("messages", "seq=eq.abc").message, "invalid input syntax for type bigint: \"abc\"");
        assert_eq!(err("messages", "id=eq.abc").code, "22P02");
        assert_eq!(err("messages", "seq=like.1*").code, "PGRST100");
        assert_eq!(err("messages", "seq=5").code, "PGRST100");
        assert_eq!(err("messages", "order=seq.sideways").code, "PGRST100");
        assert_eq!(err("messages", "limit=-1").code, "PGRST100");
        assert_eq!(err("messages", "or=(seq.eq.1,seq.eq.2)").code, "PGRST100");
        assert_eq!(err("messages", "select=sessions(*)").code, "PGRST100");
        assert_eq!(err("messages", "columns=%22colour%22").code, "PGRST204");
        let unknown = table("users").unwrap_err();
        assert_eq!((unknown.status.as_u16(), unknown.code.as_str()), (404, "PGRST205"));
        assert_eq!(unknown.message, "Could not find the table 'public.users' in the schema cache");
    }
}
