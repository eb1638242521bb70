//! Test support: run one database test on SQLite and on PostgreSQL.
//!
//! [`db_test!`](crate::db_test) turns one async test body into two `#[tokio::test]`s, in a module
//! named after the test: `<name>::sqlite` on a fresh temporary file, and `<name>::postgres` on a
//! fresh database created on the server named by `TICKETS_TEST_POSTGRES_URL` and dropped
//! afterwards. Without that variable the PostgreSQL variant prints a notice and passes; with it,
//! an unreachable server fails the test (CI sets it, and must not skip silently).
//!
//! Enabled by this crate's `testing` feature; the calling crate needs `tokio` (with `macros` and
//! `rt-multi-thread`) among its dependencies.

use crate::{Backend, Database};
use std::future::Future;
use std::sync::atomic::{AtomicU32, Ordering};

/// The variable naming the PostgreSQL server for tests, e.g.
/// `postgres://postgres@127.0.0.1:5432/postgres`.
pub const POSTGRES_URL_VAR: &str = "TICKETS_TEST_POSTGRES_URL";

/// Expands one async test body into a SQLite and a PostgreSQL `#[tokio::test]`.
///
/// ```no_run
/// use tickets_model::GuildId;
///
/// tickets_store::db_test!(
///     async fn settings_have_defaults(db) {
///         let settings = db.settings().get(GuildId::new(1)).await.unwrap();
///         assert_eq!(settings.ticket_limit, 5);
///     }
/// );
/// # fn main() {}
/// ```
///
/// The body gets a migrated [`Database`](crate::Database) named as in the parentheses, and sees
/// the items of the enclosing module.
///
/// Upgrade tests start from the schema an older release left: `db_test!(migrated_to 2, async fn
/// name(db) { ... })` applies the migrations up to and including 0002 only, and the body calls
/// `db.migrate()` itself.
#[macro_export]
macro_rules! db_test {
    (migrated_to $last:literal, $(#[$meta:meta])* async fn $name:ident($db:ident) $body:block) => {
        $(#[$meta])*
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            async fn body($db: $crate::Database) $body

            #[::tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                $crate::testing::run_sqlite_migrated_to($last, body).await;
            }

            #[::tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                $crate::testing::run_postgres_migrated_to(module_path!(), $last, body).await;
            }
        }
    };
    ($(#[$meta:meta])* async fn $name:ident($db:ident) $body:block) => {
        $(#[$meta])*
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            async fn body($db: $crate::Database) $body

            #[::tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                $crate::testing::run_sqlite(body).await;
            }

            #[::tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                $crate::testing::run_postgres(module_path!(), body).await;
            }
        }
    };
}

pub use crate::db_test;

mod snapshot;
pub use snapshot::guild_rows;

/// A fresh, migrated database for one test, removed by [`TestDatabase::cleanup`].
#[derive(Debug)]
pub struct TestDatabase {
    db: Database,
    url: String,
    cleanup: Cleanup,
}

#[derive(Debug)]
enum Cleanup {
    /// Deleted with the directory.
    Sqlite(tempfile::TempDir),
    /// Dropped through the server's maintenance database.
    Postgres { admin_url: String, name: String },
}

impl TestDatabase {
    /// A migrated SQLite database in a new temporary directory.
    ///
    /// # Panics
    ///
    /// When the database cannot be created or migrated.
    pub async fn sqlite() -> Self {
        Self::sqlite_migrated_to(i64::MAX).await
    }

    /// A SQLite database in a new temporary directory, migrated up to and including migration
    /// `last` only: the schema an older release left, for upgrade tests.
    ///
    /// # Panics
    ///
    /// When the database cannot be created or migrated.
    pub async fn sqlite_migrated_to(last: i64) -> Self {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temporary directory: {e}"));
        let url = format!("sqlite://{}", dir.path().join("tickets.db").display());
        let db = connect_and_migrate(&url, last).await;
        Self {
            db,
            url,
            cleanup: Cleanup::Sqlite(dir),
        }
    }

    /// A migrated PostgreSQL database, newly created on the `TICKETS_TEST_POSTGRES_URL` server;
    /// `None` when that variable is unset.
    ///
    /// # Panics
    ///
    /// When the variable is set but the server cannot be reached or refuses to create the
    /// database.
    pub async fn postgres() -> Option<Self> {
        Self::postgres_migrated_to(i64::MAX).await
    }

