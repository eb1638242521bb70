//! The setup commands and the general ones that point elsewhere.

use super::{Describe, chat_command};
use tickets_model::permissions::Capability;
use twilight_model::application::command::Command;
use twilight_model::channel::ChannelType;
use twilight_util::builder::command::{
    BooleanBuilder, ChannelBuilder, IntegerBuilder, SubCommandBuilder,
};

/// `/setup auto|limit|transcripts|use-threads`, `/language`, `/panel`, `/invite`.
pub fn definitions(text: Describe<'_>) -> Vec<(Command, Capability)> {
    let setup = chat_command("setup", text)
        .option(SubCommandBuilder::new("auto", text("command-setup-auto")))
        .option(
            SubCommandBuilder::new("limit", text("command-setup-limit")).option(
                IntegerBuilder::new("limit", text("command-setup-limit-limit"))
                    .min_value(1)
                    .max_value(50)
                    .required(true),
            ),
        )
        .option(
            SubCommandBuilder::new("transcripts", text("command-setup-transcripts")).option(
                ChannelBuilder::new("channel", text("command-setup-transcripts-channel"))
                    .channel_types([ChannelType::GuildText])
                    .required(true),
            ),
        )
        .option(
            SubCommandBuilder::new("use-threads", text("command-setup-use-threads"))
                .option(
                    BooleanBuilder::new("enabled", text("command-setup-use-threads-enabled"))
                        .required(true),
                )
                .option(
                    ChannelBuilder::new(
                        "ticket_notification_channel",
                        text("command-setup-use-threads-channel"),
                    )
                    .channel_types([ChannelType::GuildText]),
                ),
        )
        .build();
    vec![
        (setup, Capability::ManageSettings),
        (
            chat_command("language", text).build(),
            Capability::ManageSettings,
        ),
        (
            chat_command("panel", text).build(),
            Capability::ManagePanels,
        ),
        (chat_command("invite", text).build(), Capability::ReadHelp),
    ]
}
