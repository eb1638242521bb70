//! Tickets, their per-guild numbers and counts.
//!
//! Opening records the intent first ([`Tickets::begin_open`], status `opening`), before any
//! Discord call, then [`Tickets::mark_open`] or [`Tickets::mark_failed`] finishes it; a sweeper
//! finds the ones a crash left behind with [`Tickets::stale_opening`].
//!
//! Counts: `ticket_counters` holds per guild the last number and the open and total counts,
//! updated in the same transaction as the ticket rows, so [`Tickets::count_open`] and
//! [`Tickets::count_total`] are one primary-key lookup. Per-member counts use the index
//! `(guild_id, opener_id, status)`: their cost grows with that member's own tickets, never with
//! the size of the table.

use crate::{Database, StoreError, col, count_col, db_id, flag_col, id_col, now_ms, opt_id_col};
use sqlx::any::AnyRow;
use tickets_model::ticket::TicketStatus;
use tickets_model::{ChannelId, GuildId, MessageId, PanelId, UserId};

/// The columns of a [`TicketRow`], which [`TicketRow::from_row`] reads by name.
macro_rules! ticket_columns {
    () => {
        "guild_id, number, opener_id, channel_id, subject, status, created_at, opened_at, \
         closed_at, closed_by, close_reason, panel_id, claimed_by, is_thread, \
         notification_message_id, notes_thread_id, last_message_at, opener_last_message_at, \
         staff_last_message_at, first_response_at, first_response_ms, resolution_ms"
    };
}

mod activity;
mod threads;
pub use activity::{TicketActivity, Writer};
pub use threads::Reopen;

/// A stored ticket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketRow {
    /// The server.
    pub guild_id: GuildId,
    /// Its number in the server, from 1, never reused.
    pub number: i64,
    /// Who opened it.
    pub opener_id: UserId,
    /// Its channel, once created.
    pub channel_id: Option<ChannelId>,
    /// What it is about, if given.
    pub subject: Option<String>,
    /// Where it is in its life.
    pub status: TicketStatus,
    /// When opening began (Unix milliseconds).
    pub created_at: i64,
    /// When its channel was ready.
    pub opened_at: Option<i64>,
    /// When it was closed.
    pub closed_at: Option<i64>,
    /// Who closed it.
    pub closed_by: Option<UserId>,
    /// Why, if given.
    pub close_reason: Option<String>,
    /// The panel it was opened from; `None` for `/open`.
    pub panel_id: Option<PanelId>,
    /// The staff member who claimed it.
    pub claimed_by: Option<UserId>,
    /// Whether its channel is a private thread (thread mode) rather than a text channel.
    pub is_thread: bool,
    /// A thread ticket's announcement in the server's notification channel.
    pub notification_message_id: Option<MessageId>,
    /// A channel ticket's staff-only notes thread, once `/notes` made it.
    pub notes_thread_id: Option<ChannelId>,
    /// What its messages tell: who wrote last and when, the first staff answer.
    pub activity: TicketActivity,
}

/// The outcome of [`Tickets::claim`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claim {
    /// The ticket is now claimed by the caller.
    Claimed,
    /// Someone claimed it first.
    AlreadyClaimed(UserId),
    /// It is not open (closed, or still opening).
    NotOpen,
}

impl TicketRow {
    pub(crate) fn from_row(row: &AnyRow) -> Result<Self, StoreError> {
        let status: String = col(row, "status")?;
        Ok(Self {
            guild_id: id_col(row, "guild_id")?,
            number: col(row, "number")?,
            opener_id: id_col(row, "opener_id")?,
            channel_id: opt_id_col(row, "channel_id")?,
            subject: col(row, "subject")?,
            status: status.parse().map_err(|_| StoreError::Corrupt("status"))?,
            created_at: col(row, "created_at")?,
            opened_at: col(row, "opened_at")?,
            closed_at: col(row, "closed_at")?,
            closed_by: opt_id_col(row, "closed_by")?,
            close_reason: col(row, "close_reason")?,
            panel_id: col::<Option<i64>>(row, "panel_id")?.and_then(PanelId::new),
            claimed_by: opt_id_col(row, "claimed_by")?,
            is_thread: flag_col(row, "is_thread")?,
            notification_message_id: opt_id_col(row, "notification_message_id")?,
            notes_thread_id: opt_id_col(row, "notes_thread_id")?,
            activity: TicketActivity::from_row(row)?,
        })
    }
}

