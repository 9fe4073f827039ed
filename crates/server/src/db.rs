//! The SQLite store: one connection in WAL mode, migrated at open.
//!
//! SQLite serialises writers anyway, so one connection behind a mutex is both the simplest and
//! the fastest arrangement for a single-machine server; each call holds it only for a few
//! statements.
//!
//! The hot writes (a message stored, a translation stored) go through [`Db::write`] instead:
//! a writer thread takes every write waiting at that moment, runs each in a savepoint of one
//! transaction and commits once (group commit), so the request path never waits on SQLite on
//! the async runtime's threads and a burst of messages costs one commit instead of one each.
//! Checkpoints run on a thread of their own ([`checkpointer`]), never inside a commit.

use std::path::Path;
use std::sync::mpsc as std_mpsc;
use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;

use rusqlite::Connection;
use tokio::sync::oneshot;

/// Migrations in order; `PRAGMA user_version` records how many have run.
const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/0001_schema.sql"),
    include_str!("../migrations/0002_auth_indexes_rate_limits.sql"),
    include_str!("../migrations/0003_abuse_limits.sql"),
    include_str!("../migrations/0004_message_origin.sql"),
    include_str!("../migrations/0005_glossary.sql"),
    include_str!("../migrations/0006_untranslated_index.sql"),
];

/// More than the distinct statements the server prepares, so none is ever evicted.
const STATEMENT_CACHE: usize = 128;

/// Most writes one group commit takes; what arrives meanwhile waits for the next.
const GROUP_MAX: usize = 256;
/// How often the background checkpoint copies the WAL into the database file.
const CHECKPOINT_EVERY: Duration = Duration::from_millis(500);

/// One write for the writer thread: runs in its own savepoint, then learns whether the group's
/// commit succeeded.
type Job = Box<dyn FnOnce(&Connection) -> Finish + Send>;
/// A write's last step, given the group's commit outcome: publish and answer, or report it.
type Finish = Box<dyn FnOnce(Result<(), String>) + Send>;

#[derive(Clone)]
pub struct Db {
    conn: Arc<Mutex<Connection>>,
    writer: std_mpsc::Sender<Job>,
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
            // The checkpointer thread does it; a commit never pays for one.
            conn.pragma_update(None, "wal_autocheckpoint", 0)?;
            conn
        };
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        // Every statement the server runs is prepared once and kept (`prepare_cached`): parsing
        // SQL again for every message was near the top of the server's profile (docs/benchmarks.md).
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        migrate(&conn)?;
        let conn = Arc::new(Mutex::new(conn));
        let (writer, jobs) = std_mpsc::channel();
        let shared = conn.clone();
        std::thread::Builder::new()
            .name("sqlite-writer".into())
            .spawn(move || write_groups(&shared, &jobs))
            .map_err(|e| io_error(&format!("cannot start the writer thread: {e}")))?;
        if path != ":memory:" {
            let checkpoints = Connection::open(path)?;
            checkpoints.busy_timeout(Duration::from_secs(5))?;
            let alive = Arc::downgrade(&conn);
            std::thread::Builder::new()
                .name("sqlite-checkpoint".into())
                .spawn(move || checkpointer(&checkpoints, &alive))
                .map_err(|e| io_error(&format!("cannot start the checkpoint thread: {e}")))?;
        }
        Ok(Db { conn, writer })
    }

    /// Runs `work` in the writer thread's next group commit and answers once that commit is
    /// durable in the WAL. `work` runs in a savepoint: an `Err` undoes only its own writes.
    /// `published` runs after the commit, still holding the connection (and may take what it
    /// publishes out of the result), so what it publishes
    /// reaches subscribers in commit order relative to every other write (docs/contracts.md §3,
    /// the `seq` order).
    pub async fn write<T, E>(
        &self,
        work: impl FnOnce(&Connection) -> Result<T, E> + Send + 'static,
        published: impl FnOnce(&mut T) + Send + 'static,
    ) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<rusqlite::Error> + Send + 'static,
    {
        let (answer, answered) = oneshot::channel::<Result<T, E>>();
        let job: Job = Box::new(move |conn| {
            let outcome = run_in_savepoint(conn, work);
            Box::new(move |committed| {
                let result = match (outcome, committed) {
                    (Ok(mut value), Ok(())) => {
                        published(&mut value);
                        Ok(value)
                    }
                    (Ok(_), Err(err)) => Err(E::from(io_error(&err))),
                    (Err(err), _) => Err(err),
                };
                let _ = answer.send(result);
            })
        });
        if self.writer.send(job).is_err() {
            return Err(E::from(io_error("the database writer has stopped")));
        }
        answered.await.unwrap_or_else(|_| Err(E::from(io_error("the database could not take this write"))))
    }

    /// Runs `f` with exclusive use of the connection.
    pub fn with<T>(&self, f: impl FnOnce(&mut Connection) -> T) -> T {
        let mut conn = self.conn.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        f(&mut conn)
    }
}

fn io_error(message: &str) -> rusqlite::Error {
    rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_IOERR), Some(message.to_owned()))
}

/// Runs one of the group's transaction-control statements, prepared once like every other:
/// each write costs a savepoint and its release, on the hottest path the server has.
fn control(conn: &Connection, sql: &str) -> rusqlite::Result<()> {
    conn.prepare_cached(sql)?.execute([]).map(drop)
}

/// Undoes the current job's writes only; the group's transaction goes on.
fn undo_job(conn: &Connection) -> rusqlite::Result<()> {
    control(conn, "ROLLBACK TO job")?;
    control(conn, "RELEASE job")
}

