//! Suggestions while a member types an option.

use super::{Ctx, Handled, Outcome};
use crate::command_call::CommandCall;
use crate::reply::Answer;
use tickets_model::permissions::PermissionLevel;
use twilight_model::application::command::{CommandOptionChoice, CommandOptionChoiceValue};

/// Most suggestions Discord shows.
const MAX_CHOICES: usize = 25;
/// Longest suggestion name Discord accepts.
const MAX_NAME: usize = 100;

/// The server's panels whose title contains what was typed; staff only (others see none).
pub async fn panels(ctx: &Ctx<'_>, call: &CommandCall) -> Handled {
    if ctx.core.level(&ctx.caller()).await? < PermissionLevel::Support {
        return Ok(Outcome::answer(Answer::choices(Vec::new())));
    }
    let typed = call.focused().map_or("", |(_, value)| value).to_lowercase();
    let choices = ctx
        .core
        .db()
        .panels()
        .list(ctx.guild_id)
        .await?
        .into_iter()
        .filter(|panel| panel.fields.title.to_lowercase().contains(&typed))
        .take(MAX_CHOICES)
        .map(|panel| CommandOptionChoice {
            name: panel.fields.title.chars().take(MAX_NAME).collect(),
            name_localizations: None,
            value: CommandOptionChoiceValue::String(panel.panel_id.to_string()),
        })
        .collect();
    Ok(Outcome::answer(Answer::choices(choices)))
}
