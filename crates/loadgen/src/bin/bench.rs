//! `cargo run --release -p session-loadgen --bin bench` — speed and scale of a real
//! `session-server`, beside a bare WebSocket relay, written into `docs/benchmarks.md` and
//! `docs/benchmarks/*.svg` (see `session_loadgen::bench`).
//!
//! Flags: `--quick` (10 and 100 sessions, 2,000 sockets, a short probe: a smoke run),
//! `--levels 10,100,1000,5000`, `--rate 200`, `--secs 10`, `--probe-sessions 100`,
//! `--probe-rates 1000,2000,…`, `--probe-secs 5`, `--sockets 2000,10000,20000`,
//! `--render docs/benchmarks/results.json` (rewrite the docs from a saved run),
//! `--translator apertium|none`, `--server PATH` (another build), `--only paths,probe,sockets` (part of the run, printed
//! only), `--no-docs` (print only). Loopback only; every level is
//! bounded in time. `bench relay --addr 127.0.0.1:0` is the baseline relay the run starts.

use std::path::PathBuf;
use std::process::Command;

use session_loadgen::bench::{self, report, target, Options, Results};

/// Descriptors a process needs beside its sockets (database, listeners, pipes, the HTTP pool).
const FD_HEADROOM: u64 = 500;

fn list<T: std::str::FromStr>(value: &str, flag: &str) -> Vec<T> {
    value.split(',').map(|v| v.trim().parse().unwrap_or_else(|_| panic!("{flag}: bad number {v}"))).collect()
}

fn options() -> (Options, bool) {
    let exe = std::env::current_exe().expect("own path");
    let mut opts = Options {
        levels: vec![10, 100, 1000, 5000],
        rate: 200.0,
        level_secs: 10,
        probe_sessions: 100,
        probe_rates: vec![1000.0, 2000.0, 3000.0, 4000.0, 5000.0, 6000.0, 7000.0, 8000.0, 10000.0, 12000.0, 15000.0],
        probe_secs: 5,
        sockets: vec![2000, 10000, 20000],
        translator: if std::path::Path::new("/usr/bin/apertium").exists() { "apertium" } else { "none" }.into(),
        server_bin: exe.with_file_name("session-server"),
        relay_bin: exe.clone(),
        work_dir: std::env::temp_dir().join(format!("session-bench-{}", std::process::id())),
        only: Vec::new(),
    };
    let mut docs = true;
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || args.next().unwrap_or_else(|| panic!("{flag} needs a value"));
        match flag.as_str() {
            "--quick" => {
                opts.levels = vec![10, 100];
                opts.sockets = vec![2000];
                opts.probe_rates = vec![1000.0, 2000.0];
                opts.level_secs = 3;
                opts.probe_secs = 2;
            }
            "--levels" => opts.levels = list(&value(), "--levels"),
            "--rate" => opts.rate = value().parse().expect("--rate N"),
            "--secs" => opts.level_secs = value().parse().expect("--secs N"),
            "--probe-sessions" => opts.probe_sessions = value().parse().expect("--probe-sessions N"),
            "--probe-rates" => opts.probe_rates = list(&value(), "--probe-rates"),
            "--probe-secs" => opts.probe_secs = value().parse().expect("--probe-secs N"),
            "--sockets" => opts.sockets = list(&value(), "--sockets"),
            "--translator" => opts.translator = value(),
            // Another build of the server (say, an older commit's) for before/after figures.
            "--server" => opts.server_bin = PathBuf::from(value()),
            "--no-docs" => docs = false,
            // Part of the run only (`paths`, `probe`, `sockets`); printed, never written.
            "--only" => {
                opts.only = value().split(',').map(str::to_owned).collect();
                docs = false;
            }
            "-h" | "--help" => {
                println!("bench [--quick] [--levels 10,100,1000,5000] [--rate 200] [--secs 10] [--probe-sessions 100] [--probe-rates 1000,2000,…] [--probe-secs 5] [--sockets 2000,10000,20000] [--translator apertium|none] [--server PATH] [--only paths,probe,sockets] [--no-docs] | bench --render results.json");
                std::process::exit(0);
            }
            other => panic!("unknown argument {other}"),
        }
    }
    (opts, docs)
}

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("repository root")
}

fn output(cmd: &mut Command) -> String {
    cmd.output().ok().map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned()).unwrap_or_default()
}

