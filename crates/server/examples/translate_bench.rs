//! Latency and throughput of the translation engine and its cache, as the pipeline uses them.
//!
//! `cargo run --release -p session-server --example translate_bench [-- N]` (default N = 300)
//! with the configured engine (Apertium by default; pass the server's `--translator…` flags
//! after `--` as `SESSION_TRANSLATOR…` environment variables). Prints p50/p99 per message for
//! the first (cold) call, N uncached warm calls, N cached calls, and throughput with 4
//! concurrent callers.

use std::sync::Arc;
use std::time::{Duration, Instant};

use clap::Parser;
use session_server::config::Config;
use session_server::translate::{Scope, TextContext, Translator};

const SUBJECTS: [&str; 10] = [
    "The cat",
    "My friend",
    "The train",
    "Our teacher",
    "The weather",
    "This city",
    "The doctor",
    "Your sister",
    "The music",
    "Every morning the bus",
];
const VERBS: [&str; 10] = [
    "is very good",
    "arrives late",
    "looks tired today",
    "was in the house",
    "likes black coffee",
    "needs a new car",
    "is near the station",
    "sings in the evening",
    "was cold yesterday",
    "goes to the market",
];
/// One session, as the pipeline would cache its messages.
const SCOPE: Scope = Scope::Session(uuid::Uuid::nil());
const TAILS: [&str; 6] = [".", "!", "?", ", I think.", " and that is fine.", "\nSee you tomorrow."];

fn sentence(i: usize) -> String {
    format!("{} {}{}", SUBJECTS[i % 10], VERBS[(i / 10) % 10], TAILS[(i / 100 + i) % 6])
}

fn pct(sorted: &[Duration], p: f64) -> f64 {
    let idx = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[idx].as_secs_f64() * 1000.0
}

fn report(label: &str, mut samples: Vec<Duration>) {
    samples.sort();
    let total: Duration = samples.iter().sum();
    println!(
        "{label:<28} n={:<5} p50={:>8.3} ms  p99={:>8.3} ms  max={:>8.3} ms  mean={:>8.3} ms",
        samples.len(),
        pct(&samples, 0.5),
        pct(&samples, 0.99),
        samples.last().unwrap().as_secs_f64() * 1000.0,
        total.as_secs_f64() * 1000.0 / samples.len() as f64
    );
}

#[tokio::main]
async fn main() {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(300).min(1000);
    let config = Config::parse_from(["translate_bench", "--db", ":memory:"]);
    let translator = Arc::new(Translator::from_config(&config).expect("engine"));
    let Some(provider) = translator.provider_name() else {
        eprintln!("no translation engine configured (install apertium apertium-eng-spa)");
        std::process::exit(1);
    };
    println!("engine: {provider}, {n} distinct English sentences → Spanish");

    let start = Instant::now();
    translator.translate(SCOPE, "Hello", "en", "es", &TextContext::default()).await.expect("cold call");
    report("cold (first call, en→es)", vec![start.elapsed()]);

    let mut uncached = Vec::with_capacity(n);
    for i in 0..n {
        let t = Instant::now();
        translator.translate(SCOPE, &sentence(i), "en", "es", &TextContext::default()).await.expect("translate");
        uncached.push(t.elapsed());
    }
    report("warm, uncached", uncached);

    let mut cached = Vec::with_capacity(n);
    for i in 0..n {
        let t = Instant::now();
        let done =
            translator.translate(SCOPE, &sentence(i), "en", "es", &TextContext::default()).await.expect("translate");
        assert!(done.cached);
        cached.push(t.elapsed());
    }
    report("warm, cached", cached);

    // Throughput: 4 concurrent callers over fresh texts (so no cache hits), both directions.
    let t = Instant::now();
    let mut tasks = Vec::new();
    for worker in 0..4 {
        let translator = translator.clone();
        tasks.push(tokio::spawn(async move {
            for i in 0..n / 4 {
                let text = format!("{} number {}", sentence(i * 4 + worker), 7 + i);
                let (s, tgt) = if worker % 2 == 0 { ("en", "es") } else { ("es", "en") };
                let text = if s == "es" { format!("El tren llega tarde, número {i}.") } else { text };
                translator.translate(SCOPE, &text, s, tgt, &TextContext::default()).await.expect("translate");
            }
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    let elapsed = t.elapsed();
    let done = (n / 4) * 4;
    println!(
        "throughput, 4 callers (en→es + es→en): {done} messages in {:.1} ms = {:.0} messages/s",
        elapsed.as_secs_f64() * 1000.0,
        done as f64 / elapsed.as_secs_f64()
    );
}
