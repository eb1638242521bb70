//! Our migration runner: embedded SQL files, one folder per backend with the same numbers, each
//! applied in its own transaction and recorded in `schema_migrations` with a checksum.
//!
//! sqlx's own migrator wants one folder per database type and cannot tell `Any` which to use, so
//! this small runner picks the file of the connected backend. Several processes may start at once
//! (web replicas over PostgreSQL): each step takes a lock first (an advisory transaction lock on
//! PostgreSQL, `BEGIN IMMEDIATE` on SQLite) and re-checks what is applied under it.

use crate::{Backend, Database, StoreError, now_ms};
use sha2::{Digest, Sha256};
use sqlx::{Any, AnyConnection, Executor as _, Row as _, Transaction};
use std::fmt::Write as _;

/// One schema change, written once per backend.
struct Migration {
    version: i64,
    name: &'static str,
    sqlite: &'static str,
    postgres: &'static str,
}

/// Every migration, in order. Add new ones at the end; never edit one that was released, since
/// databases that applied it would refuse to start (its checksum is recorded).
const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "init",
        sqlite: include_str!("../migrations/sqlite/0001_init.sql"),
        postgres: include_str!("../migrations/postgres/0001_init.sql"),
    },
    Migration {
        version: 2,
        name: "open_tickets_index",
        sqlite: include_str!("../migrations/sqlite/0002_open_tickets_index.sql"),
        postgres: include_str!("../migrations/postgres/0002_open_tickets_index.sql"),
    },
    Migration {
        version: 3,
        name: "panels_and_settings",
        sqlite: include_str!("../migrations/sqlite/0003_panels_and_settings.sql"),
        postgres: include_str!("../migrations/postgres/0003_panels_and_settings.sql"),
    },
    Migration {
        version: 4,
        name: "claims",
        sqlite: include_str!("../migrations/sqlite/0004_claims.sql"),
        postgres: include_str!("../migrations/postgres/0004_claims.sql"),
    },
    Migration {
        version: 5,
        name: "forms",
        sqlite: include_str!("../migrations/sqlite/0005_forms.sql"),
        postgres: include_str!("../migrations/postgres/0005_forms.sql"),
    },
    Migration {
        version: 6,
        name: "multi_panels",
        sqlite: include_str!("../migrations/sqlite/0006_multi_panels.sql"),
        postgres: include_str!("../migrations/postgres/0006_multi_panels.sql"),
    },
    Migration {
        version: 7,
        name: "form_select_inputs",
        sqlite: include_str!("../migrations/sqlite/0007_form_select_inputs.sql"),
        postgres: include_str!("../migrations/postgres/0007_form_select_inputs.sql"),
    },
    Migration {
        version: 8,
        name: "blacklist",
        sqlite: include_str!("../migrations/sqlite/0008_blacklist.sql"),
        postgres: include_str!("../migrations/postgres/0008_blacklist.sql"),
    },
    Migration {
        version: 9,
        name: "live_channel_unique",
        sqlite: include_str!("../migrations/sqlite/0009_live_channel_unique.sql"),
        postgres: include_str!("../migrations/postgres/0009_live_channel_unique.sql"),
    },
    Migration {
        version: 10,
        name: "close_requests",
        sqlite: include_str!("../migrations/sqlite/0010_close_requests.sql"),
        postgres: include_str!("../migrations/postgres/0010_close_requests.sql"),
    },
    Migration {
        version: 11,
        name: "tags",
        sqlite: include_str!("../migrations/sqlite/0011_tags.sql"),
        postgres: include_str!("../migrations/postgres/0011_tags.sql"),
    },
    Migration {
        version: 12,
        name: "staff",
        sqlite: include_str!("../migrations/sqlite/0012_staff.sql"),
        postgres: include_str!("../migrations/postgres/0012_staff.sql"),
    },
    Migration {
        version: 13,
        name: "start_ticket",
        sqlite: include_str!("../migrations/sqlite/0013_start_ticket.sql"),
        postgres: include_str!("../migrations/postgres/0013_start_ticket.sql"),
    },
    Migration {
        version: 14,
        name: "thread_mode",
        sqlite: include_str!("../migrations/sqlite/0014_thread_mode.sql"),
        postgres: include_str!("../migrations/postgres/0014_thread_mode.sql"),
    },
    Migration {
        version: 15,
        name: "exactly_once",
        sqlite: include_str!("../migrations/sqlite/0015_exactly_once.sql"),
        postgres: include_str!("../migrations/postgres/0015_exactly_once.sql"),
    },
    Migration {
        version: 16,
        name: "transcripts",
        sqlite: include_str!("../migrations/sqlite/0016_transcripts.sql"),
        postgres: include_str!("../migrations/postgres/0016_transcripts.sql"),
    },
    Migration {
        version: 17,
        name: "job_holders",
        sqlite: include_str!("../migrations/sqlite/0017_job_holders.sql"),
        postgres: include_str!("../migrations/postgres/0017_job_holders.sql"),
    },
    Migration {
        version: 18,
        name: "thread_tickets",
        sqlite: include_str!("../migrations/sqlite/0018_thread_tickets.sql"),
        postgres: include_str!("../migrations/postgres/0018_thread_tickets.sql"),
    },
    Migration {
        version: 19,
        name: "message_activity",
        sqlite: include_str!("../migrations/sqlite/0019_message_activity.sql"),
        postgres: include_str!("../migrations/postgres/0019_message_activity.sql"),
    },
    Migration {
        version: 20,
        name: "feedback",
        sqlite: include_str!("../migrations/sqlite/0020_feedback.sql"),
        postgres: include_str!("../migrations/postgres/0020_feedback.sql"),
    },
    Migration {
        version: 21,
        name: "autoclose",
        sqlite: include_str!("../migrations/sqlite/0021_autoclose.sql"),
        postgres: include_str!("../migrations/postgres/0021_autoclose.sql"),
    },
    Migration {
        version: 22,
        name: "awaiting_response",
        sqlite: include_str!("../migrations/sqlite/0022_awaiting_response.sql"),
        postgres: include_str!("../migrations/postgres/0022_awaiting_response.sql"),
    },
];