fn main() {
    let mut args = std::env::args().skip(1);
    if args.next().as_deref() == Some("relay") {
        let addr = if args.next().as_deref() == Some("--addr") { args.next() } else { None };
        let runtime = tokio::runtime::Runtime::new().expect("runtime");
        if let Err(err) = runtime.block_on(bench::relay::run(addr.as_deref().unwrap_or("127.0.0.1:0"))) {
            eprintln!("relay: {err}");
            std::process::exit(1);
        }
        return;
    }
    if let Some(path) = std::env::args().skip_while(|a| a != "--render").nth(1) {
        // Rewrites the docs from a saved run (after a change to the report's wording or plots).
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let results: Results = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
        write_docs(&repo_root(), &results);
        return;
    }
    let (mut opts, docs) = options();
    // 20,000 sockets on each side of loopback need more descriptors than the usual limit;
    // the server inherits the raised limit.
    let limit = target::raise_file_limit(65_536);
    let mut notes = Vec::new();
    // Each side of a socket holds a descriptor in its own process; where the hard limit cannot
    // be raised (no CAP_SYS_RESOURCE), the largest level is what fits under it.
    let fits = limit.saturating_sub(FD_HEADROOM) / 100 * 100;
    for sockets in &mut opts.sockets {
        if *sockets as u64 > fits {
            notes.push(format!(
                "{sockets} sockets asked, {fits} measured: the open-file hard limit here is {limit} per process and cannot be raised without CAP_SYS_RESOURCE"
            ));
            *sockets = fits as usize;
        }
    }
    for note in &notes {
        println!("note: {note}");
    }
    // Builds the server binary next to this one (quick when it is up to date).
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let built = Command::new(cargo)
        .args(["build", "--release", "-p", "session-server", "--bin", "session-server"])
        .current_dir(repo_root())
        .status();
    if !built.is_ok_and(|s| s.success()) || !opts.server_bin.exists() {
        eprintln!("bench: could not build {}", opts.server_bin.display());
        std::process::exit(1);
    }
    std::fs::create_dir_all(&opts.work_dir).expect("work dir");
    // Read before pinning: a pinned process may be shown only its own core.
    let machine = machine();
    // The load generator keeps to its core, the measured process to the other.
    target::pin_self(bench::CLIENT_CORE);
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    let root = repo_root();
    let mut results = Results {
        started: output(Command::new("date").args(["-u", "+%Y-%m-%d %H:%M UTC"])),
        commit: commit(&root),
        machine,
        translator: opts.translator.clone(),
        rate: opts.rate,
        level_secs: opts.level_secs,
        notes,
        ..Results::default()
    };
    let outcome = runtime.block_on(bench::run(&opts, &mut results));
    let _ = std::fs::remove_dir_all(&opts.work_dir);
    if let Err(err) = outcome {
        eprintln!("bench: {err}");
        std::process::exit(1);
    }
    if docs {
        write_docs(&root, &results);
    } else {
        println!("{}", report::markdown(&results));
    }
}

/// Writes the plots, the JSON and the generated section of `docs/benchmarks.md`.
fn write_docs(root: &std::path::Path, results: &Results) {
    let dir = root.join("docs/benchmarks");
    std::fs::create_dir_all(&dir).expect("docs/benchmarks");
    let write = |name: &str, text: String| std::fs::write(dir.join(name), text).expect("write plot");
    write("latency-vs-sessions.svg", report::latency_vs_sessions(results));
    write("latency-vs-rate.svg", report::latency_vs_rate(results));
    write("memory-vs-sockets.svg", report::memory_vs_sockets(results));
    write("results.json", serde_json::to_string_pretty(results).expect("json") + "\n");
    let doc_path = root.join("docs/benchmarks.md");
    let doc = std::fs::read_to_string(&doc_path).unwrap_or_else(|_| "# Benchmarks\n".into());
    std::fs::write(&doc_path, report::splice(&doc, &report::markdown(results))).expect("docs/benchmarks.md");
    println!("wrote docs/benchmarks.md and docs/benchmarks/*.svg");
}

/// The checkout's commit, marked when the tree has changes not committed yet.
fn commit(root: &std::path::Path) -> String {
    let git = |args: &[&str]| output(Command::new("git").arg("-C").arg(root).args(args));
    let head = git(&["rev-parse", "--short", "HEAD"]);
    if git(&["status", "--porcelain", "--untracked-files=no"]).is_empty() {
        head
    } else {
        format!("{head} + uncommitted changes")
    }
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    format!(
        "{cores} × {cpu}, server pinned to core {}, load generator to core {}",
        bench::TARGET_CORE,
        bench::CLIENT_CORE
    )
}
