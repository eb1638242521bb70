//! `/setup`, `/language`, `/panel` and `/invite`.

use super::{Ctx, Handled, Outcome};
use crate::command_call::CommandCall;
use crate::reply::Answer;
use tickets_core::UseCaseError;
use tickets_core::setup::SetupStep;
use tickets_model::custom_id::CustomId;
use tickets_model::permissions::{Capability, PermissionLevel};
use twilight_model::channel::message::Component;
use twilight_model::channel::message::component::{
    ActionRow, SelectMenu, SelectMenuOption, SelectMenuType,
};

use crate::commands::EACH_OWN_LANGUAGE as EACH_OWN;

/// `/setup` and its subcommands.
pub async fn setup(ctx: &Ctx<'_>, call: &CommandCall) -> Handled {
    let caller = ctx.caller();
    match call.subcommand.as_deref() {
        Some("auto") => {
            let steps = ctx.core.setup_auto(&caller).await?;
            let lines: Vec<String> = steps.iter().map(|step| step_line(ctx, step)).collect();
            Ok(Outcome::private(format!(
                "{}\n{}",
                ctx.text("setup-auto-intro", &[]),
                lines.join("\n")
            )))
        }
        Some("limit") => {
            let limit = ctx
                .core
                .setup_limit(&caller, call.integer("limit").unwrap_or(0))
                .await?;
            Ok(Outcome::private(ctx.text(
                "setup-limit-done",
                &[("limit", limit.get().into())],
            )))
        }
        Some("transcripts") => {
            let channel = call.channel("channel").ok_or(UseCaseError::GuildOnly)?;
            ctx.core.setup_transcripts(&caller, channel).await?;
            Ok(Outcome::private(ctx.text(
                "setup-transcripts-done",
                &[("channel", format!("<#{channel}>").into())],
            )))
        }
        Some("use-threads") => {
            let enabled = call.boolean("use_threads").unwrap_or(false);
            ctx.core
                .setup_thread_mode(
                    &caller,
                    enabled,
                    call.channel("ticket_notification_channel"),
                )
                .await?;
            let key = if enabled {
                "setup-threads-on"
            } else {
                "setup-threads-off"
            };
            let mut lines = vec![ctx.text(key, &[])];
            let warnings = ctx.core.thread_mode_warnings(&caller).await?;
            if !warnings.is_empty() {
                lines.push(ctx.text("setup-threads-warnings", &[]));
                lines.extend(warnings.iter().map(|w| {
                    format!(
                        "- {}",
                        w.text(ctx.core.catalog(), ctx.locale, |c| format!("<#{c}>"))
                    )
                }));
            }
            Ok(Outcome::private(lines.join("\n")))
        }
        _ => Ok(Outcome::private(ctx.text("error-unknown-command", &[]))),
    }
}

fn step_line(ctx: &Ctx<'_>, step: &SetupStep) -> String {
    let fail = |what: &str, error: &UseCaseError| {
        ctx.text(
            "setup-step-failed",
            &[
                ("what", ctx.text(what, &[]).into()),
                (
                    "reason",
                    error.user_message(ctx.core.catalog(), ctx.locale).into(),
                ),
            ],
        )
    };
    let done = |what: &str, mention: String, created: bool| {
        let key = if created {
            "setup-step-created"
        } else {
            "setup-step-kept"
        };
        ctx.text(
            key,
            &[
                ("what", ctx.text(what, &[]).into()),
                ("which", mention.into()),
            ],
        )
    };
    match step {
        SetupStep::Category(Ok((id, created))) => {
            done("setup-what-category", format!("<#{id}>"), *created)
        }
        SetupStep::Category(Err(error)) => fail("setup-what-category", error),
        SetupStep::Transcripts(Ok((id, created))) => {
            done("setup-what-transcripts", format!("<#{id}>"), *created)
        }
        SetupStep::Transcripts(Err(error)) => fail("setup-what-transcripts", error),
        SetupStep::Role(level, result) => {
            let what = if *level == PermissionLevel::Admin {
                "setup-what-admin-role"
            } else {
                "setup-what-support-role"
            };
            match result {
                Ok((id, created)) => done(what, format!("<@&{id}>"), *created),
                Err(error) => fail(what, error),
            }
        }
        SetupStep::Saved(Ok(())) => ctx.text("setup-step-saved", &[]),
        SetupStep::Saved(Err(error)) => fail("setup-what-settings", error),
    }
}

/// `/language [language]`: sets the language given, else shows a select menu of the catalog's
/// languages (admins only either way).
pub async fn language(ctx: &Ctx<'_>, call: &CommandCall) -> Handled {
    let given = call.string("language");
    if !given.is_empty() {
        return Ok(Outcome::private(set_language(ctx, &given).await?));
    }
    ctx.core
        .authorize(&ctx.caller(), Capability::ManageSettings)
        .await?;
    let mut options = vec![SelectMenuOption {
        default: false,
        description: None,
        emoji: None,
        label: ctx.text("language-each-own", &[]),
        value: EACH_OWN.to_owned(),
    }];
    options.extend(
        ctx.core
            .catalog()
            .languages()
            .into_iter()
            .map(|tag| SelectMenuOption {
                default: false,
                description: None,
                emoji: None,
                label: tag.to_owned(),
                value: tag.to_owned(),
            }),
    );
    let menu = SelectMenu {
        channel_types: None,
        custom_id: CustomId::LanguageSelect.encode(),
        default_values: None,
        disabled: false,
        id: None,
        kind: SelectMenuType::Text,
        max_values: Some(1),
        min_values: Some(1),
        options: Some(options),
        placeholder: Some(ctx.text("language-placeholder", &[])),
        required: None,
    };
    let mut answer = Answer::private(ctx.text("language-choose", &[]));
    answer.components = Some(vec![Component::ActionRow(ActionRow {
        id: None,
        components: vec![Component::SelectMenu(menu)],
    })]);
    Ok(Outcome::answer(answer))
}

/// A language chosen in `/language`'s menu: the menu gives way to the result.
pub async fn language_chosen(ctx: &Ctx<'_>, values: &[String]) -> Handled {
    let chosen = values.first().map_or(EACH_OWN, String::as_str);
    let mut answer = Answer::private(set_language(ctx, chosen).await?).replacing();
    answer.components = Some(Vec::new());
    Ok(Outcome::answer(answer))
}

/// Sets the server's language to `chosen` (a catalog tag, or each member's own) and says so.
async fn set_language(ctx: &Ctx<'_>, chosen: &str) -> Result<String, UseCaseError> {
    let tag = (chosen != EACH_OWN).then_some(chosen);
    ctx.core.set_language(&ctx.caller(), tag).await?;
    Ok(ctx.text(
        "language-set",
        &[("language", tag.unwrap_or(EACH_OWN).to_owned().into())],
    ))
}

/// `/panel`: where panels are made (admins only).
pub async fn panel(ctx: &Ctx<'_>) -> Handled {
    ctx.core
        .authorize(&ctx.caller(), Capability::ManagePanels)
        .await?;
    let url = format!(
        "{}/guilds/{}/panels",
        ctx.links.dashboard.trim_end_matches('/'),
        ctx.guild_id
    );
    Ok(Outcome::private(
        ctx.text("panel-link", &[("url", url.into())]),
    ))
}

/// `/invite`: the link that adds the bot to a server.
pub fn invite(ctx: &Ctx<'_>) -> Outcome {
    Outcome::private(ctx.text("invite-link", &[("url", ctx.links.invite.clone().into())]))
}
