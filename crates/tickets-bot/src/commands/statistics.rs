//! `/stats user` and `/stats server`.

use super::{Describe, chat_command};
use tickets_model::permissions::Capability;
use twilight_model::application::command::Command;
use twilight_util::builder::command::{SubCommandBuilder, UserBuilder};

/// `/stats user (user)` and `/stats server`, for support staff.
pub fn definitions(text: Describe<'_>) -> Vec<(Command, Capability)> {
    let stats = chat_command("stats", text)
        .option(
            SubCommandBuilder::new("user", text("command-stats-user"))
                .option(UserBuilder::new("user", text("command-stats-user-user")).required(true)),
        )
        .option(SubCommandBuilder::new(
            "server",
            text("command-stats-server"),
        ))
        .build();
    vec![(stats, Capability::ViewStatistics)]
}
