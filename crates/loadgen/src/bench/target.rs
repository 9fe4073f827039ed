//! The process under measurement: a `session-server` or the bare relay, started as a child of
//! the bench (so its CPU time and memory are its own, read from `/proc`), pinned to the cores
//! it is given with `taskset`, and killed when dropped.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// A running child process and where it listens.
pub struct Target {
    child: Child,
    pub url: String,
    /// The server's anon key (empty for the relay).
    pub anon_key: String,
}

/// CPU time (this process and its children, including live translation processes) and
/// resident memory, at one instant.
#[derive(Debug, Clone, Copy, Default)]
pub struct Usage {
    pub cpu_secs: f64,
    pub rss_kib: u64,
}

impl Target {
    /// Starts `program args…` under `taskset -c cpus` and waits for its `listening on <url>`
    /// line (and `anon key: <key>` for the server).
    pub fn start(program: &PathBuf, args: &[String], cpus: &str, wants_key: bool) -> Result<Target, String> {
        let mut child = Command::new("taskset")
            .arg("-c")
            .arg(cpus)
            .arg(program)
            .args(args)
            .env("RUST_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| format!("cannot start {} under taskset: {e}", program.display()))?;
        let stdout = child.stdout.take().expect("piped stdout");
        let (tx, rx) = mpsc::channel();
        // Keeps draining the child's output for its whole life, so it never blocks on a full pipe.
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let (mut url, mut anon_key) = (None, None);
        while url.is_none() || (wants_key && anon_key.is_none()) {
            match rx.recv_timeout(Duration::from_secs(60)) {
                Ok(line) => {
                    if let Some(rest) = line.split("listening on ").nth(1) {
                        url = Some(rest.trim().to_owned());
                    }
                    if let Some(rest) = line.split("anon key: ").nth(1) {
                        anon_key = Some(rest.trim().to_owned());
                    }
                }
                Err(_) => {
                    let _ = child.kill();
                    return Err(format!("{} did not say where it listens", program.display()));
                }
            }
        }
        Ok(Target { child, url: url.unwrap_or_default(), anon_key: anon_key.unwrap_or_default() })
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn usage(&self) -> Usage {
        usage(self.pid())
    }
}

impl Drop for Target {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn clock_ticks() -> f64 {
    // SAFETY: sysconf only reads a constant.
    let ticks = unsafe { libc::sysconf(libc::_SC_CLK_TCK) };
    if ticks > 0 {
        ticks as f64
    } else {
        100.0
    }
}

/// `(ppid, utime + stime + cutime + cstime)` of a process, from `/proc/<pid>/stat`.
fn stat(pid: u32) -> Option<(u32, u64)> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name may hold spaces and brackets; fields start after its last `)`.
    let fields: Vec<&str> = text.rsplit_once(')')?.1.split_whitespace().collect();
    let ppid = fields.get(1)?.parse().ok()?;
    let ticks = fields.get(11..15)?.iter().filter_map(|f| f.parse::<u64>().ok()).sum();
    Some((ppid, ticks))
}

fn rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|status| {
            let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
            line.split_whitespace().nth(1)?.parse().ok()
        })
        .unwrap_or(0)
}

/// CPU of `pid` and every live descendant (Apertium pipelines run as the server's children);
/// RSS of `pid` alone, the server's own memory.
pub fn usage(pid: u32) -> Usage {
    let mut parents = Vec::new();
    if let Ok(entries) = std::fs::read_dir("/proc") {
        for entry in entries.flatten() {
            if let Some(p) = entry.file_name().to_str().and_then(|n| n.parse::<u32>().ok()) {
                if let Some((ppid, ticks)) = stat(p) {
                    parents.push((p, ppid, ticks));
                }
            }
        }
    }
    let mut tree = vec![pid];
    let mut ticks = 0;
    let mut i = 0;
    while i < tree.len() {
        let current = tree[i];
        for &(p, ppid, t) in &parents {
            if p == current {
                ticks += t;
            }
            if ppid == current && !tree.contains(&p) {
                tree.push(p);
            }
        }
        i += 1;
    }
    Usage { cpu_secs: ticks as f64 / clock_ticks(), rss_kib: rss_kib(pid) }
}

/// Raises this process's open-file limit (soft and hard) to `want`, which children inherit:
/// 20,000 sockets need more than the usual hard limit, and only a privileged process may
/// raise that. Returns the limit in force.
#[allow(clippy::unnecessary_cast)]
pub fn raise_file_limit(want: u64) -> u64 {
    let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: getrlimit/setrlimit read or write only the struct they are given.
    unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) };
    if (limit.rlim_cur as u64) < want {
        let raised = libc::rlimit { rlim_cur: want as _, rlim_max: (limit.rlim_max as u64).max(want) as _ };
        if unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &raised) } != 0 {
            // Unprivileged: as far as the hard limit goes, as the server itself does.
            let _ = session_server::serve::raise_open_file_limit();
        }
        unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) };
    }
    limit.rlim_cur as u64
}

/// Pins this process (the load generator) to `cpu`, apart from the target's cores.
pub fn pin_self(cpu: usize) {
    // SAFETY: the set is a plain bitmask on the stack, passed with its own size.
    unsafe {
        let mut set: libc::cpu_set_t = std::mem::zeroed();
        libc::CPU_SET(cpu, &mut set);
        libc::sched_setaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &set);
    }
}
