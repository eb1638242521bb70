//! Who a message brings into a thread, as Discord does: its author, every user it mentions, and
//! every member of a role it mentions, as long as they can view the thread's parent channel.
//! Mentions count only when `allowed_mentions` lets them through; a role counts when it is
//! mentionable or the author may mention everyone. Each addition is a THREAD_MEMBERS_UPDATE.

use twilight_model::guild::Permissions as P;

use crate::errors::ApiError;
use crate::state::World;
use crate::state::model::Message;
use crate::state::permissions;

/// The users a message in a thread adds to it, in the order Discord would: the author, the
/// mentioned users, then the members of the mentioned roles.
fn joining(world: &World, message: &Message) -> Vec<u64> {
    let Some(channel) = world.channels.get(&message.channel_id) else {
        return Vec::new();
    };
    let (Some(_), Some(guild_id)) = (&channel.thread, channel.guild_id) else {
        return Vec::new();
    };
    let (Ok(parent), Ok(guild)) = (world.permission_channel(channel), world.guild(guild_id)) else {
        return Vec::new();
    };
    let author_may_ping_roles = permissions::has(
        permissions::in_channel(world, channel, message.author_id),
        P::MENTION_EVERYONE,
    );
    let mut wanted = vec![message.author_id];
    wanted.extend(&message.mention_user_ids);
    for role_id in &message.mention_role_ids {
        let Some(role) = guild.roles.get(role_id) else {
            continue;
        };
        if *role_id == guild_id || !(role.mentionable || author_may_ping_roles) {
            continue;
        }
        wanted.extend(
            guild
                .members
                .values()
                .filter(|m| m.roles.contains(role_id))
                .map(|m| m.user_id),
        );
    }
    let mut out: Vec<u64> = Vec::new();
    for user in wanted {
        let sees_parent = permissions::has(
            permissions::in_channel(world, parent, user),
            P::VIEW_CHANNEL,
        );
        if sees_parent && guild.members.contains_key(&user) && !out.contains(&user) {
            out.push(user);
        }
    }
    out
}

/// Adds to the thread a posted message is in whoever the message brings in (nothing outside
/// threads, nothing for ephemeral messages).
///
/// # Errors
///
/// 10003 when the channel vanished meanwhile.
pub fn add_members_from_post(world: &mut World, message: &Message) -> Result<(), ApiError> {
    if message.origin.ephemeral_viewer.is_some() {
        return Ok(());
    }
    for user in joining(world, message) {
        super::add(world, message.channel_id, user)?;
    }
    Ok(())
}
