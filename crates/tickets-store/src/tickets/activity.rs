//! What a ticket's messages tell, recorded as they arrive: who wrote last and when, and the first
//! staff answer. One row update per message; timers and statistics read these columns instead of
//! the messages.

use super::{TicketRow, Tickets};
use crate::{StoreError, col, db_id};
use sqlx::any::AnyRow;
use tickets_model::GuildId;

/// The message times of a ticket (Unix milliseconds).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TicketActivity {
    /// The newest message by a person (bots are not counted).
    pub last_message_at: Option<i64>,
    /// The newest message by the opener.
    pub opener_last_message_at: Option<i64>,
    /// The newest message by the ticket's staff.
    pub staff_last_message_at: Option<i64>,
    /// The first message by the ticket's staff.
    pub first_response_at: Option<i64>,
    /// How long after the opening the first staff message came.
    pub first_response_ms: Option<i64>,
    /// How long the ticket was open, set when it closes.
    pub resolution_ms: Option<i64>,
}

impl TicketActivity {
    pub(crate) fn from_row(row: &AnyRow) -> Result<Self, StoreError> {
        Ok(Self {
            last_message_at: col(row, "last_message_at")?,
            opener_last_message_at: col(row, "opener_last_message_at")?,
            staff_last_message_at: col(row, "staff_last_message_at")?,
            first_response_at: col(row, "first_response_at")?,
            first_response_ms: col(row, "first_response_ms")?,
            resolution_ms: col(row, "resolution_ms")?,
        })
    }
}

/// Who wrote a message in a ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Writer {
    /// The ticket's opener.
    Opener,
    /// Someone who works the ticket: its teams, an admin, its claimer.
    Staff,
    /// Anyone else added to it.
    Other,
}

impl Writer {
    const fn code(self) -> i64 {
        match self {
            Self::Opener => 1,
            Self::Staff => 2,
            Self::Other => 0,
        }
    }
}

impl Tickets<'_> {
    /// Records a message by `writer` at `at` in an open ticket. The first staff message also
    /// records the first response and its delay from the opening, once.
    ///
    /// Returns the ticket as it is now, or `None` when the guild has no such open ticket.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn record_message(
        self,
        guild: GuildId,
        number: i64,
        writer: Writer,
        at: i64,
    ) -> Result<Option<TicketRow>, StoreError> {
        // Every SET expression reads the row as it was, so the first response is written only
        // by the message that finds it empty.
        let row = sqlx::query(concat!(
            "UPDATE tickets SET last_message_at = $3, \
             opener_last_message_at = CASE WHEN $4 = 1 THEN $3 ELSE opener_last_message_at END, \
             staff_last_message_at = CASE WHEN $4 = 2 THEN $3 ELSE staff_last_message_at END, \
             first_response_at = CASE WHEN $4 = 2 AND first_response_at IS NULL THEN $3 \
                 ELSE first_response_at END, \
             first_response_ms = CASE WHEN $4 = 2 AND first_response_at IS NULL \
                 THEN $3 - COALESCE(opened_at, created_at) ELSE first_response_ms END \
             WHERE guild_id = $1 AND number = $2 AND status = 'open' RETURNING ",
            ticket_columns!()
        ))
        .bind(db_id(guild))
        .bind(number)
        .bind(at)
        .bind(writer.code())
        .fetch_optional(&self.db.pool)
        .await?;
        row.as_ref().map(TicketRow::from_row).transpose()
    }

    /// The median first response of the tickets first answered at or after `since` (Unix
    /// milliseconds; 0 for all time), in milliseconds; `None` when none was answered.
    ///
    /// Two index reads: the count, then the middle value by position, so the all-time figure
    /// never loads every ticket.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn median_first_response(
        self,
        guild: GuildId,
        since: i64,
    ) -> Result<Option<i64>, StoreError> {
        let count: i64 = col(
            &sqlx::query(
                "SELECT COUNT(*) AS n FROM tickets WHERE guild_id = $1 \
                 AND first_response_at IS NOT NULL AND first_response_at >= $2",
            )
            .bind(db_id(guild))
            .bind(since)
            .fetch_one(&self.db.pool)
            .await?,
            "n",
        )?;
        if count == 0 {
            return Ok(None);
        }
        // The lower middle and, for an even count, the upper one: their mean is the median.
        let lower = (count - 1) / 2;
        let taken = if count % 2 == 0 { 2 } else { 1 };
        let rows = sqlx::query(
            "SELECT first_response_ms AS ms FROM tickets WHERE guild_id = $1 \
             AND first_response_ms IS NOT NULL AND first_response_at >= $2 \
             ORDER BY first_response_ms LIMIT $3 OFFSET $4",
        )
        .bind(db_id(guild))
        .bind(since)
        .bind(taken)
        .bind(lower)
        .fetch_all(&self.db.pool)
        .await?;
        let mut sum = 0;
        for row in &rows {
            sum += col::<i64>(row, "ms")?;
        }
        Ok((!rows.is_empty()).then(|| sum / rows.len() as i64))
    }
}
