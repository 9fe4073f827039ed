//! A `session-server` in this process, on a runtime of its own so that stopping it really ends
//! everything it runs (listener, every open connection, the realtime hub) as a killed process
//! would, and a new one can start on the same database file and port.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use session_server::{AppState, Config};

pub struct LocalServer {
    runtime: Option<tokio::runtime::Runtime>,
    state: Option<AppState>,
    pub addr: SocketAddr,
    pub url: String,
    pub anon_key: String,
    pub db: String,
}

impl LocalServer {
    /// Starts a server on `db` (a SQLite file path) at `addr` (port 0 for an ephemeral one).
    /// Blocks briefly; safe to call from async code.
    pub fn start(db: &str, addr: SocketAddr) -> Result<LocalServer, String> {
        let mut config = Config::for_tests();
        config.db = db.to_owned();
        config.addr = addr;
        let (runtime, running, state) = boot(config)?;
        Ok(LocalServer {
            runtime: Some(runtime),
            state: Some(state),
            addr: running.addr,
            url: running.url,
            anon_key: running.anon_key,
            db: db.to_owned(),
        })
    }

    /// The running server's state (its database), for tests that need to change data behind
    /// the API (e.g. expire a session).
    pub fn state(&self) -> &AppState {
        self.state.as_ref().expect("server is running")
    }

    /// Ends the server at once: the listener, every connection and the realtime hub go away
    /// without a goodbye, like a killed process.
    pub fn stop(&mut self) {
        self.state = None;
        if let Some(rt) = self.runtime.take() {
            rt.shutdown_background();
        }
    }

    /// [`stop`](Self::stop), then a new server on the same database file and port.
    pub fn restart(&mut self) -> Result<(), String> {
        self.stop();
        let mut config = Config::for_tests();
        config.db = self.db.clone();
        config.addr = self.addr;
        // The old listener is closed by the runtime's workers as they wind down.
        let started = Instant::now();
        loop {
            match boot(config.clone()) {
                Ok((runtime, running, state)) => {
                    assert_eq!(running.anon_key, self.anon_key, "same secret, same anon key");
                    self.runtime = Some(runtime);
                    self.state = Some(state);
                    return Ok(());
                }
                Err(e) if started.elapsed() < Duration::from_secs(10) => {
                    let _ = e;
                    std::thread::sleep(Duration::from_millis(50));
                }
                Err(e) => return Err(e),
            }
        }
    }
}

impl Drop for LocalServer {
    fn drop(&mut self) {
        self.stop();
    }
}

type Booted = (tokio::runtime::Runtime, session_server::Running, AppState);

/// Builds the server's runtime on a helper thread (a runtime cannot be entered from inside
/// another one) and starts the server on it.
fn boot(config: Config) -> Result<Booted, String> {
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("session-server")
            .enable_all()
            .build()
            .map_err(|e| e.to_string())?;
        let (running, state) = runtime.block_on(session_server::spawn_with_state(config))?;
        Ok((runtime, running, state))
    })
    .join()
    .map_err(|_| "server start panicked".to_owned())?
}
