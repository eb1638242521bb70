//! The facts the edges hand to the cache: gateway events and the members that come with every
//! interaction. The edges only translate; what is kept, and for how long, is decided here.

use tickets_model::{ChannelId, GuildId, RoleId, UserId};
use twilight_model::application::interaction::{Interaction, InteractionData};
use twilight_model::channel::Channel;
use twilight_model::guild::{Guild, PartialGuild, Role};

/// One thing Discord told the bot about a server.
#[derive(Debug, Clone, Copy)]
pub enum Observed<'a> {
    /// GUILD_CREATE: the whole server, as the gateway delivers it on connecting or joining.
    GuildAvailable(&'a Guild),
    /// GUILD_UPDATE: its name, owner or roles changed.
    GuildChanged(&'a PartialGuild),
    /// GUILD_DELETE: the bot left the server (`outage` false) or Discord lost it for a while
    /// (`outage` true; a GUILD_CREATE follows when it is back).
    GuildGone {
        /// The server.
        guild: GuildId,
        /// Whether it is only unavailable.
        outage: bool,
    },
    /// GUILD_ROLE_CREATE or GUILD_ROLE_UPDATE.
    RoleChanged(GuildId, &'a Role),
    /// GUILD_ROLE_DELETE.
    RoleGone(GuildId, RoleId),
    /// CHANNEL_CREATE or CHANNEL_UPDATE (a channel of a server; direct messages are ignored).
    ChannelChanged(&'a Channel),
    /// CHANNEL_DELETE.
    ChannelGone(GuildId, ChannelId),
    /// A member and their roles at this moment (GUILD_MEMBER_ADD or _UPDATE, where the intents
    /// deliver them).
    Member {
        /// The server.
        guild: GuildId,
        /// The member.
        user: UserId,
        /// Their roles.
        roles: &'a [RoleId],
    },
    /// GUILD_MEMBER_REMOVE: no longer a member.
    MemberGone(GuildId, UserId),
    /// An interaction: Discord includes the acting member's roles, and those of members named in
    /// a command's options, so every command refreshes what the dashboard knows of them.
    Interaction(&'a Interaction),
}

/// The members an interaction describes, with their roles as Discord resolved them.
pub(crate) fn interaction_members(interaction: &Interaction) -> Vec<(GuildId, UserId, &[RoleId])> {
    let Some(guild) = interaction.guild_id else {
        return Vec::new();
    };
    let mut members = Vec::new();
    if let Some(member) = &interaction.member
        && let Some(user) = &member.user
    {
        members.push((guild, user.id, member.roles.as_slice()));
    }
    if let Some(InteractionData::ApplicationCommand(command)) = &interaction.data
        && let Some(resolved) = &command.resolved
    {
        for (user, member) in &resolved.members {
            members.push((guild, *user, member.roles.as_slice()));
        }
    }
    members
}
