//! Apertium, the offline default (Debian's `apertium` and language-pair packages).
//!
//! The `apertium` script starts a pipeline of about a dozen programs and loads every dictionary
//! for each call, which costs ~0.4 s; a message takes a few milliseconds once they are loaded.
//! So each direction runs one long-lived pipeline in null-flush mode: a request is the text in
//! Apertium's stream format followed by `\0`, and the pipeline answers with the translation
//! followed by `\0`. Each request carries its number, which the answer must carry back
//! ([`tagged_request`], [`untag`]), and one task per direction owns the pipeline so that a
//! caller giving up half-way cannot leave an unread answer for the next one ([`Worker`]).
//!
//! The pipeline is built from the pair's mode file the way `apertium -z` builds it
//! (`apertium-wblank-mode -z`), with two fixes found on Debian's apertium 3.8.3 / lttoolbox
//! 3.7.1: `apertium -z` itself never answers (its text deformatter and the `gawk` wrappers
//! buffer), and `lt-proc -z` (bilingual and generation steps) does not flush its output on
//! `\0`. We therefore skip the deformatter (escaping the text ourselves) and run every stage
//! under `stdbuf -o0`.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::OnceLock;
use std::time::Duration;

use futures_util::future::BoxFuture;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::process::{Child, ChildStdin, ChildStdout, Command};
use tokio::sync::{mpsc, oneshot};

use super::{route, Provider, TranslateError};

pub const NAME: &str = "apertium";

/// Whether the `apertium` command is on PATH.
pub fn is_installed() -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join("apertium").is_file()))
}

/// ISO 639-3 (Apertium's mode names) → ISO 639-1 (the app's codes), for the languages Apertium
/// has released pairs for. A language without a two-letter code cannot be chosen in the app.
const ISO3_TO_ISO1: [(&str, &str); 40] = [
    ("eng", "en"),
    ("spa", "es"),
    ("fra", "fr"),
    ("por", "pt"),
    ("cat", "ca"),
    ("ita", "it"),
    ("deu", "de"),
    ("nld", "nl"),
    ("glg", "gl"),
    ("oci", "oc"),
    ("ron", "ro"),
    ("rus", "ru"),
    ("ukr", "uk"),
    ("pol", "pl"),
    ("ces", "cs"),
    ("slk", "sk"),
    ("swe", "sv"),
    ("dan", "da"),
    ("nob", "nb"),
    ("nno", "nn"),
    ("eus", "eu"),
    ("ara", "ar"),
    ("tur", "tr"),
    ("kaz", "kk"),
    ("bel", "be"),
    ("bul", "bg"),
    ("mkd", "mk"),
    ("srp", "sr"),
    ("hbs", "sh"),
    ("slv", "sl"),
    ("isl", "is"),
    ("epo", "eo"),
    ("fin", "fi"),
    ("est", "et"),
    ("hin", "hi"),
    ("urd", "ur"),
    ("arg", "an"),
    ("cym", "cy"),
    ("bre", "br"),
    ("mlt", "mt"),
];

pub fn iso1(code: &str) -> Option<&'static str> {
    ISO3_TO_ISO1.iter().find(|(three, _)| *three == code).map(|(_, two)| *two)
}

/// The direction a mode file name stands for: `eng-spa` → `("en", "es")`, `es-fr` →
/// `("es", "fr")` (packages name their modes with either code). Variants (`spa-cat_valencia`,
/// `es-pt_BR`), other scripts or encodings (`gl-pt-latin1`), debug modes (`eng-spa-tagger`) and
/// other language varieties (`eco-es-fr`) are not directions the app offers.
pub fn direction_of(mode: &str) -> Option<(&'static str, &'static str)> {
    let (source, target) = mode.split_once('-')?;
    let code = |c: &str| -> Option<&'static str> {
        if !c.chars().all(|c| c.is_ascii_lowercase()) {
            return None;
        }
        match c.len() {
            3 => iso1(c),
            2 => ISO3_TO_ISO1.iter().find(|(_, two)| *two == c).map(|(_, two)| *two),
            _ => None,
        }
    };
    Some((code(source)?, code(target)?))
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
    Ok(pipeline.trim().split('|').map(|stage| format!("stdbuf -o0 {}", stage.trim())).collect::<Vec<_>>().join(" | "))
}

/// How much the Apertium processes defer to the server (the `nice` value: 0 is equal, 19 the
/// most deferring).
const TRANSLATION_NICENESS: libc::c_int = 10;

