//! The SQLite store: one connection in WAL mode, migrated at open.
//!
//! SQLite serialises writers anyway, so one connection behind a mutex is both the simplest and
//! the fastest arrangement for a single-machine server; each call holds it only for a few
//! statements.

use std::path::Path;
use std::sync::{Arc, Mutex};

use rusqlite::Connection;

/// Migrations in order; `PRAGMA user_version` records how many have run.
const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/0001_schema.sql"),
    include_str!("../migrations/0002_auth_indexes_rate_limits.sql"),
    include_str!("../migrations/0003_abuse_limits.sql"),
    include_str!("../migrations/0004_message_origin.sql"),
    include_str!("../migrations/0005_glossary.sql"),
];

#[derive(Clone)]
pub struct Db {
    conn: Arc<Mutex<Connection>>,
}

impl Db {
    /// Opens (creating parent directories) and migrates `path`, or a fresh in-memory database
    /// for `:memory:`.
    pub fn open(path: &str) -> rusqlite::Result<Db> {
        let conn = if path == ":memory:" {
            Connection::open_in_memory()?
        } else {
            if let Some(dir) = Path::new(path).parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).map_err(|e| {
                    rusqlite::Error::SqliteFailure(
                        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CANTOPEN),
                        Some(format!("cannot create {}: {e}", dir.display())),
                    )
                })?;
            }
            let conn = Connection::open(path)?;
            conn.pragma_update(None, "journal_mode", "WAL")?;
            conn.pragma_update(None, "synchronous", "NORMAL")?;
            conn
        };
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        migrate(&conn)?;
        Ok(Db { conn: Arc::new(Mutex::new(conn)) })
    }

    /// Runs `f` with exclusive use of the connection.
    pub fn with<T>(&self, f: impl FnOnce(&mut Connection) -> T) -> T {
        let mut conn = self.conn.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        f(&mut conn)
    }
}

fn migrate(conn: &Connection) -> rusqlite::Result<()> {
    let applied: usize = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(applied) {
        let tx = conn.unchecked_transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", index + 1)?;
        tx.commit()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_run_once_and_survive_reopen() {
        let dir = std::env::temp_dir().join(format!("session-db-test-{}", uuid::Uuid::new_v4()));
        let path = dir.join("nested/session.db");
        let path = path.to_str().unwrap();
        Db::open(path).unwrap().with(|c| {
            c.execute("INSERT INTO users (id, created_at, last_sign_in_at) VALUES ('u', 't', 't')", []).unwrap()
        });
        let users: i64 =
            Db::open(path).unwrap().with(|c| c.query_row("SELECT count(*) FROM users", [], |r| r.get(0)).unwrap());
        assert_eq!(users, 1);
        let mode: String =
            Db::open(path).unwrap().with(|c| c.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap());
        assert_eq!(mode, "wal");
        std::fs::remove_dir_all(dir).unwrap();
    }
}
