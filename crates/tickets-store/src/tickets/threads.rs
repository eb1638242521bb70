//! What thread mode adds to a ticket's record: opening as a thread, the notification message,
//! the notes thread of a channel ticket, and reopening a closed thread ticket.

use super::{TicketRow, Tickets, count_open_by_user};
use crate::{StoreError, db_id};
use tickets_model::{ChannelId, GuildId, MessageId};

/// The outcome of [`Tickets::reopen`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reopen {
    /// The ticket is open again.
    Reopened(Box<TicketRow>),
    /// The guild has no such closed ticket (open already, still opening, failed, or unknown).
    NotClosed,
    /// Its opener already has `open` tickets, and the limit is `limit`.
    LimitReached {
        /// The limit that applied.
        limit: u32,
        /// The opener's tickets that count against it.
        open: u32,
    },
}

impl Tickets<'_> {
    /// As [`Tickets::mark_open`], for a ticket whose channel is a private thread.
    ///
    /// # Errors
    ///
    /// As [`Tickets::mark_open`].
    pub async fn mark_open_thread(
        self,
        guild: GuildId,
        number: i64,
        thread: ChannelId,
    ) -> Result<bool, StoreError> {
        self.mark_open_at(guild, number, thread, true, crate::now_ms())
            .await
    }

    /// Remembers a thread ticket's announcement in the notification channel.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn set_notification_message(
        self,
        guild: GuildId,
        number: i64,
        message: MessageId,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE tickets SET notification_message_id = $3 WHERE guild_id = $1 AND number = $2",
        )
        .bind(db_id(guild))
        .bind(number)
        .bind(db_id(message))
        .execute(&self.db.pool)
        .await?;
        Ok(())
    }

    /// Remembers a channel ticket's notes thread.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn set_notes_thread(
        self,
        guild: GuildId,
        number: i64,
        thread: ChannelId,
    ) -> Result<(), StoreError> {
        sqlx::query("UPDATE tickets SET notes_thread_id = $3 WHERE guild_id = $1 AND number = $2")
            .bind(db_id(guild))
            .bind(number)
            .bind(db_id(thread))
            .execute(&self.db.pool)
            .await?;
        Ok(())
    }

    /// Opens a closed ticket again, clearing who closed it and why; it counts against its
    /// opener's limit again (`limit` is `None` when the limit does not apply). One transaction,
    /// so two reopenings cannot both pass the limit.
    ///
    /// # Errors
    ///
    /// Storage failures; nothing changes then.
    pub async fn reopen(
        self,
        guild: GuildId,
        number: i64,
        limit: Option<u32>,
    ) -> Result<Reopen, StoreError> {
        let mut tx = self.db.begin_write().await?;
        // First statement writes, so the transaction holds the guild's counter row as opening does.
        sqlx::query("UPDATE ticket_counters SET open_count = open_count + 1 WHERE guild_id = $1")
            .bind(db_id(guild))
            .execute(&mut *tx)
            .await?;
        let row = sqlx::query(concat!(
            "SELECT ",
            ticket_columns!(),
            " FROM tickets WHERE guild_id = $1 AND number = $2 AND status = 'closed'"
        ))
        .bind(db_id(guild))
        .bind(number)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else {
            tx.rollback().await?;
            return Ok(Reopen::NotClosed);
        };
        let ticket = TicketRow::from_row(&row)?;
        if let Some(limit) = limit {
            let open = count_open_by_user(&mut tx, guild, ticket.opener_id).await?;
            if open >= u64::from(limit) {
                tx.rollback().await?;
                let open = u32::try_from(open).unwrap_or(u32::MAX);
                return Ok(Reopen::LimitReached { limit, open });
            }
        }
        let row = sqlx::query(concat!(
            "UPDATE tickets SET status = 'open', closed_at = NULL, closed_by = NULL, \
             close_reason = NULL WHERE guild_id = $1 AND number = $2 AND status = 'closed' \
             RETURNING ",
            ticket_columns!()
        ))
        .bind(db_id(guild))
        .bind(number)
        .fetch_one(&mut *tx)
        .await?;
        let ticket = TicketRow::from_row(&row)?;
        tx.commit().await?;
        Ok(Reopen::Reopened(Box::new(ticket)))
    }

    /// A guild's closed thread tickets, newest first, whose number starts with `prefix` (for
    /// `/reopen`'s suggestions), at most `limit`.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn closed_threads(
        self,
        guild: GuildId,
        prefix: &str,
        limit: u32,
    ) -> Result<Vec<TicketRow>, StoreError> {
        let pattern = format!("{}%", prefix.trim());
        let rows = sqlx::query(concat!(
            "SELECT ",
            ticket_columns!(),
            " FROM tickets WHERE guild_id = $1 AND status = 'closed' AND is_thread = 1 \
             AND CAST(number AS TEXT) LIKE $2 ORDER BY number DESC LIMIT $3"
        ))
        .bind(db_id(guild))
        .bind(pattern)
        .bind(i64::from(limit))
        .fetch_all(&self.db.pool)
        .await?;
        rows.iter().map(TicketRow::from_row).collect()
    }
}
