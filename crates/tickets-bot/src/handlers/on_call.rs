//! `/on-call`: a staff member goes on call for their teams, or off call.

use super::{Ctx, Handled, Outcome};

/// Toggles the sender's on-call state and tells them, privately, for which teams they are on
/// call now.
pub async fn toggle(ctx: &Ctx<'_>) -> Handled {
    let done = ctx.core.toggle_on_call(&ctx.caller()).await?;
    if !done.on_call {
        return Ok(Outcome::private(ctx.text("on-call-off", &[])));
    }
    Ok(Outcome::private(ctx.text(
        "on-call-now",
        &[("teams", done.teams.join(", ").into())],
    )))
}
