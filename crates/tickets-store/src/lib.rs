//! The database of `tickets`: the only crate that writes SQL.
//!
//! One code path serves SQLite (the embedded default) and PostgreSQL through sqlx's `Any` driver,
//! with the backend picked from `DATABASE_URL` at run time. Choices that follow from `Any`:
//!
//! - One SQL text for both backends, with `$1, $2...` placeholders (SQLite reads `$N` as the
//!   N-th argument), and no compile-time checked queries.
//! - Snowflakes are `BIGINT` (`i64`), times are `i64` Unix milliseconds (UTC), because `Any` has
//!   no portable date-time type.
//! - No boolean columns: `Any` refuses to read a column SQLite declares `BOOLEAN`, so a flag is an
//!   `INTEGER` 0/1 with a `CHECK`, read as `i64` (or a small text enum, or a nullable time when it
//!   records when something happened).
//! - Migrations are embedded SQL files, one folder per backend with the same numbers
//!   (`migrations/sqlite/0001_init.sql`, `migrations/postgres/0001_init.sql`), applied by our own
//!   small runner ([`Database::migrate`]).
//!
//! Every query on guild data takes the guild id; the few maintenance queries that span guilds
//! (the sweeper's, the job runner's) say so in their documentation.

pub mod autoclose;
pub mod awaiting;
pub mod blacklist;
pub mod close_requests;
mod connect;
mod error;
pub mod feedback;
pub mod forms;
pub mod guilds;
pub mod interactions;
pub mod jobs;
pub mod leases;
mod migrate;
pub mod multi_panels;
pub mod on_call;
pub mod panels;
mod reset;
pub mod sessions;
pub mod settings;
pub mod staff;
pub mod tags;
#[cfg(any(test, feature = "testing"))]
pub mod testing;
pub mod ticket_members;
pub mod tickets;
pub mod transcripts;

pub use connect::Backend;
pub use error::StoreError;
pub use migrate::MigrationReport;

use sqlx::AnyPool;
use sqlx::Row as _;
use sqlx::any::AnyRow;
use twilight_model::id::Id;

/// A handle on the database: cheap to clone, shared by every task.
#[derive(Debug, Clone)]
pub struct Database {
    pool: AnyPool,
    backend: Backend,
}

impl Database {
    /// Automatic closing: rules, panel overrides, tickets' timer facts.
    #[must_use]
    pub fn autoclose(&self) -> autoclose::Autoclose<'_> {
        autoclose::Autoclose { db: self }
    }

    /// Close requests and auto-close exclusions.
    #[must_use]
    pub fn close_requests(&self) -> close_requests::CloseRequests<'_> {
        close_requests::CloseRequests { db: self }
    }

    /// Tags.
    #[must_use]
    pub fn tags(&self) -> tags::Tags<'_> {
        tags::Tags { db: self }
    }

    /// The roles that mark each team's members as on call.
    #[must_use]
    pub fn on_call(&self) -> on_call::OnCallRoles<'_> {
        on_call::OnCallRoles { db: self }
    }

    /// Admins, support and staff teams.
    #[must_use]
    pub fn staff(&self) -> staff::Staff<'_> {
        staff::Staff { db: self }
    }

    /// Members added to single tickets, and channel renames.
    #[must_use]
    pub fn ticket_members(&self) -> ticket_members::TicketMembers<'_> {
        ticket_members::TicketMembers { db: self }
    }

    /// Server settings.
    #[must_use]
    pub fn settings(&self) -> settings::Settings<'_> {
        settings::Settings { db: self }
    }

    /// Tickets and their per-guild counters.
    #[must_use]
    pub fn tickets(&self) -> tickets::Tickets<'_> {
        tickets::Tickets { db: self }
    }

    /// What the gateway told us about servers.
    #[must_use]
    pub fn guilds(&self) -> guilds::Guilds<'_> {
        guilds::Guilds { db: self }
    }

    /// Dashboard sessions.
    #[must_use]
    pub fn sessions(&self) -> sessions::Sessions<'_> {
        sessions::Sessions { db: self }
    }

    /// OAuth2 logins under way.
    #[must_use]
    pub fn oauth_states(&self) -> sessions::OAuthStates<'_> {
        sessions::OAuthStates { db: self }
    }

    /// Members and roles barred from opening tickets.
    #[must_use]
    pub fn blacklist(&self) -> blacklist::Blacklist<'_> {
        blacklist::Blacklist { db: self }
    }

    /// Ratings of closed tickets, their counts, and exit survey answers.
    #[must_use]
    pub fn feedback(&self) -> feedback::Feedback<'_> {
        feedback::Feedback { db: self }
    }

    /// Forms, their questions, and tickets' answers.
    #[must_use]
    pub fn forms(&self) -> forms::Forms<'_> {
        forms::Forms { db: self }
    }

    /// Multi-panels: messages offering several panels.
    #[must_use]
    pub fn multi_panels(&self) -> multi_panels::MultiPanels<'_> {
        multi_panels::MultiPanels { db: self }
    }

    /// Ticket channels moved to their panel's awaiting-response category.
    #[must_use]
    pub fn awaiting(&self) -> awaiting::AwaitingMoves<'_> {
        awaiting::AwaitingMoves { db: self }
    }

    /// Panels, the ticket types a server offers.
    #[must_use]
    pub fn panels(&self) -> panels::Panels<'_> {
        panels::Panels { db: self }
    }

    /// Interactions already received (at most once per interaction id).
    #[must_use]
    pub fn interaction_receipts(&self) -> interactions::InteractionReceipts<'_> {
        interactions::InteractionReceipts { db: self }
    }

    /// Leases of the running processes.
    #[must_use]
    pub fn leases(&self) -> leases::Leases<'_> {
        leases::Leases { db: self }
    }

    /// Durable jobs.
    #[must_use]
    pub fn jobs(&self) -> jobs::Jobs<'_> {
        jobs::Jobs { db: self }
    }

    /// Transcripts of closed tickets.
    #[must_use]
    pub fn transcripts(&self) -> transcripts::Transcripts<'_> {
        transcripts::Transcripts { db: self }
    }
}

