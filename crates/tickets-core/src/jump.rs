//! `/jumptotop`: where a ticket's conversation starts.

use crate::access::Caller;
use crate::{Core, UseCaseError};
use tickets_model::ChannelId;
use tickets_model::permissions::PermissionLevel;
use twilight_model::channel::Message;
use twilight_model::id::Id;

impl Core {
    /// A link to the first message of the ticket in `channel`: for its opener, members added to
    /// it, and its staff.
    ///
    /// # Errors
    ///
    /// [`UseCaseError::NotPermitted`], [`UseCaseError::NoMessages`], ticket lookup, storage and
    /// Discord failures.
    pub async fn first_message_link(
        &self,
        caller: &Caller,
        channel: ChannelId,
    ) -> Result<String, UseCaseError> {
        let guild = caller.guild_id;
        let ticket = self.open_ticket_in(guild, channel).await?;
        let member = self
            .db()
            .ticket_members()
            .list(guild, ticket.number)
            .await?
            .iter()
            .any(|who| who.covers(caller.user_id, &caller.roles));
        if ticket.opener_id != caller.user_id && !member && !self.handles(caller, &ticket).await? {
            return Err(UseCaseError::NotPermitted {
                needed: PermissionLevel::Support,
            });
        }
        let first = self
            .first_message(channel)
            .await?
            .ok_or(UseCaseError::NoMessages)?;
        Ok(format!(
            "https://discord.com/channels/{guild}/{channel}/{}",
            first.id
        ))
    }

    /// The oldest message of a channel (a ticket's welcome message), if any.
    ///
    /// # Errors
    ///
    /// Discord failing.
    pub(crate) async fn first_message(
        &self,
        channel: ChannelId,
    ) -> Result<Option<Message>, UseCaseError> {
        // Ids grow with time, so the first message after id 1 is the oldest.
        let request = self
            .discord()
            .http()
            .channel_messages(channel)
            .after(Id::new(1))
            .limit(1);
        let messages: Vec<Message> = self.discord().models("list_messages", request).await?;
        Ok(messages.into_iter().next())
    }
}
