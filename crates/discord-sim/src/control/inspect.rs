//! Looking at the world the way users see it: the whole state, a guild's channels, a channel's
//! messages, a user's permissions, an interaction's answers.

use serde_json::{Value, json};
use twilight_model::guild::Permissions as P;

use super::api::ControlError;
use crate::state::World;
use crate::state::model::Channel;
use crate::state::permissions;
use crate::state::render;

/// A channel as the inspection routes show it.
#[must_use]
pub fn channel(world: &World, channel: &Channel) -> Value {
    let mut value = render::channel(world, channel);
    value["parent_id"] = channel
        .parent_id
        .map_or(Value::Null, |p| json!(p.to_string()));
    value["position"] = json!(channel.position);
    value["topic"] = json!(channel.topic);
    value["permission_overwrites"] = channel
        .overwrites
        .iter()
        .map(|o| json!({"id": o.id.to_string(), "type": o.kind, "allow": o.allow.to_string(), "deny": o.deny.to_string()}))
        .collect();
    if let Some(thread) = &channel.thread {
        value["thread_members"] = thread.members.keys().map(u64::to_string).collect();
    }
    value
}

/// `GET /_sim/state`.
#[must_use]
pub fn state(world: &World) -> Value {
    let applications: Vec<Value> = world
        .applications
        .values()
        .map(|a| {
            json!({
                "id": a.id.to_string(),
                "name": a.name,
                "bot_user_id": a.bot_user_id.to_string(),
                "token": a.token,
                "public_key": a.public_key_hex(),
                "client_id": a.id.to_string(),
                "client_secret": a.client_secret,
                "interactions_endpoint_url": a.interactions_endpoint_url,
                "flags": a.flags,
                "redirect_uris": a.redirect_uris,
            })
        })
        .collect();
    let users: Vec<Value> = world.users.values().map(render::user).collect();
    let guilds: Vec<Value> = world
        .guilds
        .values()
        .map(|g| {
            let mut channels: Vec<&Channel> = world.guild_channels(g.id).collect();
            channels.sort_by_key(|c| (c.thread.is_some(), c.position, c.id));
            json!({
                "id": g.id.to_string(),
                "name": g.name,
                "owner_id": g.owner_id.to_string(),
                "roles": render::roles(g),
                "channels": channels.into_iter().map(|c| channel(world, c)).collect::<Vec<_>>(),
                "members": g.members.values().map(|m| {
                    let mut member = render::member(world, m);
                    member["user_id"] = json!(m.user_id.to_string());
                    member
                }).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({"applications": applications, "users": users, "guilds": guilds})
}

/// `GET /_sim/guilds/{guild}/channels`.
///
/// # Errors
///
/// 404 for an unknown guild.
pub fn guild_channels(world: &World, guild_id: u64) -> Result<Value, ControlError> {
    world.guild(guild_id)?;
    let mut channels: Vec<&Channel> = world.guild_channels(guild_id).collect();
    channels.sort_by_key(|c| (c.thread.is_some(), c.position, c.id));
    Ok(channels.into_iter().map(|c| channel(world, c)).collect())
}

/// `GET /_sim/channels/{channel}/messages`: oldest first; ephemeral messages only for their
/// viewer (`viewer` = the `user_id` query parameter).
///
/// # Errors
///
/// 404 for an unknown channel.
pub fn messages(
    world: &World,
    channel_id: u64,
    viewer: Option<u64>,
) -> Result<Value, ControlError> {
    world.channel(channel_id)?;
    Ok(world
        .messages_of(channel_id)
        .filter(|m| m.origin.ephemeral_viewer.is_none() || m.origin.ephemeral_viewer == viewer)
        .map(|m| render::message(world, m))
        .collect())
}

/// `GET /_sim/users/{user}/dms`: every message in the user's direct-message channels with bots,
/// oldest first, as the user sees them.
///
/// # Errors
///
/// 404 for an unknown user.
pub fn direct_messages(world: &World, user_id: u64) -> Result<Value, ControlError> {
    world.user(user_id)?;
    let mut channels: Vec<u64> = world
        .dm_channels
        .iter()
        .filter(|((a, b), _)| *a == user_id || *b == user_id)
        .map(|(_, channel)| *channel)
        .collect();
    channels.sort_unstable();
    let mut list: Vec<Value> = Vec::new();
    for channel in channels {
        list.extend(
            world
                .messages_of(channel)
                .map(|m| render::message(world, m)),
        );
    }
    Ok(Value::Array(list))
}

/// `GET /_sim/channels/{channel}/permissions/{user}`.
///
/// # Errors
///
/// 404 for an unknown channel or user.
pub fn permissions_of(world: &World, channel_id: u64, user_id: u64) -> Result<Value, ControlError> {
    let channel = world.channel(channel_id)?;
    world.user(user_id)?;
    let perms = permissions::in_channel(world, channel, user_id);
    let send = if channel.thread.is_some() {
        P::SEND_MESSAGES_IN_THREADS
    } else {
        P::SEND_MESSAGES
    };
    Ok(json!({
        "permissions": perms.to_string(),
        "view_channel": permissions::has(perms, P::VIEW_CHANNEL),
        "send_messages": permissions::has(perms, send),
        "read_message_history": permissions::has(perms, P::READ_MESSAGE_HISTORY),
        "manage_channels": permissions::has(perms, P::MANAGE_CHANNELS),
    }))
}

/// `GET /_sim/interactions/{id}`.
///
/// # Errors
///
/// 404 for an unknown interaction.
pub fn interaction(world: &World, id: u64) -> Result<Value, ControlError> {
    let interaction = world
        .interactions
        .get(&id)
        .ok_or_else(|| ControlError::not_found("unknown interaction"))?;
    let message = |id: u64| {
        world
            .stored_message(interaction.channel_id, id)
            .map(|m| render::message(world, m))
    };
    Ok(json!({
        "id": id.to_string(),
        "type": interaction.kind,
        "application_id": interaction.application_id.to_string(),
        "user_id": interaction.user_id.to_string(),
        "channel_id": interaction.channel_id.to_string(),
        "guild_id": interaction.guild_id.map(|g| g.to_string()),
        "payload": interaction.payload,
        "acknowledged": interaction.acknowledged(),
        "response": interaction.initial,
        "original": interaction.original.and_then(message),
        "followups": interaction.followups.iter().filter_map(|id| message(*id)).collect::<Vec<_>>(),
        "delivery_error": interaction.delivery_error,
        "signed_request": interaction.signed_request.as_ref().map(|r| json!({
            "timestamp": r.timestamp,
            "signature": r.signature,
            "body": r.body,
        })),
    }))
}
