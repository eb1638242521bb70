//! The permissions the bot asks for when it is invited, and its invite link.

use twilight_model::guild::Permissions;
use twilight_model::id::Id;
use twilight_model::id::marker::ApplicationMarker;

/// Everything the bot needs, and nothing more: no Administrator.
#[must_use]
pub fn required_permissions() -> Permissions {
    Permissions::VIEW_CHANNEL
        | Permissions::MANAGE_CHANNELS
        | Permissions::MANAGE_ROLES
        | Permissions::SEND_MESSAGES
        | Permissions::EMBED_LINKS
        | Permissions::ATTACH_FILES
        | Permissions::READ_MESSAGE_HISTORY
        | Permissions::MANAGE_MESSAGES
        | Permissions::MANAGE_THREADS
        | Permissions::CREATE_PRIVATE_THREADS
        | Permissions::SEND_MESSAGES_IN_THREADS
        | Permissions::ADD_REACTIONS
        | Permissions::USE_EXTERNAL_EMOJIS
        // Lets the bot mention the on-call roles, which members themselves cannot ping.
        | Permissions::MENTION_EVERYONE
}

/// The link a server owner follows to add the bot, on `discord_url` (Discord or the simulator).
#[must_use]
pub fn invite_url(discord_url: &str, application_id: Id<ApplicationMarker>) -> String {
    format!(
        "{}/oauth2/authorize?client_id={application_id}&scope=bot%20applications.commands&permissions={}",
        discord_url.trim_end_matches('/'),
        required_permissions().bits()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invite_never_asks_for_administrator() {
        assert!(!required_permissions().contains(Permissions::ADMINISTRATOR));
        let url = invite_url("https://discord.com/", Id::new(12));
        assert!(url.starts_with("https://discord.com/oauth2/authorize?client_id=12&"));
        assert!(url.ends_with(&format!("permissions={}", required_permissions().bits())));
    }
}
