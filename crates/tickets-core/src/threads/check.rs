//! What keeps thread mode from working, said where it is switched on: the dashboard's settings
//! and `/setup use-threads`. Members can only write in a private thread when @everyone may
//! "Send Messages in Threads" in its channel (the reference's FAQ), and staff only hear of new
//! tickets through the notification channel.

use crate::access::Caller;
use crate::{Core, UseCaseError};
use tickets_i18n::{Catalog, Locale};
use tickets_model::permissions::Capability;
use tickets_model::{ChannelId, GuildId};
use twilight_model::channel::Channel;
use twilight_model::channel::permission_overwrite::PermissionOverwriteType;
use twilight_model::guild::{Permissions, Role};

/// Something that stops thread tickets from working as they should.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ThreadModeWarning {
    /// @everyone may not send messages in threads in this channel: openers could not write in
    /// their ticket.
    EveryoneCannotSendInThreads {
        /// The channel.
        channel: ChannelId,
    },
    /// No notification channel: nobody hears of new tickets or can join them.
    NoNotificationChannel,
    /// `/open` opens threads, but no channel is chosen for them.
    NoOpenThreadChannel,
}

impl ThreadModeWarning {
    /// What is wrong and how to fix it, in the reader's language; `channel` names a channel as
    /// the reader sees it (a mention in Discord, its name on the dashboard).
    #[must_use]
    pub fn text(
        &self,
        catalog: &Catalog,
        locale: &Locale,
        channel: impl Fn(ChannelId) -> String,
    ) -> String {
        match self {
            Self::EveryoneCannotSendInThreads { channel: id } => catalog.text(
                locale,
                "thread-warning-send-in-threads",
                &[("channel", channel(*id).into())],
            ),
            Self::NoNotificationChannel => {
                catalog.text(locale, "thread-warning-no-notification-channel", &[])
            }
            Self::NoOpenThreadChannel => {
                catalog.text(locale, "thread-warning-no-open-channel", &[])
            }
        }
    }
}

impl Core {
    /// What keeps the caller's server's thread tickets from working; empty when none opens as a
    /// thread, or all is well. For bot admins.
    ///
    /// # Errors
    ///
    /// [`UseCaseError::NotPermitted`], Discord and storage failures.
    pub async fn thread_mode_warnings(
        &self,
        caller: &Caller,
    ) -> Result<Vec<ThreadModeWarning>, UseCaseError> {
        self.authorize(caller, Capability::ManageSettings).await?;
        self.thread_mode_problems(caller.guild_id).await
    }

    pub(crate) async fn thread_mode_problems(
        &self,
        guild: GuildId,
    ) -> Result<Vec<ThreadModeWarning>, UseCaseError> {
        let settings = self.db().settings().get(guild).await?;
        let mut parents: Vec<ChannelId> = self
            .db()
            .panels()
            .list(guild)
            .await?
            .iter()
            .filter(|panel| super::opens_as_thread(&settings, Some(panel)))
            .map(|panel| panel.fields.channel_id)
            .collect();
        let mut warnings = Vec::new();
        if settings.thread_mode {
            match settings.open_command_thread_channel_id {
                Some(channel) => parents.push(channel),
                None if settings.open_command_enabled => {
                    warnings.push(ThreadModeWarning::NoOpenThreadChannel);
                }
                None => {}
            }
        }
        if parents.is_empty() && warnings.is_empty() {
            return Ok(warnings);
        }
        if settings.ticket_notification_channel_id.is_none() {
            warnings.push(ThreadModeWarning::NoNotificationChannel);
        }
        parents.sort_unstable();
        parents.dedup();
        let everyone = self.everyone_permissions(guild).await?;
        for channel in parents {
            let request = self.discord().http().channel(channel);
            let found: Channel = self.discord().model("get_channel", request).await?;
            if !everyone_in(&found, guild, everyone).contains(Permissions::SEND_MESSAGES_IN_THREADS)
            {
                warnings.push(ThreadModeWarning::EveryoneCannotSendInThreads { channel });
            }
        }
        Ok(warnings)
    }

    /// The permissions of the server's @everyone role (its id is the server's).
    async fn everyone_permissions(&self, guild: GuildId) -> Result<Permissions, UseCaseError> {
        let request = self.discord().http().roles(guild);
        let roles: Vec<Role> = self.discord().models("list_guild_roles", request).await?;
        Ok(roles
            .iter()
            .find(|role| role.id.get() == guild.get())
            .map_or(Permissions::empty(), |role| role.permissions))
    }
}

/// What @everyone may do in `channel`: the role's permissions with the channel's @everyone
/// overwrite applied (Discord's order: deny, then allow).
fn everyone_in(channel: &Channel, guild: GuildId, base: Permissions) -> Permissions {
    if base.contains(Permissions::ADMINISTRATOR) {
        return Permissions::all();
    }
    let overwrite = channel
        .permission_overwrites
        .iter()
        .flatten()
        .find(|o| o.kind == PermissionOverwriteType::Role && o.id.get() == guild.get());
    match overwrite {
        Some(o) => (base - o.deny) | o.allow,
        None => base,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use twilight_model::channel::permission_overwrite::PermissionOverwrite;
    use twilight_model::id::Id;

    fn channel(overwrites: Vec<PermissionOverwrite>) -> Channel {
        let mut channel: Channel = serde_json::from_value(serde_json::json!({
            "id": "10", "type": 0, "guild_id": "1", "name": "support"
        }))
        .unwrap();
        channel.permission_overwrites = Some(overwrites);
        channel
    }

    fn everyone(allow: Permissions, deny: Permissions) -> PermissionOverwrite {
        PermissionOverwrite {
            allow,
            deny,
            id: Id::new(1),
            kind: PermissionOverwriteType::Role,
        }
    }

    #[test]
    fn the_channel_overwrite_of_everyone_decides() {
        let guild = GuildId::new(1);
        let send = Permissions::SEND_MESSAGES_IN_THREADS;
        let base = Permissions::VIEW_CHANNEL | send;
        assert!(everyone_in(&channel(vec![]), guild, base).contains(send));
        let denied = channel(vec![everyone(Permissions::empty(), send)]);
        assert!(!everyone_in(&denied, guild, base).contains(send));
        let allowed = channel(vec![everyone(send, Permissions::empty())]);
        assert!(everyone_in(&allowed, guild, Permissions::VIEW_CHANNEL).contains(send));
        assert!(everyone_in(&denied, guild, Permissions::ADMINISTRATOR).contains(send));
        // Another role's overwrite is not @everyone's.
        let other = PermissionOverwrite {
            id: Id::new(2),
            ..everyone(Permissions::empty(), send)
        };
        assert!(everyone_in(&channel(vec![other]), guild, base).contains(send));
    }
}
