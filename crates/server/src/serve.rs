//! The HTTP accept loop. `axum::serve` has no header timeout and no connection cap, so a few
//! hundred idle or trickling connections (slowloris) could hold every file descriptor the
//! process has. Here each connection takes a [`Slot`] of a [`ConnLimiter`] (in total and per
//! client address) that lives as long as its socket — a WebSocket upgrade included — and hyper
//! closes a connection whose request headers do not arrive in time.

use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::Request;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tower::{Service, ServiceExt};

use crate::config::Config;
use crate::conn_limit::{ConnLimiter, ConnectRate, LogThrottle, Refused, Slot};

/// Pause after a failed accept that is not the peer's fault (most often: out of file
/// descriptors), so the loop does not spin while connections close.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(100);
/// Never derive a cap below this from a tiny open-file limit; such a server could not work.
const MIN_DERIVED_CAP: usize = 64;

#[derive(Debug, Clone)]
pub struct HttpLimits {
    /// Time allowed for a request's headers from the connect or the end of the previous
    /// response; `None` disables it.
    pub header_timeout: Option<Duration>,
    pub max_connections: usize,
    pub max_connections_per_ip: usize,
    /// New connections per second from one address (twice as many in a burst); 0: no limit.
    pub connections_per_sec_per_ip: u32,
}

impl HttpLimits {
    /// The configured limits, the total cap derived from the open-file limit unless set.
    pub fn from_config(config: &Config) -> HttpLimits {
        let max_connections = match config.http_max_connections {
            0 => derived_connection_cap(open_file_limit(), config.fd_reserve),
            n => n,
        };
        HttpLimits {
            header_timeout: (config.http_header_timeout_ms > 0)
                .then(|| Duration::from_millis(config.http_header_timeout_ms)),
            max_connections,
            max_connections_per_ip: config.http_max_connections_per_ip,
            connections_per_sec_per_ip: config.http_connections_per_sec_per_ip,
        }
    }
}

/// Connections a process with `open_files` descriptors may serve while keeping `reserve` for
/// everything else it opens.
pub fn derived_connection_cap(open_files: Option<u64>, reserve: usize) -> usize {
    match open_files {
        Some(limit) => usize::try_from(limit).unwrap_or(usize::MAX).saturating_sub(reserve).max(MIN_DERIVED_CAP),
        // No way to know (not Unix): the usual default limit of 1024.
        None => 1024usize.saturating_sub(reserve).max(MIN_DERIVED_CAP),
    }
}

/// The soft limit on open files, if the platform has one.
#[cfg(unix)]
#[allow(clippy::unnecessary_cast)] // rlim_t is u64 on Linux and macOS, not on every Unix.
pub fn open_file_limit() -> Option<u64> {
    let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: getrlimit only writes the struct it is given.
    (unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } == 0).then_some(limit.rlim_cur as u64)
}

#[cfg(not(unix))]
pub fn open_file_limit() -> Option<u64> {
    None
}

/// Raises the soft open-file limit to the hard one (the usual soft default, 1024, is a few
/// hundred idle connections away from refusing everyone). Returns the limit now in force.
#[cfg(unix)]
#[allow(clippy::unnecessary_cast)] // rlim_t is u64 on Linux and macOS, not on every Unix.
pub fn raise_open_file_limit() -> io::Result<u64> {
    let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: getrlimit/setrlimit read or write only the struct they are given.
    if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } != 0 {
        return Err(io::Error::last_os_error());
    }
    if limit.rlim_cur < limit.rlim_max {
        let raised = libc::rlimit { rlim_cur: limit.rlim_max, rlim_max: limit.rlim_max };
        if unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &raised) } != 0 {
            return Err(io::Error::last_os_error());
        }
        return Ok(raised.rlim_cur as u64);
    }
    Ok(limit.rlim_cur as u64)
}

#[cfg(not(unix))]
pub fn raise_open_file_limit() -> io::Result<u64> {
    Err(io::Error::new(io::ErrorKind::Unsupported, "no open-file limit on this platform"))
}

/// Serves `app` on `listener` until the listener fails for good. Handlers see the peer as
/// `ConnectInfo<SocketAddr>`, and WebSocket upgrades work as with `axum::serve`.
pub async fn serve(listener: TcpListener, app: Router, limits: HttpLimits) -> io::Result<()> {
    let connections = ConnLimiter::new("HTTP connections", limits.max_connections, limits.max_connections_per_ip);
    let mut make_service = app.into_make_service_with_connect_info::<SocketAddr>();
    let mut accept_errors = LogThrottle::default();
    let mut rate =
        ConnectRate::new(limits.connections_per_sec_per_ip, limits.connections_per_sec_per_ip.saturating_mul(2));
    loop {
        let (stream, peer) = match listener.accept().await {
            Ok(accepted) => accepted,
            Err(err) if is_peer_error(&err) => continue,
            Err(err) => {
                if let Some(unlogged) = accept_errors.hit(Instant::now()) {
                    tracing::error!(error = %err, unlogged, "HTTP: accept failed; out of file descriptors?");
                }
                tokio::time::sleep(ACCEPT_BACKOFF).await;
                continue;
            }
        };
        let now = Instant::now();
        if !rate.allow(peer.ip(), now) {
            refuse(&stream, Refused::PerClient);
            continue;
        }
        let slot = match connections.try_acquire(peer.ip(), now) {
            Ok(slot) => slot,
            Err(refused) => {
                refuse(&stream, refused);
                continue;
            }
        };
        let service = make_service.call(peer).await.unwrap_or_else(|never| match never {});
        let service =
            TowerToHyperService::new(service.map_request(|request: Request<Incoming>| request.map(Body::new)));
        let header_timeout = limits.header_timeout;
        tokio::spawn(async move {
            let _ = stream.set_nodelay(true);
            let io = TokioIo::new(Counted { stream, _slot: slot });
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder.timer(TokioTimer::new()).header_read_timeout(header_timeout).keep_alive(true);
            if let Err(err) = builder.serve_connection(io, service).with_upgrades().await {
                tracing::debug!(error = %err, %peer, "HTTP: connection ended with an error");
            }
        });
    }
}

fn is_peer_error(err: &io::Error) -> bool {
    matches!(
        err.kind(),
        io::ErrorKind::ConnectionRefused | io::ErrorKind::ConnectionAborted | io::ErrorKind::ConnectionReset
    )
}

/// Answers an over-cap connection without reading it or waiting on it: a short error if the
/// socket takes it at once, then close.
fn refuse(stream: &TcpStream, refused: Refused) {
    let (status, message) = match refused {
        Refused::Total => ("503 Service Unavailable", "the server is at its connection limit"),
        Refused::PerClient => ("429 Too Many Requests", "too many connections from this address"),
    };
    let body = format!(r#"{{"message":"{message}"}}"#);
    let response = format!(
        "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nretry-after: 5\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = stream.try_write(response.as_bytes());
}

/// A connection's socket together with its [`Slot`], so the slot is given back exactly when
/// the socket closes, also after it was handed over to a WebSocket.
struct Counted {
    stream: TcpStream,
    _slot: Slot,
}

impl AsyncRead for Counted {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_read(cx, buf)
    }
}

impl AsyncWrite for Counted {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_derived_cap_keeps_the_reserve_free() {
        assert_eq!(derived_connection_cap(Some(1024), 256), 768);
        assert_eq!(derived_connection_cap(Some(1_048_576), 256), 1_048_320);
        assert_eq!(derived_connection_cap(Some(100), 256), MIN_DERIVED_CAP);
        assert_eq!(derived_connection_cap(None, 256), 768);
    }
}
