//! `/rename`: a new name for a ticket's channel, within Discord's two renames per ten minutes.

use crate::access::Caller;
use crate::{Core, UseCaseError, now_ms};
use tickets_model::ChannelId;
use tickets_model::staff::ChannelName;

/// Discord lets a channel be renamed this many times...
pub const RENAMES_PER_WINDOW: usize = 2;
/// ...in this many milliseconds.
pub const RENAME_WINDOW_MS: i64 = 10 * 60 * 1000;

impl Core {
    /// Renames the ticket channel. Staff who work the ticket may. The third rename within ten
    /// minutes is refused with the time the next one is possible, before asking Discord (which
    /// would otherwise hold the request for up to ten minutes).
    ///
    /// # Errors
    ///
    /// [`UseCaseError::NotPermitted`], [`UseCaseError::Invalid`] for a bad name,
    /// [`UseCaseError::RenameLimited`], ticket lookup, storage and Discord failures.
    pub async fn rename_ticket(
        &self,
        caller: &Caller,
        channel: ChannelId,
        name: &str,
    ) -> Result<ChannelName, UseCaseError> {
        let guild = caller.guild_id;
        let ticket = self.open_ticket_in(guild, channel).await?;
        self.require_handler(caller, &ticket).await?;
        let name = ChannelName::parse(name)?;
        let now = now_ms();
        let renames = self.db().ticket_members();
        if let Err(earlier) = renames
            .reserve_rename(
                guild,
                channel,
                now - RENAME_WINDOW_MS,
                now,
                RENAMES_PER_WINDOW,
            )
            .await?
        {
            let oldest = earlier.first().copied().unwrap_or(now);
            return Err(UseCaseError::RenameLimited {
                next_at_ms: oldest + RENAME_WINDOW_MS,
            });
        }
        let request = self
            .discord()
            .http()
            .update_channel(channel)
            .name(name.as_str());
        if let Err(error) = self.discord().call("update_channel", request).await {
            renames.release_rename(guild, channel, now).await?;
            return Err(error.into());
        }
        tracing::info!(%guild, number = ticket.number, name = name.as_str(), "ticket renamed");
        Ok(name)
    }
}
