//! The commands about the bot itself.

use super::Describe;
use tickets_model::permissions::Capability;
use twilight_model::application::command::{Command, CommandType};
use twilight_model::application::interaction::InteractionContextType;
use twilight_util::builder::command::CommandBuilder;

/// `/help`, `/about`, `/vote` and `/premium`.
pub fn definitions(text: Describe<'_>) -> Vec<(Command, Capability)> {
    ["help", "about", "vote", "premium"]
        .into_iter()
        .map(|name| {
            let command = CommandBuilder::new(
                name,
                text(&format!("command-{name}-description")),
                CommandType::ChatInput,
            )
            .contexts([InteractionContextType::Guild])
            .build();
            (command, Capability::ReadHelp)
        })
        .collect()
}
