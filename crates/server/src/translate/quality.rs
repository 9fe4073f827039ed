//! The translation quality benchmark's parts (docs/features/translation.md, "Quality"): the test
//! set in `crates/server/translation-corpus/`, and chrF and BLEU scores over a whole direction.
//! Pure; `examples/translation_quality.rs` feeds it the engine's answers.

use std::collections::HashMap;

use super::text::spans;
use super::TextContext;

/// The languages of the test set, in its columns' order.
pub const LANGUAGES: [&str; 7] = ["en", "es", "fr", "pt", "it", "ca", "gl"];

/// One message of the test set in every language, and for `typo` rows what a hurried writer
/// typed in each language (translated in place of the clean text, scored against the clean
/// references).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub id: String,
    pub category: String,
    pub texts: HashMap<String, String>,
    pub noisy: HashMap<String, String>,
}

impl Row {
    /// What the benchmark translates from `lang`.
    pub fn source(&self, lang: &str) -> &str {
        self.noisy.get(lang).or_else(|| self.texts.get(lang)).map_or("", String::as_str)
    }

    pub fn reference(&self, lang: &str) -> &str {
        self.texts.get(lang).map_or("", String::as_str)
    }
}

/// Reads `corpus.tsv` and `noisy.tsv`, refusing a set that is not whole: every row has every
/// language, ids are unique, every noisy text belongs to a row.
pub fn load(corpus: &str, noisy: &str) -> Result<Vec<Row>, String> {
    let mut lines = corpus.lines();
    let header: Vec<&str> = lines.next().ok_or("corpus.tsv is empty")?.split('\t').collect();
    let mut expected = vec!["id", "category"];
    expected.extend(LANGUAGES);
    if header != expected {
        return Err(format!("corpus.tsv header is {header:?}, expected {expected:?}"));
    }
    let mut rows: Vec<Row> = Vec::new();
    let mut index = HashMap::new();
    for (n, line) in lines.enumerate() {
        let cells: Vec<&str> = line.split('\t').collect();
        if cells.len() != header.len() || cells.iter().any(|c| c.trim().is_empty()) {
            return Err(format!("corpus.tsv line {}: {} cells or an empty one", n + 2, cells.len()));
        }
        if index.insert(cells[0].to_owned(), rows.len()).is_some() {
            return Err(format!("corpus.tsv: id {} twice", cells[0]));
        }
        let texts = LANGUAGES.iter().zip(&cells[2..]).map(|(l, t)| ((*l).to_owned(), (*t).to_owned())).collect();
        rows.push(Row { id: cells[0].to_owned(), category: cells[1].to_owned(), texts, noisy: HashMap::new() });
    }
    for (n, line) in noisy.lines().skip(1).enumerate() {
        let cells: Vec<&str> = line.split('\t').collect();
        let [id, lang, text] = cells[..] else { return Err(format!("noisy.tsv line {}: not 3 cells", n + 2)) };
        let row = index.get(id).ok_or_else(|| format!("noisy.tsv line {}: no row {id}", n + 2))?;
        if !LANGUAGES.contains(&lang) {
            return Err(format!("noisy.tsv line {}: language {lang}", n + 2));
        }
        rows[*row].noisy.insert(lang.to_owned(), text.to_owned());
    }
    Ok(rows)
}

/// The protected spans of `text` (as the pipeline finds them with no names or glossary).
pub fn protected_spans(text: &str) -> Vec<String> {
    spans::find(text, &TextContext::default()).into_iter().map(|f| text[f.start..f.end].to_owned()).collect()
}

/// How many of `source`'s protected spans appear byte for byte in `output`, of how many.
pub fn spans_kept(source: &str, output: &str) -> (usize, usize) {
    let spans = protected_spans(source);
    let mut rest = output.to_owned();
    let mut kept = 0;
    for span in &spans {
        if let Some(at) = rest.find(span.as_str()) {
            kept += 1;
            rest.replace_range(at..at + span.len(), "\u{0}");
        }
    }
    (kept, spans.len())
}

