//! Durable jobs: rows with a due time, claimed with a lease and run at least once.
//!
//! A runner claims due jobs ([`Jobs::claim_due`]), which leases them until `now + lease`; it then
//! completes them (deleted) or asks for a retry at a later time. A runner that dies mid-job
//! simply lets the lease run out, and the job is claimed again: jobs must be idempotent.
//!
//! A held job also names its holder (the process's lease id, see [`crate::leases`]). When that
//! process is known to be gone, [`Jobs::release_abandoned`] hands its jobs back at once, so a
//! restarted process finishes them in its first maintenance pass rather than a minute later.

use crate::{Database, StoreError, col, count_col, db_id, now_ms};
use sqlx::any::AnyRow;
use tickets_model::GuildId;

/// A stored job, as claimed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobRow {
    /// Its id.
    pub id: i64,
    /// What to do, e.g. `"delete_channel"`.
    pub kind: String,
    /// The server it concerns, if any.
    pub guild_id: Option<GuildId>,
    /// Its parameters, as JSON.
    pub payload: String,
    /// When it is due (Unix milliseconds).
    pub due_at: i64,
    /// How many times it was claimed, this time included.
    pub attempts: u32,
    /// Until when the current runner holds it.
    pub locked_until: Option<i64>,
    /// The lease id of the process holding it, if one does.
    pub held_by: Option<String>,
}

impl JobRow {
    fn from_row(row: &AnyRow) -> Result<Self, StoreError> {
        Ok(Self {
            id: col(row, "id")?,
            kind: col(row, "kind")?,
            guild_id: crate::opt_id_col(row, "guild_id")?,
            payload: col(row, "payload")?,
            due_at: col(row, "due_at")?,
            attempts: count_col(row, "attempts")?,
            locked_until: col(row, "locked_until")?,
            held_by: col(row, "held_by")?,
        })
    }
}

/// A job to store within another write (see [`crate::tickets::Tickets::close_then`]), leased to
/// the process that stores it (`held_by`) until `locked_until`.
#[derive(Debug, Clone, Copy)]
pub struct NewJob<'a> {
    /// What to do.
    pub kind: &'a str,
    /// Its parameters, as JSON.
    pub payload: &'a str,
    /// When it is due (Unix milliseconds).
    pub due_at: i64,
    /// Until when the storing process holds it.
    pub locked_until: i64,
    /// The storing process's lease id: the job is released as soon as that process is gone.
    pub held_by: &'a str,
}

impl NewJob<'_> {
    pub(crate) async fn insert(
        self,
        tx: &mut sqlx::Transaction<'_, sqlx::Any>,
        guild: Option<GuildId>,
    ) -> Result<i64, StoreError> {
        let id = sqlx::query_scalar(
            "INSERT INTO jobs \
             (kind, guild_id, payload, due_at, created_at, locked_until, attempts, held_by) \
             VALUES ($1, $2, $3, $4, $5, $6, 1, $7) RETURNING id",
        )
        .bind(self.kind)
        .bind(guild.map(db_id))
        .bind(self.payload)
        .bind(self.due_at)
        .bind(now_ms())
        .bind(self.locked_until)
        .bind(self.held_by)
        .fetch_one(&mut **tx)
        .await?;
        Ok(id)
    }
}

/// The job repository; see [`Database::jobs`].
#[derive(Debug, Clone, Copy)]
pub struct Jobs<'a> {
    pub(crate) db: &'a Database,
}

