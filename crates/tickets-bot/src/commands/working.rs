//! The commands staff use inside a ticket.

use super::{Describe, max_length};
use tickets_model::permissions::PermissionLevel;
use tickets_model::staff::ChannelName;
use twilight_model::application::command::{Command, CommandType};
use twilight_model::application::interaction::InteractionContextType;
use twilight_util::builder::command::{
    CommandBuilder, MentionableBuilder, StringBuilder, UserBuilder,
};

fn command(name: &str, text: Describe<'_>) -> CommandBuilder {
    CommandBuilder::new(
        name,
        text(&format!("command-{name}-description")),
        CommandType::ChatInput,
    )
    .contexts([InteractionContextType::Guild])
}

/// `/claim`, `/unclaim`, `/transfer`, `/add`, `/remove`, `/rename`, `/switchpanel`,
/// `/jumptotop`.
pub fn definitions(text: Describe<'_>) -> Vec<(Command, PermissionLevel)> {
    let support = PermissionLevel::Support;
    vec![
        (command("claim", text).build(), support),
        (command("unclaim", text).build(), support),
        (
            command("transfer", text)
                .option(UserBuilder::new("user", text("command-transfer-user")).required(true))
                .build(),
            support,
        ),
        (
            command("add", text)
                .option(
                    MentionableBuilder::new("target", text("command-add-target")).required(true),
                )
                .build(),
            support,
        ),
        (
            command("remove", text)
                .option(
                    MentionableBuilder::new("target", text("command-remove-target")).required(true),
                )
                .build(),
            support,
        ),
        (
            command("rename", text)
                .option(
                    StringBuilder::new("name", text("command-rename-name"))
                        .max_length(max_length(ChannelName::MAX))
                        .required(true),
                )
                .build(),
            support,
        ),
        (
            command("switchpanel", text)
                .option(
                    StringBuilder::new("panel", text("command-switchpanel-panel"))
                        .autocomplete(true)
                        .required(true),
                )
                .build(),
            support,
        ),
        (
            command("jumptotop", text).build(),
            PermissionLevel::Everyone,
        ),
    ]
}
