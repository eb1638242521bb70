//! Close requests and the tickets excluded from closing by themselves.

use crate::{Database, StoreError, col, db_id, id_col};
use sqlx::any::AnyRow;
use tickets_model::{CloseRequestId, GuildId, UserId};

/// Where a close request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestStatus {
    /// Waiting for the opener (and for its delay, if any).
    Pending,
    /// The opener accepted: the ticket closed.
    Accepted,
    /// The opener said no.
    Denied,
    /// A newer request replaced it.
    Superseded,
    /// Its delay ran out and the ticket closed.
    Closed,
}

impl RequestStatus {
    fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Accepted => "accepted",
            Self::Denied => "denied",
            Self::Superseded => "superseded",
            Self::Closed => "closed",
        }
    }

    fn parse(text: &str) -> Option<Self> {
        [
            Self::Pending,
            Self::Accepted,
            Self::Denied,
            Self::Superseded,
            Self::Closed,
        ]
        .into_iter()
        .find(|s| s.as_str() == text)
    }
}

/// A stored close request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CloseRequestRow {
    /// Its id.
    pub request_id: CloseRequestId,
    /// The ticket's number.
    pub number: i64,
    /// The staff member who asked.
    pub requested_by: UserId,
    /// Why, if given.
    pub reason: Option<String>,
    /// When it closes the ticket by itself (Unix milliseconds), if ever.
    pub close_at: Option<i64>,
    /// Where it stands.
    pub status: RequestStatus,
}

fn from_row(row: &AnyRow) -> Result<CloseRequestRow, StoreError> {
    Ok(CloseRequestRow {
        request_id: CloseRequestId::new(col(row, "request_id")?)
            .ok_or(StoreError::Corrupt("request_id"))?,
        number: col(row, "number")?,
        requested_by: id_col(row, "requested_by")?,
        reason: col(row, "reason")?,
        close_at: col(row, "close_at")?,
        status: RequestStatus::parse(&col::<String>(row, "status")?)
            .ok_or(StoreError::Corrupt("status"))?,
    })
}

const COLUMNS: &str = "request_id, number, requested_by, reason, close_at, status";

/// The close requests repository; see [`Database::close_requests`].
#[derive(Debug, Clone, Copy)]
pub struct CloseRequests<'a> {
    pub(crate) db: &'a Database,
}

impl CloseRequests<'_> {
    /// Stores a new request for a ticket; an older pending one is superseded.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn create(
        self,
        guild: GuildId,
        number: i64,
        requested_by: UserId,
        reason: Option<&str>,
        close_at: Option<i64>,
        now: i64,
    ) -> Result<CloseRequestRow, StoreError> {
        let mut tx = self.db.begin_write().await?;
        sqlx::query(
            "UPDATE close_requests SET status = 'superseded' \
             WHERE guild_id = $1 AND number = $2 AND status = 'pending'",
        )
        .bind(db_id(guild))
        .bind(number)
        .execute(&mut *tx)
        .await?;
        let row = sqlx::query(&format!(
            "INSERT INTO close_requests (guild_id, number, requested_by, reason, close_at, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING {COLUMNS}"
        ))
        .bind(db_id(guild))
        .bind(number)
        .bind(db_id(requested_by))
        .bind(reason)
        .bind(close_at)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        from_row(&row)
    }

    /// One request of a server.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn get(
        self,
        guild: GuildId,
        request: CloseRequestId,
    ) -> Result<Option<CloseRequestRow>, StoreError> {
        sqlx::query(&format!(
            "SELECT {COLUMNS} FROM close_requests WHERE guild_id = $1 AND request_id = $2"
        ))
        .bind(db_id(guild))
        .bind(request.get())
        .fetch_optional(&self.db.pool)
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
    }

    /// Moves a pending request to `status`; `false` when it was no longer pending (answered,
    /// superseded or closed first).
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn resolve(
        self,
        guild: GuildId,
        request: CloseRequestId,
        status: RequestStatus,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE close_requests SET status = $3 \
             WHERE guild_id = $1 AND request_id = $2 AND status = 'pending'",
        )
        .bind(db_id(guild))
        .bind(request.get())
        .bind(status.as_str())
        .execute(&self.db.pool)
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Excludes a ticket from closing by itself; `false` when it was already.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn exclude(
        self,
        guild: GuildId,
        number: i64,
        by: UserId,
        now: i64,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "INSERT INTO autoclose_exclusions (guild_id, number, excluded_by, created_at) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (guild_id, number) DO NOTHING",
        )
        .bind(db_id(guild))
        .bind(number)
        .bind(db_id(by))
        .bind(now)
        .execute(&self.db.pool)
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Whether a ticket is excluded from closing by itself.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn is_excluded(self, guild: GuildId, number: i64) -> Result<bool, StoreError> {
        Ok(sqlx::query(
            "SELECT number FROM autoclose_exclusions WHERE guild_id = $1 AND number = $2",
        )
        .bind(db_id(guild))
        .bind(number)
        .fetch_optional(&self.db.pool)
        .await?
        .is_some())
    }
}
