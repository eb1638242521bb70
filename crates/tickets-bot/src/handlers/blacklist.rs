//! `/blacklist (user_or_role)`.

use super::{Ctx, Handled, Outcome};
use crate::command_call::{CommandCall, Mentioned};
use tickets_core::UseCaseError;
use tickets_core::blacklist::Barred;

/// Bars the member or role, or frees them when already barred.
pub async fn toggle(ctx: &Ctx<'_>, call: &CommandCall) -> Handled {
    let who = match call
        .mentioned(super::staff::USER_OR_ROLE)
        .ok_or(UseCaseError::GuildOnly)?
    {
        Mentioned::User(id) => Barred::User(id),
        Mentioned::Role(id) => Barred::Role(id),
    };
    let barred = ctx.core.toggle_bar(&ctx.caller(), who).await?;
    let shown = match who {
        Barred::User(id) => format!("<@{id}>"),
        Barred::Role(id) => format!("<@&{id}>"),
    };
    let key = if barred {
        "blacklist-barred"
    } else {
        "blacklist-freed"
    };
    Ok(Outcome::private(ctx.text(key, &[("who", shown.into())])))
}
