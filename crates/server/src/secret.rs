//! Where the JWT signing secret comes from.
//!
//! Whoever knows the secret can mint a token for any user, or for `service_role`. So the server
//! never signs with a secret the world knows unless told to in so many words: with none given it
//! generates a random one on first start and keeps it in a file beside the database (mode 0600),
//! reused on later starts so sign-ins survive restarts; a `:memory:` database, which does not
//! survive the process either, gets a fresh one each time. The secret itself is never printed
//! or logged; only where it lives is.

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

use crate::config::{Config, DEV_JWT_SECRET};

/// Supabase refuses JWT secrets shorter than this many characters; so do we.
pub const MIN_SECRET_LEN: usize = 32;

/// The secret and where it came from.
pub struct JwtSecret {
    pub value: String,
    pub source: SecretSource,
}

/// Where the secret came from, for the start-up banner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecretSource {
    /// `--jwt-secret` or `SESSION_JWT_SECRET`.
    Given,
    /// `--jwt-secret-file`.
    File(PathBuf),
    /// Generated now and kept in this file.
    Generated(PathBuf),
    /// Generated on an earlier start and read back from this file.
    Kept(PathBuf),
    /// Random for this process only (`--db :memory:`).
    Ephemeral,
    /// `--insecure-dev-jwt-secret`: the Supabase CLI's published secret.
    Development,
}

impl SecretSource {
    /// Whether a token signed by this server can be forged by anyone who read Supabase's docs.
    pub fn is_public(&self) -> bool {
        *self == SecretSource::Development
    }
}

impl fmt::Display for SecretSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SecretSource::Given => f.write_str("given by --jwt-secret / SESSION_JWT_SECRET"),
            SecretSource::File(path) => write!(f, "read from {}", path.display()),
            SecretSource::Generated(path) => write!(f, "generated and kept in {} (mode 0600)", path.display()),
            SecretSource::Kept(path) => write!(f, "kept in {}", path.display()),
            SecretSource::Ephemeral => f.write_str("random for this process (in-memory database)"),
            SecretSource::Development => {
                f.write_str("the PUBLISHED development secret (--insecure-dev-jwt-secret): anyone can forge tokens")
            }
        }
    }
}

/// The file a database's generated secret lives in: `<db file>.jwt-secret`, so two databases in
/// one directory never share a secret.
pub fn kept_secret_path(db: &str) -> PathBuf {
    let mut name = Path::new(db).as_os_str().to_owned();
    name.push(".jwt-secret");
    PathBuf::from(name)
}

/// Resolves the secret the flags ask for (see the module doc).
pub fn resolve(config: &Config) -> Result<JwtSecret, String> {
    let (value, source) = if config.insecure_dev_jwt_secret {
        (DEV_JWT_SECRET.to_owned(), SecretSource::Development)
    } else if let Some(value) = &config.jwt_secret {
        (value.clone(), SecretSource::Given)
    } else if let Some(path) = &config.jwt_secret_file {
        (read_secret_file(path)?, SecretSource::File(path.clone()))
    } else if config.db == ":memory:" {
        (random_secret(), SecretSource::Ephemeral)
    } else {
        let path = kept_secret_path(&config.db);
        let (value, created) = keep_or_read(&path)?;
        (value, if created { SecretSource::Generated(path) } else { SecretSource::Kept(path) })
    };
    if value.len() < MIN_SECRET_LEN {
        return Err(format!("the JWT secret ({source}) is shorter than {MIN_SECRET_LEN} characters"));
    }
    Ok(JwtSecret { value, source })
}

/// 48 bytes from the operating system's generator, base64url: 384 bits, 64 characters.
fn random_secret() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 48];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// A secret file holds the secret on its first line (a trailing newline is not part of it).
fn read_secret_file(path: &Path) -> Result<String, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read the JWT secret file {}: {e}", path.display()))?;
    Ok(text.lines().next().unwrap_or_default().trim_end().to_owned())
}

