//! Closing a ticket: `/close`, the Close button (with the server's confirmation), Close With
//! Reason and its modal.

use super::{Ctx, Handled, Outcome};
use crate::reply::Answer;
use tickets_core::UseCaseError;
use tickets_core::close::{CloseButton, CloseTicket, Closed};
use tickets_model::custom_id::{CustomId, REASON_INPUT};
use tickets_model::values::CloseReason;
use twilight_model::channel::message::Component;
use twilight_model::channel::message::component::{ActionRow, ButtonStyle};

/// What closing from this interaction asks for.
fn request(ctx: &Ctx<'_>, reason: &str) -> Result<CloseTicket, UseCaseError> {
    Ok(CloseTicket {
        guild_id: ctx.guild_id,
        channel_id: ctx.channel()?,
        closer: ctx.user,
        closer_roles: ctx.roles(),
        reason: CloseReason::parse(reason)?,
    })
}

fn closing(ctx: &Ctx<'_>, closed: Closed) -> Outcome {
    Outcome {
        answer: Answer::public(ctx.text("ticket-closing", &[])),
        after: Some(closed),
    }
}

/// Closes the ticket of the interaction's channel.
pub async fn close(ctx: &Ctx<'_>, reason: &str) -> Handled {
    let closed = ctx.core.close_ticket(request(ctx, reason)?).await?;
    Ok(closing(ctx, closed))
}

/// The Close button: closes at once, or first asks the clicker (privately) to confirm when the
/// server wants a second click.
pub async fn close_button(ctx: &Ctx<'_>) -> Handled {
    if let CloseButton::Closed(closed) = ctx.core.press_close(request(ctx, "")?).await? {
        return Ok(closing(ctx, closed));
    }
    let confirm = tickets_core::welcome::button(
        CustomId::CloseConfirm,
        ctx.text("ticket-close-confirm-button", &[]),
        ButtonStyle::Danger,
    );
    let mut answer = Answer::private(ctx.text("ticket-close-confirm", &[]));
    answer.components = Some(vec![Component::ActionRow(ActionRow {
        id: None,
        components: vec![confirm],
    })]);
    Ok(Outcome::answer(answer))
}

/// Close With Reason: asks for the reason in a modal, when the presser may close the ticket.
pub async fn close_with_reason(ctx: &Ctx<'_>) -> Handled {
    ctx.core.ask_close_reason(&request(ctx, "")?).await?;
    Ok(Outcome::answer(Answer::modal(crate::modals::close_reason(
        ctx.core.catalog(),
        ctx.locale,
    ))))
}

/// The reason modal, submitted.
pub async fn reason_given(ctx: &Ctx<'_>, fields: &[(String, String)]) -> Handled {
    let reason = fields
        .iter()
        .find(|(id, _)| id == REASON_INPUT)
        .map_or("", |(_, value)| value.as_str());
    close(ctx, reason).await
}
