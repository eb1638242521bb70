//! Claiming a ticket: a staff member takes it, so members and other staff see who handles it.

use crate::{Core, UseCaseError};
use tickets_model::{ChannelId, GuildId, UserId};
use tickets_store::tickets::Claim;

impl Core {
    /// Claims the ticket of `channel` for `staff`. Staff teams and what claiming changes in the
    /// channel's permissions come with the staff features; this records who took the ticket.
    ///
    /// # Errors
    ///
    /// [`UseCaseError::NotATicket`], [`UseCaseError::ClaimNotAllowed`] for a non-staff member,
    /// [`UseCaseError::AlreadyClaimed`], [`UseCaseError::AlreadyClosed`], storage failures.
    pub async fn claim_ticket(
        &self,
        guild: GuildId,
        channel: ChannelId,
        staff: UserId,
    ) -> Result<(), UseCaseError> {
        let ticket = self
            .db()
            .tickets()
            .get_by_channel(guild, channel)
            .await?
            .ok_or(UseCaseError::NotATicket)?;
        if !self.permission_level(guild, staff).await?.is_staff() {
            return Err(UseCaseError::ClaimNotAllowed);
        }
        match self
            .db()
            .tickets()
            .claim(guild, ticket.number, staff)
            .await?
        {
            Claim::Claimed => {
                tracing::info!(%guild, number = ticket.number, %staff, "ticket claimed");
                Ok(())
            }
            Claim::AlreadyClaimed(by) => Err(UseCaseError::AlreadyClaimed { by }),
            Claim::NotOpen => Err(UseCaseError::AlreadyClosed),
        }
    }
}
