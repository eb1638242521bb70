//! The setup commands and the general ones that point elsewhere.

use super::{Describe, chat_command};
use tickets_model::permissions::Capability;
use twilight_model::application::command::Command;
use twilight_model::channel::ChannelType;
use twilight_util::builder::command::{
    BooleanBuilder, ChannelBuilder, IntegerBuilder, StringBuilder, SubCommandBuilder,
};

/// The `/language` choice that lets each member see their own Discord language.
pub const EACH_OWN_LANGUAGE: &str = "auto";

/// `/setup auto|limit|transcripts|use-threads`, `/language [language]`, `/panel`, `/invite`;
/// `/language` offers each of `languages` (the catalog's) as a choice.
pub fn definitions(text: Describe<'_>, languages: &[&str]) -> Vec<(Command, Capability)> {
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
                    BooleanBuilder::new(
                        "use_threads",
                        text("command-setup-use-threads-use-threads"),
                    )
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
    let mut choices = vec![(text("language-each-own"), EACH_OWN_LANGUAGE.to_owned())];
    choices.extend(
        languages
            .iter()
            .map(|tag| ((*tag).to_owned(), (*tag).to_owned())),
    );
    // Without the option the command shows a menu of the same languages.
    let language = chat_command("language", text)
        .option(StringBuilder::new("language", text("command-language-language")).choices(choices))
        .build();
    vec![
        (setup, Capability::ManageSettings),
        (language, Capability::ManageSettings),
        (
            chat_command("panel", text).build(),
            Capability::ManagePanels,
        ),
        (chat_command("invite", text).build(), Capability::ReadHelp),
    ]
}