struct Process {
    _child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

impl Process {
    fn start(pipeline: &str) -> std::io::Result<Process> {
        // `$1` is the generator's option (`-n`: no marks on unknown words, as `apertium -u`)
        // and `$2` the tagger's (none).
        let mut command = Command::new("bash");
        command
            .arg("-c")
            .arg(pipeline)
            .arg("apertium")
            .arg("-n")
            .arg("")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .kill_on_drop(true);
        // Delivery before translation: on a busy core the pipeline yields to the server's own
        // threads, so a message's INSERT never waits behind another message's translation
        // (docs/benchmarks.md). Idle cores still run it at full speed.
        // SAFETY: between fork and exec the closure only calls setpriority, which is
        // async-signal-safe and touches no memory of the parent.
        #[cfg(unix)]
        unsafe {
            command.pre_exec(|| {
                libc::setpriority(libc::PRIO_PROCESS, 0, TRANSLATION_NICENESS);
                Ok(())
            });
        }
        let mut child = command.spawn()?;
        let stdin = child.stdin.take().ok_or_else(|| std::io::Error::other("no stdin"))?;
        let stdout = child.stdout.take().ok_or_else(|| std::io::Error::other("no stdout"))?;
        Ok(Process { _child: child, stdin, stdout: BufReader::new(stdout) })
    }

    /// Sends one tagged request and reads one `\0`-terminated answer, as raw stream text.
    async fn exchange(&mut self, request: &[u8]) -> std::io::Result<String> {
        self.stdin.write_all(request).await?;
        self.stdin.flush().await?;
        let mut answer = Vec::new();
        let n = self.stdout.read_until(0, &mut answer).await?;
        if n == 0 || answer.last() != Some(&0) {
            return Err(std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "the pipeline exited"));
        }
        answer.pop();
        Ok(String::from_utf8_lossy(&answer).into_owned())
    }
}

/// The request for `text` carrying request number `tag`: the text in stream format after a
/// superblank `[tag]`, then `\0`. Apertium copies superblanks through every stage unchanged;
/// checked on Debian's apertium-eng-spa in both directions, where a leading `[n]` came back first
/// and left the translation byte for byte as without it (a trailing one did not: "it's [n]"
/// became "Es [n]" instead of "Él"). The user's `[` is escaped, so a text cannot forge a tag.
pub fn tagged_request(text: &str, tag: u64) -> Vec<u8> {
    // A sentence-final full stop right before `\0` is lost in the pipeline; a trailing blank
    // (removed again in `untag`) keeps it.
    format!("[{tag}]{} \0", escape(text)).into_bytes()
}

/// The translation in an answer, if the answer belongs to request `tag`: `None` means the
/// pipeline is out of step (an answer to another request), and the answer must not be used.
pub fn untag(answer: &str, tag: u64) -> Option<String> {
    let rest = answer.strip_prefix('[')?.strip_prefix(tag.to_string().as_str())?.strip_prefix(']')?;
    Some(unescape(rest.strip_suffix(' ').unwrap_or(rest)))
}

/// Extra time the first request on a fresh pipeline may take: loading the dictionaries (~0.1 s
/// on a warm disk cache, seconds on a cold one) is not the text's fault.
const START_UP: Duration = Duration::from_secs(10);

/// How many requests may wait for one direction's pipeline; a caller beyond that waits for room
/// (within its own time limit).
const BACKLOG: usize = 64;

/// How long a direction's pipeline stays up without a request.
const IDLE: Duration = Duration::from_secs(600);

struct Request {
    text: String,
    reply: oneshot::Sender<Result<String, TranslateError>>,
}

/// One direction's pipeline, owned by a task that nobody cancels. A caller that gives up (its
/// time limit, a dropped HTTP request) only drops its reply channel: the task still reads the
/// answer it asked for, so the pipeline never holds an unread answer for the next caller. Every
/// answer must carry its request's tag; one that does not, or a pipeline that fails or hangs,
/// is thrown away (the next request starts a fresh one) and the caller gets an error.
struct Worker {
    mode: String,
    pipeline: String,
    /// Longest a started request may take before the pipeline counts as hung.
    hang_limit: Duration,
    process: Option<Process>,
    next_tag: u64,
}