impl Jobs<'_> {
    /// Stores a job due at `due_at` (Unix milliseconds); returns its id.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn schedule(
        self,
        kind: &str,
        guild: Option<GuildId>,
        payload: &str,
        due_at: i64,
    ) -> Result<i64, StoreError> {
        let id = sqlx::query_scalar(
            "INSERT INTO jobs (kind, guild_id, payload, due_at, created_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(kind)
        .bind(guild.map(db_id))
        .bind(payload)
        .bind(due_at)
        .bind(now_ms())
        .fetch_one(&self.db.pool)
        .await?;
        Ok(id)
    }

    /// Stores the one pending job of its kind, server and payload, due at `due_at`: a waiting
    /// twin (not held by a runner at `now`) is replaced, so re-planning a timer keeps one job.
    /// A twin being run keeps going; it re-checks its facts. Returns the new job's id.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn replace(
        self,
        kind: &str,
        guild: GuildId,
        payload: &str,
        due_at: i64,
        now: i64,
    ) -> Result<i64, StoreError> {
        let mut tx = self.db.begin_write().await?;
        sqlx::query(
            "DELETE FROM jobs WHERE kind = $1 AND guild_id = $2 AND payload = $3 \
             AND (locked_until IS NULL OR locked_until <= $4)",
        )
        .bind(kind)
        .bind(db_id(guild))
        .bind(payload)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        let id = sqlx::query_scalar(
            "INSERT INTO jobs (kind, guild_id, payload, due_at, created_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(kind)
        .bind(db_id(guild))
        .bind(payload)
        .bind(due_at)
        .bind(now_ms())
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Removes the waiting jobs of a kind, server and payload (a timer no rule needs any more).
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn cancel(
        self,
        kind: &str,
        guild: GuildId,
        payload: &str,
        now: i64,
    ) -> Result<u64, StoreError> {
        let done = sqlx::query(
            "DELETE FROM jobs WHERE kind = $1 AND guild_id = $2 AND payload = $3 \
             AND (locked_until IS NULL OR locked_until <= $4)",
        )
        .bind(kind)
        .bind(db_id(guild))
        .bind(payload)
        .bind(now)
        .execute(&self.db.pool)
        .await?;
        Ok(done.rows_affected())
    }

    /// Stores a job that its caller starts running at once: it is leased to the caller (the
    /// process with lease id `held_by`) until `locked_until`, so the maintenance loop takes it
    /// only if the caller died meanwhile.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn schedule_held(
        self,
        kind: &str,
        guild: Option<GuildId>,
        payload: &str,
        due_at: i64,
        locked_until: i64,
        held_by: &str,
    ) -> Result<i64, StoreError> {
        let mut tx = self.db.begin_write().await?;
        let job = NewJob {
            kind,
            payload,
            due_at,
            locked_until,
            held_by,
        };
        let id = job.insert(&mut tx, guild).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Records a long job's progress (its new payload) and extends its lease: a runner that takes
    /// it over after a crash goes on from there.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn checkpoint(
        self,
        id: i64,
        payload: &str,
        locked_until: i64,
    ) -> Result<bool, StoreError> {
        let result = sqlx::query("UPDATE jobs SET payload = $2, locked_until = $3 WHERE id = $1")
            .bind(id)
            .bind(payload)
            .bind(locked_until)
            .execute(&self.db.pool)
            .await?;
        Ok(result.rows_affected() > 0)
    }

    /// Maintenance query, across all guilds: claims up to `max` jobs due at `now` that nobody
    /// holds, leasing them to the process `held_by` for `lease_ms`; oldest due first.
    ///
    /// Two runners never hold the same job at once: the lease condition is part of the UPDATE, so
    /// on PostgreSQL a runner that waited for another's row lock re-checks it and skips the row,
    /// and on SQLite writers are serialised.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn claim_due(
        self,
        now: i64,
        lease_ms: i64,
        max: u32,
        held_by: &str,
    ) -> Result<Vec<JobRow>, StoreError> {
        let mut tx = self.db.begin_write().await?;
        let rows = sqlx::query(
            "UPDATE jobs SET locked_until = $2, attempts = attempts + 1, held_by = $4 \
             WHERE id IN (SELECT id FROM jobs \
                          WHERE due_at <= $1 AND (locked_until IS NULL OR locked_until <= $1) \
                          ORDER BY due_at, id LIMIT $3) \
               AND due_at <= $1 AND (locked_until IS NULL OR locked_until <= $1) \
             RETURNING id, kind, guild_id, payload, due_at, attempts, locked_until, held_by",
        )
        .bind(now)
        .bind(now.saturating_add(lease_ms))
        .bind(i64::from(max))
        .bind(held_by)
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        let mut jobs = rows
            .iter()
            .map(JobRow::from_row)
            .collect::<Result<Vec<_>, _>>()?;
        jobs.sort_by_key(|job| (job.due_at, job.id));
        Ok(jobs)
    }

    /// Deletes a job that ran to completion; returns whether it still existed.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn complete(self, id: i64) -> Result<bool, StoreError> {
        let result = sqlx::query("DELETE FROM jobs WHERE id = $1")
            .bind(id)
            .execute(&self.db.pool)
            .await?;
        Ok(result.rows_affected() > 0)
    }

    /// Releases a job that failed, to run again at `due_at` (Unix milliseconds); returns whether
    /// it still existed.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn retry_later(self, id: i64, due_at: i64) -> Result<bool, StoreError> {
        let result = sqlx::query(
            "UPDATE jobs SET due_at = $2, locked_until = NULL, held_by = NULL WHERE id = $1",
        )
        .bind(id)
        .bind(due_at)
        .execute(&self.db.pool)
        .await?;
        Ok(result.rows_affected() > 0)
    }

    /// Maintenance query: releases every job held by a process without a live lease at `now`
    /// (its lease was ended because it is known to be gone, or ran out), so that the next
    /// [`Jobs::claim_due`] takes them at once, as if their lock had run out; returns how many.
    /// Jobs without a recorded holder keep their lock until it runs out.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn release_abandoned(self, now: i64) -> Result<u64, StoreError> {
        let result = sqlx::query(
            "UPDATE jobs SET locked_until = NULL, held_by = NULL \
             WHERE held_by IS NOT NULL \
               AND NOT EXISTS (SELECT 1 FROM process_leases \
                               WHERE process_leases.process_id = jobs.held_by \
                                 AND process_leases.expires_at > $1)",
        )
        .bind(now)
        .execute(&self.db.pool)
        .await?;
        Ok(result.rows_affected())
    }
}
