//! Working a ticket: `/add`, `/remove`, `/rename`, `/switchpanel` and `/jumptotop`.

use super::{Ctx, Handled, Outcome};
use crate::command_call::CommandCall;
use crate::handlers::staff::target;
use crate::reply::Answer;
use twilight_model::channel::message::Component;
use twilight_model::channel::message::component::{ActionRow, Button, ButtonStyle};

/// `/add (user)`: a member or a role.
pub async fn add(ctx: &Ctx<'_>, call: &CommandCall) -> Handled {
    let who = target(call, "user")?;
    let added = ctx
        .core
        .add_to_ticket(&ctx.caller(), ctx.channel()?, who)
        .await?;
    let key = if added {
        "ticket-member-added"
    } else {
        "ticket-member-already-in"
    };
    let answer = ctx.text(key, &[("who", who.mention().into())]);
    Ok(if added {
        Outcome::public(answer)
    } else {
        Outcome::private(answer)
    })
}

/// `/remove (user)`: a member or a role.
pub async fn remove(ctx: &Ctx<'_>, call: &CommandCall) -> Handled {
    let who = target(call, "user")?;
    let removed = ctx
        .core
        .remove_from_ticket(&ctx.caller(), ctx.channel()?, who)
        .await?;
    let key = if removed {
        "ticket-member-removed"
    } else {
        "ticket-member-not-in"
    };
    let answer = ctx.text(key, &[("who", who.mention().into())]);
    Ok(if removed {
        Outcome::public(answer)
    } else {
        Outcome::private(answer)
    })
}

/// `/rename (new_ticket_name)`.
pub async fn rename(ctx: &Ctx<'_>, call: &CommandCall) -> Handled {
    let name = ctx
        .core
        .rename_ticket(
            &ctx.caller(),
            ctx.channel()?,
            &call.string("new_ticket_name"),
        )
        .await?;
    Ok(Outcome::public(ctx.text(
        "ticket-renamed",
        &[("name", name.as_str().to_owned().into())],
    )))
}

/// `/switchpanel (to_panel)`: the panel is given by its id (what autocomplete fills in) or title.
pub async fn switch_panel(ctx: &Ctx<'_>, call: &CommandCall) -> Handled {
    let moved = ctx
        .core
        .switch_panel(&ctx.caller(), ctx.channel()?, &call.string("to_panel"))
        .await?;
    Ok(Outcome::public(ctx.text(
        "ticket-switched-panel",
        &[("panel", moved.fields.title.into())],
    )))
}

/// `/jumptotop`: a link to the ticket's first message.
pub async fn jump_to_top(ctx: &Ctx<'_>) -> Handled {
    let first = ctx
        .core
        .first_message_link(&ctx.caller(), ctx.channel()?)
        .await?;
    let mut answer = Answer::private(ctx.text("ticket-jump-text", &[]));
    answer.components = Some(vec![Component::ActionRow(ActionRow {
        id: None,
        components: vec![Component::Button(Button {
            custom_id: None,
            disabled: false,
            emoji: None,
            id: None,
            label: Some(ctx.text("ticket-jump-button", &[])),
            sku_id: None,
            style: ButtonStyle::Link,
            url: Some(first),
        })],
    })]);
    Ok(Outcome::answer(answer))
}