/// Counts of n-grams for one order, summed over a corpus: (in the hypotheses, in the
/// references, matched).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Counts {
    hypothesis: usize,
    reference: usize,
    matched: usize,
}

fn ngram_counts<T: Eq + std::hash::Hash + Clone>(items: &[T], n: usize) -> HashMap<Vec<T>, usize> {
    let mut counts = HashMap::new();
    if items.len() >= n {
        for window in items.windows(n) {
            *counts.entry(window.to_vec()).or_insert(0) += 1;
        }
    }
    counts
}

fn add_order<T: Eq + std::hash::Hash + Clone>(counts: &mut Counts, hypothesis: &[T], reference: &[T], n: usize) {
    let h = ngram_counts(hypothesis, n);
    let r = ngram_counts(reference, n);
    counts.hypothesis += h.values().sum::<usize>();
    counts.reference += r.values().sum::<usize>();
    counts.matched += h.iter().map(|(gram, c)| (*c).min(*r.get(gram).unwrap_or(&0))).sum::<usize>();
}

/// chrF over a corpus, as sacrebleu computes its default `chrF2`: character n-grams of orders 1
/// to 6 with whitespace removed, statistics summed over all sentences, an F-score with β = 2 per
/// order, averaged over the orders; 0–100.
pub fn chrf(pairs: &[(String, String)]) -> f64 {
    const ORDER: usize = 6;
    const BETA: f64 = 2.0;
    let mut counts = [Counts::default(); ORDER];
    for (hypothesis, reference) in pairs {
        let h: Vec<char> = hypothesis.chars().filter(|c| !c.is_whitespace()).collect();
        let r: Vec<char> = reference.chars().filter(|c| !c.is_whitespace()).collect();
        for (n, counts) in counts.iter_mut().enumerate() {
            add_order(counts, &h, &r, n + 1);
        }
    }
    let factor = BETA * BETA;
    let mut total = 0.0;
    let mut orders = 0;
    for c in counts {
        if c.hypothesis == 0 || c.reference == 0 {
            continue;
        }
        orders += 1;
        let precision = c.matched as f64 / c.hypothesis as f64;
        let recall = c.matched as f64 / c.reference as f64;
        let denominator = factor * precision + recall;
        if denominator > 0.0 {
            total += (1.0 + factor) * precision * recall / denominator;
        }
    }
    if orders == 0 {
        0.0
    } else {
        100.0 * total / orders as f64
    }
}

/// Words and punctuation as separate tokens (close to sacrebleu's `13a` tokeniser for these
/// languages).
pub fn tokens(text: &str) -> Vec<String> {
    let mut spaced = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if c.is_alphanumeric() || c.is_whitespace() || c == '\'' || c == '’' {
            spaced.push(c);
        } else {
            spaced.push(' ');
            spaced.push(c);
            spaced.push(' ');
        }
    }
    spaced.split_whitespace().map(str::to_owned).collect()
}

/// Corpus BLEU: clipped n-gram precisions of orders 1 to 4 summed over all sentences, their
/// geometric mean, times the brevity penalty; 0–100. A zero count at some order gives 0 (the
/// benchmark's directions have hundreds of sentences, so that means a useless output).
pub fn bleu(pairs: &[(String, String)]) -> f64 {
    const ORDER: usize = 4;
    let mut counts = [Counts::default(); ORDER];
    let (mut hypothesis_len, mut reference_len) = (0, 0);
    for (hypothesis, reference) in pairs {
        let h = tokens(hypothesis);
        let r = tokens(reference);
        hypothesis_len += h.len();
        reference_len += r.len();
        for (n, counts) in counts.iter_mut().enumerate() {
            add_order(counts, &h, &r, n + 1);
        }
    }
    if hypothesis_len == 0 || counts.iter().any(|c| c.matched == 0) {
        return 0.0;
    }
    let log_precision: f64 =
        counts.iter().map(|c| (c.matched as f64 / c.hypothesis as f64).ln()).sum::<f64>() / ORDER as f64;
    let brevity =
        if hypothesis_len < reference_len { (1.0 - reference_len as f64 / hypothesis_len as f64).exp() } else { 1.0 };
    100.0 * brevity * log_precision.exp()
}

