//! Always-on fuzzing: each target of `targets.rs` for a few thousand cases from a fixed seed,
//! after replaying the seeds recorded in `proptest-regressions/fuzz/`. The 100,000-case runs
//! are `cargo run --release -p session-server --example fuzz`.

mod targets;

const CASES: u32 = 2_000;
const SEED: u64 = 9;

/// Runs `target` and requires no failure, and that the generators reach past the parsers'
/// first checks: a fuzzer whose inputs are all refused tests only the refusal.
fn fuzz(target: &str) {
    let report = targets::run(target, CASES, SEED);
    eprintln!("{}", report.summary());
    if let Some(failure) = &report.failure {
        panic!("{target}: {failure}");
    }
    assert!(report.accepted * 10 >= report.cases, "{target}: under 10% of cases accepted: {}", report.summary());
}

#[test]
fn query_strings() {
    fuzz("query");
}

#[test]
fn realtime_frames() {
    fuzz("frame");
}

#[test]
fn jwts() {
    fuzz("jwt");
}

#[test]
fn postgres_changes_filters() {
    fuzz("filter");
}

#[test]
fn hub_inputs() {
    fuzz("hub");
}
