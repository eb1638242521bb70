//! Who may do what with the bot in a server.

use crate::{Core, UseCaseError};
use tickets_model::permissions::PermissionLevel;
use tickets_model::{GuildId, UserId};

impl Core {
    /// The bot permission level of a member.
    ///
    /// The server owner is always an admin. The owner comes from the guild record the gateway
    /// keeps; when the bot has not seen the guild yet it asks Discord once and remembers.
    ///
    /// # Errors
    ///
    /// Storage failures, or Discord failing to describe an unknown guild.
    pub async fn permission_level(
        &self,
        guild: GuildId,
        user: UserId,
    ) -> Result<PermissionLevel, UseCaseError> {
        Ok(level_of(self.guild_owner(guild).await?, user))
    }

    /// The owner of a server.
    ///
    /// # Errors
    ///
    /// Storage failures, or Discord failing to describe an unknown guild.
    pub async fn guild_owner(&self, guild: GuildId) -> Result<UserId, UseCaseError> {
        if let Some(known) = self.db().guilds().get(guild).await? {
            return Ok(known.owner_id);
        }
        let fetched = self
            .discord()
            .model("get_guild", self.discord().http().guild(guild))
            .await?;
        self.db()
            .guilds()
            .upsert(guild, &fetched.name, fetched.owner_id)
            .await?;
        Ok(fetched.owner_id)
    }
}

/// A member's level given the server's owner, for callers that already looked the owner up.
#[must_use]
pub fn level_of(owner: UserId, user: UserId) -> PermissionLevel {
    if owner == user {
        PermissionLevel::Admin
    } else {
        PermissionLevel::Everyone
    }
}
