//! The commands that manage who may do what: the blacklist.

use super::Describe;
use tickets_model::permissions::PermissionLevel;
use twilight_model::application::command::{Command, CommandType};
use twilight_model::application::interaction::InteractionContextType;
use twilight_util::builder::command::{CommandBuilder, MentionableBuilder};

/// `/blacklist`.
pub fn definitions(text: Describe<'_>) -> Vec<(Command, PermissionLevel)> {
    vec![(
        CommandBuilder::new(
            "blacklist",
            text("command-blacklist-description"),
            CommandType::ChatInput,
        )
        .contexts([InteractionContextType::Guild])
        .option(MentionableBuilder::new("target", text("command-blacklist-target")).required(true))
        .build(),
        PermissionLevel::Admin,
    )]
}