impl Worker {
    async fn run(mut self, mut requests: mpsc::Receiver<Request>) {
        loop {
            // A direction nobody used for a while gives its memory back: each pipeline holds its
            // dictionaries (tens of MB), and with every installed pair warm a server would hold
            // gigabytes (docs/features/translation.md, "Apertium pipelines").
            let request = match tokio::time::timeout(IDLE, requests.recv()).await {
                Ok(Some(request)) => request,
                Ok(None) => break,
                Err(_) => {
                    self.process = None;
                    continue;
                }
            };
            if request.reply.is_closed() {
                continue; // its caller gave up while it waited: nothing to translate it for
            }
            let result = self.translate(&request.text).await;
            let _ = request.reply.send(result);
        }
    }

    async fn translate(&mut self, text: &str) -> Result<String, TranslateError> {
        let fresh = self.process.is_none();
        let mut process = match self.process.take() {
            Some(process) => process,
            None => Process::start(&self.pipeline)
                .map_err(|e| TranslateError::provider(NAME, format!("cannot start {}: {e}", self.mode)))?,
        };
        self.next_tag += 1;
        let tag = self.next_tag;
        let limit = if fresh { self.hang_limit + START_UP } else { self.hang_limit };
        // On every path that returns early the process is dropped (and killed) with `process`.
        let answer = match tokio::time::timeout(limit, process.exchange(&tagged_request(text, tag))).await {
            Ok(Ok(answer)) => answer,
            Ok(Err(e)) => return Err(TranslateError::provider(NAME, format!("{} failed: {e}", self.mode))),
            Err(_) => return Err(TranslateError::Timeout { provider: NAME }),
        };
        let Some(translated) = untag(&answer, tag) else {
            tracing::error!(mode = %self.mode, tag, "apertium answer out of step; restarting the pipeline");
            return Err(TranslateError::provider(NAME, format!("{}: answer out of step", self.mode)));
        };
        self.process = Some(process);
        Ok(translated)
    }
}

/// One direction and the task that runs its pipeline, started on first use (it needs a tokio
/// runtime, which `discover` may be called outside of).
struct Direction {
    source: &'static str,
    target: &'static str,
    mode: String,
    pipeline: String,
    requests: OnceLock<mpsc::Sender<Request>>,
}

impl Direction {
    fn requests(&self, hang_limit: Duration) -> &mpsc::Sender<Request> {
        self.requests.get_or_init(|| {
            let (sender, receiver) = mpsc::channel(BACKLOG);
            let worker = Worker {
                mode: self.mode.clone(),
                pipeline: self.pipeline.clone(),
                hang_limit,
                process: None,
                next_tag: 0,
            };
            tokio::spawn(worker.run(receiver));
            sender
        })
    }
}

pub struct Apertium {
    directions: Vec<Direction>,
    /// The installed directions and every direction with a route, fixed once discovered:
    /// each request asks for them.
    installed: Vec<(String, String)>,
    reachable: Vec<(String, String)>,
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
            match null_flush_pipeline(&path) {
                Ok(pipeline) => directions.push(Direction {
                    source,
                    target,
                    mode: mode.to_owned(),
                    pipeline,
                    requests: OnceLock::new(),
                }),
                Err(err) => tracing::warn!(%err, mode, "skipping apertium mode"),
            }
        }
        // Sorted by mode name too, so that when two packages install one direction (`eng-cat`
        // and `en-ca`), the same one is kept on every start.
        directions.sort_by(|a, b| (a.source, a.target, &a.mode).cmp(&(b.source, b.target, &b.mode)));
        directions.dedup_by(|a, b| (a.source, a.target) == (b.source, b.target));
        if directions.is_empty() {
            tracing::warn!(dir = %modes.display(), "apertium has no usable language pairs installed");
        }
        let installed: Vec<(String, String)> =
            directions.iter().map(|d| (d.source.to_owned(), d.target.to_owned())).collect();
        let reachable = route::reachable(&installed);
        Ok(Apertium { directions, installed, reachable, timeout })
    }

    async fn run(&self, direction: &Direction, text: &str) -> Result<String, TranslateError> {
        let stopped = || TranslateError::provider(NAME, format!("{}: pipeline task stopped", direction.mode));
        let (reply, answer) = oneshot::channel();
        let request = Request { text: text.to_owned(), reply };
        direction.requests(self.timeout).send(request).await.map_err(|_| stopped())?;
        answer.await.map_err(|_| stopped())?
    }
}

