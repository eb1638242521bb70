//! Suggestions while a member types an option.

use super::{Ctx, Handled, Outcome};
use crate::command_call::CommandCall;
use crate::reply::Answer;
use twilight_model::application::command::{CommandOptionChoice, CommandOptionChoiceValue};

/// Most suggestions Discord shows.
const MAX_CHOICES: usize = 25;
/// Longest suggestion name Discord accepts.
const MAX_NAME: usize = 100;

/// The server's panels whose title contains what was typed; staff only (others see none).
pub async fn panels(ctx: &Ctx<'_>, call: &CommandCall) -> Handled {
    let typed = call.focused().map_or("", |(_, value)| value);
    let choices = ctx
        .core
        .suggest_panels(&ctx.caller(), typed)
        .await?
        .into_iter()
        .take(MAX_CHOICES)
        .map(|(id, title)| CommandOptionChoice {
            name: tickets_model::text::shorten(&title, MAX_NAME),
            name_localizations: None,
            value: CommandOptionChoiceValue::String(id.to_string()),
        })
        .collect();
    Ok(Outcome::answer(Answer::choices(choices)))
}
