//! Apertium, the offline default (Debian's `apertium` and language-pair packages).
//!
//! The `apertium` script starts a pipeline of about a dozen programs and loads every dictionary
//! for each call, which costs ~0.4 s; a message takes a few milliseconds once they are loaded.
//! So each direction runs one long-lived pipeline in null-flush mode: a request is the text in
//! Apertium's stream format followed by `\0`, and the pipeline answers with the translation
//! followed by `\0`.
//!
//! The pipeline is built from the pair's mode file the way `apertium -z` builds it
//! (`apertium-wblank-mode -z`), with two fixes found on Debian's apertium 3.8.3 / lttoolbox
//! 3.7.1: `apertium -z` itself never answers (its text deformatter and the `gawk` wrappers
//! buffer), and `lt-proc -z` (bilingual and generation steps) does not flush its output on
//! `\0`. We therefore skip the deformatter (escaping the text ourselves) and run every stage
//! under `stdbuf -o0`.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use futures_util::future::BoxFuture;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::process::{Child, ChildStdin, ChildStdout, Command};
use tokio::sync::Mutex;

use super::{Provider, TranslateError};

pub const NAME: &str = "apertium";

/// Whether the `apertium` command is on PATH.
pub fn is_installed() -> bool {
    std::env::var_os("PATH").is_some_and(|paths| {
        std::env::split_paths(&paths).any(|dir| dir.join("apertium").is_file())
    })
}

/// ISO 639-3 (Apertium's mode names) → ISO 639-1 (the app's codes), for the languages Apertium
/// has released pairs for. A language without a two-letter code cannot be chosen in the app.
const ISO3_TO_ISO1: [(&str, &str); 40] = [
    ("eng", "en"), ("spa", "es"), ("fra", "fr"), ("por", "pt"), ("cat", "ca"), ("ita", "it"),
    ("deu", "de"), ("nld", "nl"), ("glg", "gl"), ("oci", "oc"), ("ron", "ro"), ("rus", "ru"),
    ("ukr", "uk"), ("pol", "pl"), ("ces", "cs"), ("slk", "sk"), ("swe", "sv"), ("dan", "da"),
    ("nob", "nb"), ("nno", "nn"), ("eus", "eu"), ("ara", "ar"), ("tur", "tr"), ("kaz", "kk"),
    ("bel", "be"), ("bul", "bg"), ("mkd", "mk"), ("srp", "sr"), ("hbs", "sh"), ("slv", "sl"),
    ("isl", "is"), ("epo", "eo"), ("fin", "fi"), ("est", "et"), ("hin", "hi"), ("urd", "ur"),
    ("arg", "an"), ("cym", "cy"), ("bre", "br"), ("mlt", "mt"),
];

pub fn iso1(code: &str) -> Option<&'static str> {
    ISO3_TO_ISO1.iter().find(|(three, _)| *three == code).map(|(_, two)| *two)
}

/// The direction a mode file name stands for: `eng-spa.mode` → `("en", "es")`. Variants such
/// as `spa-eng_US` or `eng-spa-tagger` (debug modes) are not directions the app offers.
pub fn direction_of(mode: &str) -> Option<(&'static str, &'static str)> {
    let (source, target) = mode.split_once('-')?;
    Some((iso1(source)?, iso1(target)?))
}

/// Escapes text into Apertium's stream format, where these characters are markup.
/// NUL is dropped: it is our request terminator.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\0' => {}
            '\\' | '^' | '$' | '/' | '<' | '>' | '@' | '[' | ']' | '{' | '}' | '*' | '#' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// Reads the pipeline's answer back into text: escaped characters become themselves, and the
/// marks Apertium puts before words it could not translate (`*`, `@`, `#`, unescaped at the
/// start of a word) are removed, so the reader sees the word as written.
pub fn unescape(stream: &str) -> String {
    let mut out = String::with_capacity(stream.len());
    let mut chars = stream.chars();
    let mut at_word_start = true;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(next) = chars.next() {
                    out.push(next);
                    at_word_start = next.is_whitespace();
                }
            }
            '*' | '@' | '#' if at_word_start => {}
            _ => {
                out.push(c);
                at_word_start = c.is_whitespace() || "([\"'¿¡".contains(c);
            }
        }
    }
    out
}

