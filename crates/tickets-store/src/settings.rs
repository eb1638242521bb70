//! Per-server settings: one row per guild, created on the first change.

use crate::{Database, StoreError, col, count_col, db_id, now_ms, opt_id_col};
use tickets_model::values::TicketLimit;
use tickets_model::{ChannelId, GuildId};

/// A server's settings, defaults included.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuildSettings {
    /// The server.
    pub guild_id: GuildId,
    /// How many tickets one member may have open at once (staff are immune).
    pub ticket_limit: u32,
    /// The category new ticket channels go into; `None` puts them at the top level.
    pub ticket_category_id: Option<ChannelId>,
    /// The server's language for bot messages, e.g. `"de"`; `None` follows each user's language.
    pub language: Option<String>,
}

impl GuildSettings {
    /// The settings of a server that never changed any; the schema's column defaults match.
    #[must_use]
    pub fn defaults(guild_id: GuildId) -> Self {
        Self {
            guild_id,
            ticket_limit: TicketLimit::DEFAULT.get(),
            ticket_category_id: None,
            language: None,
        }
    }
}

/// The settings repository; see [`Database::settings`].
#[derive(Debug, Clone, Copy)]
pub struct Settings<'a> {
    pub(crate) db: &'a Database,
}

impl Settings<'_> {
    /// A server's settings, or the defaults when it never changed any.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn get(self, guild: GuildId) -> Result<GuildSettings, StoreError> {
        let row = sqlx::query(
            "SELECT ticket_limit, ticket_category_id, language \
             FROM guild_settings WHERE guild_id = $1",
        )
        .bind(db_id(guild))
        .fetch_optional(&self.db.pool)
        .await?;
        let Some(row) = row else {
            return Ok(GuildSettings::defaults(guild));
        };
        Ok(GuildSettings {
            guild_id: guild,
            ticket_limit: count_col(&row, "ticket_limit")?,
            ticket_category_id: opt_id_col(&row, "ticket_category_id")?,
            language: col(&row, "language")?,
        })
    }

    /// Sets how many tickets one member may have open at once.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn set_ticket_limit(
        self,
        guild: GuildId,
        limit: TicketLimit,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO guild_settings (guild_id, ticket_limit, created_at, updated_at) \
             VALUES ($1, $2, $3, $3) \
             ON CONFLICT (guild_id) DO UPDATE \
             SET ticket_limit = excluded.ticket_limit, updated_at = excluded.updated_at",
        )
        .bind(db_id(guild))
        .bind(i64::from(limit.get()))
        .bind(now_ms())
        .execute(&self.db.pool)
        .await?;
        Ok(())
    }

    /// Sets the category new ticket channels go into (`None`: the top level).
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn set_ticket_category(
        self,
        guild: GuildId,
        category: Option<ChannelId>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO guild_settings (guild_id, ticket_category_id, created_at, updated_at) \
             VALUES ($1, $2, $3, $3) \
             ON CONFLICT (guild_id) DO UPDATE \
             SET ticket_category_id = excluded.ticket_category_id, \
                 updated_at = excluded.updated_at",
        )
        .bind(db_id(guild))
        .bind(category.map(db_id))
        .bind(now_ms())
        .execute(&self.db.pool)
        .await?;
        Ok(())
    }

    /// Sets the server's language (`None`: each user's own).
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn set_language(
        self,
        guild: GuildId,
        language: Option<&str>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO guild_settings (guild_id, language, created_at, updated_at) \
             VALUES ($1, $2, $3, $3) \
             ON CONFLICT (guild_id) DO UPDATE \
             SET language = excluded.language, updated_at = excluded.updated_at",
        )
        .bind(db_id(guild))
        .bind(language)
        .bind(now_ms())
        .execute(&self.db.pool)
        .await?;
        Ok(())
    }
}
