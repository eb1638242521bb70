//! The commands staff use inside a ticket.

use super::{Describe, chat_command, max_length};
use tickets_model::permissions::Capability;
use tickets_model::staff::ChannelName;
use twilight_model::application::command::Command;
use twilight_util::builder::command::{MentionableBuilder, StringBuilder, UserBuilder};

/// `/claim`, `/unclaim`, `/transfer`, `/add`, `/remove`, `/rename`, `/switchpanel`,
/// `/jumptotop`, `/notes` and `/on-call`.
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
                    // Named `user` as the reference names it; still a mentionable, so that a
                    // role can be brought in too.
                    MentionableBuilder::new("user", text("command-add-user")).required(true),
                )
                .build(),
            Capability::ChangeTickets,
        ),
        (
            chat_command("remove", text)
                .option(
                    // Named `user` as the reference names it; still a mentionable, so that a
                    // role can be brought in too.
                    MentionableBuilder::new("user", text("command-remove-user")).required(true),
                )
                .build(),
            Capability::ChangeTickets,
        ),
        (
            chat_command("rename", text)
                .option(
                    StringBuilder::new("new_ticket_name", text("command-rename-new-ticket-name"))
                        .max_length(max_length(ChannelName::MAX))
                        .required(true),
                )
                .build(),
            Capability::ChangeTickets,
        ),
        (
            chat_command("switchpanel", text)
                .option(
                    StringBuilder::new("to_panel", text("command-switchpanel-to-panel"))
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
        (chat_command("notes", text).build(), Capability::TakeNotes),
        (chat_command("on-call", text).build(), Capability::GoOnCall),
    ]
}