/// The shell pipeline of a mode in null-flush mode (see the module comment).
fn null_flush_pipeline(mode_file: &Path) -> Result<String, String> {
    let output = std::process::Command::new("apertium-wblank-mode")
        .arg("-z")
        .arg(mode_file)
        .output()
        .map_err(|e| format!("cannot run apertium-wblank-mode: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "apertium-wblank-mode -z {} failed: {}",
            mode_file.display(),
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    let pipeline = String::from_utf8_lossy(&output.stdout);
    Ok(pipeline
        .trim()
        .split('|')
        .map(|stage| format!("stdbuf -o0 {}", stage.trim()))
        .collect::<Vec<_>>()
        .join(" | "))
}

struct Process {
    _child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

impl Process {
    fn start(pipeline: &str) -> std::io::Result<Process> {
        // `$1` is the generator's option (`-n`: no marks on unknown words, as `apertium -u`)
        // and `$2` the tagger's (none).
        let mut child = Command::new("bash")
            .arg("-c")
            .arg(pipeline)
            .arg("apertium")
            .arg("-n")
            .arg("")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()?;
        let stdin = child.stdin.take().ok_or_else(|| std::io::Error::other("no stdin"))?;
        let stdout = child.stdout.take().ok_or_else(|| std::io::Error::other("no stdout"))?;
        Ok(Process { _child: child, stdin, stdout: BufReader::new(stdout) })
    }

    async fn request(&mut self, text: &str) -> std::io::Result<String> {
        // A sentence-final full stop right before `\0` is lost in the pipeline; a trailing
        // blank (removed again below) keeps it.
        let mut request = escape(text).into_bytes();
        request.extend_from_slice(b" \0");
        self.stdin.write_all(&request).await?;
        self.stdin.flush().await?;
        let mut answer = Vec::new();
        let n = self.stdout.read_until(0, &mut answer).await?;
        if n == 0 || answer.last() != Some(&0) {
            return Err(std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "the pipeline exited"));
        }
        answer.pop();
        if answer.last() == Some(&b' ') {
            answer.pop();
        }
        Ok(unescape(&String::from_utf8_lossy(&answer)))
    }
}

/// One direction and its warm pipeline. Requests are serialised on the mutex: the pipeline
/// answers in order, one `\0`-terminated answer per request.
struct Direction {
    source: &'static str,
    target: &'static str,
    mode: String,
    pipeline: String,
    process: Mutex<Option<Process>>,
}

pub struct Apertium {
    directions: Vec<Direction>,
    timeout: Duration,
}

impl Apertium {
    /// Finds the installed directions in `<dir>/modes/*.mode`.
    pub fn discover(dir: &Path, timeout: Duration) -> Result<Apertium, String> {
        let modes: PathBuf = dir.join("modes");
        let entries = std::fs::read_dir(&modes).map_err(|e| format!("cannot read {}: {e}", modes.display()))?;
        let mut directions = Vec::new();
        for entry in entries.flatten() {
            let path = entry.path();
            let Some(mode) = path.file_name().and_then(|n| n.to_str()).and_then(|n| n.strip_suffix(".mode")) else {
                continue;
            };
            let Some((source, target)) = direction_of(mode) else { continue };
            if mode.len() != 7 {
                continue; // `xxx-yyy` exactly: the others are variants or debug modes
            }
            match null_flush_pipeline(&path) {
                Ok(pipeline) => directions.push(Direction {
                    source,
                    target,
                    mode: mode.to_owned(),
                    pipeline,
                    process: Mutex::new(None),
                }),
                Err(err) => tracing::warn!(%err, mode, "skipping apertium mode"),
            }
        }
        directions.sort_by(|a, b| (a.source, a.target).cmp(&(b.source, b.target)));
        if directions.is_empty() {
            tracing::warn!(dir = %modes.display(), "apertium has no usable language pairs installed");
        }
        Ok(Apertium { directions, timeout })
    }

    async fn run(&self, direction: &Direction, text: &str) -> Result<String, TranslateError> {
        let mut slot = direction.process.lock().await;
        if slot.is_none() {
            let process = Process::start(&direction.pipeline)
                .map_err(|e| TranslateError::provider(NAME, format!("cannot start {}: {e}", direction.mode)))?;
            *slot = Some(process);
        }
        let process = slot.as_mut().expect("started above");
        let result = tokio::time::timeout(self.timeout, process.request(text)).await;
        match result {
            Ok(Ok(translated)) => Ok(translated),
            // A pipeline that failed or hung may hold half an answer: throw it away and start
            // a fresh one on the next request.
            Ok(Err(e)) => {
                *slot = None;
                Err(TranslateError::provider(NAME, format!("{} failed: {e}", direction.mode)))
            }
            Err(_) => {
                *slot = None;
                Err(TranslateError::Timeout { provider: NAME })
            }
        }
    }
}

impl Provider for Apertium {
    fn name(&self) -> &'static str {
        NAME
    }

    fn pairs(&self) -> Option<Vec<(String, String)>> {
        Some(self.directions.iter().map(|d| (d.source.to_owned(), d.target.to_owned())).collect())
    }

    fn translate<'a>(&'a self, text: &'a str, source: &'a str, target: &'a str)
        -> BoxFuture<'a, Result<String, TranslateError>> {
        Box::pin(async move {
            let direction = self
                .directions
                .iter()
                .find(|d| d.source == source && d.target == target)
                .ok_or_else(|| TranslateError::Unsupported { provider: NAME, from: source.into(), to: target.into() })?;
            self.run(direction, text).await
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mode_names_map_to_app_codes() {
        assert_eq!(direction_of("eng-spa"), Some(("en", "es")));
        assert_eq!(direction_of("spa-eng"), Some(("es", "en")));
        assert_eq!(direction_of("xyz-eng"), None);
        assert_eq!(iso1("cat"), Some("ca"));
    }

    #[test]
    fn stream_format_round_trips_markup_characters() {
        let text = "a^b$c/d<e>f@g[h]i{j}k*l#m\\n\0";
        let escaped = escape(text);
        assert_eq!(escaped, "a\\^b\\$c\\/d\\<e\\>f\\@g\\[h\\]i\\{j\\}k\\*l\\#m\\\\n");
        assert_eq!(unescape(&escaped), text.trim_end_matches('\0'));
        assert_eq!(unescape("Hola, *Wibble es @house y #casar.\nBien"), "Hola, Wibble es house y casar.\nBien");
        assert_eq!(unescape("5 \\* 3"), "5 * 3", "an escaped star is the user's");
    }

    /// The real engine, when installed: the line protocol answers request by request.
    #[tokio::test]
    async fn warm_pipeline_translates_in_both_directions() {
        if !is_installed() {
            eprintln!("SKIPPED: apertium is not installed (apt-get install apertium apertium-eng-spa)");
            return;
        }
        let engine = Apertium::discover(Path::new("/usr/share/apertium"), Duration::from_secs(20)).unwrap();
        if !engine.supports("en", "es") {
            eprintln!("SKIPPED: apertium-eng-spa is not installed");
            return;
        }
        assert_eq!(engine.translate("Good morning", "en", "es").await.unwrap(), "Buenos días");
        let two_lines = engine.translate("The cat is black.\nI [like] 5*3 & a/b", "en", "es").await.unwrap();
        assert!(two_lines.starts_with("El gato es negro.\n"), "{two_lines:?}");
        assert!(two_lines.contains("[") && two_lines.contains("5*3") && two_lines.contains("/"), "{two_lines:?}");
        assert_eq!(engine.translate("Buenos días", "es", "en").await.unwrap(), "Good morning");
        let err = engine.translate("x", "en", "fr").await.unwrap_err();
        assert_eq!(err.to_string(), "apertium: no en→fr pair");
    }
}
