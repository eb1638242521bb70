//! `/stats user` and `/stats server`.

use super::{Ctx, Handled, Outcome};
use tickets_model::permissions::Capability;

/// Either subcommand: support staff are told that statistics are not collected yet.
pub async fn stats(ctx: &Ctx<'_>) -> Handled {
    ctx.core
        .authorize(&ctx.caller(), Capability::ViewStatistics)
        .await?;
    Ok(Outcome::private(ctx.text("stats-coming", &[])))
}
