//! Members and roles added to one ticket with `/add`, and the renames of ticket channels (Discord
//! allows two per channel in ten minutes).

use crate::staff::{parts, who_col};
use crate::{Database, StoreError, col, db_id};
use tickets_model::staff::MemberOrRole;
use tickets_model::{ChannelId, GuildId};

/// The ticket members repository; see [`Database::ticket_members`].
#[derive(Debug, Clone, Copy)]
pub struct TicketMembers<'a> {
    pub(crate) db: &'a Database,
}

impl TicketMembers<'_> {
    /// Adds a member or role to a ticket; `false` when they were in it already.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn add(
        self,
        guild: GuildId,
        number: i64,
        who: MemberOrRole,
    ) -> Result<bool, StoreError> {
        let (kind, id) = parts(who);
        let done = sqlx::query(
            "INSERT INTO ticket_members (guild_id, number, kind, target_id) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (guild_id, number, kind, target_id) DO NOTHING",
        )
        .bind(db_id(guild))
        .bind(number)
        .bind(kind)
        .bind(id)
        .execute(&self.db.pool)
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Removes a member or role from a ticket; `false` when they were not in it.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn remove(
        self,
        guild: GuildId,
        number: i64,
        who: MemberOrRole,
    ) -> Result<bool, StoreError> {
        let (kind, id) = parts(who);
        let done = sqlx::query(
            "DELETE FROM ticket_members \
             WHERE guild_id = $1 AND number = $2 AND kind = $3 AND target_id = $4",
        )
        .bind(db_id(guild))
        .bind(number)
        .bind(kind)
        .bind(id)
        .execute(&self.db.pool)
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Everyone added to a ticket.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn list(self, guild: GuildId, number: i64) -> Result<Vec<MemberOrRole>, StoreError> {
        sqlx::query(
            "SELECT kind, target_id FROM ticket_members WHERE guild_id = $1 AND number = $2 \
             ORDER BY kind DESC, target_id",
        )
        .bind(db_id(guild))
        .bind(number)
        .fetch_all(&self.db.pool)
        .await?
        .iter()
        .map(who_col)
        .collect()
    }

    /// Records a rename of a channel at `at` (Unix milliseconds) unless it already had `max`
    /// renames since `since`; returns the times of those earlier renames when refused.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn reserve_rename(
        self,
        guild: GuildId,
        channel: ChannelId,
        since: i64,
        at: i64,
        max: usize,
    ) -> Result<Result<(), Vec<i64>>, StoreError> {
        let mut tx = self.db.begin_write().await?;
        let recent: Vec<i64> = sqlx::query(
            "SELECT renamed_at FROM channel_renames \
             WHERE guild_id = $1 AND channel_id = $2 AND renamed_at > $3 ORDER BY renamed_at",
        )
        .bind(db_id(guild))
        .bind(db_id(channel))
        .bind(since)
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(|row| col(row, "renamed_at"))
        .collect::<Result<_, _>>()?;
        if recent.len() >= max {
            return Ok(Err(recent));
        }
        sqlx::query(
            "INSERT INTO channel_renames (guild_id, channel_id, renamed_at) VALUES ($1, $2, $3)",
        )
        .bind(db_id(guild))
        .bind(db_id(channel))
        .bind(at)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Ok(()))
    }

    /// Forgets a rename that Discord refused, so it does not count.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn release_rename(
        self,
        guild: GuildId,
        channel: ChannelId,
        at: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "DELETE FROM channel_renames WHERE guild_id = $1 AND channel_id = $2 AND renamed_at = $3",
        )
        .bind(db_id(guild))
        .bind(db_id(channel))
        .bind(at)
        .execute(&self.db.pool)
        .await?;
        Ok(())
    }
}
