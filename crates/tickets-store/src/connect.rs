//! Opening the database named by `DATABASE_URL`: the backend comes from the URL's scheme.

use crate::{Database, StoreError};
use sqlx::any::AnyPoolOptions;
use sqlx::{Any, Executor, Transaction};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Which database engine a [`Database`] talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// SQLite, embedded: the default.
    Sqlite,
    /// PostgreSQL, for several processes and larger deployments.
    Postgres,
}

/// How long a query may wait for a free connection (or for the server at start-up) before the
/// database counts as unavailable.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(10);

/// The accepted schemes, for error messages.
const ACCEPTED: &str =
    "sqlite://PATH, sqlite::memory:, postgres://USER:PASSWORD@HOST/DB or postgresql://...";

/// A `DATABASE_URL` taken apart.
#[derive(Debug, PartialEq, Eq)]
enum Target {
    /// An in-memory SQLite database, gone when the last connection closes.
    SqliteMemory,
    /// A SQLite file.
    SqliteFile {
        path: PathBuf,
        has_mode: bool,
    },
    Postgres,
}

fn parse(url: &str) -> Result<Target, StoreError> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return Ok(Target::Postgres);
    }
    let Some(rest) = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
    else {
        // Only the scheme is repeated: the rest of a URL may hold a password.
        let scheme = url.split_once(':').map_or("(none)", |(scheme, _)| scheme);
        return Err(StoreError::Config(format!(
            "DATABASE_URL has an unsupported scheme {scheme:?}; use {ACCEPTED}"
        )));
    };
    let (database, params) = rest.split_once('?').unwrap_or((rest, ""));
    let param = |name: &str| {
        params
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .find(|(key, _)| *key == name)
            .map(|(_, value)| value)
    };
    if database == ":memory:" || param("mode") == Some("memory") {
        return Ok(Target::SqliteMemory);
    }
    if database.is_empty() {
        return Err(StoreError::Config(format!(
            "DATABASE_URL names no SQLite file; use {ACCEPTED}"
        )));
    }
    Ok(Target::SqliteFile {
        path: PathBuf::from(percent_decode(database)),
        has_mode: param("mode").is_some(),
    })
}

/// Undoes `%XX` escapes as sqlx does, so that we check the directory sqlx will open.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%')
            .then(|| text.get(i + 1..i + 3))
            .flatten()
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        if let Some(byte) = escaped {
            out.push(byte);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Refuses a SQLite path whose directory is missing: a typo must not silently start an empty
/// database somewhere else.
fn check_directory(path: &Path) -> Result<(), StoreError> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    if dir.is_dir() {
        return Ok(());
    }
    Err(StoreError::Config(format!(
        "DATABASE_URL points to a SQLite file in the directory {}, which does not exist; \
         create the directory or correct the path",
        dir.display()
    )))
}

