//! Thread mode's buttons and commands: Join Ticket, `/reopen` and its suggestions.

use super::{Ctx, Handled, Outcome};
use crate::command_call::CommandCall;
use crate::reply::Answer;
use twilight_model::application::command::{CommandOptionChoice, CommandOptionChoiceValue};

/// Most suggestions Discord shows.
const MAX_CHOICES: usize = 25;
/// Longest suggestion name Discord accepts.
const MAX_NAME: usize = 100;

/// Join Ticket on a notification: adds the presser to the ticket's thread.
pub async fn join(ctx: &Ctx<'_>, number: i64) -> Handled {
    let joined = ctx.core.join_ticket(&ctx.caller(), number).await?;
    Ok(Outcome::private(ctx.text(
        "thread-joined",
        &[("thread", format!("<#{}>", joined.thread).into())],
    )))
}

/// `/reopen ticket_id`.
pub async fn reopen(ctx: &Ctx<'_>, call: &CommandCall) -> Handled {
    let number = call.integer("ticket_id").unwrap_or_default();
    let reopened = ctx.core.reopen_ticket(&ctx.caller(), number).await?;
    Ok(Outcome::private(ctx.text(
        "reopen-done",
        &[
            ("number", reopened.number.into()),
            ("thread", format!("<#{}>", reopened.thread).into()),
        ],
    )))
}

/// The closed thread tickets `/reopen` may reopen, by the number typed so far.
pub async fn suggest_reopen(ctx: &Ctx<'_>, call: &CommandCall) -> Handled {
    let typed = call.focused().map_or("", |(_, value)| value);
    let choices = ctx
        .core
        .reopen_choices(&ctx.caller(), typed)
        .await?
        .into_iter()
        .take(MAX_CHOICES)
        .map(|choice| {
            let name = match &choice.subject {
                Some(subject) => ctx.text(
                    "reopen-choice-subject",
                    &[
                        ("number", choice.number.into()),
                        ("subject", subject.clone().into()),
                    ],
                ),
                None => ctx.text("reopen-choice", &[("number", choice.number.into())]),
            };
            CommandOptionChoice {
                name: tickets_model::text::shorten(&name, MAX_NAME),
                name_localizations: None,
                value: CommandOptionChoiceValue::Integer(choice.number),
            }
        })
        .collect();
    Ok(Outcome::answer(Answer::choices(choices)))
}
