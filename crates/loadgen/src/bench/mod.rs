//! The benchmark behind `docs/benchmarks.md`: a real `session-server` (a child process pinned
//! to its own core) driven over real sockets with the app's protocol, beside a bare WebSocket
//! relay on the same stack moving the same messages between the same sockets.
//!
//! - [`target`]: the measured process (server or relay), its CPU and memory from `/proc`.
//! - [`relay`]: the baseline relay.
//! - [`peers`]: users, sessions and their sockets.
//! - [`load`]: the open-loop sender.
//! - [`record`]: latency and loss bookkeeping.
//! - [`report`]: the tables and SVG plots written into the docs.
//!
//! Run with `cargo run --release -p session-loadgen --bin bench` (see the binary for flags).

pub mod load;
pub mod peers;
pub mod record;
pub mod relay;
pub mod report;
pub mod target;

use std::path::PathBuf;
use std::sync::atomic::AtomicU64;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::api::Api;
use load::{Path, Run};
use peers::{Link, Pair, Peer};
use record::{percentile_ms, Recorder, Tally};
use target::{Target, Usage};

/// What to run. Every level is bounded in time; the whole run stops by itself.
#[derive(Debug, Clone)]
pub struct Options {
    /// Sessions (two users each) of the message-path levels.
    pub levels: Vec<usize>,
    /// Offered messages per second in the message-path levels.
    pub rate: f64,
    pub level_secs: u64,
    /// Sessions of the throughput probe, and the rates it tries in order.
    pub probe_sessions: usize,
    pub probe_rates: Vec<f64>,
    pub probe_secs: u64,
    /// Idle subscribed sockets to weigh.
    pub sockets: Vec<usize>,
    /// The message path's translator (`apertium`, or `none` to leave translation out).
    pub translator: String,
    pub server_bin: PathBuf,
    /// This binary, run again as `bench relay`.
    pub relay_bin: PathBuf,
    /// Where the server's database lives for the run.
    pub work_dir: PathBuf,
    /// Run only these parts (`paths`, `probe`, `sockets`); all when empty.
    pub only: Vec<String>,
}

impl Options {
    fn runs(&self, part: &str) -> bool {
        self.only.is_empty() || self.only.iter().any(|p| p == part)
    }
}

/// The core the load generator runs on; the measured process gets [`TARGET_CORE`].
pub const CLIENT_CORE: usize = 0;
pub const TARGET_CORE: &str = "1";
const BOTH_CORES: &str = "0,1";
/// A fixed secret, so the users made once stay signed in across the server restarts.
const SECRET: &str = "bench-secret-bench-secret-bench-secret-0123";
const CONNECT_PARALLEL: usize = 64;

/// One message-path level.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PathRow {
    pub path: Path,
    pub sessions: usize,
    pub rate: f64,
    pub secs: f64,
    pub sent: u64,
    pub lost: u64,
    pub p50_ms: Option<f64>,
    pub p90_ms: Option<f64>,
    pub p99_ms: Option<f64>,
    pub max_ms: Option<f64>,
    /// REST only: the insert's HTTP reply.
    pub reply_p50_ms: Option<f64>,
    pub reply_p99_ms: Option<f64>,
    pub reply_max_ms: Option<f64>,
    /// REST only: the partner's UPDATE with the translation.
    pub translated_p50_ms: Option<f64>,
    pub translated_p99_ms: Option<f64>,
    pub untranslated: u64,
    pub cpu_pct: f64,
    pub rss_mib: f64,
}

/// One step of a throughput probe.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ProbeRow {
    pub path: Path,
    pub cores: String,
    pub offered: f64,
    pub delivered_per_sec: f64,
    pub p50_ms: Option<f64>,
    pub p99_ms: Option<f64>,
    pub lost: u64,
    pub cpu_pct: f64,
}

impl ProbeRow {
    /// Within the probe's bound: p99 at most 50 ms and nothing lost.
    pub fn holds(&self) -> bool {
        self.lost == 0 && self.p99_ms.is_some_and(|p| p <= 50.0)
    }
}

/// Server memory with `sockets` idle subscribed sockets.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SocketRow {
    pub target: String,
    pub sockets: usize,
    pub base_rss_mib: f64,
    pub rss_mib: f64,
    pub per_socket_kib: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct Results {
    pub started: String,
    pub commit: String,
    pub machine: String,
    pub translator: String,
    pub rate: f64,
    pub level_secs: u64,
    pub setup_secs: f64,
    pub paths: Vec<PathRow>,
    pub probe_sessions: usize,
    pub probe: Vec<ProbeRow>,
    pub sockets: Vec<SocketRow>,
    /// Where the run differs from what was asked, and why.
    pub notes: Vec<String>,
}

fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

fn server_args(opts: &Options, translator: &str) -> Vec<String> {
    let db = opts.work_dir.join("bench.db");
    let unlimited = "1000000";
    [
        ("--addr", "127.0.0.1:0"),
        ("--db", db.to_str().unwrap_or("bench.db")),
        ("--jwt-secret", SECRET),
        ("--translator", translator),
        // The bench measures the path, not the abuse limits: every per-user and per-address
        // limit a single machine's worth of synthetic users would hit is lifted.
        ("--message-rate", unlimited),
        ("--message-burst", unlimited),
        ("--signup-burst-ip", unlimited),
        ("--signup-per-hour-ip", "1e12"),
        ("--create-burst-ip", unlimited),
        ("--create-per-hour-ip", "1e12"),
        ("--realtime-max-sockets", unlimited),
        ("--realtime-max-sockets-per-ip", unlimited),
        ("--http-max-connections-per-ip", unlimited),
        ("--http-connections-per-sec-per-ip", unlimited),
        ("--translation-queue-per-session", "10000"),
    ]
    .iter()
    .flat_map(|(flag, value)| [flag.to_string(), value.to_string()])
    .collect()
}

fn start_server(opts: &Options, translator: &str, cores: &str) -> Result<Target, String> {
    Target::start(&opts.server_bin, &server_args(opts, translator), cores, true)
}

fn start_relay(opts: &Options) -> Result<Target, String> {
    let args = ["relay".to_string(), "--addr".into(), "127.0.0.1:0".into()];
    Target::start(&opts.relay_bin, &args, TARGET_CORE, false)
}

fn realtime_link(server: &Target) -> Link {
    let ws = server.url.replacen("http://", "ws://", 1);
    Link::Realtime(format!("{ws}/realtime/v1/websocket?apikey={}&vsn=2.0.0", server.anon_key))
}

fn relay_link(relay: &Target) -> Link {
    Link::Relay(format!("{}/relay", relay.url.replacen("http://", "ws://", 1)))
}

/// Runs one timed level and reads the target's CPU and memory around it.
async fn timed(run: &Run<'_>, target: &Target, rate: f64, secs: u64, drain: Duration) -> (Tally, f64, Usage) {
    let before = target.usage();
    let started = Instant::now();
    let tally = load::run(run, rate, Duration::from_secs(secs), drain).await;
    let after = target.usage();
    let cpu = (after.cpu_secs - before.cpu_secs) / started.elapsed().as_secs_f64() * 100.0;
    (tally, cpu, after)
}

fn path_row(path: Path, sessions: usize, rate: f64, secs: u64, tally: &Tally, cpu: f64, usage: Usage) -> PathRow {
    let p = |samples: &[u32], q| percentile_ms(samples, q);
    PathRow {
        path,
        sessions,
        rate,
        secs: secs as f64,
        sent: tally.sent,
        lost: tally.lost,
        p50_ms: p(&tally.delivered, 0.5),
        p90_ms: p(&tally.delivered, 0.9),
        p99_ms: p(&tally.delivered, 0.99),
        max_ms: p(&tally.delivered, 1.0),
        reply_p50_ms: p(&tally.replies, 0.5),
        reply_p99_ms: p(&tally.replies, 0.99),
        reply_max_ms: p(&tally.replies, 1.0),
        translated_p50_ms: p(&tally.translated, 0.5),
        translated_p99_ms: p(&tally.translated, 0.99),
        untranslated: tally.untranslated,
        cpu_pct: cpu,
        rss_mib: mib(usage.rss_kib),
    }
}

fn print_path(row: &PathRow) {
    let ms = |v: Option<f64>| v.map_or("-".into(), |v| format!("{v:.2}"));
    println!(
        "  {:<28} N={:<5} sent {:>6} lost {:>4}  p50 {:>7} p99 {:>7} max {:>7} ms  cpu {:>5.1}%  rss {:>7.1} MiB",
        row.path.label(),
        row.sessions,
        row.sent,
        row.lost,
        ms(row.p50_ms),
        ms(row.p99_ms),
        ms(row.max_ms),
        row.cpu_pct,
        row.rss_mib
    );
    if row.path == Path::Rest {
        println!(
            "  {:<28}          HTTP reply p50 {} p99 {} max {} ms; translation UPDATE p50 {} p99 {} ms, {} untranslated",
            "",
            ms(row.reply_p50_ms),
            ms(row.reply_p99_ms),
            ms(row.reply_max_ms),
            ms(row.translated_p50_ms),
            ms(row.translated_p99_ms),
            row.untranslated
        );
    }
}

