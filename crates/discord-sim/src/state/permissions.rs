//! Discord's permission algorithm: base permissions from @everyone and the member's roles
//! (everything for the owner and for Administrator), then the channel's overwrites in Discord's
//! order: @everyone, the member's roles together, the member.

use twilight_model::guild::Permissions as P;

use super::model::{Channel, Guild, Overwrite, kind};
use super::world::World;

/// Every permission bit Discord defines.
#[must_use]
pub fn all() -> u64 {
    P::all().bits()
}

/// A member's guild-wide permissions.
#[must_use]
pub fn base(guild: &Guild, user_id: u64) -> u64 {
    if guild.owner_id == user_id {
        return all();
    }
    let Some(member) = guild.members.get(&user_id) else {
        return 0;
    };
    let mut permissions = guild.roles.get(&guild.id).map_or(0, |r| r.permissions);
    for role in &member.roles {
        if let Some(role) = guild.roles.get(role) {
            permissions |= role.permissions;
        }
    }
    if permissions & P::ADMINISTRATOR.bits() != 0 {
        return all();
    }
    permissions
}

/// Applies a channel's overwrites to base permissions.
#[must_use]
pub fn apply_overwrites(guild: &Guild, user_id: u64, base: u64, overwrites: &[Overwrite]) -> u64 {
    if base & P::ADMINISTRATOR.bits() != 0 {
        return all();
    }
    let mut permissions = base;
    if let Some(everyone) = overwrites.iter().find(|o| o.kind == 0 && o.id == guild.id) {
        permissions &= !everyone.deny;
        permissions |= everyone.allow;
    }
    let roles: &[u64] = guild
        .members
        .get(&user_id)
        .map_or(&[], |m| m.roles.as_slice());
    let (mut allow, mut deny) = (0, 0);
    for overwrite in overwrites
        .iter()
        .filter(|o| o.kind == 0 && o.id != guild.id && roles.contains(&o.id))
    {
        allow |= overwrite.allow;
        deny |= overwrite.deny;
    }
    permissions &= !deny;
    permissions |= allow;
    if let Some(member) = overwrites.iter().find(|o| o.kind == 1 && o.id == user_id) {
        permissions &= !member.deny;
        permissions |= member.allow;
    }
    permissions
}

/// Channel-scoped bits Discord removes when a member cannot view the channel or cannot send.
fn implicit(mut permissions: u64, thread: bool) -> u64 {
    if permissions & P::ADMINISTRATOR.bits() != 0 {
        return permissions;
    }
    if permissions & P::VIEW_CHANNEL.bits() == 0 {
        return 0;
    }
    let send = if thread {
        P::SEND_MESSAGES_IN_THREADS
    } else {
        P::SEND_MESSAGES
    };
    if permissions & send.bits() == 0 {
        permissions &=
            !(P::MENTION_EVERYONE | P::SEND_TTS_MESSAGES | P::ATTACH_FILES | P::EMBED_LINKS).bits();
    }
    permissions
}

/// What a user may do in a channel, by Discord's algorithm.
///
/// Threads use their parent's overwrites; a private thread is visible only to its members and
/// to those who can manage threads. DMs grant their recipients the usual DM set.
#[must_use]
pub fn in_channel(world: &World, channel: &Channel, user_id: u64) -> u64 {
    let Some(guild_id) = channel.guild_id else {
        return if channel.recipients.contains(&user_id) {
            (P::VIEW_CHANNEL
                | P::SEND_MESSAGES
                | P::READ_MESSAGE_HISTORY
                | P::EMBED_LINKS
                | P::ATTACH_FILES
                | P::ADD_REACTIONS
                | P::USE_EXTERNAL_EMOJIS)
                .bits()
        } else {
            0
        };
    };
    let Some(guild) = world.guilds.get(&guild_id) else {
        return 0;
    };
    if !guild.members.contains_key(&user_id) && guild.owner_id != user_id {
        return 0;
    }
    let source = world.permission_channel(channel).unwrap_or(channel);
    let permissions = apply_overwrites(guild, user_id, base(guild, user_id), &source.overwrites);
    let thread = channel.thread.is_some();
    let mut permissions = implicit(permissions, thread);
    if let Some(state) = &channel.thread
        && channel.kind == kind::PRIVATE_THREAD
        && permissions & P::ADMINISTRATOR.bits() == 0
        && permissions & P::MANAGE_THREADS.bits() == 0
        && !state.members.contains_key(&user_id)
    {
        permissions = 0;
    }
    permissions
}

/// Whether `bits` holds every bit of `wanted`.
#[must_use]
pub fn has(bits: u64, wanted: P) -> bool {
    bits & wanted.bits() == wanted.bits()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::state::model::{Member, Role};

    fn guild() -> Guild {
        let mut roles = BTreeMap::new();
        roles.insert(1, role(1, (P::VIEW_CHANNEL | P::SEND_MESSAGES).bits()));
        roles.insert(2, role(2, P::MANAGE_CHANNELS.bits()));
        roles.insert(3, role(3, P::ADMINISTRATOR.bits()));
        let mut members = BTreeMap::new();
        for (user, roles) in [(10, vec![]), (11, vec![2]), (12, vec![3]), (13, vec![2])] {
            members.insert(
                user,
                Member {
                    user_id: user,
                    roles,
                    nick: None,
                    joined_at: String::new(),
                },
            );
        }
        Guild {
            id: 1,
            name: "g".into(),
            owner_id: 99,
            preferred_locale: "en-US".into(),
            roles,
            members,
            commands: BTreeMap::new(),
        }
    }

    fn role(id: u64, permissions: u64) -> Role {
        Role {
            id,
            name: id.to_string(),
            permissions,
            position: 0,
            color: 0,
            hoist: false,
            mentionable: false,
            bot_id: None,
        }
    }

    #[test]
    fn base_combines_everyone_and_roles_and_admin_or_owner_get_everything() {
        let guild = guild();
        assert_eq!(
            base(&guild, 11),
            (P::VIEW_CHANNEL | P::SEND_MESSAGES | P::MANAGE_CHANNELS).bits()
        );
        assert_eq!(base(&guild, 12), all());
        assert_eq!(base(&guild, 99), all());
        assert_eq!(base(&guild, 404), 0);
    }

    #[test]
    fn overwrites_apply_everyone_then_roles_then_member() {
        let guild = guild();
        let view = P::VIEW_CHANNEL.bits();
        let hide_from_everyone = Overwrite {
            id: 1,
            kind: 0,
            allow: 0,
            deny: view,
        };
        let role_allows = Overwrite {
            id: 2,
            kind: 0,
            allow: view,
            deny: 0,
        };
        let member_denies = Overwrite {
            id: 13,
            kind: 1,
            allow: 0,
            deny: view,
        };
        let overwrites = [hide_from_everyone, role_allows, member_denies];
        let check = |user| apply_overwrites(&guild, user, base(&guild, user), &overwrites) & view;
        assert_eq!(check(10), 0, "@everyone deny");
        assert_eq!(check(11), view, "role allow beats @everyone deny");
        assert_eq!(check(13), 0, "member deny beats role allow");
        assert_eq!(check(12), view, "administrator ignores overwrites");
    }

    #[test]
    fn without_view_channel_nothing_remains() {
        assert_eq!(implicit(P::SEND_MESSAGES.bits(), false), 0);
        let no_send = (P::VIEW_CHANNEL | P::EMBED_LINKS).bits();
        assert_eq!(implicit(no_send, false), P::VIEW_CHANNEL.bits());
    }
}