/// Reads the kept secret, or creates it when there is none (`true`). `create_new` makes two
/// servers starting at once on one database agree: the loser reads the winner's file.
fn keep_or_read(path: &Path) -> Result<(String, bool), String> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(mut file) => {
            let secret = random_secret();
            file.write_all(format!("{secret}\n").as_bytes())
                .and_then(|()| file.sync_all())
                .map_err(|e| format!("cannot write the JWT secret to {}: {e}", path.display()))?;
            Ok((secret, true))
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            tighten_permissions(path)?;
            let secret = read_secret_file(path)?;
            if secret.is_empty() {
                return Err(format!(
                    "the JWT secret file {} is empty; delete it to generate a new one",
                    path.display()
                ));
            }
            Ok((secret, false))
        }
        Err(e) => Err(format!("cannot create the JWT secret file {}: {e}", path.display())),
    }
}

/// A kept secret readable by other local users is as good as published: make it owner-only.
fn tighten_permissions(path: &Path) -> Result<(), String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let metadata = std::fs::metadata(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        if metadata.permissions().mode() & 0o077 != 0 {
            tracing::warn!(file = %path.display(), "the JWT secret file was readable by other users; made it 0600");
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
                .map_err(|e| format!("cannot restrict {}: {e}", path.display()))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn config(args: &[&str]) -> Config {
        Config::parse_from(["session-server"].iter().chain(args))
    }

    fn temp_db() -> (PathBuf, String) {
        let dir = std::env::temp_dir().join(format!("st-secret-{}", uuid::Uuid::new_v4()));
        let db = dir.join("nested").join("session.db").to_string_lossy().into_owned();
        (dir, db)
    }

    #[test]
    fn without_a_secret_one_is_generated_beside_the_database_and_kept() {
        let (dir, db) = temp_db();
        let first = resolve(&config(&["--db", &db])).unwrap();
        let path = kept_secret_path(&db);
        assert_eq!(first.source, SecretSource::Generated(path.clone()));
        assert_ne!(first.value, DEV_JWT_SECRET);
        assert!(first.value.len() >= 64);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        }
        let again = resolve(&config(&["--db", &db])).unwrap();
        assert_eq!((again.value.as_str(), again.source), (first.value.as_str(), SecretSource::Kept(path)));
        let other_db = dir.join("other.db").to_string_lossy().into_owned();
        assert_ne!(resolve(&config(&["--db", &other_db])).unwrap().value, first.value, "one secret per database");
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_kept_secret_readable_by_others_is_made_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let (dir, db) = temp_db();
        let first = resolve(&config(&["--db", &db])).unwrap();
        let path = kept_secret_path(&db);
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        assert_eq!(resolve(&config(&["--db", &db])).unwrap().value, first.value);
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn in_memory_databases_get_a_random_secret_per_process() {
        let a = resolve(&config(&["--db", ":memory:"])).unwrap();
        let b = resolve(&config(&["--db", ":memory:"])).unwrap();
        assert_eq!(a.source, SecretSource::Ephemeral);
        assert_ne!(a.value, b.value);
        assert_ne!(a.value, DEV_JWT_SECRET);
    }

    #[test]
    fn the_published_secret_only_when_asked_for_by_name() {
        let dev = resolve(&config(&["--db", ":memory:", "--insecure-dev-jwt-secret"])).unwrap();
        assert_eq!((dev.value.as_str(), dev.source.is_public()), (DEV_JWT_SECRET, true));
        let given = resolve(&config(&["--db", ":memory:", "--jwt-secret", &"s".repeat(40)])).unwrap();
        assert_eq!((given.value, given.source), ("s".repeat(40), SecretSource::Given));
        let short = resolve(&config(&["--db", ":memory:", "--jwt-secret", "short"]));
        assert!(short.is_err_and(|e| e.contains("shorter than 32")));
    }

    #[test]
    fn a_secret_file_keeps_the_secret_out_of_the_process_list() {
        let (dir, _) = temp_db();
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("secret");
        std::fs::write(&file, format!("{}\n", "f".repeat(48))).unwrap();
        let from_file = resolve(&config(&["--db", ":memory:", "--jwt-secret-file", file.to_str().unwrap()])).unwrap();
        assert_eq!((from_file.value, from_file.source), ("f".repeat(48), SecretSource::File(file.clone())));
        let missing = resolve(&config(&["--db", ":memory:", "--jwt-secret-file", "/nonexistent/secret"]));
        assert!(missing.is_err_and(|e| e.contains("cannot read the JWT secret file")));
        std::fs::remove_dir_all(dir).unwrap();
    }
}
