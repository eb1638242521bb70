//! Claiming: the Claim button, `/claim`, `/unclaim` and `/transfer`.

use super::{Ctx, Handled, Outcome};
use crate::command_call::CommandCall;
use tickets_core::UseCaseError;

/// Claims the ticket of the interaction's channel for the sender.
pub async fn claim(ctx: &Ctx<'_>) -> Handled {
    ctx.core.claim_ticket(&ctx.caller(), ctx.channel()?).await?;
    let mention = format!("<@{}>", ctx.user);
    Ok(Outcome::public(
        ctx.text("ticket-claimed", &[("user", mention.into())]),
    ))
}

/// `/unclaim`: the ticket is back with all of its staff.
pub async fn unclaim(ctx: &Ctx<'_>) -> Handled {
    let claimer = ctx
        .core
        .unclaim_ticket(&ctx.caller(), ctx.channel()?)
        .await?;
    Ok(Outcome::public(ctx.text(
        "ticket-unclaimed",
        &[("user", format!("<@{claimer}>").into())],
    )))
}

/// `/transfer (user)`: the claim goes to another staff member.
pub async fn transfer(ctx: &Ctx<'_>, call: &CommandCall) -> Handled {
    let to = call.user("user").ok_or(UseCaseError::GuildOnly)?;
    let from = ctx
        .core
        .transfer_ticket(&ctx.caller(), ctx.channel()?, to, call.member_roles(to))
        .await?;
    Ok(Outcome::public(ctx.text(
        "ticket-transferred",
        &[
            ("from", format!("<@{from}>").into()),
            ("to", format!("<@{to}>").into()),
        ],
    )))
}
