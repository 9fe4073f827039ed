//! The translation quality benchmark (docs/features/translation.md, "Quality").
//!
//! `cargo run --release -p session-server --example translation_quality [-- --write-docs]`
//!
//! Translates the test set in `crates/server/translation-corpus/` in every direction the
//! configured engine offers between its languages (the server's `--translator…` settings come
//! from the `SESSION_TRANSLATOR…` environment variables; Apertium by default), through each
//! pipeline stage — the engine alone, with protected spans, and the full pipeline the app gets —
//! and prints chrF and BLEU per direction and stage, the share of protected spans that came back
//! byte for byte, chrF per category, and the full pipeline's latency per direction (cache off).
//! `--write-docs` also replaces the block between `<!-- quality:begin -->` and
//! `<!-- quality:end -->` in docs/features/translation.md.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Arc;
use std::time::Instant;

use clap::Parser;
use session_server::config::Config;
use session_server::translate::quality::{self, Row, LANGUAGES};
use session_server::translate::text::Stages;
use session_server::translate::{Scope, TextContext, Translator};

const STAGES: [(&str, Stages); 3] = [("engine", Stages::ENGINE), ("+spans", Stages::PROTECT), ("+polish", Stages::ALL)];
const SCOPE: Scope = Scope::Session(uuid::Uuid::nil());
const DOC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/features/translation.md");

/// One direction's results.
struct Direction {
    source: String,
    target: String,
    route: String,
    /// Per stage: chrF, BLEU, spans kept, spans in all.
    stages: Vec<(f64, f64, usize, usize)>,
    /// The full pipeline's hypotheses with their rows' categories and references.
    full: Vec<(String, String, String)>,
    latencies_ms: Vec<f64>,
}

async fn run_direction(translator: &Translator, rows: &[Row], source: &str, target: &str) -> Direction {
    let context = TextContext::default();
    let mut stages = Vec::new();
    let mut full = Vec::new();
    let mut latencies_ms = Vec::new();
    let mut route = String::new();
    // Pipelines start on first use (every hop of a pivot too): started here, so the latencies
    // are of warm ones.
    let _ = translator.translate_stages(SCOPE, "Hello", source, target, &context, Stages::ENGINE).await;
    for (name, stage) in STAGES {
        let mut pairs = Vec::with_capacity(rows.len());
        let (mut kept, mut all) = (0, 0);
        for row in rows {
            let text = row.source(source);
            let started = Instant::now();
            let output = match translator.translate_stages(SCOPE, text, source, target, &context, stage).await {
                Ok(done) => {
                    route = done.route;
                    done.text
                }
                Err(err) => {
                    eprintln!("{source}>{target} {name} {}: {err}", row.id);
                    String::new()
                }
            };
            if name == "+polish" {
                latencies_ms.push(started.elapsed().as_secs_f64() * 1000.0);
                full.push((row.category.clone(), output.clone(), row.reference(target).to_owned()));
            }
            let (k, a) = quality::spans_kept(row.reference(source), &output);
            kept += k;
            all += a;
            pairs.push((output, row.reference(target).to_owned()));
        }
        stages.push((quality::chrf(&pairs), quality::bleu(&pairs), kept, all));
    }
    latencies_ms.sort_by(f64::total_cmp);
    Direction { source: source.to_owned(), target: target.to_owned(), route, stages, full, latencies_ms }
}