/// The outcome of [`Tickets::begin_open`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BeginOpen {
    /// A number is taken and the ticket recorded as `opening`.
    Reserved(TicketRow),
    /// The member already has `open` tickets opening or open, and the limit is `limit`.
    LimitReached {
        /// The limit that applied.
        limit: u32,
        /// The member's tickets that count against it.
        open: u32,
    },
    /// The member opened a ticket from the same panel moments ago: a double click, answered
    /// with that ticket instead of a second one.
    Duplicate(TicketRow),
}

/// How long after an opening from a panel a second one by the same member from the same panel
/// counts as a double click (Discord delivers each click as its own interaction). Commands are
/// typed, not clicked, so `/open` is never deduplicated.
pub const DUPLICATE_WINDOW_MS: i64 = 3_000;

/// The ticket repository; see [`Database::tickets`].
#[derive(Debug, Clone, Copy)]
pub struct Tickets<'a> {
    pub(crate) db: &'a Database,
}

impl Tickets<'_> {
    /// Records the intent to open a ticket: checks the member's limit, takes the guild's next
    /// number and stores the ticket as `opening`, all in one transaction.
    ///
    /// `limit` is `None` for members the limit does not apply to (staff). `process` is the
    /// lease id of the process doing the opening (see [`crate::leases`]), so that another
    /// process can reclaim the row as soon as this one is gone. Concurrent calls cannot
    /// both take the last slot: the first statement updates the guild's counter row, which
    /// serialises openings in one guild (a row lock on PostgreSQL; on SQLite the transaction
    /// holds the write lock from its start).
    ///
    /// # Errors
    ///
    /// Storage failures; nothing is recorded then.
    pub async fn begin_open(
        self,
        guild: GuildId,
        opener: UserId,
        subject: Option<&str>,
        panel: Option<PanelId>,
        limit: Option<u32>,
        process: Option<&str>,
    ) -> Result<BeginOpen, StoreError> {
        let mut tx = self.db.begin_write().await?;
        // Counting the new ticket before checking the limit is fine: a refusal rolls it back.
        let number: i64 = sqlx::query_scalar(
            "INSERT INTO ticket_counters (guild_id, last_number, open_count, total_count) \
             VALUES ($1, 1, 1, 1) \
             ON CONFLICT (guild_id) DO UPDATE \
             SET last_number = ticket_counters.last_number + 1, \
                 open_count = ticket_counters.open_count + 1, \
                 total_count = ticket_counters.total_count + 1 \
             RETURNING last_number",
        )
        .bind(db_id(guild))
        .fetch_one(&mut *tx)
        .await?;
        // After the counter update, so a concurrent twin of this call has committed its row.
        if let Some(panel) = panel {
            let twin = sqlx::query(concat!(
                "SELECT ",
                ticket_columns!(),
                " FROM tickets WHERE guild_id = $1 AND opener_id = $2 \
                 AND status IN ('opening', 'open') AND created_at > $3 AND panel_id = $4 \
                 ORDER BY number DESC LIMIT 1"
            ))
            .bind(db_id(guild))
            .bind(db_id(opener))
            .bind(now_ms() - DUPLICATE_WINDOW_MS)
            .bind(panel.get())
            .fetch_optional(&mut *tx)
            .await?;
            if let Some(twin) = twin {
                tx.rollback().await?;
                return Ok(BeginOpen::Duplicate(TicketRow::from_row(&twin)?));
            }
        }
        if let Some(limit) = limit {
            let open = count_open_by_user(&mut tx, guild, opener).await?;
            if open >= u64::from(limit) {
                tx.rollback().await?;
                let open = u32::try_from(open).unwrap_or(u32::MAX);
                return Ok(BeginOpen::LimitReached { limit, open });
            }
        }
        let row = sqlx::query(concat!(
            "INSERT INTO tickets (guild_id, number, opener_id, subject, panel_id, status, \
             created_at, process_id) VALUES ($1, $2, $3, $4, $5, 'opening', $6, $7) RETURNING ",
            ticket_columns!()
        ))
        .bind(db_id(guild))
        .bind(number)
        .bind(db_id(opener))
        .bind(subject)
        .bind(panel.map(PanelId::get))
        .bind(now_ms())
        .bind(process)
        .fetch_one(&mut *tx)
        .await?;
        let ticket = TicketRow::from_row(&row)?;
        tx.commit().await?;
        Ok(BeginOpen::Reserved(ticket))
    }

    /// Records that an `opening` ticket's channel exists; the ticket is `open` from now on.
    ///
    /// Returns `false` when the ticket is no longer `opening` (the sweeper gave up on it): the
    /// caller should then remove the channel it made.
    ///
    /// # Errors
    ///
    /// [`StoreError::NotFound`] when the guild has no such ticket, [`StoreError::Conflict`] on
    /// `channel_id` when another ticket has this channel, and storage failures.
    pub async fn mark_open(
        self,
        guild: GuildId,
        number: i64,
        channel: ChannelId,
    ) -> Result<bool, StoreError> {
        self.mark_open_at(guild, number, channel, false, now_ms())
            .await
    }

    /// [`Tickets::mark_open`] at `at` (Unix milliseconds, the caller's clock, which response
    /// and resolution times are measured by), recording whether the channel is a private thread.
    ///
    /// # Errors
    ///
    /// As [`Tickets::mark_open`].
    pub async fn mark_open_at(
        self,
        guild: GuildId,
        number: i64,
        channel: ChannelId,
        is_thread: bool,
        at: i64,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE tickets SET status = 'open', channel_id = $3, opened_at = $4, is_thread = $5 \
             WHERE guild_id = $1 AND number = $2 AND status = 'opening'",
        )
        .bind(db_id(guild))
        .bind(number)
        .bind(db_id(channel))
        .bind(at)
        .bind(i64::from(is_thread))
        .execute(&self.db.pool)
        .await?
        .rows_affected()
            == 1;
        if !done {
            self.require(guild, number).await?;
        }
        Ok(done)
    }

    /// Records that opening failed: the ticket no longer counts as open or in the totals, so the
    /// member can simply try again.
    ///
    /// Returns `false` when the ticket is no longer `opening` (it opened, or failed already).
    ///
    /// # Errors
    ///
    /// [`StoreError::NotFound`] when the guild has no such ticket, and storage failures.
    pub async fn mark_failed(self, guild: GuildId, number: i64) -> Result<bool, StoreError> {
        let mut tx = self.db.begin_write().await?;
        let done = sqlx::query(
            "UPDATE tickets SET status = 'failed' \
             WHERE guild_id = $1 AND number = $2 AND status = 'opening'",
        )
        .bind(db_id(guild))
        .bind(number)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if done {
            sqlx::query(
                "UPDATE ticket_counters \
                 SET open_count = open_count - 1, total_count = total_count - 1 \
                 WHERE guild_id = $1",
            )
            .bind(db_id(guild))
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        if !done {
            self.require(guild, number).await?;
        }
        Ok(done)
    }

    /// Closes an `open` ticket, recording who closed it, why and when (Unix milliseconds).
    ///
    /// Returns the closed ticket, or `None` when the guild has no such open ticket (closed
    /// already, so calling twice is harmless; or another guild's number).
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn close(
        self,
        guild: GuildId,
        number: i64,
        closed_by: UserId,
        reason: Option<&str>,
        at: i64,
    ) -> Result<Option<TicketRow>, StoreError> {
        Ok(self
            .close_then(guild, number, closed_by, reason, at, None)
            .await?
            .map(|(ticket, _)| ticket))
    }

    /// As [`Tickets::close`], and in the same transaction stores the job that finishes the close
    /// (capture, announce, remove the channel), leased to the caller: a crash right after the
    /// close can never leave a closed ticket whose channel nothing will archive. Returns the
    /// job's id with the ticket.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn close_then(
        self,
        guild: GuildId,
        number: i64,
        closed_by: UserId,
        reason: Option<&str>,
        at: i64,
        then: Option<crate::jobs::NewJob<'_>>,
    ) -> Result<Option<(TicketRow, Option<i64>)>, StoreError> {
        let mut tx = self.db.begin_write().await?;
        let row = sqlx::query(concat!(
            "UPDATE tickets SET status = 'closed', closed_at = $3, closed_by = $4, \
             close_reason = $5, resolution_ms = $3 - COALESCE(opened_at, created_at) WHERE guild_id = $1 AND number = $2 AND status = 'open' \
             RETURNING ",
            ticket_columns!()
        ))
        .bind(db_id(guild))
        .bind(number)
        .bind(at)
        .bind(db_id(closed_by))
        .bind(reason)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else {
            tx.rollback().await?;
            return Ok(None);
        };
        sqlx::query("UPDATE ticket_counters SET open_count = open_count - 1 WHERE guild_id = $1")
            .bind(db_id(guild))
            .execute(&mut *tx)
            .await?;
        let ticket = TicketRow::from_row(&row)?;
        let job = match then {
            Some(job) => Some(job.insert(&mut tx, Some(guild)).await?),
            None => None,
        };
        tx.commit().await?;
        Ok(Some((ticket, job)))
    }

    /// A guild's ticket by number.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn get(self, guild: GuildId, number: i64) -> Result<Option<TicketRow>, StoreError> {
        let row = sqlx::query(concat!(
            "SELECT ",
            ticket_columns!(),
            " FROM tickets WHERE guild_id = $1 AND number = $2"
        ))
        .bind(db_id(guild))
        .bind(number)
        .fetch_optional(&self.db.pool)
        .await?;
        row.as_ref().map(TicketRow::from_row).transpose()
    }

    /// A guild's ticket by its channel.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn get_by_channel(
        self,
        guild: GuildId,
        channel: ChannelId,
    ) -> Result<Option<TicketRow>, StoreError> {
        let row = sqlx::query(concat!(
            "SELECT ",
            ticket_columns!(),
            // A channel id names one live ticket at most; history may hold older ones with
            // the same id (a restarted simulator reissues ids), so the newest is the one meant.
            " FROM tickets WHERE guild_id = $1 AND channel_id = $2 ORDER BY number DESC LIMIT 1"
        ))
        .bind(db_id(guild))
        .bind(db_id(channel))
        .fetch_optional(&self.db.pool)
        .await?;
        row.as_ref().map(TicketRow::from_row).transpose()
    }

    /// How many tickets a member has opening or open in a guild (what the limit counts).
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn count_open_by_user(self, guild: GuildId, user: UserId) -> Result<u64, StoreError> {
        let mut conn = self.db.pool.acquire().await?;
        count_open_by_user(&mut conn, guild, user).await
    }

    /// How many tickets a member ever opened in a guild (failed attempts excluded).
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn count_total_by_user(
        self,
        guild: GuildId,
        user: UserId,
    ) -> Result<u64, StoreError> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS n FROM tickets \
             WHERE guild_id = $1 AND opener_id = $2 AND status IN ('opening', 'open', 'closed')",
        )
        .bind(db_id(guild))
        .bind(db_id(user))
        .fetch_one(&self.db.pool)
        .await?;
        count_col(&row, "n")
    }

    /// How many tickets are opening or open in a guild, from its counter.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn count_open(self, guild: GuildId) -> Result<u64, StoreError> {
        self.counter(
            guild,
            "SELECT open_count AS n FROM ticket_counters WHERE guild_id = $1",
        )
        .await
    }

    /// How many tickets a guild ever had (failed attempts excluded), from its counter.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn count_total(self, guild: GuildId) -> Result<u64, StoreError> {
        self.counter(
            guild,
            "SELECT total_count AS n FROM ticket_counters WHERE guild_id = $1",
        )
        .await
    }

    /// The open tickets of a guild, by number (uses the partial index on open tickets).
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn open_in_guild(self, guild: GuildId) -> Result<Vec<TicketRow>, StoreError> {
        let rows = sqlx::query(concat!(
            "SELECT ",
            ticket_columns!(),
            " FROM tickets WHERE guild_id = $1 AND status = 'open' ORDER BY number"
        ))
        .bind(db_id(guild))
        .fetch_all(&self.db.pool)
        .await?;
        rows.iter().map(TicketRow::from_row).collect()
    }

    /// The open tickets a member opened, by number (the opener index).
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn open_by_opener(
        self,
        guild: GuildId,
        opener: UserId,
    ) -> Result<Vec<TicketRow>, StoreError> {
        let rows = sqlx::query(concat!(
            "SELECT ",
            ticket_columns!(),
            " FROM tickets WHERE guild_id = $1 AND opener_id = $2 AND status = 'open' \
             ORDER BY number"
        ))
        .bind(db_id(guild))
        .bind(db_id(opener))
        .fetch_all(&self.db.pool)
        .await?;
        rows.iter().map(TicketRow::from_row).collect()
    }

    /// Up to `limit` open tickets of the server numbered after `after`, in number order: a long
    /// walk over the open tickets in pages that a job can resume.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn open_after(
        self,
        guild: GuildId,
        after: i64,
        limit: u32,
    ) -> Result<Vec<TicketRow>, StoreError> {
        let rows = sqlx::query(concat!(
            "SELECT ",
            ticket_columns!(),
            " FROM tickets WHERE guild_id = $1 AND status = 'open' AND number > $2 \
             ORDER BY number LIMIT $3"
        ))
        .bind(db_id(guild))
        .bind(after)
        .bind(i64::from(limit))
        .fetch_all(&self.db.pool)
        .await?;
        rows.iter().map(TicketRow::from_row).collect()
    }

    /// Maintenance query, across all guilds: tickets still `opening` that began before
    /// `created_before` (Unix milliseconds), oldest first, at most 500 per call.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn stale_opening(self, created_before: i64) -> Result<Vec<TicketRow>, StoreError> {
        let rows = sqlx::query(concat!(
            "SELECT ",
            ticket_columns!(),
            " FROM tickets WHERE status = 'opening' AND created_at < $1 \
             ORDER BY created_at, guild_id, number LIMIT 500"
        ))
        .bind(created_before)
        .fetch_all(&self.db.pool)
        .await?;
        rows.iter().map(TicketRow::from_row).collect()
    }

    /// Maintenance query, across all guilds: tickets still `opening` that nobody will finish,
    /// oldest first, at most 500 per call. That is those recorded by a process whose lease is
    /// gone or ran out before `now`, and, whoever recorded them, those that began before
    /// `stuck_before` (Unix milliseconds; also covers rows from before leases existed).
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn interrupted_opening(
        self,
        now: i64,
        stuck_before: i64,
    ) -> Result<Vec<TicketRow>, StoreError> {
        let rows = sqlx::query(concat!(
            "SELECT ",
            ticket_columns!(),
            " FROM tickets t WHERE status = 'opening' AND (created_at < $2 \
             OR (process_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM process_leases l \
                 WHERE l.process_id = t.process_id AND l.expires_at > $1))) \
             ORDER BY created_at, guild_id, number LIMIT 500"
        ))
        .bind(now)
        .bind(stuck_before)
        .fetch_all(&self.db.pool)
        .await?;
        rows.iter().map(TicketRow::from_row).collect()
    }

    async fn counter(self, guild: GuildId, sql: &'static str) -> Result<u64, StoreError> {
        let row = sqlx::query(sql)
            .bind(db_id(guild))
            .fetch_optional(&self.db.pool)
            .await?;
        row.map_or(Ok(0), |row| count_col(&row, "n"))
    }

    /// Claims an open ticket for `staff`, unless someone claimed it first (decided atomically).
    ///
    /// # Errors
    ///
    /// [`StoreError::NotFound`] when the guild has no such ticket, and storage failures.
    pub async fn claim(
        self,
        guild: GuildId,
        number: i64,
        staff: UserId,
    ) -> Result<Claim, StoreError> {
        let done = sqlx::query(
            "UPDATE tickets SET claimed_by = $3, claimed_at = $4 \
             WHERE guild_id = $1 AND number = $2 AND status = 'open' AND claimed_by IS NULL",
        )
        .bind(db_id(guild))
        .bind(number)
        .bind(db_id(staff))
        .bind(now_ms())
        .execute(&self.db.pool)
        .await?;
        if done.rows_affected() > 0 {
            return Ok(Claim::Claimed);
        }
        let ticket = self
            .get(guild, number)
            .await?
            .ok_or(StoreError::NotFound { what: "ticket" })?;
        Ok(match (ticket.status, ticket.claimed_by) {
            (TicketStatus::Open, Some(by)) => Claim::AlreadyClaimed(by),
            _ => Claim::NotOpen,
        })
    }

    /// Changes who holds an open ticket's claim from `from` to `to` (`None`: unclaimed), only if
    /// `from` still holds it; `false` when someone changed it first or the ticket is not open.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn change_claim(
        self,
        guild: GuildId,
        number: i64,
        from: UserId,
        to: Option<UserId>,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE tickets SET claimed_by = $4, claimed_at = $5 \
             WHERE guild_id = $1 AND number = $2 AND status = 'open' AND claimed_by = $3",
        )
        .bind(db_id(guild))
        .bind(number)
        .bind(db_id(from))
        .bind(to.map(db_id))
        .bind(to.map(|_| now_ms()))
        .execute(&self.db.pool)
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Moves an open ticket to another panel; `false` when it is not open.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn set_panel(
        self,
        guild: GuildId,
        number: i64,
        panel: PanelId,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE tickets SET panel_id = $3 WHERE guild_id = $1 AND number = $2 AND status = 'open'",
        )
        .bind(db_id(guild))
        .bind(number)
        .bind(panel.get())
        .execute(&self.db.pool)
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Tells "no such ticket" from "not in the expected state" after an update changed nothing.
    async fn require(self, guild: GuildId, number: i64) -> Result<(), StoreError> {
        match self.get(guild, number).await? {
            Some(_) => Ok(()),
            None => Err(StoreError::NotFound { what: "ticket" }),
        }
    }
}

async fn count_open_by_user(
    conn: &mut sqlx::AnyConnection,
    guild: GuildId,
    user: UserId,
) -> Result<u64, StoreError> {
    let row = sqlx::query(
        "SELECT COUNT(*) AS n FROM tickets \
         WHERE guild_id = $1 AND opener_id = $2 AND status IN ('opening', 'open')",
    )
    .bind(db_id(guild))
    .bind(db_id(user))
    .fetch_one(conn)
    .await?;
    count_col(&row, "n")
}
