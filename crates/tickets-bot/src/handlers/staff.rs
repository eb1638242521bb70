//! `/addadmin`, `/addsupport` (each confirmed with a button), `/removeadmin`, `/removesupport`
//! and `/viewstaff` (with who is on call).

use super::{Ctx, Handled, Outcome};
use crate::command_call::{CommandCall, Mentioned};
use crate::reply::Answer;
use tickets_core::staff::Granted;
use tickets_core::{DiscordFailure, UseCaseError};
use tickets_model::custom_id::CustomId;
use tickets_model::permissions::PermissionLevel;
use tickets_model::staff::MemberOrRole;
use twilight_model::channel::message::Component;
use twilight_model::channel::message::component::{ActionRow, Button, ButtonStyle};

/// Entries shown on one page of `/viewstaff`.
const PAGE_SIZE: usize = 10;

/// The option naming the member or role of `/addadmin`, `/addsupport`, `/removeadmin`,
/// `/removesupport` and `/blacklist`.
pub const USER_OR_ROLE: &str = "user_or_role";

/// The member or role named in the command's option `option`.
pub fn target(call: &CommandCall, option: &str) -> Result<MemberOrRole, UseCaseError> {
    match call.mentioned(option).ok_or(UseCaseError::GuildOnly)? {
        Mentioned::User(id) => Ok(MemberOrRole::User(id)),
        Mentioned::Role(id) => Ok(MemberOrRole::Role(id)),
    }
}

fn level_key(level: PermissionLevel) -> &'static str {
    if level == PermissionLevel::Admin {
        "admin"
    } else {
        "support"
    }
}

/// `/addadmin` or `/addsupport`: asks the admin to confirm with a button.
pub async fn ask_grant(ctx: &Ctx<'_>, call: &CommandCall, level: PermissionLevel) -> Handled {
    let who = ctx
        .core
        .check_grant(&ctx.caller(), target(call, USER_OR_ROLE)?, level)
        .await?;
    let key = format!("staff-confirm-{}", level_key(level));
    let mut answer = Answer::private(ctx.text(&key, &[("who", who.mention().into())]));
    let confirm = tickets_core::welcome::button(
        CustomId::StaffConfirm { level, who },
        ctx.text("staff-confirm-button", &[]),
        ButtonStyle::Success,
    );
    answer.components = Some(vec![Component::ActionRow(ActionRow {
        id: None,
        components: vec![confirm],
    })]);
    Ok(Outcome::answer(answer))
}

/// The confirmation button: grants the level and replaces the question with the result.
pub async fn confirm_grant(ctx: &Ctx<'_>, level: PermissionLevel, who: MemberOrRole) -> Handled {
    let granted = ctx.core.grant_level(&ctx.caller(), who, level).await?;
    let key = match granted {
        Granted::Unchanged => format!("staff-already-{}", level_key(level)),
        Granted::New | Granted::Changed(_) => format!("staff-now-{}", level_key(level)),
    };
    let mut answer = Answer::private(ctx.text(&key, &[("who", who.mention().into())])).replacing();
    answer.components = Some(Vec::new());
    Ok(Outcome::answer(answer))
}

/// `/removeadmin` or `/removesupport`.
pub async fn revoke(ctx: &Ctx<'_>, call: &CommandCall, level: PermissionLevel) -> Handled {
    let who = target(call, USER_OR_ROLE)?;
    let removed = ctx.core.revoke_level(&ctx.caller(), who, level).await?;
    let key = if removed {
        format!("staff-removed-{}", level_key(level))
    } else {
        format!("staff-not-{}", level_key(level))
    };
    Ok(Outcome::private(
        ctx.text(&key, &[("who", who.mention().into())]),
    ))
}

/// The "On call" section of `/viewstaff`'s first page: each team with an on-call role and who
/// holds it; nothing when no one ever went on call. Only the first page shows it, so that
/// turning pages does not list the server's members again.
async fn on_call_lines(ctx: &Ctx<'_>) -> Result<Vec<String>, UseCaseError> {
    let heading = format!("**{}**", ctx.text("staff-list-on-call", &[]));
    let teams = match ctx.core.on_call_staff(&ctx.caller()).await {
        Ok(teams) if teams.is_empty() => return Ok(Vec::new()),
        Ok(teams) => teams,
        Err(UseCaseError::Discord(error)) => {
            // The staff list above is still worth showing when Discord refuses the member list.
            let line = if error.failure() == DiscordFailure::MissingPermission {
                ctx.text("staff-list-on-call-unknown", &[])
            } else {
                ctx.text(
                    "staff-list-on-call-failed",
                    &[("detail", error.short().into())],
                )
            };
            return Ok(vec![heading, line]);
        }
        Err(error) => return Err(error),
    };
    let mut lines = vec![heading];
    for team in teams {
        let members = if team.members.is_empty() {
            ctx.text("staff-list-on-call-nobody", &[])
        } else {
            let mentions: Vec<String> = team.members.iter().map(|u| format!("<@{u}>")).collect();
            mentions.join(", ")
        };
        let line = ctx.text(
            "staff-list-on-call-team",
            &[
                ("team", team.name.into()),
                ("role", format!("<@&{}>", team.role).into()),
                ("members", members.into()),
            ],
        );
        lines.push(format!("- {line}"));
    }
    Ok(lines)
}

/// `/viewstaff` (page 0) or one of its page buttons.
pub async fn view(ctx: &Ctx<'_>, page: u16, replace: bool) -> Handled {
    let entries = ctx.core.staff_list(&ctx.caller()).await?;
    let pages = entries.len().div_ceil(PAGE_SIZE).max(1);
    let page = usize::from(page).min(pages - 1);
    let mut lines = vec![ctx.text(
        "staff-list-title",
        &[("page", (page + 1).into()), ("pages", pages.into())],
    )];
    let mut heading = None;
    for entry in entries.iter().skip(page * PAGE_SIZE).take(PAGE_SIZE) {
        if heading != Some(entry.level) {
            heading = Some(entry.level);
            let key = format!("staff-list-{}", level_key(entry.level));
            lines.push(format!("**{}**", ctx.text(&key, &[])));
        }
        lines.push(format!("- {}", entry.who.mention()));
    }
    if page == 0 {
        lines.extend(on_call_lines(ctx).await?);
    }
    let mut answer = Answer::private(lines.join("\n"));
    if pages > 1 {
        let page_button = |to: usize, key: &str, disabled: bool| {
            Component::Button(Button {
                custom_id: Some(CustomId::StaffPage(u16::try_from(to).unwrap_or(0)).encode()),
                disabled,
                emoji: None,
                id: None,
                label: Some(ctx.text(key, &[])),
                sku_id: None,
                style: ButtonStyle::Secondary,
                url: None,
            })
        };
        answer.components = Some(vec![Component::ActionRow(ActionRow {
            id: None,
            components: vec![
                page_button(page.saturating_sub(1), "staff-page-previous", page == 0),
                page_button(page + 1, "staff-page-next", page + 1 >= pages),
            ],
        })]);
    }
    if replace {
        answer = answer.replacing();
    }
    Ok(Outcome::answer(answer))
}
