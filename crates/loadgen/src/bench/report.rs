//! The bench's results as Markdown tables and SVG plots. `docs/benchmarks.md` keeps its prose;
//! only the part between the two markers is rewritten.

use std::fmt::Write as _;

use super::load::Path;
use super::{PathRow, ProbeRow, Results, SocketRow};

pub const BEGIN: &str = "<!-- bench:begin (written by `cargo run --release -p session-loadgen --bin bench`) -->";
pub const END: &str = "<!-- bench:end -->";

fn ms(v: Option<f64>) -> String {
    v.map_or("–".into(), |v| if v < 10.0 { format!("{v:.2}") } else { format!("{v:.1}") })
}

fn ratio(ours: Option<f64>, base: Option<f64>) -> String {
    match (ours, base) {
        (Some(a), Some(b)) if b > 0.0 => format!("{:.2}×", a / b),
        _ => "–".into(),
    }
}

fn relay_at(results: &Results, sessions: usize) -> Option<&PathRow> {
    results.paths.iter().find(|r| r.path == Path::Relay && r.sessions == sessions)
}

/// The generated section of `docs/benchmarks.md`.
pub fn markdown(results: &Results) -> String {
    let mut md = String::new();
    let _ = writeln!(md, "{BEGIN}\n");
    let _ = writeln!(
        md,
        "Run {} at `{}` on {}; translator `{}`; setup of the users and sessions took {:.0} s.\n",
        results.started, results.commit, results.machine, results.translator, results.setup_secs
    );
    let _ = writeln!(md, "### Message path: {} messages/s offered, {} s per level\n", results.rate, results.level_secs);
    md.push_str(
        "| path | sessions | sockets | sent | lost | p50 ms | p90 ms | p99 ms | max ms | p50 × relay | p99 × relay | server CPU | server RSS |\n",
    );
    md.push_str("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for row in &results.paths {
        let relay = relay_at(results, row.sessions);
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {:.0} % | {:.0} MiB |",
            row.path.label(),
            row.sessions,
            row.sessions * 2,
            row.sent,
            row.lost,
            ms(row.p50_ms),
            ms(row.p90_ms),
            ms(row.p99_ms),
            ms(row.max_ms),
            ratio(row.p50_ms, relay.and_then(|r| r.p50_ms)),
            ratio(row.p99_ms, relay.and_then(|r| r.p99_ms)),
            row.cpu_pct,
            row.rss_mib
        );
    }
    md.push_str("\nThe REST path's other two clocks: the writer's HTTP reply, and the partner's UPDATE carrying the translation.\n\n");
    md.push_str("| sessions | reply p50 ms | reply p99 ms | reply max ms | translation p50 ms | translation p99 ms | untranslated |\n");
    md.push_str("|---:|---:|---:|---:|---:|---:|---:|\n");
    for row in results.paths.iter().filter(|r| r.path == Path::Rest) {
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} | {} | {} |",
            row.sessions,
            ms(row.reply_p50_ms),
            ms(row.reply_p99_ms),
            ms(row.reply_max_ms),
            ms(row.translated_p50_ms),
            ms(row.translated_p99_ms),
            row.untranslated
        );
    }
    let _ = writeln!(
        md,
        "\n### Throughput probe: {} sessions, rate raised until p99 passes 50 ms or a message is lost\n",
        results.probe_sessions
    );
    md.push_str("| path | server cores | offered /s | delivered /s | p50 ms | p99 ms | lost | server CPU |\n");
    md.push_str("|---|---|---:|---:|---:|---:|---:|---:|\n");
    for row in &results.probe {
        let _ = writeln!(
            md,
            "| {} | {} | {} | {:.0} | {} | {} | {} | {:.0} % |",
            row.path.label(),
            cores_label(&row.cores),
            row.offered,
            row.delivered_per_sec,
            ms(row.p50_ms),
            ms(row.p99_ms),
            row.lost,
            row.cpu_pct
        );
    }
    md.push('\n');
    for (path, cores) in probe_runs(results) {
        let held = highest_held(results, path, &cores);
        let _ = writeln!(
            md,
            "- {} on {}: held {} messages/s{}.",
            path.label(),
            cores_label(&cores),
            held.map_or("no rate tried".into(), |r| format!("{r:.0}")),
            match (held, highest_held(results, Path::Relay, super::TARGET_CORE)) {
                (Some(ours), Some(relay)) if path != Path::Relay => {
                    let floor = if tried_all(results, Path::Relay, super::TARGET_CORE) {
                        ", its highest rate tried"
                    } else {
                        ""
                    };
                    format!(" ({:.2}× the relay's {relay:.0}{floor})", ours / relay)
                }
                (Some(_), _) if tried_all(results, path, &cores) => " (every rate tried; the limit is higher)".into(),
                _ => String::new(),
            }
        );
    }
    md.push_str("\n### Idle subscribed sockets\n\n");
    md.push_str("| target | sockets | RSS before | RSS with sockets | per socket | × relay |\n");
    md.push_str("|---|---:|---:|---:|---:|---:|\n");
    for row in &results.sockets {
        let relay = results.sockets.iter().find(|r| r.target == "bare relay" && r.sockets == row.sockets);
        let _ = writeln!(
            md,
            "| {} | {} | {:.1} MiB | {:.1} MiB | {:.2} KiB | {} |",
            row.target,
            row.sockets,
            row.base_rss_mib,
            row.rss_mib,
            row.per_socket_kib,
            ratio(Some(row.per_socket_kib), relay.map(|r| r.per_socket_kib))
        );
    }
    for note in &results.notes {
        let _ = writeln!(md, "\nNote: {note}.");
    }
    md.push_str("\n![Latency percentiles against sessions](benchmarks/latency-vs-sessions.svg)\n\n");
    md.push_str("![Latency against offered rate](benchmarks/latency-vs-rate.svg)\n\n");
    md.push_str("![Server memory against idle sockets](benchmarks/memory-vs-sockets.svg)\n\n");
    let _ = writeln!(md, "{END}");
    md
}

