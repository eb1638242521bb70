//! The commands that manage who may do what: admins, support, the blacklist.

use super::Describe;
use tickets_model::permissions::PermissionLevel;
use twilight_model::application::command::{Command, CommandType};
use twilight_model::application::interaction::InteractionContextType;
use twilight_util::builder::command::{CommandBuilder, MentionableBuilder};

/// A command taking one required member-or-role option named `target`.
fn with_target(name: &str, text: Describe<'_>) -> Command {
    CommandBuilder::new(
        name,
        text(&format!("command-{name}-description")),
        CommandType::ChatInput,
    )
    .contexts([InteractionContextType::Guild])
    .option(
        MentionableBuilder::new("target", text(&format!("command-{name}-target"))).required(true),
    )
    .build()
}

/// `/addadmin`, `/addsupport`, `/removeadmin`, `/removesupport`, `/viewstaff`, `/blacklist`.
pub fn definitions(text: Describe<'_>) -> Vec<(Command, PermissionLevel)> {
    let mut list: Vec<(Command, PermissionLevel)> = [
        "addadmin",
        "addsupport",
        "removeadmin",
        "removesupport",
        "blacklist",
    ]
    .into_iter()
    .map(|name| (with_target(name, text), PermissionLevel::Admin))
    .collect();
    list.push((
        CommandBuilder::new(
            "viewstaff",
            text("command-viewstaff-description"),
            CommandType::ChatInput,
        )
        .contexts([InteractionContextType::Guild])
        .build(),
        PermissionLevel::Support,
    ));
    list
}
