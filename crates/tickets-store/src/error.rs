//! What can go wrong in the store, sorted by what the caller can do about it.

/// A storage failure.
///
/// The `Display` text of every variant is safe to show to an operator and never contains SQL or
/// stored values; the database's own message, when there is one, is the `source()` and belongs in
/// logs only.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The row the caller named does not exist (in the guild given).
    #[error("{what} not found")]
    NotFound {
        /// What was looked for, e.g. `"ticket"`.
        what: &'static str,
    },
    /// A value that must be unique is taken already.
    #[error("{field} is already in use")]
    Conflict {
        /// The column that must be unique, e.g. `"channel_id"`.
        field: String,
    },
    /// The database cannot be reached or is too busy right now; retrying later may work.
    #[error("the database is unavailable")]
    Unavailable(#[source] sqlx::Error),
    /// The schema could not be brought up to date.
    #[error("database migration {migration}: {reason}")]
    Migration {
        /// The migration, e.g. `"0001_init"`.
        migration: String,
        /// What went wrong, for the operator.
        reason: &'static str,
        /// The database's own error, if any.
        #[source]
        source: Option<sqlx::Error>,
    },
    /// The configuration (`DATABASE_URL`) is wrong; the message tells the operator how to fix it.
    #[error("{0}")]
    Config(String),
    /// A stored value that this version cannot read (an unknown status, an invalid snowflake).
    #[error("unreadable stored value in {0}")]
    Corrupt(&'static str),
    /// Any other database failure: a bug on our side rather than something to retry.
    #[error("a database query failed")]
    Query(#[source] sqlx::Error),
}

impl StoreError {
    /// A stable snake_case code for logs, metrics and translated messages.
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            Self::NotFound { .. } => "not_found",
            Self::Conflict { .. } => "conflict",
            Self::Unavailable(_) => "unavailable",
            Self::Migration { .. } => "migration",
            Self::Config(_) => "config",
            Self::Corrupt(_) => "corrupt",
            Self::Query(_) => "query",
        }
    }

    /// Whether the same call may succeed if retried later.
    #[must_use]
    pub fn is_transient(&self) -> bool {
        matches!(self, Self::Unavailable(_))
    }
}

impl From<sqlx::Error> for StoreError {
    fn from(error: sqlx::Error) -> Self {
        match &error {
            sqlx::Error::Database(db) => {
                if db.is_unique_violation() {
                    let field = conflict_field(db.constraint(), db.message());
                    return Self::Conflict { field };
                }
                let postgres = db
                    .try_downcast_ref::<sqlx::postgres::PgDatabaseError>()
                    .is_some();
                if db
                    .code()
                    .is_some_and(|code| is_transient_code(&code, postgres))
                {
                    return Self::Unavailable(error);
                }
                Self::Query(error)
            }
            sqlx::Error::Io(_)
            | sqlx::Error::Tls(_)
            | sqlx::Error::PoolTimedOut
            | sqlx::Error::PoolClosed
            | sqlx::Error::WorkerCrashed => Self::Unavailable(error),
            _ => Self::Query(error),
        }
    }
}

/// PostgreSQL's connection, resource, shutdown, serialization and deadlock classes; SQLite's
/// "busy" and "locked" (primary codes 5 and 6, whatever the extended part).
fn is_transient_code(code: &str, postgres: bool) -> bool {
    if postgres {
        return ["08", "53", "57P", "40001", "40P01"]
            .iter()
            .any(|prefix| code.starts_with(prefix));
    }
    code.parse::<u32>()
        .is_ok_and(|extended| matches!(extended & 0xff, 5 | 6))
}

/// The column behind a unique violation: PostgreSQL names the constraint (we name ours
/// `<table>_<column>_key`, or `<table>_pkey`), SQLite names `table.column` in its message.
fn conflict_field(constraint: Option<&str>, message: &str) -> String {
    const KNOWN: &[(&str, &str)] = &[
        ("tickets_channel_id_key", "channel_id"),
        ("tickets_pkey", "number"),
        ("web_sessions_pkey", "id_hash"),
        ("oauth_states_pkey", "state"),
        ("forms_guild_name_key", "name"),
    ];
    if let Some(constraint) = constraint {
        return KNOWN
            .iter()
            .find(|(name, _)| *name == constraint)
            .map_or(constraint, |(_, field)| field)
            .to_owned();
    }
    message
        .split_once("failed: ")
        .and_then(|(_, columns)| columns.split(", ").last())
        .and_then(|column| column.rsplit('.').next())
        .unwrap_or("unknown")
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conflict_field_from_either_backend() {
        assert_eq!(
            conflict_field(Some("tickets_channel_id_key"), "duplicate key"),
            "channel_id"
        );
        assert_eq!(
            conflict_field(None, "UNIQUE constraint failed: tickets.channel_id"),
            "channel_id"
        );
        assert_eq!(
            conflict_field(
                None,
                "UNIQUE constraint failed: tickets.guild_id, tickets.number"
            ),
            "number"
        );
        assert_eq!(conflict_field(None, "odd"), "unknown");
    }

    #[test]
    fn transient_codes() {
        assert!(is_transient_code("5", false));
        assert!(is_transient_code("517", false));
        assert!(!is_transient_code("2067", false));
        assert!(is_transient_code("40P01", true));
        assert!(is_transient_code("08006", true));
        assert!(!is_transient_code("23505", true));
    }
}
