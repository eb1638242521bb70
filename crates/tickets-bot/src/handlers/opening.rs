//! Opening a ticket: `/open`, a panel's button, a multi-panel's button or select, a form.

use super::{Ctx, Handled, Outcome};
use crate::command_call::CommandCall;
use crate::reply::Answer;
use tickets_core::open::OpenTicket;
use tickets_core::start_ticket::{QuotedMessage, StartFromMessage};
use tickets_model::values::Subject;
use tickets_model::{FormInputId, MultiPanelId, PanelId};

/// Where an opening comes from: `/open` with its subject, or a panel with its form's answers.
struct OpenSource {
    subject: Option<Subject>,
    panel: Option<PanelId>,
    form_answers: Vec<(FormInputId, String)>,
}

/// `/open [subject]`.
pub async fn open_command(ctx: &Ctx<'_>, call: &CommandCall) -> Handled {
    let source = OpenSource {
        subject: Subject::parse(&call.string("subject"))?,
        panel: None,
        form_answers: Vec::new(),
    };
    open(ctx, source).await
}

/// A multi-panel's select menu: the chosen option names a panel.
pub async fn multi_panel_chosen(ctx: &Ctx<'_>, multi: MultiPanelId, values: &[String]) -> Handled {
    let value = values.first().map_or("", String::as_str);
    let panel = ctx.core.chosen_panel(&ctx.caller(), multi, value).await?;
    panel_chosen(ctx, panel).await
}

/// A member chose a panel (its button, or a multi-panel's): ask its form, or open.
pub async fn panel_chosen(ctx: &Ctx<'_>, panel: PanelId) -> Handled {
    match ctx
        .core
        .form_before_opening(ctx.guild_id, panel, ctx.user, &ctx.roles())
        .await?
    {
        Some(form) => Ok(Outcome::answer(Answer::modal(crate::modals::panel_form(
            panel, &form,
        )))),
        None => {
            let source = OpenSource {
                subject: None,
                panel: Some(panel),
                form_answers: Vec::new(),
            };
            open(ctx, source).await
        }
    }
}

/// A panel's form, answered.
pub async fn form_submitted(
    ctx: &Ctx<'_>,
    panel: PanelId,
    fields: Vec<(String, String)>,
) -> Handled {
    let answers = fields
        .into_iter()
        .filter_map(|(id, value)| crate::modals::parse_question_id(&id).map(|id| (id, value)))
        .collect();
    let source = OpenSource {
        subject: None,
        panel: Some(panel),
        form_answers: answers,
    };
    open(ctx, source).await
}

/// "Start Ticket" on a message.
pub async fn start_from_message(ctx: &Ctx<'_>, call: &CommandCall) -> Handled {
    let message = call
        .target_message()
        .ok_or(tickets_core::UseCaseError::GuildOnly)?;
    let opened = ctx
        .core
        .start_ticket_from_message(StartFromMessage {
            caller: ctx.caller(),
            caller_name: ctx.username(),
            caller_nickname: ctx.interaction.member.as_ref().and_then(|m| m.nick.clone()),
            message: QuotedMessage {
                channel_id: message.channel_id,
                message_id: message.id,
                author: message.author.id,
                author_name: message.author.name.clone(),
                content: message.content.clone(),
            },
            locale: ctx.locale.clone(),
        })
        .await?;
    let link = format!("<#{}>", opened.channel_id);
    Ok(Outcome::private(
        ctx.text("ticket-opened", &[("channel", link.into())]),
    ))
}

async fn open(ctx: &Ctx<'_>, source: OpenSource) -> Handled {
    let opened = ctx
        .core
        .open_ticket(OpenTicket {
            guild_id: ctx.guild_id,
            opener: ctx.user,
            subject: source.subject,
            panel: source.panel,
            opener_name: ctx.username(),
            opener_nickname: ctx.interaction.member.as_ref().and_then(|m| m.nick.clone()),
            form_answers: source.form_answers,
            opener_roles: ctx.roles(),
            locale: ctx.locale.clone(),
            members: Vec::new(),
            from_message: false,
        })
        .await?;
    let link = format!("<#{}>", opened.channel_id);
    Ok(Outcome::private(
        ctx.text("ticket-opened", &[("channel", link.into())]),
    ))
}
