//! The commands used in and around tickets.

use super::{Describe, max_length};
use tickets_model::permissions::Capability;
use tickets_model::values::{CloseReason, Subject};
use twilight_model::application::command::{Command, CommandType};
use twilight_model::application::interaction::InteractionContextType;
use twilight_util::builder::command::{CommandBuilder, IntegerBuilder, StringBuilder};

/// The name of the message context-menu command.
pub const START_TICKET: &str = "Start Ticket";

/// `/open`, `/close`, `/reopen` and "Start Ticket" (a message's Apps menu).
pub fn definitions(text: Describe<'_>) -> Vec<(Command, Capability)> {
    vec![
        (
            CommandBuilder::new(
                "open",
                text("command-open-description"),
                CommandType::ChatInput,
            )
            .contexts([InteractionContextType::Guild])
            .option(
                StringBuilder::new("subject", text("command-open-subject"))
                    .max_length(max_length(Subject::MAX))
                    .required(false),
            )
            .build(),
            Capability::OpenTicket,
        ),
        (
            CommandBuilder::new(
                "close",
                text("command-close-description"),
                CommandType::ChatInput,
            )
            .contexts([InteractionContextType::Guild])
            .option(
                StringBuilder::new("reason", text("command-close-reason"))
                    .max_length(max_length(CloseReason::MAX))
                    .required(false),
            )
            .build(),
            Capability::CloseTicket,
        ),
        (
            super::chat_command("reopen", text)
                .option(
                    IntegerBuilder::new("ticket_id", text("command-reopen-ticket-id"))
                        .min_value(1)
                        .autocomplete(true)
                        .required(true),
                )
                .build(),
            Capability::ReopenTickets,
        ),
        (
            // Message commands have no description; who may use it is a server setting.
            CommandBuilder::new(START_TICKET, "", CommandType::Message)
                .contexts([InteractionContextType::Guild])
                .build(),
            Capability::OpenTicket,
        ),
    ]
}