fn cores_label(cores: &str) -> String {
    if cores.contains(',') {
        "two cores (shared with the client)".into()
    } else {
        "one core".into()
    }
}

fn probe_runs(results: &Results) -> Vec<(Path, String)> {
    let mut runs: Vec<(Path, String)> = Vec::new();
    for row in &results.probe {
        if !runs.iter().any(|(p, c)| *p == row.path && *c == row.cores) {
            runs.push((row.path, row.cores.clone()));
        }
    }
    runs
}

/// Whether a probe run held at every rate it tried.
fn tried_all(results: &Results, path: Path, cores: &str) -> bool {
    results.probe.iter().filter(|r| r.path == path && r.cores == cores).all(ProbeRow::holds)
}

/// The highest offered rate of a probe run that stayed within its bound.
pub fn highest_held(results: &Results, path: Path, cores: &str) -> Option<f64> {
    results.probe.iter().filter(|r| r.path == path && r.cores == cores && r.holds()).map(|r| r.offered).reduce(f64::max)
}

/// Replaces the generated section of `doc` (or appends one).
pub fn splice(doc: &str, section: &str) -> String {
    match (doc.find(BEGIN), doc.find(END)) {
        (Some(begin), Some(end)) if end > begin => {
            format!("{}{}{}", &doc[..begin], section.trim_end(), &doc[end + END.len()..])
        }
        _ => format!("{}\n{}", doc.trim_end(), section),
    }
}

// ---- plots ----------------------------------------------------------------------------------

pub struct Series {
    pub name: String,
    pub color: &'static str,
    pub dashed: bool,
    pub points: Vec<(f64, f64)>,
}

const COLORS: [&str; 3] = ["#1f6feb", "#d4a72c", "#2da44e"];

fn path_color(path: Path) -> &'static str {
    match path {
        Path::Rest => COLORS[0],
        Path::Broadcast => COLORS[1],
        Path::Relay => COLORS[2],
    }
}

pub fn latency_vs_sessions(results: &Results) -> String {
    let mut series = Vec::new();
    for path in [Path::Rest, Path::Broadcast, Path::Relay] {
        for (q, dashed) in [("p50", false), ("p99", true)] {
            let points: Vec<(f64, f64)> = results
                .paths
                .iter()
                .filter(|r| r.path == path)
                .filter_map(|r| Some((r.sessions as f64, if q == "p50" { r.p50_ms? } else { r.p99_ms? })))
                .collect();
            series.push(Series { name: format!("{} {q}", path.short()), color: path_color(path), dashed, points });
        }
    }
    let title = format!("Latency vs sessions ({} msg/s)", results.rate);
    chart(&title, "sessions (log)", "ms (log)", true, true, &series)
}