fn run_in_savepoint<T, E: From<rusqlite::Error>>(
    conn: &Connection,
    work: impl FnOnce(&Connection) -> Result<T, E>,
) -> Result<T, E> {
    control(conn, "SAVEPOINT job")?;
    match work(conn) {
        Ok(value) => {
            control(conn, "RELEASE job")?;
            Ok(value)
        }
        Err(err) => {
            undo_job(conn)?;
            Err(err)
        }
    }
}

/// The writer thread: waits for a write, takes every other one already waiting, and commits
/// them together. Ends when every `Db` handle is gone.
fn write_groups(conn: &Mutex<Connection>, jobs: &std_mpsc::Receiver<Job>) {
    while let Ok(first) = jobs.recv() {
        let mut group = vec![first];
        while group.len() < GROUP_MAX {
            match jobs.try_recv() {
                Ok(job) => group.push(job),
                Err(_) => break,
            }
        }
        let conn = conn.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let began = control(&conn, "BEGIN IMMEDIATE").map_err(|e| e.to_string());
        // Without a transaction the group's jobs are dropped unrun, and each caller hears that
        // its write was not taken.
        let finishes: Vec<_> = match &began {
            Ok(()) => group.into_iter().filter_map(|job| run_job(&conn, job)).collect(),
            Err(err) => {
                tracing::error!(error = %err, "cannot begin a group commit");
                Vec::new()
            }
        };
        let committed = began.and_then(|()| {
            control(&conn, "COMMIT").map_err(|e| {
                let _ = control(&conn, "ROLLBACK");
                e.to_string()
            })
        });
        for finish in finishes {
            finish(committed.clone());
        }
    }
}

/// Runs one job of a group. A job that panics (a bug) loses only its own writes and its
/// caller's answer, as a panicking request handler would; the writer thread goes on.
fn run_job(conn: &Connection, job: Job) -> Option<Finish> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| job(conn))) {
        Ok(finish) => Some(finish),
        Err(_) => {
            tracing::error!("a database write panicked; its changes are undone");
            let _ = undo_job(conn);
            None
        }
    }
}

/// Copies the WAL back into the database file every [`CHECKPOINT_EVERY`] while the database is
/// open. PASSIVE never blocks the writer; a busy moment is simply caught up on the next turn.
fn checkpointer(conn: &Connection, alive: &Weak<Mutex<Connection>>) {
    while alive.strong_count() > 0 {
        std::thread::sleep(CHECKPOINT_EVERY);
        if let Err(err) = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(())) {
            tracing::warn!(error = %err, "background checkpoint failed");
        }
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

    fn insert_user(conn: &Connection, id: &str) -> rusqlite::Result<usize> {
        conn.execute("INSERT INTO users (id, created_at, last_sign_in_at) VALUES (?1, 't', 't')", [id])
    }

    #[tokio::test]
    async fn a_failed_write_undoes_only_itself_and_publishes_nothing() {
        let db = Db::open(":memory:").unwrap();
        let published = Arc::new(Mutex::new(Vec::new()));
        let write = |id: &'static str, fail: bool| {
            let (db, published) = (db.clone(), published.clone());
            tokio::spawn(async move {
                db.write(
                    move |c| {
                        insert_user(c, id)?;
                        if fail {
                            return Err(rusqlite::Error::QueryReturnedNoRows);
                        }
                        Ok(id)
                    },
                    move |id| published.lock().unwrap().push(*id),
                )
                .await
            })
        };
        let writes = [write("a", false), write("b", true), write("c", false), write("a", false)];
        let mut outcomes = Vec::new();
        for w in writes {
            outcomes.push(w.await.unwrap().is_ok());
        }
        // The second "a" breaks the primary key: refused alone, like "b".
        assert_eq!(outcomes, [true, false, true, false]);
        let users: Vec<String> = db.with(|c| {
            let mut stmt = c.prepare("SELECT id FROM users ORDER BY id").unwrap();
            stmt.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
        });
        assert_eq!(users, ["a", "c"]);
        assert_eq!(*published.lock().unwrap(), ["a", "c"], "published after the commit, in order");
    }

    #[tokio::test]
    async fn many_writers_all_land_and_each_answer_is_its_own() {
        let dir = std::env::temp_dir().join(format!("session-db-group-{}", uuid::Uuid::new_v4()));
        let db = Db::open(dir.join("group.db").to_str().unwrap()).unwrap();
        let writes: Vec<_> = (0..200)
            .map(|n| {
                let db = db.clone();
                tokio::spawn(async move {
                    let id = format!("u{n}");
                    db.write(move |c| insert_user(c, &id).map(|_| n), |_| {}).await
                })
            })
            .collect();
        for (n, w) in writes.into_iter().enumerate() {
            assert_eq!(w.await.unwrap().unwrap(), n);
        }
        let count: i64 = db.with(|c| c.query_row("SELECT count(*) FROM users", [], |r| r.get(0)).unwrap());
        assert_eq!(count, 200);
        drop(db);
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[tokio::test]
    async fn a_panicking_write_loses_only_itself() {
        let db = Db::open(":memory:").unwrap();
        let panicked = db.write(
            |c| -> rusqlite::Result<()> {
                insert_user(c, "p")?;
                panic!("a bug in a write");
            },
            |_| {},
        );
        assert!(panicked.await.is_err());
        db.write(|c| insert_user(c, "after"), |_| {}).await.unwrap();
        let users: Vec<String> = db.with(|c| {
            let mut stmt = c.prepare("SELECT id FROM users").unwrap();
            stmt.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
        });
        assert_eq!(users, ["after"]);
    }
}