impl Provider for Apertium {
    fn name(&self) -> &'static str {
        NAME
    }

    /// Every direction with a route: the installed ones and those through a pivot.
    fn pairs(&self) -> Option<Vec<(String, String)>> {
        Some(self.reachable.clone())
    }

    fn route(&self, source: &str, target: &str) -> Vec<String> {
        route::plan(&self.installed, source, target).unwrap_or_else(|| vec![source.to_owned(), target.to_owned()])
    }

    /// Runs each hop of the route in turn: a pivot's first answer is the second's text.
    fn translate<'a>(
        &'a self,
        text: &'a str,
        source: &'a str,
        target: &'a str,
    ) -> BoxFuture<'a, Result<String, TranslateError>> {
        Box::pin(async move {
            let unsupported = || TranslateError::Unsupported { provider: NAME, from: source.into(), to: target.into() };
            let hops = route::plan(&self.installed, source, target).ok_or_else(unsupported)?;
            let mut text = text.to_owned();
            for hop in hops.windows(2) {
                let direction = self
                    .directions
                    .iter()
                    .find(|d| d.source == hop[0] && d.target == hop[1])
                    .ok_or_else(unsupported)?;
                text = self.run(direction, &text).await?;
            }
            Ok(text)
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
        assert_eq!(direction_of("es-fr"), Some(("es", "fr")));
        assert_eq!(direction_of("en-gl"), Some(("en", "gl")));
        for variant in ["spa-cat_valencia", "es-pt_BR", "gl-pt-latin1", "eco-es-fr", "eng-spa-tagger", "spa-eng_US"] {
            assert_eq!(direction_of(variant), None, "{variant}");
        }
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

    #[test]
    fn answers_are_matched_to_their_request() {
        assert_eq!(tagged_request("a [b].", 7), b"[7]a \\[b\\]. \0".to_vec());
        assert_eq!(untag("[7]Un \\[b\\]. ", 7).as_deref(), Some("Un [b]."));
        assert_eq!(untag("[6]Otro. ", 7), None, "the previous request's answer");
        assert_eq!(untag("[71]Otro. ", 7), None);
        assert_eq!(untag("Sin marca", 7), None);
        assert_eq!(untag("\\[7\\]Texto del usuario", 7), None, "a user's [7] is escaped, not a tag");
    }

    fn engine() -> Apertium {
        assert!(is_installed(), "apertium is not installed (apt-get install apertium apertium-eng-spa)");
        let engine = Apertium::discover(Path::new("/usr/share/apertium"), Duration::from_secs(20)).unwrap();
        assert!(engine.supports("en", "es") && engine.supports("es", "en"), "apertium-eng-spa is not installed");
        engine
    }

    /// The real engine: the line protocol answers request by request.
    #[tokio::test]
    async fn warm_pipeline_translates_in_both_directions() {
        let engine = engine();
        assert_eq!(engine.translate("Good morning", "en", "es").await.unwrap(), "Buenos días");
        let two_lines = engine.translate("The cat is black.\nI [like] 5*3 & a/b", "en", "es").await.unwrap();
        assert!(two_lines.starts_with("El gato es negro.\n"), "{two_lines:?}");
        assert!(two_lines.contains("[") && two_lines.contains("5*3") && two_lines.contains("/"), "{two_lines:?}");
        assert_eq!(engine.translate("Buenos días", "es", "en").await.unwrap(), "Good morning");
        let err = engine.translate("x", "en", "ja").await.unwrap_err();
        assert_eq!(err.to_string(), "apertium: no en→ja pair");
        // No en-fr package: English → Spanish → French, two warm pipelines in turn.
        assert_eq!(engine.route("en", "fr"), ["en", "es", "fr"]);
        assert_eq!(engine.translate("Good morning", "en", "fr").await.unwrap(), "Bonjour");
    }

    /// A request dropped after writing and before reading (a caller's time limit) must not
    /// leave its answer to be read by the next request.
    #[tokio::test]
    async fn a_request_given_up_mid_way_does_not_shift_later_answers() {
        let engine = engine();
        assert_eq!(engine.translate("Good morning", "en", "es").await.unwrap(), "Buenos días");
        let long = "The old house is near the station. ".repeat(100);
        for _ in 0..3 {
            // The pipeline is warm and idle, so the request is being translated (~50 ms and
            // more for this text) when its caller gives up.
            let cut = tokio::time::timeout(Duration::from_millis(5), engine.translate(&long, "en", "es")).await;
            assert!(cut.is_err(), "the caller gave up");
            assert_eq!(engine.translate("Good morning", "en", "es").await.unwrap(), "Buenos días");
        }
    }
}
