//! `/add` and `/remove`: bringing a member or a role into one ticket, or taking them out.

use crate::access::Caller;
use crate::{Core, UseCaseError};
use tickets_model::ChannelId;
use tickets_model::staff::MemberOrRole;

impl Core {
    /// Adds `who` to the ticket of `channel` with the opener's permissions. Staff who work the
    /// ticket may; @everyone is refused. Returns `false` when `who` was in it already.
    ///
    /// # Errors
    ///
    /// [`UseCaseError::NotPermitted`], [`UseCaseError::Invalid`] for @everyone, ticket lookup,
    /// storage and Discord failures.
    pub async fn add_to_ticket(
        &self,
        caller: &Caller,
        channel: ChannelId,
        who: MemberOrRole,
    ) -> Result<bool, UseCaseError> {
        let guild = caller.guild_id;
        let ticket = self.open_ticket_in(guild, channel).await?;
        self.require_handler(caller, &ticket).await?;
        let who = who.specific(guild, "target")?;
        if who == MemberOrRole::User(ticket.opener_id) {
            return Ok(false);
        }
        if !self
            .db()
            .ticket_members()
            .add(guild, ticket.number, who)
            .await?
        {
            return Ok(false);
        }
        if let Err(error) = self.refresh_overwrites(guild, ticket.number).await {
            // Discord refused: the member is not in the channel, so not in the ticket either.
            self.db()
                .ticket_members()
                .remove(guild, ticket.number, who)
                .await?;
            return Err(error);
        }
        tracing::info!(%guild, number = ticket.number, ?who, "added to a ticket");
        Ok(true)
    }

    /// Takes `who` out of the ticket of `channel`. The opener cannot be removed. Returns `false`
    /// when `who` had not been added.
    ///
    /// # Errors
    ///
    /// [`UseCaseError::NotPermitted`], [`UseCaseError::CannotRemoveOpener`], ticket lookup,
    /// storage and Discord failures.
    pub async fn remove_from_ticket(
        &self,
        caller: &Caller,
        channel: ChannelId,
        who: MemberOrRole,
    ) -> Result<bool, UseCaseError> {
        let guild = caller.guild_id;
        let ticket = self.open_ticket_in(guild, channel).await?;
        self.require_handler(caller, &ticket).await?;
        if who == MemberOrRole::User(ticket.opener_id) {
            return Err(UseCaseError::CannotRemoveOpener);
        }
        if !self
            .db()
            .ticket_members()
            .remove(guild, ticket.number, who)
            .await?
        {
            return Ok(false);
        }
        if let Err(error) = self.refresh_overwrites(guild, ticket.number).await {
            self.db()
                .ticket_members()
                .add(guild, ticket.number, who)
                .await?;
            return Err(error);
        }
        tracing::info!(%guild, number = ticket.number, ?who, "removed from a ticket");
        Ok(true)
    }
}
