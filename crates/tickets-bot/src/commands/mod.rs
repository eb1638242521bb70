//! The slash commands and their registration with Discord. Each feature's commands are defined
//! in their own file, with what each lets a member do (the permission table says the level).

mod close_requests;
mod general;
mod setup;
pub use setup::EACH_OWN_LANGUAGE;
mod staff;
mod statistics;
mod tags;
mod tickets;
pub use tickets::START_TICKET;
mod working;

use tickets_core::{Core, DiscordError};
use tickets_i18n::Locale;
use tickets_model::GuildId;
use tickets_model::permissions::{Capability, PermissionLevel};
use twilight_model::application::command::{Command, CommandType};

/// Where the commands are registered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommandScope {
    /// Globally: the normal mode; Discord may take a while to show changes.
    Global,
    /// In each server as the bot sees it: changes appear at once (the demo uses this).
    PerGuild,
}

/// The catalog text of a command's description or option, in English (Discord shows these).
pub type Describe<'a> = &'a dyn Fn(&str) -> String;

/// The `/help` text for a member: every command their level allows, with its description.
#[must_use]
pub fn help_text(core: &Core, locale: &Locale, level: PermissionLevel) -> String {
    let mut lines = vec![core.catalog().text(locale, "help-intro", &[])];
    for (command, needs) in offered(core) {
        if !needs.allowed_at(level) || command.kind != CommandType::ChatInput {
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

/// Every command the bot offers, with what it lets a member do: the permission table
/// ([`Capability::needs`]) says which level that takes.
#[must_use]
pub fn offered(core: &Core) -> Vec<(Command, Capability)> {
    let en = Locale::english();
    let text = |key: &str| core.catalog().text(&en, key, &[]);
    let mut all = tickets::definitions(&text);
    all.extend(general::definitions(&text));
    all.extend(staff::definitions(&text));
    all.extend(working::definitions(&text));
    all.extend(setup::definitions(&text, &core.catalog().languages()));
    all.extend(close_requests::definitions(&text));
    all.extend(tags::definitions(&text));
    all.extend(statistics::definitions(&text));
    all
}

/// What the command `name` lets a member do, from the same table as [`offered`].
#[must_use]
pub fn capability_of(core: &Core, name: &str) -> Option<Capability> {
    offered(core)
        .into_iter()
        .find(|(command, _)| command.name == name)
        .map(|(_, capability)| capability)
}

/// Every command the bot offers, as registered with Discord.
#[must_use]
pub fn definitions(core: &Core) -> Vec<Command> {
    offered(core)
        .into_iter()
        .map(|(command, _)| command)
        .collect()
}

/// A slash command usable in servers, described by its catalog entry
/// `command-<name>-description`.
pub fn chat_command(
    name: &str,
    text: Describe<'_>,
) -> twilight_util::builder::command::CommandBuilder {
    twilight_util::builder::command::CommandBuilder::new(
        name,
        text(&format!("command-{name}-description")),
        CommandType::ChatInput,
    )
    .contexts([twilight_model::application::interaction::InteractionContextType::Guild])
}

/// A length limit as Discord's option builders take it.
#[must_use]
pub fn max_length(n: usize) -> u16 {
    u16::try_from(n).unwrap_or(u16::MAX)
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
