//! The slash commands and their registration with Discord.

use tickets_core::{Core, DiscordError};
use tickets_i18n::Locale;
use tickets_model::GuildId;
use tickets_model::values::{CloseReason, Subject};
use twilight_model::application::command::{Command, CommandType};
use twilight_model::application::interaction::InteractionContextType;
use twilight_util::builder::command::{CommandBuilder, MentionableBuilder, StringBuilder};

/// Where the commands are registered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommandScope {
    /// Globally: the normal mode; Discord may take a while to show changes.
    Global,
    /// In each server as the bot sees it: changes appear at once (the demo uses this).
    PerGuild,
}

/// Commands only bot admins may use; `/help` leaves them out for everyone else.
pub const ADMIN_ONLY: &[&str] = &["blacklist"];

/// The `/help` text for a member: every command they may use, with its description.
#[must_use]
pub fn help_text(core: &Core, locale: &Locale, admin: bool) -> String {
    let mut lines = vec![core.catalog().text(locale, "help-intro", &[])];
    for command in definitions(core) {
        if !admin && ADMIN_ONLY.contains(&command.name.as_str()) {
            continue;
        }
        let key = format!("command-{}-description", command.name);
        lines.push(format!(
            "`/{}`: {}",
            command.name,
            core.catalog().text(locale, &key, &[])
        ));
    }
    lines.join("\n")
}

/// Every command the bot offers.
#[must_use]
pub fn definitions(core: &Core) -> Vec<Command> {
    let en = Locale::english();
    let text = |key: &str| core.catalog().text(&en, key, &[]);
    let max = |n: usize| u16::try_from(n).unwrap_or(u16::MAX);
    vec![
        CommandBuilder::new(
            "open",
            text("command-open-description"),
            CommandType::ChatInput,
        )
        .contexts([InteractionContextType::Guild])
        .option(
            StringBuilder::new("subject", text("command-open-subject"))
                .max_length(max(Subject::MAX))
                .required(false),
        )
        .build(),
        CommandBuilder::new(
            "close",
            text("command-close-description"),
            CommandType::ChatInput,
        )
        .contexts([InteractionContextType::Guild])
        .option(
            StringBuilder::new("reason", text("command-close-reason"))
                .max_length(max(CloseReason::MAX))
                .required(false),
        )
        .build(),
        CommandBuilder::new(
            "help",
            text("command-help-description"),
            CommandType::ChatInput,
        )
        .contexts([InteractionContextType::Guild])
        .build(),
        CommandBuilder::new(
            "about",
            text("command-about-description"),
            CommandType::ChatInput,
        )
        .contexts([InteractionContextType::Guild])
        .build(),
        CommandBuilder::new(
            "blacklist",
            text("command-blacklist-description"),
            CommandType::ChatInput,
        )
        .contexts([InteractionContextType::Guild])
        .option(MentionableBuilder::new("target", text("command-blacklist-target")).required(true))
        .build(),
    ]
}

/// Replaces the global commands with ours in one bulk overwrite.
///
/// # Errors
///
/// Discord refusing the commands.
pub async fn register_global(core: &Core) -> Result<(), DiscordError> {
    let commands = definitions(core);
    let http = core.discord().http();
    let client = http.interaction(core.bot().application_id);
    let request = client.set_global_commands(&commands);
    core.discord().call("set_global_commands", request).await?;
    Ok(())
}

/// Replaces one server's commands with ours.
///
/// # Errors
///
/// Discord refusing the commands.
pub async fn register_in_guild(core: &Core, guild: GuildId) -> Result<(), DiscordError> {
    let commands = definitions(core);
    let http = core.discord().http();
    let client = http.interaction(core.bot().application_id);
    let request = client.set_guild_commands(guild, &commands);
    core.discord().call("set_guild_commands", request).await?;
    Ok(())
}
