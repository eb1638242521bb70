//! What the gateway last told us about each server: its name and its owner.

use crate::{Database, StoreError, col, db_id, id_col, now_ms};
use tickets_model::{GuildId, UserId};

/// A server as Discord last described it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuildRow {
    /// The server.
    pub guild_id: GuildId,
    /// Its name, for the dashboard.
    pub name: String,
    /// Its owner, always a bot admin.
    pub owner_id: UserId,
    /// When we last heard of it (Unix milliseconds).
    pub updated_at: i64,
}

/// The guild repository; see [`Database::guilds`].
#[derive(Debug, Clone, Copy)]
pub struct Guilds<'a> {
    pub(crate) db: &'a Database,
}

impl Guilds<'_> {
    /// Records a server's name and owner, replacing what we knew.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn upsert(self, guild: GuildId, name: &str, owner: UserId) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO guilds (guild_id, name, owner_id, updated_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (guild_id) DO UPDATE \
             SET name = excluded.name, owner_id = excluded.owner_id, \
                 updated_at = excluded.updated_at",
        )
        .bind(db_id(guild))
        .bind(name)
        .bind(db_id(owner))
        .bind(now_ms())
        .execute(&self.db.pool)
        .await?;
        Ok(())
    }

    /// What we know of a server, if the bot has seen it.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn get(self, guild: GuildId) -> Result<Option<GuildRow>, StoreError> {
        let row = sqlx::query("SELECT name, owner_id, updated_at FROM guilds WHERE guild_id = $1")
            .bind(db_id(guild))
            .fetch_optional(&self.db.pool)
            .await?;
        row.map(|row| {
            Ok(GuildRow {
                guild_id: guild,
                name: col(&row, "name")?,
                owner_id: id_col(&row, "owner_id")?,
                updated_at: col(&row, "updated_at")?,
            })
        })
        .transpose()
    }
}
