//! `/closerequest` with its Accept and Deny buttons.

use super::{Ctx, Handled, Outcome};
use crate::command_call::CommandCall;
use crate::reply::Answer;
use tickets_core::close_requests::Answered;
use tickets_model::CloseRequestId;
use tickets_model::custom_id::CustomId;
use tickets_model::values::CloseReason;
use twilight_model::channel::message::Component;
use twilight_model::channel::message::component::{ActionRow, ButtonStyle};

/// `/closerequest [close_delay] [reason]`: a message to the opener with Accept and Deny.
pub async fn request(ctx: &Ctx<'_>, call: &CommandCall) -> Handled {
    let reason = CloseReason::parse(&call.string("reason"))?;
    let made = ctx
        .core
        .request_close(
            &ctx.caller(),
            ctx.channel()?,
            call.integer("close_delay"),
            reason,
        )
        .await?;
    let mut lines = vec![ctx.text(
        "close-request-text",
        &[
            ("opener", format!("<@{}>", made.opener).into()),
            ("staff", format!("<@{}>", ctx.user).into()),
        ],
    )];
    if let Some(reason) = &made.request.reason {
        lines.push(ctx.text("close-request-reason", &[("reason", reason.clone().into())]));
    }
    if let Some(at) = made.request.close_at.filter(|_| made.closes_by_itself) {
        let when = format!("<t:{}:R>", at / 1000);
        lines.push(ctx.text("close-request-delay", &[("when", when.into())]));
    }
    let id = made.request.request_id;
    let mut answer = Answer::public(lines.join("\n"));
    answer.components = Some(vec![Component::ActionRow(ActionRow {
        id: None,
        components: vec![
            tickets_core::welcome::button(
                CustomId::CloseRequestAccept(id),
                ctx.text("close-request-accept", &[]),
                ButtonStyle::Success,
            ),
            tickets_core::welcome::button(
                CustomId::CloseRequestDeny(id),
                ctx.text("close-request-deny", &[]),
                ButtonStyle::Danger,
            ),
        ],
    })]);
    Ok(Outcome::answer(answer))
}

/// Accept or Deny, by the opener.
pub async fn answer(ctx: &Ctx<'_>, request: CloseRequestId, accept: bool) -> Handled {
    match ctx
        .core
        .answer_close_request(&ctx.caller(), ctx.channel()?, request, accept)
        .await?
    {
        Answered::Accepted(closed) => Ok(Outcome {
            answer: Answer::public(ctx.text("ticket-closing", &[])),
            after: Some(closed),
        }),
        Answered::Denied => {
            let mut answer = Answer::public(ctx.text(
                "close-request-denied",
                &[("opener", format!("<@{}>", ctx.user).into())],
            ))
            .replacing();
            answer.components = Some(Vec::new());
            Ok(Outcome::answer(answer))
        }
    }
}
