//! `/help` and `/about`.

use super::{Ctx, Handled, Outcome};

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