/// The message path at each level: REST and broadcast through the server, then the relay.
async fn message_paths(opts: &Options, pairs: &[Pair], results: &mut Results) -> Result<(), String> {
    let server = start_server(opts, &opts.translator, TARGET_CORE)?;
    let relay = start_relay(opts)?;
    let rest = Api::new(&server.url, &server.anon_key);
    let next_id = AtomicU64::new(id_base());
    let translating = opts.translator != "none";
    for &n in &opts.levels {
        let recorder = Arc::new(Recorder::new(false));
        let peers = peers::connect_all(&realtime_link(&server), &pairs[..n], &recorder, CONNECT_PARALLEL).await?;
        let run = |path| Run {
            path,
            pairs: &pairs[..n],
            peers: &peers,
            rest: Some(&rest),
            recorder: &recorder,
            next_id: &next_id,
        };
        // Warm-up, not counted: connections in the pool, translation pipelines started.
        recorder.expect_translation(translating);
        load::run(&run(Path::Rest), opts.rate, Duration::from_secs(2), Duration::from_secs(10)).await;
        let (tally, cpu, usage) =
            timed(&run(Path::Rest), &server, opts.rate, opts.level_secs, Duration::from_secs(10)).await;
        let row = path_row(Path::Rest, n, opts.rate, opts.level_secs, &tally, cpu, usage);
        print_path(&row);
        results.paths.push(row);
        recorder.expect_translation(false);
        let (tally, cpu, usage) =
            timed(&run(Path::Broadcast), &server, opts.rate, opts.level_secs, Duration::from_secs(5)).await;
        let row = path_row(Path::Broadcast, n, opts.rate, opts.level_secs, &tally, cpu, usage);
        print_path(&row);
        results.paths.push(row);
        drop(peers);

        let peers = peers::connect_all(&relay_link(&relay), &pairs[..n], &recorder, CONNECT_PARALLEL).await?;
        let run = Run {
            path: Path::Relay,
            pairs: &pairs[..n],
            peers: &peers,
            rest: None,
            recorder: &recorder,
            next_id: &next_id,
        };
        load::run(&run, opts.rate, Duration::from_secs(1), Duration::from_secs(5)).await;
        let (tally, cpu, usage) = timed(&run, &relay, opts.rate, opts.level_secs, Duration::from_secs(5)).await;
        let row = path_row(Path::Relay, n, opts.rate, opts.level_secs, &tally, cpu, usage);
        print_path(&row);
        results.paths.push(row);
    }
    Ok(())
}

/// What a throughput probe runs against.
struct Probed<'a> {
    target: &'a Target,
    cores: &'a str,
    link: Link,
    rest: Option<&'a Api>,
}

