//! The fuzz benchmark: every parser that reads untrusted input, 100,000 property-based cases
//! each by default (the targets and their properties are in `tests/fuzz/targets.rs`; the test
//! suite runs a few thousand of the same cases).
//!
//! `cargo run --release -p session-server --example fuzz -- [--cases N] [--target query|frame|jwt|filter|hub]… [--seed S]`
//!
//! Prints per target the cases run, panics, accepted and rejected inputs, wall time, cases per
//! second, the slowest case and the seed (rerun with `--seed` to reproduce). A failing case is
//! shrunk, printed, and recorded in `proptest-regressions/fuzz/`, so the test suite replays it
//! from then on. Exits non-zero on any failure.

#[path = "../tests/fuzz/targets.rs"]
mod targets;

use std::sync::atomic::{AtomicU64, Ordering};

use clap::Parser;

#[derive(Parser)]
struct Args {
    /// New cases per target.
    #[arg(long, default_value_t = 100_000)]
    cases: u32,
    /// Targets to run (repeatable); all by default.
    #[arg(long)]
    target: Vec<String>,
    /// RNG seed; random by default.
    #[arg(long)]
    seed: Option<u64>,
}

static PANICS: AtomicU64 = AtomicU64::new(0);

fn main() {
    let args = Args::parse();
    let seed = args.seed.unwrap_or_else(rand::random);
    let targets: Vec<String> =
        if args.target.is_empty() { targets::TARGETS.iter().map(|t| t.to_string()).collect() } else { args.target };
    // Count panics instead of printing each one: shrinking a failure panics many times.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if PANICS.fetch_add(1, Ordering::Relaxed) == 0 {
            default_hook(info);
        }
    }));
    let mut failed = false;
    for target in &targets {
        let before = PANICS.load(Ordering::Relaxed);
        let report = targets::run(target, args.cases, seed);
        println!("{}  panics {}", report.summary(), PANICS.load(Ordering::Relaxed) - before);
        if let Some(failure) = &report.failure {
            println!("{target} FAILED: {failure}");
            failed = true;
        }
    }
    if failed {
        std::process::exit(1);
    }
}
