//! `/help`, `/about`, `/vote` and `/premium`.

use super::{Ctx, Handled, Outcome};
use tickets_model::permissions::Capability;

/// `/help`: the commands the sender may use.
pub async fn help(ctx: &Ctx<'_>) -> Handled {
    let level = ctx.core.level(&ctx.caller()).await?;
    Ok(Outcome::private(crate::commands::help_text(
        ctx.core, ctx.locale, level,
    )))
}

/// `/about`: what this bot is.
pub fn about(ctx: &Ctx<'_>) -> Outcome {
    Outcome::private(ctx.text(
        "about-text",
        &[("version", env!("CARGO_PKG_VERSION").into())],
    ))
}

/// `/vote`: the hosted bot rewards votes with premium for a while; here everything is unlocked
/// already, so there is nothing to vote for.
pub async fn vote(ctx: &Ctx<'_>) -> Handled {
    ctx.core
        .authorize(&ctx.caller(), Capability::ReadHelp)
        .await?;
    Ok(Outcome::private(ctx.text("vote-text", &[])))
}

/// `/premium`: a self-hosted server has every feature without a subscription.
pub async fn premium(ctx: &Ctx<'_>) -> Handled {
    ctx.core
        .authorize(&ctx.caller(), Capability::ReadHelp)
        .await?;
    Ok(Outcome::private(ctx.text("premium-text", &[])))
}
