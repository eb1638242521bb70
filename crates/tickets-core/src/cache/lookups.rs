//! The lookups the use cases make about servers and members: from the cache when it knows,
//! else from Discord once, remembered for the next request.

use super::{ChannelFact, Observed, RoleFact};
use crate::{Core, DiscordFailure, UseCaseError};
use tickets_model::{ChannelId, GuildId, RoleId, UserId};

impl Core {
    /// Takes in a fact Discord sent (a gateway event, or the members of an interaction). This is
    /// the only way the edges feed the cache.
    pub fn observe(&self, fact: Observed<'_>) {
        self.cache().observe(self.now(), fact);
    }

    /// The owner of a server: from the cache, else from the guild record the gateway keeps, else
    /// asked of Discord once (and recorded).
    pub(crate) async fn cached_owner(&self, guild: GuildId) -> Result<UserId, UseCaseError> {
        if let Some(owner) = self.cache().with_guild(self.now(), guild, |g| g.owner) {
            return Ok(owner);
        }
        if let Some(known) = self.db().guilds().get(guild).await? {
            return Ok(known.owner_id);
        }
        let fetched = self.fetch_guild(guild).await?;
        self.db()
            .guilds()
            .upsert(guild, &fetched.name, fetched.owner_id)
            .await?;
        Ok(fetched.owner_id)
    }

    /// A server's roles, `@everyone` and integration roles included.
    pub(crate) async fn cached_roles(&self, guild: GuildId) -> Result<Vec<RoleFact>, UseCaseError> {
        if let Some(roles) = self
            .cache()
            .with_guild(self.now(), guild, |g| g.roles.to_vec())
        {
            return Ok(roles);
        }
        let fetched = self.fetch_guild(guild).await?;
        Ok(fetched.roles.iter().map(RoleFact::from).collect())
    }

    /// A server's categories and text channels. A channel named in `wanted` that the cache does
    /// not hold may have been created a moment ago, before its event arrived: then the list is
    /// asked of Discord again rather than refusing a channel that exists.
    pub(crate) async fn cached_channels(
        &self,
        guild: GuildId,
        wanted: &[ChannelId],
    ) -> Result<Vec<ChannelFact>, UseCaseError> {
        let known = self.cache().with_guild(self.now(), guild, |g| {
            g.channels
                .as_ref()
                .filter(|channels| wanted.iter().all(|w| channels.iter().any(|c| c.id == *w)))
                .map(|channels| channels.to_vec())
        });
        if let Some(Some(channels)) = known {
            return Ok(channels);
        }
        let request = self.discord().http().guild_channels(guild);
        let channels: Vec<twilight_model::channel::Channel> =
            self.discord().models("get_guild_channels", request).await?;
        self.cache().remember_channels(guild, &channels);
        Ok(channels.iter().filter_map(ChannelFact::of).collect())
    }

    /// A member's roles; `None` when they are not in the server. Asked of Discord only when the
    /// cache has not seen them lately, and the answer (either way) is remembered.
    pub(crate) async fn cached_member_roles(
        &self,
        guild: GuildId,
        user: UserId,
    ) -> Result<Option<Vec<RoleId>>, UseCaseError> {
        if let Some(known) = self.cache().member_roles(self.now(), guild, user) {
            return Ok(known);
        }
        let request = self.discord().http().guild_member(guild, user);
        let roles = match self.discord().model("get_guild_member", request).await {
            Ok(member) => Some(member.roles),
            // Not in the server (or the bot no longer is): no roles there.
            Err(error)
                if matches!(
                    error.failure(),
                    DiscordFailure::Unknown | DiscordFailure::MissingPermission
                ) =>
            {
                None
            }
            Err(error) => return Err(error.into()),
        };
        self.cache()
            .remember_member(self.now(), guild, user, roles.as_deref());
        Ok(roles)
    }

    async fn fetch_guild(
        &self,
        guild: GuildId,
    ) -> Result<twilight_model::guild::Guild, UseCaseError> {
        let fetched = self
            .discord()
            .model("get_guild", self.discord().http().guild(guild))
            .await?;
        self.cache().remember_guild(
            self.now(),
            guild,
            &fetched.name,
            fetched.owner_id,
            &fetched.roles,
        );
        Ok(fetched)
    }
}