impl Database {
    /// Connects to the database named by a `DATABASE_URL`.
    ///
    /// A SQLite file is created when missing, but never its directory. SQLite connections use
    /// WAL, a 5-second busy timeout and foreign keys.
    ///
    /// # Errors
    ///
    /// [`StoreError::Config`] for an unsupported scheme, a SQLite path in a missing directory or a
    /// database the server does not have; [`StoreError::Unavailable`] when the server cannot be
    /// reached.
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        sqlx::any::install_default_drivers();
        let target = parse(url)?;
        let options = AnyPoolOptions::new().acquire_timeout(ACQUIRE_TIMEOUT);
        let (backend, options, url) = match &target {
            Target::Postgres => (
                Backend::Postgres,
                options.max_connections(10),
                url.to_owned(),
            ),
            // Every Any connection parses the URL anew, and each parse of `:memory:` is a new
            // database: one connection, kept forever, is the only way to keep the data.
            Target::SqliteMemory => (
                Backend::Sqlite,
                options
                    .max_connections(1)
                    .min_connections(1)
                    .idle_timeout(None)
                    .max_lifetime(None),
                url.to_owned(),
            ),
            Target::SqliteFile { path, has_mode } => {
                check_directory(path)?;
                let url = if *has_mode {
                    url.to_owned()
                } else if url.contains('?') {
                    format!("{url}&mode=rwc")
                } else {
                    format!("{url}?mode=rwc")
                };
                (Backend::Sqlite, options.max_connections(5), url)
            }
        };
        let options = match backend {
            Backend::Sqlite => options.after_connect(|conn, _meta| {
                Box::pin(async move {
                    // Per-connection settings; sqlx sets the same by default, but we rely on them.
                    conn.execute("PRAGMA busy_timeout = 5000").await?;
                    conn.execute("PRAGMA foreign_keys = ON").await?;
                    Ok(())
                })
            }),
            Backend::Postgres => options,
        };
        let pool = options.connect(&url).await.map_err(connect_error)?;
        let db = Self { pool, backend };
        if matches!(target, Target::SqliteFile { .. }) {
            // WAL is a property of the file, set once here rather than in after_connect: changing
            // the journal mode needs an exclusive lock that the busy timeout does not wait for.
            db.pool.execute("PRAGMA journal_mode = WAL").await?;
        }
        Ok(db)
    }

    /// Which engine this database runs on.
    #[must_use]
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Checks that the database answers.
    ///
    /// # Errors
    ///
    /// [`StoreError::Unavailable`] when it does not.
    pub async fn ping(&self) -> Result<(), StoreError> {
        self.pool.execute("SELECT 1").await?;
        Ok(())
    }

    /// Closes every connection; queries made afterwards fail.
    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// Begins a transaction that will write.
    ///
    /// On SQLite it takes the write lock at once (`BEGIN IMMEDIATE`): a deferred transaction that
    /// read first could not upgrade to a writer once another connection wrote, and would fail
    /// instead of waiting. PostgreSQL takes row locks as statements run.
    pub(crate) async fn begin_write(&self) -> Result<Transaction<'static, Any>, StoreError> {
        Ok(match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.pool.begin().await?,
        })
    }
}

fn connect_error(error: sqlx::Error) -> StoreError {
    match &error {
        sqlx::Error::Configuration(cause) => StoreError::Config(format!(
            "DATABASE_URL is not a valid database URL ({cause}); use {ACCEPTED}"
        )),
        sqlx::Error::Database(db) if db.code().as_deref() == Some("3D000") => StoreError::Config(
            "DATABASE_URL names a PostgreSQL database that does not exist; create it first"
                .to_owned(),
        ),
        sqlx::Error::Database(db) if db.code().is_some_and(|code| code.starts_with("28")) => {
            StoreError::Config(
                "the PostgreSQL server refused the user or password in DATABASE_URL".to_owned(),
            )
        }
        _ => StoreError::from(error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes() {
        assert_eq!(parse("postgres://u@h/db").unwrap(), Target::Postgres);
        assert_eq!(parse("postgresql://u@h/db").unwrap(), Target::Postgres);
        assert_eq!(parse("sqlite::memory:").unwrap(), Target::SqliteMemory);
        assert_eq!(parse("sqlite://:memory:").unwrap(), Target::SqliteMemory);
        assert_eq!(
            parse("sqlite://./data/t%20x.db?mode=rwc").unwrap(),
            Target::SqliteFile {
                path: PathBuf::from("./data/t x.db"),
                has_mode: true
            }
        );
        assert_eq!(
            parse("sqlite:///abs/t.db").unwrap(),
            Target::SqliteFile {
                path: PathBuf::from("/abs/t.db"),
                has_mode: false
            }
        );
    }

    #[test]
    fn unknown_scheme_names_the_setting_but_not_the_password() {
        let err = parse("mysql://root:hunter2@db/x").unwrap_err().to_string();
        assert!(
            err.contains("DATABASE_URL") && err.contains("\"mysql\""),
            "{err}"
        );
        assert!(!err.contains("hunter2"), "{err}");
    }
}