pub fn latency_vs_rate(results: &Results) -> String {
    let mut series = Vec::new();
    for (path, cores) in probe_runs(results) {
        let rows: Vec<&ProbeRow> = results.probe.iter().filter(|r| r.path == path && r.cores == cores).collect();
        let label = format!("{} {}", path.short(), if cores.contains(',') { "2 cores" } else { "1 core" });
        series.push(Series {
            name: format!("{label} p99"),
            color: path_color(path),
            dashed: cores.contains(','),
            points: rows.iter().filter_map(|r| Some((r.offered, r.p99_ms?))).collect(),
        });
    }
    let title = format!("p99 latency vs offered rate ({} sessions)", results.probe_sessions);
    chart(&title, "messages/s offered", "p99 ms (log)", false, true, &series)
}

pub fn memory_vs_sockets(results: &Results) -> String {
    let series: Vec<Series> = ["session-server", "bare relay"]
        .iter()
        .zip([COLORS[0], COLORS[2]])
        .map(|(target, color)| Series {
            name: target.to_string(),
            color,
            dashed: false,
            points: results
                .sockets
                .iter()
                .filter(|r| r.target == *target)
                .map(|r: &SocketRow| (r.sockets as f64, r.rss_mib - r.base_rss_mib))
                .collect(),
        })
        .collect();
    chart("Memory of idle subscribed sockets", "sockets", "RSS growth, MiB", false, false, &series)
}