/// Milliseconds since the Unix epoch, for the times the store records by itself.
fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// Converts a typed id for a query.
fn db_id<T>(id: Id<T>) -> i64 {
    tickets_model::ids::to_db(id)
}

/// Reads a column; `what` names it in the error when the stored value is not what we wrote.
fn col<T>(row: &AnyRow, column: &'static str) -> Result<T, StoreError>
where
    T: for<'r> sqlx::Decode<'r, sqlx::Any> + sqlx::Type<sqlx::Any>,
{
    row.try_get(column).map_err(|_| StoreError::Corrupt(column))
}

/// Reads a snowflake column.
fn id_col<T>(row: &AnyRow, column: &'static str) -> Result<Id<T>, StoreError> {
    tickets_model::ids::from_db(col(row, column)?).ok_or(StoreError::Corrupt(column))
}

/// Reads a nullable snowflake column.
fn opt_id_col<T>(row: &AnyRow, column: &'static str) -> Result<Option<Id<T>>, StoreError> {
    col::<Option<i64>>(row, column)?
        .map(|raw| tickets_model::ids::from_db(raw).ok_or(StoreError::Corrupt(column)))
        .transpose()
}

/// Reads a 0/1 flag column.
fn flag_col(row: &AnyRow, column: &'static str) -> Result<bool, StoreError> {
    Ok(col::<i64>(row, column)? != 0)
}

/// Reads a count or another non-negative integer into `u64`/`u32`.
fn count_col<T: TryFrom<i64>>(row: &AnyRow, column: &'static str) -> Result<T, StoreError> {
    T::try_from(col::<i64>(row, column)?).map_err(|_| StoreError::Corrupt(column))
}

#[cfg(test)]
mod tests {
    use crate::db_test;

    // The store's SQL relies on SQLite reading `$N` as the N-th argument, in any order and
    // repeated, exactly as PostgreSQL does.
    db_test!(
        async fn dollar_placeholders_mean_the_same_on_both_backends(db) {
            let row: (i64, i64, i64) = sqlx::query_as("SELECT $2 - $1, $1 + $1, $3")
                .bind(2_i64)
                .bind(10_i64)
                .bind(7_i64)
                .fetch_one(&db.pool)
                .await
                .unwrap();
            assert_eq!(row, (8, 4, 7));
        }
    );
}
