//! The commands staff use inside a ticket.

use super::{Describe, chat_command, max_length};
use tickets_model::permissions::Capability;
use tickets_model::staff::ChannelName;
use twilight_model::application::command::Command;
use twilight_util::builder::command::{MentionableBuilder, StringBuilder, UserBuilder};

/// `/claim`, `/unclaim`, `/transfer`, `/add`, `/remove`, `/rename`, `/switchpanel`,
/// `/jumptotop`.
pub fn definitions(text: Describe<'_>) -> Vec<(Command, Capability)> {
    vec![
        (
            chat_command("claim", text).build(),
            Capability::ClaimTickets,
        ),
        (
            chat_command("unclaim", text).build(),
            Capability::ClaimTickets,
        ),
        (
            chat_command("transfer", text)
                .option(UserBuilder::new("user", text("command-transfer-user")).required(true))
                .build(),
            Capability::ClaimTickets,
        ),
        (
            chat_command("add", text)
                .option(
                    MentionableBuilder::new("target", text("command-add-target")).required(true),
                )
                .build(),
            Capability::ChangeTickets,
        ),
        (
            chat_command("remove", text)
                .option(
                    MentionableBuilder::new("target", text("command-remove-target")).required(true),
                )
                .build(),
            Capability::ChangeTickets,
        ),
        (
            chat_command("rename", text)
                .option(
                    StringBuilder::new("name", text("command-rename-name"))
                        .max_length(max_length(ChannelName::MAX))
                        .required(true),
                )
                .build(),
            Capability::ChangeTickets,
        ),
        (
            chat_command("switchpanel", text)
                .option(
                    StringBuilder::new("panel", text("command-switchpanel-panel"))
                        .autocomplete(true)
                        .required(true),
                )
                .build(),
            Capability::ChangeTickets,
        ),
        (
            chat_command("jumptotop", text).build(),
            Capability::JumpToTop,
        ),
    ]
}