/// The `p`-th percentile (0–100) of sorted `values`, nearest rank.
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
        items.iter().map(|(h, r)| (h.to_string(), r.to_string())).collect()
    }

    #[test]
    fn identical_texts_score_100_and_unrelated_ones_near_0() {
        let same = pairs(&[("the cat sat on the mat", "the cat sat on the mat")]);
        assert!((chrf(&same) - 100.0).abs() < 1e-9);
        assert!((bleu(&same) - 100.0).abs() < 1e-9);
        let unrelated = pairs(&[("xyz qqq", "the cat sat on the mat")]);
        assert!(chrf(&unrelated) < 5.0);
        assert_eq!(bleu(&unrelated), 0.0);
    }

    // Reference values from sacrebleu 2.x (`sacrebleu.corpus_chrf` / `corpus_bleu` with
    // `tokenize='13a'`), computed once outside the project.
    #[test]
    fn scores_agree_with_sacrebleu() {
        let set = pairs(&[
            ("The cat is on the mat.", "The cat sat on the mat."),
            ("I am running a bit late, sorry!", "I'm running a little late, sorry!"),
        ]);
        let (c, b) = (chrf(&set), bleu(&set));
        assert!((c - 63.4288).abs() < 0.01, "chrF {c}");
        assert!((b - 41.1134).abs() < 0.01, "BLEU {b}");
    }

    #[test]
    fn a_shorter_hypothesis_pays_the_brevity_penalty() {
        let long = pairs(&[("a b c d e f", "a b c d e f")]);
        let short = pairs(&[("a b c d", "a b c d e f")]);
        assert!(bleu(&short) < bleu(&long));
        assert!(bleu(&short) > 0.0);
    }

    #[test]
    fn spans_are_counted_once_each() {
        assert_eq!(spans_kept("see https://x.org at 3:30 and 3:30", "ver https://x.org a las 3:30"), (2, 3));
        assert_eq!(spans_kept("hola", "hello"), (0, 0));
    }

    #[test]
    fn the_loader_refuses_a_broken_set() {
        let header = "id\tcategory\ten\tes\tfr\tpt\tit\tca\tgl";
        let good = format!("{header}\ns1\tgreeting\tHi\tHola\tSalut\tOlá\tCiao\tHola\tOla\n");
        let rows = load(&good, "id\tlang\ttext\ns1\ten\thi\n").unwrap();
        assert_eq!(rows[0].source("en"), "hi");
        assert_eq!(rows[0].reference("en"), "Hi");
        assert!(load(&format!("{good}s1\tgreeting\tHi\tHola\tSalut\tOlá\tCiao\tHola\tOla\n"), "").is_err());
        assert!(load(&format!("{header}\ns1\tgreeting\tHi\tHola\n"), "").is_err());
        assert!(load(&good, "id\tlang\ttext\ns9\ten\thi\n").is_err());
    }

    #[test]
    fn the_test_set_is_whole_and_its_spans_are_identical_in_every_language() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/translation-corpus");
        let corpus = std::fs::read_to_string(format!("{dir}/corpus.tsv")).unwrap();
        let noisy = std::fs::read_to_string(format!("{dir}/noisy.tsv")).unwrap();
        let rows = load(&corpus, &noisy).unwrap();
        assert!(rows.len() >= 200, "{} rows", rows.len());
        for row in &rows {
            let mut english = protected_spans(row.reference("en"));
            english.sort();
            for lang in LANGUAGES {
                let mut spans = protected_spans(row.reference(lang));
                spans.sort();
                assert_eq!(spans, english, "{} in {lang}", row.id);
            }
        }
    }

    #[test]
    fn nearest_rank_percentiles() {
        let v: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(percentile(&v, 50.0), 50.0);
        assert_eq!(percentile(&v, 99.0), 99.0);
        assert_eq!(percentile(&[], 50.0), 0.0);
    }
}