    /// Like [`TestDatabase::postgres`], migrated up to and including migration `last` only.
    ///
    /// # Panics
    ///
    /// As [`TestDatabase::postgres`].
    pub async fn postgres_migrated_to(last: i64) -> Option<Self> {
        let admin_url = std::env::var(POSTGRES_URL_VAR)
            .ok()
            .filter(|url| !url.is_empty())?;
        sqlx::any::install_default_drivers();
        let name = unique_name();
        let mut admin = connect_admin(&admin_url).await;
        sqlx::Executor::execute(&mut admin, format!("CREATE DATABASE {name}").as_str())
            .await
            .unwrap_or_else(|e| panic!("{POSTGRES_URL_VAR}: cannot create database {name}: {e}"));
        // Only this test's database matters from here; a failed goodbye is harmless.
        let _ = sqlx::Connection::close(admin).await;
        let url = with_database(&admin_url, &name);
        let db = connect_and_migrate(&url, last).await;
        Some(Self {
            db,
            url,
            cleanup: Cleanup::Postgres { admin_url, name },
        })
    }

    /// The database.
    #[must_use]
    pub fn db(&self) -> &Database {
        &self.db
    }

    /// Its URL, to connect a second handle (as another process would).
    #[must_use]
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Which engine it runs on.
    #[must_use]
    pub fn backend(&self) -> Backend {
        self.db.backend()
    }

    /// Closes the database and removes it (best effort: a failure is printed, not raised).
    pub async fn cleanup(self) {
        self.db.close().await;
        match self.cleanup {
            Cleanup::Sqlite(dir) => drop(dir),
            Cleanup::Postgres { admin_url, name } => {
                let result = async {
                    let mut admin =
                        <sqlx::AnyConnection as sqlx::Connection>::connect(&admin_url).await?;
                    let drop = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                    sqlx::Executor::execute(&mut admin, drop.as_str()).await?;
                    sqlx::Connection::close(admin).await
                }
                .await;
                if let Err(e) = result {
                    eprintln!("note: could not drop test database {name}: {e}");
                }
            }
        }
    }
}

/// Runs a test body on a fresh SQLite database.
///
/// # Panics
///
/// When the body panics (the database is removed first), or the database cannot be made.
pub async fn run_sqlite<F, Fut>(body: F)
where
    F: FnOnce(Database) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    run(TestDatabase::sqlite().await, Backend::Sqlite, body).await;
}

/// Runs a test body on a fresh SQLite database migrated up to and including migration `last`.
///
/// # Panics
///
/// As [`run_sqlite`].
pub async fn run_sqlite_migrated_to<F, Fut>(last: i64, body: F)
where
    F: FnOnce(Database) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let test_db = TestDatabase::sqlite_migrated_to(last).await;
    run(test_db, Backend::Sqlite, body).await;
}

/// Runs a test body on a fresh PostgreSQL database, or prints a notice and returns when
/// `TICKETS_TEST_POSTGRES_URL` is unset.
///
/// # Panics
///
/// When the body panics (the database is dropped first), or the server named by the variable
/// cannot be reached.
pub async fn run_postgres<F, Fut>(test: &str, body: F)
where
    F: FnOnce(Database) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    match TestDatabase::postgres().await {
        Some(test_db) => run(test_db, Backend::Postgres, body).await,
        None => eprintln!("notice: {POSTGRES_URL_VAR} is not set; skipped {test} on PostgreSQL"),
    }
}

/// Runs a test body on a fresh PostgreSQL database migrated up to and including migration
/// `last`, or prints a notice and returns when `TICKETS_TEST_POSTGRES_URL` is unset.
///
/// # Panics
///
/// As [`run_postgres`].
pub async fn run_postgres_migrated_to<F, Fut>(test: &str, last: i64, body: F)
where
    F: FnOnce(Database) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    match TestDatabase::postgres_migrated_to(last).await {
        Some(test_db) => run(test_db, Backend::Postgres, body).await,
        None => eprintln!("notice: {POSTGRES_URL_VAR} is not set; skipped {test} on PostgreSQL"),
    }
}

async fn run<F, Fut>(test_db: TestDatabase, expected: Backend, body: F)
where
    F: FnOnce(Database) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    assert_eq!(
        test_db.backend(),
        expected,
        "the test runs on the backend it is named after"
    );
    // Spawned so that a failing assertion still lets us remove the database before re-raising.
    let outcome = tokio::spawn(body(test_db.db().clone())).await;
    test_db.cleanup().await;
    if let Err(error) = outcome {
        match error.try_into_panic() {
            Ok(panic) => std::panic::resume_unwind(panic),
            Err(error) => panic!("test task did not finish: {error}"),
        }
    }
}

