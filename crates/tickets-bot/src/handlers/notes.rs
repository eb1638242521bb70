//! `/notes`: the private thread where staff talk about a channel ticket.

use super::{Ctx, Handled, Outcome};

/// Opens the ticket's notes thread, or brings the caller into the one it has.
pub async fn open(ctx: &Ctx<'_>) -> Handled {
    let notes = ctx.core.open_notes(&ctx.caller(), ctx.channel()?).await?;
    let key = if notes.created {
        "notes-created"
    } else {
        "notes-joined"
    };
    Ok(Outcome::private(ctx.text(
        key,
        &[("thread", format!("<#{}>", notes.thread_id).into())],
    )))
}
