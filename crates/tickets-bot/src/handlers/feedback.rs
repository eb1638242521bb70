//! The rating buttons of a closed ticket and its exit survey.

use super::{Ctx, Handled, Outcome};
use crate::reply::Answer;
use tickets_model::GuildId;
use tickets_model::custom_id::{CustomId, Stars};

/// A rating button: the prompt shows the rating, or the exit survey comes next.
pub async fn rate(ctx: &Ctx<'_>, guild: GuildId, number: i64, stars: Stars) -> Handled {
    let pressed = ctx
        .interaction
        .message
        .as_ref()
        .map(|message| (message.channel_id, message.id));
    let rated = ctx
        .core
        .rate_ticket(guild, number, ctx.user, stars, pressed)
        .await?;
    Ok(Outcome::answer(match rated.survey {
        Some(form) => Answer::modal(crate::modals::form_modal(
            CustomId::ExitSurvey { guild, number },
            &form,
        )),
        None => Answer {
            embeds: Some(rated.prompt.embeds),
            components: Some(rated.prompt.components),
            ..Answer::default()
        }
        .replacing(),
    }))
}

/// The exit survey, answered.
pub async fn survey_submitted(
    ctx: &Ctx<'_>,
    guild: GuildId,
    number: i64,
    fields: Vec<(String, String)>,
) -> Handled {
    let answers: Vec<_> = fields
        .into_iter()
        .filter_map(|(id, value)| crate::modals::parse_question_id(&id).map(|id| (id, value)))
        .collect();
    ctx.core
        .answer_exit_survey(guild, number, ctx.user, &answers)
        .await?;
    Ok(Outcome::private(ctx.text("feedback-survey-thanks", &[])))
}