async fn connect_and_migrate(url: &str, last: i64) -> Database {
    let db = Database::connect(url)
        .await
        .unwrap_or_else(|e| panic!("cannot open the test database: {e}"));
    db.migrate_to(last)
        .await
        .unwrap_or_else(|e| panic!("cannot migrate the test database: {e}"));
    db
}

async fn connect_admin(url: &str) -> sqlx::AnyConnection {
    use sqlx::Connection as _;
    sqlx::AnyConnection::connect(url).await.unwrap_or_else(|e| {
        panic!("{POSTGRES_URL_VAR} is set but its PostgreSQL server cannot be reached: {e}")
    })
}

/// `tickets_test_<pid>_<time>_<seq>`: unique across concurrent test processes and threads, and a
/// plain identifier, so it needs no quoting.
fn unique_name() -> String {
    static SEQ: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    format!(
        "tickets_test_{}_{nanos}_{}",
        std::process::id(),
        SEQ.fetch_add(1, Ordering::Relaxed)
    )
}

/// The same server URL with another database: the path after the authority is replaced, the
/// query string kept.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = url
        .split_once('?')
        .map_or((url, None), |(b, q)| (b, Some(q)));
    let authority_start = base.find("://").map_or(0, |i| i + 3);
    let authority_end = base[authority_start..]
        .find('/')
        .map_or(base.len(), |i| authority_start + i);
    let mut out = format!("{}/{name}", &base[..authority_end]);
    if let Some(query) = query {
        out.push('?');
        out.push_str(query);
    }
    out
}

/// Runs one SQL statement as it is, for tests that write rows an older schema had (upgrade
/// tests) or that the repositories would refuse. Returns the number of rows it changed.
///
/// # Errors
///
/// Whatever the database answers.
pub async fn execute_sql(db: &Database, sql: &str) -> Result<u64, crate::StoreError> {
    Ok(sqlx::query(sql).execute(&db.pool).await?.rows_affected())
}

/// Stores `count` closed tickets of `guild` (openers cycling through 1,000 made-up members), as
/// a server with a long history would have, for benchmarks that must show that opening does not
/// slow down as history grows. Numbers continue from the guild's counter.
///
/// # Errors
///
/// Storage failures.
pub async fn seed_closed_tickets(
    db: &crate::Database,
    guild: tickets_model::GuildId,
    count: u64,
) -> Result<(), crate::StoreError> {
    const BATCH: u64 = 500;
    let guild_key = crate::db_id(guild);
    let mut tx = db.begin_write().await?;
    let start: i64 = sqlx::query_scalar(
        "INSERT INTO ticket_counters (guild_id, last_number, open_count, total_count) \
         VALUES ($1, 0, 0, 0) \
         ON CONFLICT (guild_id) DO UPDATE SET last_number = ticket_counters.last_number \
         RETURNING last_number",
    )
    .bind(guild_key)
    .fetch_one(&mut *tx)
    .await?;
    let now = crate::now_ms();
    let mut done = 0;
    while done < count {
        let size = BATCH.min(count - done);
        let mut sql = String::from(
            "INSERT INTO tickets (guild_id, number, opener_id, status, created_at, opened_at, \
             closed_at, closed_by) VALUES ",
        );
        for i in 0..size {
            let number = start + i64::try_from(done + i).unwrap_or(i64::MAX) + 1;
            let opener = 10_000_000 + (number % 1_000);
            if i > 0 {
                sql.push(',');
            }
            sql.push_str(&format!(
                "({guild_key}, {number}, {opener}, 'closed', {now}, {now}, {now}, {opener})"
            ));
        }
        sqlx::query(&sql).execute(&mut *tx).await?;
        done += size;
    }
    let added = i64::try_from(count).unwrap_or(i64::MAX);
    sqlx::query(
        "UPDATE ticket_counters SET last_number = last_number + $2, total_count = total_count + $2 \
         WHERE guild_id = $1",
    )
    .bind(guild_key)
    .bind(added)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    // A server's own statistics are current in steady state (autovacuum, SQLite's optimiser);
    // refresh them so the planner sees the history we just wrote.
    sqlx::query("ANALYZE").execute(&db.pool).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_is_swapped_in_the_url() {
        assert_eq!(
            with_database("postgres://u:p@h:5432/postgres", "x"),
            "postgres://u:p@h:5432/x"
        );
        assert_eq!(with_database("postgres://h", "x"), "postgres://h/x");
        assert_eq!(
            with_database("postgresql://h/db?sslmode=disable", "x"),
            "postgresql://h/x?sslmode=disable"
        );
    }
}
