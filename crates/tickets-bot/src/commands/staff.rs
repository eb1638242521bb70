//! The commands that manage who may do what: admins, support, the blacklist; and `/on-call`.

use super::Describe;
use tickets_model::permissions::Capability;
use twilight_model::application::command::{Command, CommandType};
use twilight_model::application::interaction::InteractionContextType;
use twilight_util::builder::command::{CommandBuilder, MentionableBuilder};

/// A command taking one required member-or-role option, `user_or_role` as the reference names it.
fn with_user_or_role(name: &str, text: Describe<'_>) -> Command {
    CommandBuilder::new(
        name,
        text(&format!("command-{name}-description")),
        CommandType::ChatInput,
    )
    .contexts([InteractionContextType::Guild])
    .option(
        MentionableBuilder::new(
            "user_or_role",
            text(&format!("command-{name}-user-or-role")),
        )
        .required(true),
    )
    .build()
}

/// `/addadmin`, `/addsupport`, `/removeadmin`, `/removesupport`, `/viewstaff`, `/blacklist`,
/// `/on-call`.
pub fn definitions(text: Describe<'_>) -> Vec<(Command, Capability)> {
    let mut list: Vec<(Command, Capability)> = [
        "addadmin",
        "addsupport",
        "removeadmin",
        "removesupport",
        "blacklist",
    ]
    .into_iter()
    .map(|name| {
        let needs = if name == "blacklist" {
            Capability::ManageBlacklist
        } else {
            Capability::ManageStaff
        };
        (with_user_or_role(name, text), needs)
    })
    .collect();
    list.push((
        CommandBuilder::new(
            "viewstaff",
            text("command-viewstaff-description"),
            CommandType::ChatInput,
        )
        .contexts([InteractionContextType::Guild])
        .build(),
        Capability::ViewStaff,
    ));
    list
}
