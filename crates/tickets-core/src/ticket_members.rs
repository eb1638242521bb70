//! `/add` and `/remove`: bringing a member or a role into one ticket, or taking them out.

use crate::access::Caller;
use crate::{Core, DiscordFailure, UseCaseError};
use tickets_model::staff::MemberOrRole;
use tickets_model::values::{Problem, ValueError};
use tickets_model::{ChannelId, GuildId, UserId};

impl Core {
    /// Refuses, as the value of `field`, a user who cannot take part in a ticket: the bot itself,
    /// a user who is not a member of the server (Discord would accept the overwrite, and "was
    /// added" would be a lie), or another bot. Asks Discord, so callers check permission first:
    /// a refused caller costs no Discord call.
    pub(crate) async fn refuse_non_person(
        &self,
        guild: GuildId,
        user: UserId,
        field: &'static str,
    ) -> Result<(), UseCaseError> {
        self.refuse_the_bot(MemberOrRole::User(user), field)?;
        let refuse = |problem| Err(ValueError::Invalid { field, problem }.into());
        let request = self.discord().http().guild_member(guild, user);
        match self
            .discord()
            .model::<twilight_model::guild::Member, _>("get_guild_member", request)
            .await
        {
            Ok(member) if member.user.bot => refuse(Problem::ABot),
            Ok(_) => Ok(()),
            Err(error) if error.failure() == DiscordFailure::Unknown => refuse(Problem::NotMember),
            Err(error) => Err(error.into()),
        }
    }

    /// Adds `who` to the ticket of `channel` with the opener's permissions. Staff who work the
    /// ticket may; @everyone is refused. Returns `false` when `who` was in it already.
    ///
    /// # Errors
    ///
    /// [`UseCaseError::NotPermitted`], [`UseCaseError::Invalid`] for @everyone, the bot, another
    /// bot or a user who is not a member, ticket lookup, storage and Discord failures.
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
        if let MemberOrRole::User(user) = who {
            self.refuse_non_person(guild, user, "target").await?;
        }
        if !self
            .db()
            .ticket_members()
            .add(guild, ticket.number, who)
            .await?
        {
            return Ok(false);
        }
        let applied = match ticket.channel_id.filter(|_| ticket.is_thread) {
            Some(thread) => self.add_to_thread(thread, who).await,
            None => self.refresh_overwrites(guild, ticket.number).await,
        };
        if let Err(error) = applied {
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
    /// [`UseCaseError::NotPermitted`], [`UseCaseError::CannotRemoveOpener`],
    /// [`UseCaseError::Invalid`] for the bot, ticket lookup, storage and Discord failures.
    pub async fn remove_from_ticket(
        &self,
        caller: &Caller,
        channel: ChannelId,
        who: MemberOrRole,
    ) -> Result<bool, UseCaseError> {
        let guild = caller.guild_id;
        let ticket = self.open_ticket_in(guild, channel).await?;
        self.require_handler(caller, &ticket).await?;
        // The bot keeps its own seat in every ticket: "removed" would change nothing.
        self.refuse_the_bot(who, "target")?;
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
        let applied = match ticket.channel_id.filter(|_| ticket.is_thread) {
            Some(thread) => self.remove_from_thread(thread, ticket.opener_id, who).await,
            None => self.refresh_overwrites(guild, ticket.number).await,
        };
        if let Err(error) = applied {
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
