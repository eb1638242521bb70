//! Claiming a ticket: the Claim button.

use super::{Ctx, Handled, Outcome};

/// Claims the ticket of the interaction's channel for the sender.
pub async fn claim(ctx: &Ctx<'_>) -> Handled {
    ctx.core
        .claim_ticket(ctx.guild_id, ctx.channel()?, ctx.user)
        .await?;
    let mention = format!("<@{}>", ctx.user);
    Ok(Outcome::public(
        ctx.text("ticket-claimed", &[("user", mention.into())]),
    ))
}
