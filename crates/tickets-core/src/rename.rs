//! `/rename`: a new name for a ticket's channel, within Discord's two renames or moves per ten
//! minutes.

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
        let name = if ticket.is_thread {
            ChannelName::parse_thread(name)?
        } else {
            ChannelName::parse(name)?
        };
        let now = self.reserve_channel_change(guild, channel).await?;
        let renames = self.db().ticket_members();
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

    /// Takes one of the channel's two renames or moves of the last ten minutes (Discord counts
    /// both against one limit) and returns its time, by which it is released should Discord
    /// refuse the change.
    ///
    /// # Errors
    ///
    /// [`UseCaseError::RenameLimited`] when both are taken; storage failures.
    pub(crate) async fn reserve_channel_change(
        &self,
        guild: tickets_model::GuildId,
        channel: ChannelId,
    ) -> Result<i64, UseCaseError> {
        let now = now_ms();
        if let Err(earlier) = self
            .db()
            .ticket_members()
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
        Ok(now)
    }
}
