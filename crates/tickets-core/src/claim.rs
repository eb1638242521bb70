//! Claiming a ticket: one staff member takes it; the claim setting decides whether the other
//! support staff keep seeing and typing. Unclaiming restores the ticket's usual access, and a
//! claim can be handed to another staff member.

use crate::access::Caller;
use crate::threads::ChannelOnly;
use crate::{Core, UseCaseError};
use tickets_model::permissions::PermissionLevel;
use tickets_model::{ChannelId, RoleId, UserId};
use tickets_store::tickets::{Claim, TicketRow};

impl Core {
    /// Claims the ticket of `channel` for the caller, who must work its tickets.
    ///
    /// # Errors
    ///
    /// [`UseCaseError::NotATicket`], [`UseCaseError::ClaimNotAllowed`] for someone who does not
    /// handle this ticket, [`UseCaseError::AlreadyClaimed`], [`UseCaseError::AlreadyClosed`],
    /// storage and Discord failures.
    pub async fn claim_ticket(
        &self,
        caller: &Caller,
        channel: ChannelId,
    ) -> Result<(), UseCaseError> {
        let guild = caller.guild_id;
        let ticket = self.open_ticket_in(guild, channel).await?;
        if !self.handles(caller, &ticket).await? {
            return Err(UseCaseError::ClaimNotAllowed);
        }
        Self::refuse_in_thread_mode(&ticket, ChannelOnly::Claim)?;
        match self
            .db()
            .tickets()
            .claim(guild, ticket.number, caller.user_id)
            .await?
        {
            Claim::Claimed => {
                tracing::info!(%guild, number = ticket.number, staff = %caller.user_id, "ticket claimed");
                self.refresh_overwrites(guild, ticket.number).await?;
                self.show_current_claim(&ticket).await;
                Ok(())
            }
            Claim::AlreadyClaimed(by) => Err(UseCaseError::AlreadyClaimed { by }),
            Claim::NotOpen => Err(UseCaseError::AlreadyClosed),
        }
    }

    /// Lifts the claim: the claimer or a bot admin may.
    ///
    /// # Errors
    ///
    /// [`UseCaseError::NotClaimed`], [`UseCaseError::NotYourClaim`], as [`Core::claim_ticket`].
    pub async fn unclaim_ticket(
        &self,
        caller: &Caller,
        channel: ChannelId,
    ) -> Result<UserId, UseCaseError> {
        let (ticket, claimer) = self.claimed_ticket(caller, channel).await?;
        self.change_claim(&ticket, claimer, None).await?;
        Ok(claimer)
    }

    /// Hands the claim to another member who works this ticket (given with their roles): the
    /// claimer or a bot admin may. Returns who held it.
    ///
    /// # Errors
    ///
    /// [`UseCaseError::NotClaimed`], [`UseCaseError::NotYourClaim`],
    /// [`UseCaseError::TransferToNonStaff`], [`UseCaseError::Invalid`] for the bot, another bot or
    /// a user who is not a member, as [`Core::claim_ticket`].
    pub async fn transfer_ticket(
        &self,
        caller: &Caller,
        channel: ChannelId,
        to: UserId,
        to_roles: Vec<RoleId>,
    ) -> Result<UserId, UseCaseError> {
        let (ticket, claimer) = self.claimed_ticket(caller, channel).await?;
        let receiver = Caller {
            guild_id: caller.guild_id,
            user_id: to,
            roles: to_roles,
        };
        if to == claimer {
            return Err(UseCaseError::AlreadyClaimed { by: to });
        }
        self.refuse_non_person(caller.guild_id, to, "target")
            .await?;
        if !self.handles(&receiver, &ticket).await? {
            return Err(UseCaseError::TransferToNonStaff);
        }
        self.change_claim(&ticket, claimer, Some(to)).await?;
        Ok(claimer)
    }

    /// The caller's claimed ticket in `channel`, when they may change its claim.
    async fn claimed_ticket(
        &self,
        caller: &Caller,
        channel: ChannelId,
    ) -> Result<(TicketRow, UserId), UseCaseError> {
        let ticket = self.open_ticket_in(caller.guild_id, channel).await?;
        if !self.handles(caller, &ticket).await? {
            return Err(UseCaseError::NotPermitted {
                needed: PermissionLevel::Support,
            });
        }
        Self::refuse_in_thread_mode(&ticket, ChannelOnly::Claim)?;
        let claimer = ticket.claimed_by.ok_or(UseCaseError::NotClaimed)?;
        if claimer != caller.user_id && self.level(caller).await? != PermissionLevel::Admin {
            return Err(UseCaseError::NotYourClaim { by: claimer });
        }
        Ok((ticket, claimer))
    }

    async fn change_claim(
        &self,
        ticket: &TicketRow,
        from: UserId,
        to: Option<UserId>,
    ) -> Result<(), UseCaseError> {
        let guild = ticket.guild_id;
        if !self
            .db()
            .tickets()
            .change_claim(guild, ticket.number, from, to)
            .await?
        {
            // Someone else changed the claim at the same moment: theirs stands.
            return Err(UseCaseError::ClaimChanged);
        }
        tracing::info!(%guild, number = ticket.number, %from, to = ?to, "claim changed");
        self.refresh_overwrites(guild, ticket.number).await?;
        self.show_current_claim(ticket).await;
        Ok(())
    }

    /// Shows the stored claim in the ticket's name and welcome message.
    async fn show_current_claim(&self, ticket: &TicketRow) {
        match self
            .db()
            .tickets()
            .get(ticket.guild_id, ticket.number)
            .await
        {
            Ok(Some(now)) => self.show_claim(&now).await,
            Ok(None) => {}
            Err(error) => tracing::warn!(%error, "could not reread a claimed ticket"),
        }
    }
}