/// A small line chart: axes with ticks, one polyline per series, a legend.
pub fn chart(title: &str, x_label: &str, y_label: &str, log_x: bool, log_y: bool, series: &[Series]) -> String {
    const W: f64 = 760.0;
    const H: f64 = 420.0;
    const LEFT: f64 = 70.0;
    const RIGHT: f64 = 210.0;
    const TOP: f64 = 40.0;
    const BOTTOM: f64 = 55.0;
    let points: Vec<(f64, f64)> = series.iter().flat_map(|s| s.points.iter().copied()).collect();
    let scale = |log: bool, v: f64| if log { v.max(1e-3).log10() } else { v };
    let range = |log: bool, values: Vec<f64>| {
        let (lo, hi) = values.iter().fold((f64::MAX, f64::MIN), |(lo, hi), v| (lo.min(*v), hi.max(*v)));
        if values.is_empty() {
            return (0.0, 1.0);
        }
        if log {
            (lo.log10().floor(), hi.log10().ceil().max(lo.log10().floor() + 1.0))
        } else {
            (0.0, if hi > 0.0 { nice_ceiling(hi) } else { 1.0 })
        }
    };
    let (x0, x1) = range(log_x, points.iter().map(|p| p.0.max(1e-3)).collect());
    let (y0, y1) = range(log_y, points.iter().map(|p| p.1.max(1e-3)).collect());
    let px = |x: f64| LEFT + (scale(log_x, x) - x0) / (x1 - x0) * (W - LEFT - RIGHT);
    let py = |y: f64| H - BOTTOM - (scale(log_y, y) - y0) / (y1 - y0) * (H - TOP - BOTTOM);
    let mut svg = String::new();
    let _ = writeln!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}" font-family="sans-serif" font-size="12">"#
    );
    let _ = writeln!(svg, r#"<rect width="{W}" height="{H}" fill="white"/>"#);
    let _ = writeln!(svg, r#"<text x="{LEFT}" y="22" font-size="15" font-weight="bold">{}</text>"#, escape(title));
    let ticks = |lo: f64, hi: f64, log: bool| -> Vec<f64> {
        if log {
            (lo as i32..=hi as i32).map(|e| 10f64.powi(e)).collect()
        } else {
            (0..=5).map(|i| lo + (hi - lo) * f64::from(i) / 5.0).collect()
        }
    };
    for x in ticks(x0, x1, log_x) {
        let _ = writeln!(
            svg,
            r##"<line x1="{0:.1}" y1="{1}" x2="{0:.1}" y2="{2}" stroke="#ddd"/><text x="{0:.1}" y="{3}" text-anchor="middle">{4}</text>"##,
            px(x),
            TOP,
            H - BOTTOM,
            H - BOTTOM + 16.0,
            number(x)
        );
    }
    for y in ticks(y0, y1, log_y) {
        let _ = writeln!(
            svg,
            r##"<line x1="{0}" y1="{1:.1}" x2="{2}" y2="{1:.1}" stroke="#ddd"/><text x="{3}" y="{4:.1}" text-anchor="end">{5}</text>"##,
            LEFT,
            py(y),
            W - RIGHT,
            LEFT - 6.0,
            py(y) + 4.0,
            number(y)
        );
    }
    let _ = writeln!(
        svg,
        r#"<text x="{:.1}" y="{}" text-anchor="middle">{}</text>"#,
        (LEFT + W - RIGHT) / 2.0,
        H - 12.0,
        escape(x_label)
    );
    let _ = writeln!(
        svg,
        r#"<text transform="translate(16 {:.1}) rotate(-90)" text-anchor="middle">{}</text>"#,
        (TOP + H - BOTTOM) / 2.0,
        escape(y_label)
    );
    for (i, s) in series.iter().enumerate() {
        let dash = if s.dashed { r#" stroke-dasharray="6 4""# } else { "" };
        let path: Vec<String> = s.points.iter().map(|&(x, y)| format!("{:.1},{:.1}", px(x), py(y))).collect();
        let _ = writeln!(
            svg,
            r#"<polyline points="{}" fill="none" stroke="{}" stroke-width="2"{dash}/>"#,
            path.join(" "),
            s.color
        );
        for &(x, y) in &s.points {
            let _ = writeln!(svg, r#"<circle cx="{:.1}" cy="{:.1}" r="3" fill="{}"/>"#, px(x), py(y), s.color);
        }
        let ly = TOP + 10.0 + i as f64 * 20.0;
        let lx = W - RIGHT + 15.0;
        let _ = writeln!(
            svg,
            r#"<line x1="{lx}" y1="{ly}" x2="{}" y2="{ly}" stroke="{}" stroke-width="2"{dash}/><text x="{}" y="{}">{}</text>"#,
            lx + 24.0,
            s.color,
            lx + 30.0,
            ly + 4.0,
            escape(&s.name)
        );
    }
    svg.push_str("</svg>\n");
    svg
}

fn nice_ceiling(v: f64) -> f64 {
    let magnitude = 10f64.powf(v.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0].iter().map(|m| m * magnitude).find(|c| *c >= v).unwrap_or(10.0 * magnitude)
}

fn number(v: f64) -> String {
    if v >= 1000.0 && (v / 1000.0).fract() == 0.0 {
        format!("{}k", v / 1000.0)
    } else if v.fract() == 0.0 {
        format!("{v:.0}")
    } else if v >= 0.1 {
        format!("{v:.1}")
    } else {
        format!("{v}")
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splice_replaces_only_the_generated_section() {
        let doc = format!("# Title\n\nprose\n\n{BEGIN}\nold\n{END}\n\nmore prose\n");
        let section = format!("{BEGIN}\nnew\n{END}\n");
        let out = splice(&doc, &section);
        assert!(out.contains("prose\n\n") && out.contains("new") && !out.contains("old") && out.contains("more prose"));
        assert_eq!(splice(&out, &section), out, "splicing twice changes nothing");
        assert!(splice("# Only prose\n", &section).ends_with(&section));
    }

    #[test]
    fn charts_place_points_inside_the_plot() {
        let series =
            [Series { name: "a".into(), color: "#000", dashed: false, points: vec![(10.0, 0.2), (5000.0, 7.0)] }];
        let svg = chart("t", "x", "y", true, true, &series);
        assert!(svg.starts_with("<svg") && svg.contains("<polyline"));
        for cap in svg.split("cx=\"").skip(1) {
            let x: f64 = cap.split('"').next().unwrap().parse().unwrap();
            assert!((70.0..=550.0).contains(&x), "{x}");
        }
    }
}
