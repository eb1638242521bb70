//! `/autoclose configure|exclude`, and Keep it open on an automatic closing's warning.

use super::{Ctx, Handled, Outcome};
use crate::command_call::CommandCall;
use crate::reply::Answer;
use tickets_core::autoclose::AutocloseSettings;
use tickets_core::autoclose::{AutocloseChange, words};
use tickets_model::values::TimeSpan;

/// `/autoclose configure (enabled) (since_open_with_no_response) (since_last_message)
/// (on_user_leave)` and `/autoclose exclude`.
pub async fn autoclose(ctx: &Ctx<'_>, call: &CommandCall) -> Handled {
    match call.subcommand.as_deref() {
        Some("configure") => configure(ctx, call).await,
        Some("exclude") => {
            let newly = ctx
                .core
                .exclude_from_autoclose(&ctx.caller(), ctx.channel()?)
                .await?;
            let key = if newly {
                "autoclose-excluded"
            } else {
                "autoclose-already-excluded"
            };
            Ok(Outcome::public(ctx.text(key, &[])))
        }
        _ => Ok(Outcome::private(ctx.text("error-unknown-command", &[]))),
    }
}

/// A time option: absent leaves the setting, a time sets it, `0` or `off` turns the rule off.
fn span_option(
    call: &CommandCall,
    name: &str,
    field: &'static str,
) -> Result<Option<Option<TimeSpan>>, tickets_model::values::ValueError> {
    let typed = call.string(name);
    if typed.is_empty() {
        return Ok(None);
    }
    TimeSpan::parse_optional(field, &typed).map(Some)
}

async fn configure(ctx: &Ctx<'_>, call: &CommandCall) -> Handled {
    let change = AutocloseChange {
        enabled: call.boolean("enabled"),
        since_open: span_option(call, "since_open_with_no_response", "since-open")?,
        since_last_message: span_option(call, "since_last_message", "since-last-message")?,
        on_user_leave: call.boolean("on_user_leave"),
    };
    let settings = ctx.core.configure_autoclose(&ctx.caller(), change).await?;
    Ok(Outcome::private(summary(ctx, &settings)))
}

/// The settings as the answer lists them.
fn summary(ctx: &Ctx<'_>, settings: &AutocloseSettings) -> String {
    let on_off = |on: bool| ctx.text(if on { "autoclose-on" } else { "autoclose-off" }, &[]);
    let span = |minutes: Option<u32>| {
        minutes.and_then(TimeSpan::from_minutes).map_or_else(
            || on_off(false),
            |span| words(ctx.core.catalog(), ctx.locale, span),
        )
    };
    let line = |key: &str, value: String| ctx.text(key, &[("value", value.into())]);
    let mut lines = vec![
        ctx.text("autoclose-configured", &[]),
        line("autoclose-line-enabled", on_off(settings.enabled)),
        line(
            "autoclose-line-since-open",
            span(settings.since_open_minutes),
        ),
        line(
            "autoclose-line-since-last-message",
            span(settings.since_last_message_minutes),
        ),
        line(
            "autoclose-line-on-user-leave",
            on_off(settings.on_user_leave),
        ),
    ];
    if settings.on_user_leave && !ctx.core.members_intent() {
        lines.push(ctx.text("autoclose-members-intent-missing", &[]));
    }
    lines.join("\n")
}

/// Keep it open, pressed by the opener or staff: the warning says who kept the ticket open and
/// loses its button.
pub async fn keep_open(ctx: &Ctx<'_>) -> Handled {
    ctx.core.keep_open(&ctx.caller(), ctx.channel()?).await?;
    let mut answer = Answer::public(ctx.text(
        "autoclose-kept-open",
        &[("user", format!("<@{}>", ctx.user).into())],
    ))
    .replacing();
    answer.components = Some(Vec::new());
    Ok(Outcome::answer(answer))
}