fn tables(provider: &str, rows: &[Row], directions: &[Direction]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Engine `{provider}`, {} messages per direction, {} directions. chrF and BLEU (0–100, higher is \
         better) per pipeline stage; spans: protected spans of the source found byte for byte in the output.\n",
        rows.len(),
        directions.len()
    );
    let _ = writeln!(out, "| direction | route | engine chrF | engine BLEU | +spans chrF | +spans BLEU | +polish chrF | +polish BLEU | spans kept (engine → full) | p50 ms | p99 ms |");
    let _ = writeln!(out, "|---|---|---|---|---|---|---|---|---|---|---|");
    let mut totals = vec![(0.0, 0.0, 0usize, 0usize); STAGES.len()];
    for d in directions {
        let [engine, spans, full] = [&d.stages[0], &d.stages[1], &d.stages[2]];
        let pivot = if d.route.matches('>').count() > 1 { " (pivot)" } else { "" };
        let _ = writeln!(
            out,
            "| {}→{} | `{}`{pivot} | {:.1} | {:.1} | {:.1} | {:.1} | {:.1} | {:.1} | {:.1} % → {:.1} % | {:.2} | {:.2} |",
            d.source,
            d.target,
            d.route,
            engine.0,
            engine.1,
            spans.0,
            spans.1,
            full.0,
            full.1,
            share(engine.2, engine.3),
            share(full.2, full.3),
            quality::percentile(&d.latencies_ms, 50.0),
            quality::percentile(&d.latencies_ms, 99.0),
        );
        for (total, stage) in totals.iter_mut().zip(&d.stages) {
            total.0 += stage.0;
            total.1 += stage.1;
            total.2 += stage.2;
            total.3 += stage.3;
        }
    }
    let n = directions.len().max(1) as f64;
    let _ = writeln!(
        out,
        "| **mean** | | **{:.1}** | **{:.1}** | **{:.1}** | **{:.1}** | **{:.1}** | **{:.1}** | **{:.1} % → {:.1} %** | | |",
        totals[0].0 / n,
        totals[0].1 / n,
        totals[1].0 / n,
        totals[1].1 / n,
        totals[2].0 / n,
        totals[2].1 / n,
        share(totals[0].2, totals[0].3),
        share(totals[2].2, totals[2].3),
    );

    let mut categories: BTreeMap<&str, Vec<(String, String)>> = BTreeMap::new();
    for d in directions {
        for (category, hypothesis, reference) in &d.full {
            categories.entry(category).or_default().push((hypothesis.clone(), reference.clone()));
        }
    }
    let _ = writeln!(out, "\nFull pipeline, chrF per category over all directions:\n");
    let _ = writeln!(out, "| category | messages | chrF | BLEU |");
    let _ = writeln!(out, "|---|---|---|---|");
    for (category, pairs) in categories {
        let _ = writeln!(
            out,
            "| {category} | {} | {:.1} | {:.1} |",
            pairs.len(),
            quality::chrf(&pairs),
            quality::bleu(&pairs)
        );
    }
    out
}

fn share(kept: usize, all: usize) -> f64 {
    if all == 0 {
        100.0
    } else {
        100.0 * kept as f64 / all as f64
    }
}

fn write_docs(block: &str) -> std::io::Result<()> {
    let doc = std::fs::read_to_string(DOC)?;
    let (begin, end) = ("<!-- quality:begin -->", "<!-- quality:end -->");
    let (Some(start), Some(stop)) = (doc.find(begin), doc.find(end)) else {
        return Err(std::io::Error::other(format!("{DOC} has no {begin} … {end} block")));
    };
    let updated = format!("{}{begin}\n{block}{}", &doc[..start], &doc[stop..]);
    std::fs::write(DOC, updated)
}

#[tokio::main]
async fn main() {
    let write = std::env::args().any(|a| a == "--write-docs");
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/translation-corpus");
    let corpus = std::fs::read_to_string(format!("{dir}/corpus.tsv")).expect("corpus.tsv");
    let noisy = std::fs::read_to_string(format!("{dir}/noisy.tsv")).expect("noisy.tsv");
    let rows = quality::load(&corpus, &noisy).expect("a whole test set");

    // No cache: every message reaches the engine, so the latencies are the engine's.
    let config = Config::parse_from(["translation_quality", "--db", ":memory:", "--translation-cache-bytes", "0"]);
    let translator = Arc::new(Translator::from_config(&config).expect("engine"));
    let Some(provider) = translator.provider_name() else {
        eprintln!("no translation engine configured (scripts/setup.sh installs Apertium and its pairs)");
        std::process::exit(1);
    };
    let pairs: Vec<(String, String)> = translator
        .pairs()
        .into_iter()
        .filter(|(s, t)| LANGUAGES.contains(&s.as_str()) && LANGUAGES.contains(&t.as_str()))
        .collect();
    eprintln!("{provider}: {} directions × {} messages × {} stages", pairs.len(), rows.len(), STAGES.len());
    let started = Instant::now();
    let mut directions = Vec::new();
    // Two directions at a time: each Apertium direction is one process, and the machine the
    // figures in the docs come from has two cores.
    for chunk in pairs.chunks(2) {
        let runs = chunk.iter().map(|(s, t)| run_direction(&translator, &rows, s, t));
        directions.extend(futures_util::future::join_all(runs).await);
    }
    let block = tables(provider, &rows, &directions);
    println!("{block}");
    eprintln!("done in {:.1} s", started.elapsed().as_secs_f64());
    if write {
        write_docs(&block).expect("write docs/features/translation.md");
        eprintln!("wrote {DOC}");
    }
}
