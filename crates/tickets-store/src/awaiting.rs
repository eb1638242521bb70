//! Ticket channels moved to their panel's awaiting-response category, with the category each
//! came from, so that it goes back there when the opener answers.

use crate::{Database, StoreError, db_id, opt_id_col};
use tickets_model::{ChannelId, GuildId};

/// The repository; see [`Database::awaiting`].
#[derive(Debug, Clone, Copy)]
pub struct AwaitingMoves<'a> {
    pub(crate) db: &'a Database,
}

impl AwaitingMoves<'_> {
    /// Where a moved ticket came from: `Some(home)` (itself `None` for no category) while its
    /// channel is in the awaiting category, `None` otherwise.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn home(
        self,
        guild: GuildId,
        number: i64,
    ) -> Result<Option<Option<ChannelId>>, StoreError> {
        let row = sqlx::query(
            "SELECT home_category_id FROM awaiting_moves \
             WHERE guild_id = $1 AND ticket_number = $2",
        )
        .bind(db_id(guild))
        .bind(number)
        .fetch_optional(&self.db.pool)
        .await?;
        row.map(|row| opt_id_col(&row, "home_category_id"))
            .transpose()
    }

    /// Records that the ticket's channel moved away from `home` at `at`.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn moved(
        self,
        guild: GuildId,
        number: i64,
        home: Option<ChannelId>,
        at: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO awaiting_moves (guild_id, ticket_number, home_category_id, moved_at) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (guild_id, ticket_number) DO NOTHING",
        )
        .bind(db_id(guild))
        .bind(number)
        .bind(home.map(db_id))
        .bind(at)
        .execute(&self.db.pool)
        .await?;
        Ok(())
    }

    /// Records that the ticket's channel is back home (or gone).
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn returned(self, guild: GuildId, number: i64) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM awaiting_moves WHERE guild_id = $1 AND ticket_number = $2")
            .bind(db_id(guild))
            .bind(number)
            .execute(&self.db.pool)
            .await?;
        Ok(())
    }
}
