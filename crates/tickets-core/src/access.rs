//! Who may do what with the bot in a server.

use crate::{Core, UseCaseError};
use tickets_model::permissions::PermissionLevel;
use tickets_model::{GuildId, RoleId, UserId};

/// Who is asking, as the permission checks need to know them: the bot's levels can be given to
/// roles, so a member's roles come along with their id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    /// The server.
    pub guild_id: GuildId,
    /// The member.
    pub user_id: UserId,
    /// The member's roles in the server.
    pub roles: Vec<RoleId>,
}

impl Core {
    /// The bot permission level of the caller in their server.
    ///
    /// # Errors
    ///
    /// Storage failures, or Discord failing to describe an unknown guild.
    pub async fn level(&self, caller: &Caller) -> Result<PermissionLevel, UseCaseError> {
        self.permission_level(caller.guild_id, caller.user_id).await
    }

    /// Refuses a caller below `needed`, saying which level the action needs.
    ///
    /// # Errors
    ///
    /// [`UseCaseError::NotPermitted`], storage failures.
    pub async fn require(
        &self,
        caller: &Caller,
        needed: PermissionLevel,
    ) -> Result<PermissionLevel, UseCaseError> {
        let level = self.level(caller).await?;
        if level < needed {
            return Err(UseCaseError::NotPermitted { needed });
        }
        Ok(level)
    }

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
