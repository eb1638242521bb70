//! `/managetags add|delete|list` and `/tag`, with suggestions for tag ids.

use super::{Ctx, Handled, Outcome};
use crate::command_call::CommandCall;
use crate::reply::Answer;
use tickets_model::permissions::Capability;
use twilight_model::application::command::{CommandOptionChoice, CommandOptionChoiceValue};

/// `/managetags`.
pub async fn manage(ctx: &Ctx<'_>, call: &CommandCall) -> Handled {
    let caller = ctx.caller();
    match call.subcommand.as_deref() {
        Some("add") => {
            let tag = ctx
                .core
                .save_tag(
                    &caller,
                    &call.string("id"),
                    &call.string("content"),
                    None,
                    false,
                )
                .await?;
            Ok(Outcome::private(ctx.text(
                "tag-added",
                &[("id", tag.id.as_str().to_owned().into())],
            )))
        }
        Some("delete") => {
            let id = call.string("id");
            ctx.core.delete_tag(&caller, &id).await?;
            Ok(Outcome::private(ctx.text(
                "tag-deleted",
                &[("id", id.trim().to_owned().into())],
            )))
        }
        Some("list") => {
            let ids = ctx.core.tag_list(&caller).await?;
            if ids.is_empty() {
                return Ok(Outcome::private(ctx.text("tag-list-empty", &[])));
            }
            let list: Vec<String> = ids.iter().map(|id| format!("`{}`", id.as_str())).collect();
            Ok(Outcome::private(
                ctx.text("tag-list", &[("tags", list.join(", ").into())]),
            ))
        }
        _ => Ok(Outcome::private(ctx.text("error-unknown-command", &[]))),
    }
}

/// `/tag (tag_id)`: sends the tag in the channel.
pub async fn send(ctx: &Ctx<'_>, call: &CommandCall) -> Handled {
    let tag = ctx
        .core
        .render_tag(&ctx.caller(), ctx.channel()?, &call.string("tag_id"))
        .await?;
    let mut answer = Answer::public(tag.content.unwrap_or_default());
    if answer.content.as_deref() == Some("") {
        answer.content = None;
    }
    answer.embeds = tag.embed.map(|embed| vec![embed]);
    Ok(Outcome::answer(answer))
}

/// Suggestions for a tag id being typed, for those who may use the command being typed.
pub async fn suggest(ctx: &Ctx<'_>, call: &CommandCall) -> Handled {
    let typed = call.focused().map_or("", |(_, value)| value);
    let serves =
        crate::commands::capability_of(ctx.core, &call.name).unwrap_or(Capability::ManageTags);
    let ids = ctx.core.suggest_tags(&ctx.caller(), serves, typed).await?;
    let choices = ids
        .into_iter()
        .map(|id| CommandOptionChoice {
            name: id.clone(),
            name_localizations: None,
            value: CommandOptionChoiceValue::String(id),
        })
        .collect();
    Ok(Outcome::answer(Answer::choices(choices)))
}