/// An arbitrary constant that names our lock among PostgreSQL advisory locks.
const MIGRATION_LOCK_KEY: i64 = 0x0074_6963_6b65_7473; // "tickets" in ASCII

const CREATE_TABLE: &str = "CREATE TABLE IF NOT EXISTS schema_migrations (
    version    BIGINT NOT NULL PRIMARY KEY,
    name       TEXT   NOT NULL,
    checksum   TEXT   NOT NULL,
    applied_at BIGINT NOT NULL
)";

/// What [`Database::migrate`] did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MigrationReport {
    /// The migrations applied by this call, e.g. `["0001_init"]`; empty when none was pending.
    pub applied: Vec<String>,
}

impl Migration {
    fn label(&self) -> String {
        format!("{:04}_{}", self.version, self.name)
    }

    fn sql(&self, backend: Backend) -> &'static str {
        match backend {
            Backend::Sqlite => self.sqlite,
            Backend::Postgres => self.postgres,
        }
    }

    /// SHA-256 of the text, with line endings normalised so that a checkout with CRLF endings
    /// does not look like an edited migration.
    fn checksum(&self, backend: Backend) -> String {
        let digest = Sha256::digest(self.sql(backend).replace("\r\n", "\n").as_bytes());
        digest.iter().fold(String::with_capacity(64), |mut hex, b| {
            let _ = write!(hex, "{b:02x}");
            hex
        })
    }

    fn error(&self, reason: &'static str, source: Option<sqlx::Error>) -> StoreError {
        StoreError::Migration {
            migration: self.label(),
            reason,
            source,
        }
    }
}

impl Database {
    /// Applies the migrations this database has not seen yet, in order.
    ///
    /// Running it again is harmless; it also checks that no applied migration was edited since.
    ///
    /// # Errors
    ///
    /// [`StoreError::Migration`] when a migration fails (nothing of it is kept), when an applied
    /// migration differs from the embedded one, or when the database was migrated by a newer
    /// version of `tickets`; [`StoreError::Unavailable`] when the database cannot be reached.
    pub async fn migrate(&self) -> Result<MigrationReport, StoreError> {
        self.migrate_through(i64::MAX).await
    }

    /// Applies the pending migrations up to and including `last`, for tests that need a
    /// database as an older release left it.
    #[cfg(any(test, feature = "testing"))]
    pub(crate) async fn migrate_to(&self, last: i64) -> Result<MigrationReport, StoreError> {
        self.migrate_through(last).await
    }