/// Raises the offered rate until p99 passes 50 ms or a message is lost.
async fn probe(
    path: Path,
    probed: Probed<'_>,
    opts: &Options,
    pairs: &[Pair],
    results: &mut Results,
) -> Result<(), String> {
    let Probed { target, cores, link, rest } = probed;
    let recorder = Arc::new(Recorder::new(false));
    let peers: Vec<Peer> = peers::connect_all(&link, pairs, &recorder, CONNECT_PARALLEL).await?;
    let next_id = AtomicU64::new(id_base());
    let run = Run { path, pairs, peers: &peers, rest, recorder: &recorder, next_id: &next_id };
    load::run(&run, opts.probe_rates[0], Duration::from_secs(1), Duration::from_secs(5)).await;
    for &rate in &opts.probe_rates {
        let (tally, cpu, _) = timed(&run, target, rate, opts.probe_secs, Duration::from_secs(3)).await;
        let row = ProbeRow {
            path,
            cores: cores.to_owned(),
            offered: rate,
            delivered_per_sec: tally.delivered.len() as f64 / opts.probe_secs as f64,
            p50_ms: percentile_ms(&tally.delivered, 0.5),
            p99_ms: percentile_ms(&tally.delivered, 0.99),
            lost: tally.lost,
            cpu_pct: cpu,
        };
        println!(
            "  {:<28} cores {:<3} offered {:>6}/s delivered {:>8.0}/s p50 {:>8.2} p99 {:>8.2} ms lost {:>5} cpu {:>5.1}%",
            path.label(),
            cores,
            rate,
            row.delivered_per_sec,
            row.p50_ms.unwrap_or(f64::NAN),
            row.p99_ms.unwrap_or(f64::NAN),
            row.lost,
            cpu
        );
        let holds = row.holds();
        results.probe.push(row);
        if !holds {
            break;
        }
        // Lets a backlog from the step before clear before the next one is timed.
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
    Ok(())
}

async fn throughput(opts: &Options, pairs: &[Pair], results: &mut Results) -> Result<(), String> {
    let pairs = &pairs[..opts.probe_sessions];
    results.probe_sessions = opts.probe_sessions;
    for cores in [TARGET_CORE, BOTH_CORES] {
        // Translation is left out: the probe measures the message path, and the offline
        // translator's cost per message is measured by the translation bench.
        let server = start_server(opts, "none", cores)?;
        let rest = Api::new(&server.url, &server.anon_key);
        let on = |rest| Probed { target: &server, cores, link: realtime_link(&server), rest };
        probe(Path::Rest, on(Some(&rest)), opts, pairs, results).await?;
        if cores == TARGET_CORE {
            probe(Path::Broadcast, on(None), opts, pairs, results).await?;
        }
    }
    let relay = start_relay(opts)?;
    let on = Probed { target: &relay, cores: TARGET_CORE, link: relay_link(&relay), rest: None };
    probe(Path::Relay, on, opts, pairs, results).await
}

/// Resident memory of a fresh target before and after `count` idle subscribed sockets.
async fn weigh(
    target: Target,
    name: &'static str,
    link: Link,
    pairs: &[Pair],
    count: usize,
) -> Result<SocketRow, String> {
    settle().await;
    let base = target.usage().rss_kib;
    let recorder = Arc::new(Recorder::new(false));
    let peers = peers::connect_all(&link, &pairs[..count / 2], &recorder, CONNECT_PARALLEL).await?;
    settle().await;
    let rss = target.usage().rss_kib;
    drop(peers);
    let row = SocketRow {
        target: name.to_owned(),
        sockets: count,
        base_rss_mib: mib(base),
        rss_mib: mib(rss),
        per_socket_kib: rss.saturating_sub(base) as f64 / count as f64,
    };
    println!(
        "  {name:<16} {count:>6} sockets: RSS {:.1} → {:.1} MiB, {:.2} KiB per socket",
        row.base_rss_mib, row.rss_mib, row.per_socket_kib
    );
    Ok(row)
}

async fn settle() {
    tokio::time::sleep(Duration::from_secs(2)).await;
}

async fn idle_sockets(opts: &Options, pairs: &[Pair], results: &mut Results) -> Result<(), String> {
    for &count in &opts.sockets {
        let server = start_server(opts, "none", TARGET_CORE)?;
        let link = realtime_link(&server);
        results.sockets.push(weigh(server, "session-server", link, pairs, count).await?);
        let relay = start_relay(opts)?;
        let link = relay_link(&relay);
        results.sockets.push(weigh(relay, "bare relay", link, pairs, count).await?);
    }
    Ok(())
}

/// Message numbers start from the clock, so runs on one database never reuse an id.
fn id_base() -> u64 {
    let micros = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_micros());
    u64::try_from(micros).unwrap_or(0) * 1000
}

/// The whole run.
pub async fn run(opts: &Options, results: &mut Results) -> Result<(), String> {
    let levels = if opts.runs("paths") { opts.levels.clone() } else { Vec::new() };
    let probe = if opts.runs("probe") { opts.probe_sessions } else { 0 };
    let sockets = if opts.runs("sockets") { opts.sockets.clone() } else { Vec::new() };
    let wanted = levels.iter().copied().chain([probe]).chain(sockets.iter().map(|s| s.div_ceil(2))).max().unwrap_or(0);
    println!("setup: {wanted} sessions × 2 users (sign-up, create_session, join_session)");
    let started = Instant::now();
    let mut pairs = Vec::new();
    {
        let server = start_server(opts, "none", BOTH_CORES)?;
        let api = Api::new(&server.url, &server.anon_key);
        peers::grow(&api, &mut pairs, wanted, 32).await?;
    }
    results.setup_secs = started.elapsed().as_secs_f64();
    println!("setup took {:.1} s", results.setup_secs);
    if opts.runs("paths") {
        println!("message path, {} msg/s offered, {} s per level:", opts.rate, opts.level_secs);
        message_paths(opts, &pairs, results).await?;
    }
    if opts.runs("probe") {
        println!("throughput probe, {} sessions, {} s per rate:", opts.probe_sessions, opts.probe_secs);
        throughput(opts, &pairs, results).await?;
    }
    if opts.runs("sockets") {
        println!("idle subscribed sockets:");
        idle_sockets(opts, &pairs, results).await?;
    }
    Ok(())
}