    async fn migrate_through(&self, last: i64) -> Result<MigrationReport, StoreError> {
        let mut tx = self.migration_lock().await?;
        sqlx::query(CREATE_TABLE).execute(&mut *tx).await?;
        tx.commit().await?;

        // A newer binary may have changed tables in ways this one does not know: touch nothing.
        let newest: Option<i64> = sqlx::query_scalar("SELECT MAX(version) FROM schema_migrations")
            .fetch_one(&self.pool)
            .await?;
        let known = MIGRATIONS.last().map_or(0, |m| m.version);
        if let Some(newest) = newest.filter(|newest| *newest > known) {
            return Err(StoreError::Migration {
                migration: format!("{newest:04}"),
                reason: "is unknown to this version of tickets: the database was migrated by a \
                         newer version; run that one or restore a backup",
                source: None,
            });
        }

        let mut report = MigrationReport::default();
        for migration in MIGRATIONS.iter().take_while(|m| m.version <= last) {
            let mut tx = self.migration_lock().await?;
            match recorded_checksum(&mut tx, migration.version).await? {
                Some(stored) if stored == migration.checksum(self.backend) => continue,
                Some(_) => {
                    return Err(migration.error(
                        "was changed after it was applied; restore the released file and add a \
                         new migration instead",
                        None,
                    ));
                }
                None => {}
            }
            // A plain string runs unprepared, which both backends accept with several
            // statements in it. (`sqlx::raw_sql` would too, but its generic
            // future fails rustc's higher-ranked `Send` check once spawned.)
            (&mut *tx)
                .execute(migration.sql(self.backend))
                .await
                .map_err(|e| migration.error("failed and was rolled back", Some(e)))?;
            sqlx::query(
                "INSERT INTO schema_migrations (version, name, checksum, applied_at) \
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(migration.version)
            .bind(migration.name)
            .bind(migration.checksum(self.backend))
            .bind(now_ms())
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            tracing::info!(migration = %migration.label(), "applied database migration");
            report.applied.push(migration.label());
        }

        Ok(report)
    }

    /// Opens a transaction that no other migrating process can enter at the same time.
    async fn migration_lock(&self) -> Result<Transaction<'static, Any>, StoreError> {
        let mut tx = self.begin_write().await?;
        if self.backend == Backend::Postgres {
            sqlx::query("SELECT pg_advisory_xact_lock($1)")
                .bind(MIGRATION_LOCK_KEY)
                .execute(&mut *tx)
                .await?;
        }
        Ok(tx)
    }
}

async fn recorded_checksum(
    conn: &mut AnyConnection,
    version: i64,
) -> Result<Option<String>, StoreError> {
    let row = sqlx::query("SELECT checksum FROM schema_migrations WHERE version = $1")
        .bind(version)
        .fetch_optional(conn)
        .await?;
    Ok(row.map(|row| row.try_get("checksum")).transpose()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db_test;

    db_test!(
        async fn an_edited_migration_is_refused(db) {
            sqlx::query("UPDATE schema_migrations SET checksum = 'edited' WHERE version = 1")
                .execute(&db.pool)
                .await
                .unwrap();
            let err = db.migrate().await.unwrap_err();
            assert!(
                matches!(&err, StoreError::Migration { migration, .. } if migration == "0001_init"),
                "{err:?}"
            );
            assert!(err.to_string().contains("changed after it was applied"), "{err}");
        }
    );

    db_test!(
        async fn a_database_from_a_newer_version_is_refused(db) {
            sqlx::query(
                "INSERT INTO schema_migrations (version, name, checksum, applied_at) \
                 VALUES (9999, 'future', 'x', 0)",
            )
            .execute(&db.pool)
            .await
            .unwrap();
            let err = db.migrate().await.unwrap_err();
            assert!(err.to_string().contains("newer version"), "{err}");
        }
    );

    /// A file added to one folder but not listed here (or missing from the other folder) would
    /// silently never run.
    #[test]
    fn every_migration_file_is_listed_for_both_backends() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
        let listed: Vec<String> = MIGRATIONS
            .iter()
            .map(|m| format!("{}.sql", m.label()))
            .collect();
        for backend in ["sqlite", "postgres"] {
            let mut files: Vec<String> = std::fs::read_dir(root.join(backend))
                .unwrap()
                .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            files.sort();
            assert_eq!(files, listed, "migrations/{backend}");
        }
        let versions: Vec<i64> = MIGRATIONS.iter().map(|m| m.version).collect();
        let expected: Vec<i64> = (1..=versions.len() as i64).collect();
        assert_eq!(versions, expected, "versions are consecutive from 1");
    }
}
