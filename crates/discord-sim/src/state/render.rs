//! Discord's JSON for the world's entities, in the shapes the spec's response schemas describe
//! (ids as strings, permission bitfields as strings, every required field present).

use serde_json::{Map, Value, json};

use super::model::{Channel, Command, Guild, Member, Message, Role, User, kind};
use super::permissions;
use super::world::World;

/// A user object.
#[must_use]
pub fn user(user: &User) -> Value {
    let mut value = json!({
        "id": user.id.to_string(),
        "username": user.username,
        "global_name": user.global_name,
        "avatar": null,
        "discriminator": "0",
        "public_flags": 0,
        "flags": 0,
        "banner": null,
        "accent_color": null,
        "avatar_decoration_data": null,
        "collectibles": null,
        "primary_guild": null,
    });
    if user.bot {
        value["bot"] = json!(true);
    }
    value
}

/// The user object of `GET /users/@me` (with the private fields Discord adds).
#[must_use]
pub fn user_private(user_value: &User) -> Value {
    let mut value = user(user_value);
    value["mfa_enabled"] = json!(false);
    value["locale"] = json!(user_value.locale);
    value["premium_type"] = json!(0);
    value["verified"] = json!(true);
    value["email"] = Value::Null;
    value
}

/// A user by id, or a placeholder for one that was deleted.
#[must_use]
pub fn user_by_id(world: &World, id: u64) -> Value {
    world.users.get(&id).map_or_else(
        || {
            user(&User {
                id,
                username: "Deleted User".into(),
                global_name: None,
                bot: false,
                locale: "en-US".into(),
                accepts_dms: true,
            })
        },
        user,
    )
}

/// A role object.
#[must_use]
pub fn role(role: &Role) -> Value {
    let mut value = json!({
        "id": role.id.to_string(),
        "name": role.name,
        "permissions": role.permissions.to_string(),
        "position": role.position,
        "color": role.color,
        "colors": {"primary_color": role.color, "secondary_color": null, "tertiary_color": null},
        "hoist": role.hoist,
        "managed": role.bot_id.is_some(),
        "mentionable": role.mentionable,
        "icon": null,
        "unicode_emoji": null,
        "flags": 0,
    });
    if let Some(bot) = role.bot_id {
        value["tags"] = json!({"bot_id": bot.to_string()});
    }
    value
}

/// A guild member object with its user.
#[must_use]
pub fn member(world: &World, member: &Member) -> Value {
    json!({
        "user": user_by_id(world, member.user_id),
        "nick": member.nick,
        "avatar": null,
        "banner": null,
        "roles": member.roles.iter().map(u64::to_string).collect::<Vec<_>>(),
        "joined_at": member.joined_at,
        "premium_since": null,
        "communication_disabled_until": null,
        "flags": 0,
        "pending": false,
        "mute": false,
        "deaf": false,
    })
}

/// The roles of a guild, lowest position first (as Discord lists them).
#[must_use]
pub fn roles(guild: &Guild) -> Vec<Value> {
    let mut list: Vec<&Role> = guild.roles.values().collect();
    list.sort_by_key(|r| (r.position, r.id));
    list.into_iter().map(role).collect()
}

fn overwrites(channel: &Channel) -> Value {
    channel
        .overwrites
        .iter()
        .map(|o| {
            json!({
                "id": o.id.to_string(),
                "type": o.kind,
                "allow": o.allow.to_string(),
                "deny": o.deny.to_string(),
            })
        })
        .collect()
}

fn id_or_null(id: Option<u64>) -> Value {
    id.map_or(Value::Null, |id| json!(id.to_string()))
}

/// A channel object of any type.
#[must_use]
pub fn channel(world: &World, channel: &Channel) -> Value {
    let mut value = json!({
        "id": channel.id.to_string(),
        "type": channel.kind,
        "last_message_id": id_or_null(channel.last_message_id),
        "flags": 0,
    });
    if let Some((_, pinned_at)) = channel.pins.last() {
        value["last_pin_timestamp"] = json!(pinned_at);
    }
    let Some(guild_id) = channel.guild_id else {
        value["recipients"] = channel
            .recipients
            .iter()
            .filter(|id| world.users.get(id).is_some_and(|u| !u.bot))
            .map(|id| user_by_id(world, *id))
            .collect();
        return value;
    };
    value["guild_id"] = json!(guild_id.to_string());
    value["name"] = json!(channel.name);
    value["parent_id"] = id_or_null(channel.parent_id);
    if let Some(thread) = &channel.thread {
        value["owner_id"] = json!(thread.owner_id.to_string());
        value["rate_limit_per_user"] = json!(channel.rate_limit_per_user);
        let mut metadata = json!({
            "archived": thread.archived,
            "archive_timestamp": thread.archive_timestamp,
            "auto_archive_duration": thread.auto_archive_duration,
            "locked": thread.locked,
            "create_timestamp": thread.create_timestamp,
        });
        if channel.kind == kind::PRIVATE_THREAD {
            metadata["invitable"] = json!(thread.invitable);
        }
        value["thread_metadata"] = metadata;
        value["message_count"] = json!(thread.message_count);
        value["member_count"] = json!(thread.members.len().min(50));
        value["total_message_sent"] = json!(thread.total_message_sent);
        return value;
    }
    value["position"] = json!(channel.position);
    value["permission_overwrites"] = overwrites(channel);
    match channel.kind {
        kind::CATEGORY => {}
        kind::VOICE => {
            value["bitrate"] = json!(64_000);
            value["user_limit"] = json!(0);
            value["rtc_region"] = Value::Null;
            value["nsfw"] = json!(channel.nsfw);
            value["rate_limit_per_user"] = json!(channel.rate_limit_per_user);
        }
        _ => {
            value["topic"] = json!(channel.topic);
            value["nsfw"] = json!(channel.nsfw);
            value["rate_limit_per_user"] = json!(channel.rate_limit_per_user);
        }
    }
    value
}

/// A thread member object.
#[must_use]
pub fn thread_member(thread_id: u64, user_id: u64, joined: &str) -> Value {
    json!({
        "id": thread_id.to_string(),
        "user_id": user_id.to_string(),
        "join_timestamp": joined,
        "flags": 0,
    })
}

/// A message object as nobody in particular sees it (no reaction is `me`).
#[must_use]
pub fn message(world: &World, message: &Message) -> Value {
    message_for(world, message, None)
}

/// Application flags that allow the Message Content intent: `GATEWAY_MESSAGE_CONTENT` and
/// `GATEWAY_MESSAGE_CONTENT_LIMITED` (what the developer portal's toggle sets).
pub const MESSAGE_CONTENT_FLAGS: u64 = (1 << 18) | (1 << 19);

/// Whether `viewer` (a bot) reads this message without its content: its application lacks the
/// Message Content intent, and the message is in a guild, by someone else, without mentioning
/// the bot (Discord's exemptions: the app's own messages, DMs, messages that mention it).
#[must_use]
pub fn content_hidden(world: &World, message: &Message, viewer: Option<u64>) -> bool {
    let Some(bot) = viewer else {
        return false;
    };
    let Some(app) = world.application_of_bot(bot) else {
        return false;
    };
    app.flags & MESSAGE_CONTENT_FLAGS == 0
        && message.guild_id.is_some()
        && message.author_id != bot
        && !message.mention_user_ids.contains(&bot)
}

/// The fields every message object has (a `referenced_message` has only these).
fn basic_message(world: &World, message: &Message, viewer: Option<u64>) -> Value {
    let hidden = content_hidden(world, message, viewer);
    let mut value = json!({
        "id": message.id.to_string(),
        "channel_id": message.channel_id.to_string(),
        "type": message.kind,
        "content": if hidden { "" } else { message.content.as_str() },
        "author": user_by_id(world, message.author_id),
        "mentions": message.mention_user_ids.iter().map(|id| user_by_id(world, *id)).collect::<Vec<_>>(),
        "mention_roles": message.mention_role_ids.iter().map(u64::to_string).collect::<Vec<_>>(),
        "mention_everyone": message.mention_everyone,
        "attachments": if hidden { Vec::new() } else { message.attachments.iter().map(super::attachments::render).collect::<Vec<_>>() },
        "embeds": if hidden { &[][..] } else { &message.embeds[..] },
        "components": if hidden { &[][..] } else { &message.components[..] },
        "timestamp": message.timestamp,
        "edited_timestamp": message.edited_timestamp,
        "flags": message.flags,
        "pinned": message.pinned,
        "tts": message.tts,
    });
    if let Some(id) = message.origin.webhook_id {
        value["webhook_id"] = json!(id.to_string());
    }
    if let Some(id) = message.origin.application_id {
        value["application_id"] = json!(id.to_string());
    }
    if let Some(metadata) = &message.origin.interaction_metadata {
        value["interaction_metadata"] = metadata.clone();
    }
    if let Some(reference) = &message.reference {
        let mut object = json!({
            "type": 0,
            "channel_id": reference.channel_id.to_string(),
            "message_id": reference.message_id.to_string(),
        });
        if let Some(guild_id) = reference.guild_id {
            object["guild_id"] = json!(guild_id.to_string());
        }
        value["message_reference"] = object;
    }
    value
}

/// A message object as `viewer` (a bot) reads it through REST: its own reactions are `me`, the
/// replied-to message is included (`null` once deleted), and without the Message Content
/// intent the content fields are empty (see [`content_hidden`]).
#[must_use]
pub fn message_for(world: &World, message: &Message, viewer: Option<u64>) -> Value {
    let mut value = basic_message(world, message, viewer);
    if !message.reactions.is_empty() {
        value["reactions"] = Value::Array(super::reactions::render(message, viewer));
    }
    if let Some(reference) = &message.reference {
        value["referenced_message"] = world
            .message(reference.channel_id, reference.message_id)
            .map_or(Value::Null, |target| basic_message(world, target, viewer));
    }
    value
}

/// A message as the gateway sends it: with `guild_id` and the author's `member`.
#[must_use]
pub fn message_event(world: &World, message_value: &Message) -> Value {
    let mut value = message(world, message_value);
    if let Some(guild_id) = message_value.guild_id {
        value["guild_id"] = json!(guild_id.to_string());
        if let Some(member_value) = world
            .guilds
            .get(&guild_id)
            .and_then(|g| g.members.get(&message_value.author_id))
        {
            let mut partial = member(world, member_value);
            if let Some(object) = partial.as_object_mut() {
                object.remove("user");
            }
            value["member"] = partial;
        }
    }
    value
}

/// A guild object (`GET /guilds/{id}`).
#[must_use]
pub fn guild(guild: &Guild) -> Value {
    json!({
        "id": guild.id.to_string(),
        "name": guild.name,
        "icon": null,
        "description": null,
        "home_header": null,
        "splash": null,
        "discovery_splash": null,
        "features": [],
        "banner": null,
        "owner_id": guild.owner_id.to_string(),
        "application_id": null,
        "region": "deprecated",
        "afk_channel_id": null,
        "afk_timeout": 300,
        "system_channel_id": null,
        "system_channel_flags": 0,
        "widget_enabled": false,
        "widget_channel_id": null,
        "verification_level": 0,
        "roles": roles(guild),
        "default_message_notifications": 0,
        "mfa_level": 0,
        "explicit_content_filter": 0,
        "max_presences": null,
        "max_members": 500_000,
        "max_stage_video_channel_users": 50,
        "max_video_channel_users": 25,
        "vanity_url_code": null,
        "premium_tier": 0,
        "premium_subscription_count": 0,
        "preferred_locale": guild.preferred_locale,
        "rules_channel_id": null,
        "safety_alerts_channel_id": null,
        "public_updates_channel_id": null,
        "premium_progress_bar_enabled": false,
        "nsfw": false,
        "nsfw_level": 0,
        "emojis": [],
        "stickers": [],
        "incidents_data": null,
    })
}

/// The GUILD_CREATE payload of a guild, as the bot of `application_id` receives it.
#[must_use]
pub fn guild_create(world: &World, guild_value: &Guild, application_id: u64) -> Value {
    let mut value = guild(guild_value);
    let bot = world
        .applications
        .get(&application_id)
        .map(|a| a.bot_user_id);
    let (channels, threads): (Vec<&Channel>, Vec<&Channel>) = world
        .guild_channels(guild_value.id)
        .partition(|c| c.thread.is_none());
    value["channels"] = channels.into_iter().map(|c| channel(world, c)).collect();
    value["threads"] = threads
        .into_iter()
        .filter(|c| c.thread.as_ref().is_some_and(|t| !t.archived))
        .filter(|c| bot.is_some_and(|b| permissions::in_channel(world, c, b) != 0))
        .map(|c| {
            let mut value = channel(world, c);
            // The bot's own thread member rides on every listed thread it is in.
            let joined = bot.and_then(|b| c.thread.as_ref()?.members.get(&b).map(|j| (b, j)));
            if let Some((b, joined)) = joined {
                value["member"] = thread_member(c.id, b, joined);
            }
            value
        })
        .collect();
    value["members"] = guild_value
        .members
        .values()
        .map(|m| member(world, m))
        .collect();
    value["member_count"] = json!(guild_value.members.len());
    value["joined_at"] = bot
        .and_then(|b| guild_value.members.get(&b))
        .map_or(Value::Null, |m| json!(m.joined_at));
    value["large"] = json!(guild_value.members.len() > 250);
    value["unavailable"] = json!(false);
    for list in [
        "voice_states",
        "presences",
        "stage_instances",
        "guild_scheduled_events",
        "soundboard_sounds",
    ] {
        value[list] = json!([]);
    }
    value
}

/// An application command object.
#[must_use]
pub fn command(command: &Command) -> Value {
    let definition = &command.definition;
    let mut value = json!({
        "id": command.id.to_string(),
        "application_id": command.application_id.to_string(),
        "version": command.version.to_string(),
        "type": command.kind,
        "name": command.name,
        "description": definition.get("description").and_then(Value::as_str).unwrap_or_default(),
        "default_member_permissions": definition.get("default_member_permissions").cloned().unwrap_or(Value::Null),
        "nsfw": definition.get("nsfw").and_then(Value::as_bool).unwrap_or(false),
        "integration_types": definition.get("integration_types").cloned().unwrap_or(json!([0])),
        "contexts": definition.get("contexts").cloned().unwrap_or(Value::Null),
    });
    if let Value::String(permissions) = &value["default_member_permissions"] {
        value["default_member_permissions"] = json!(permissions);
    } else if let Some(n) = value["default_member_permissions"].as_u64() {
        value["default_member_permissions"] = json!(n.to_string());
    }
    if let Some(guild) = command.guild_id {
        value["guild_id"] = json!(guild.to_string());
    } else {
        value["dm_permission"] = definition
            .get("dm_permission")
            .cloned()
            .unwrap_or(json!(true));
    }
    for key in ["name_localizations", "description_localizations"] {
        if let Some(v) = definition.get(key) {
            value[key] = v.clone();
        }
    }
    if let Some(options) = definition.get("options").and_then(Value::as_array) {
        value["options"] = Value::Array(options.iter().map(strip_nulls).collect());
    }
    value
}

/// A copy of a JSON value without `null` members (Discord omits absent optional fields).
#[must_use]
pub fn strip_nulls(value: &Value) -> Value {
    match value {
        Value::Object(object) => Value::Object(
            object
                .iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.clone(), strip_nulls(v)))
                .collect::<Map<String, Value>>(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(strip_nulls).collect()),
        other => other.clone(),
    }
}

/// Embeds as Discord returns them: `type: "rich"` and `inline` on every field.
#[must_use]
pub fn normalise_embeds(embeds: &[Value]) -> Vec<Value> {
    embeds
        .iter()
        .map(|embed| {
            let mut embed = strip_nulls(embed);
            if embed.get("type").is_none() {
                embed["type"] = json!("rich");
            }
            if let Some(fields) = embed.get_mut("fields").and_then(Value::as_array_mut) {
                for field in fields {
                    if field.get("inline").is_none() {
                        field["inline"] = json!(false);
                    }
                }
            }
            if let Some(timestamp) = embed.get("timestamp").and_then(Value::as_str)
                && let Ok(parsed) = twilight_model::util::Timestamp::parse(timestamp)
            {
                embed["timestamp"] = json!(parsed.iso_8601().to_string());
            }
            embed
        })
        .collect()
}

/// Components as Discord returns them: numbered `id`s (depth first from 1), select defaults.
#[must_use]
pub fn normalise_components(components: &[Value]) -> Vec<Value> {
    let mut next = 1;
    components
        .iter()
        .map(|c| number_component(&strip_nulls(c), &mut next))
        .collect()
}

fn number_component(component: &Value, next: &mut u64) -> Value {
    let mut component = component.clone();
    if component.get("id").is_none() {
        component["id"] = json!(*next);
    }
    *next += 1;
    let kind = component.get("type").and_then(Value::as_u64).unwrap_or(0);
    if super::limits::component::is_select(kind) {
        for (key, default) in [("min_values", 1), ("max_values", 1)] {
            if component.get(key).is_none() {
                component[key] = json!(default);
            }
        }
    }
    if kind == super::limits::component::TEXT_INPUT {
        for key in ["label", "min_length", "max_length"] {
            if component.get(key).is_none() {
                component[key] = Value::Null;
            }
        }
    }
    if let Some(children) = component.get("components").and_then(Value::as_array) {
        let children: Vec<Value> = children.iter().map(|c| number_component(c, next)).collect();
        component["components"] = Value::Array(children);
    }
    if let Some(child) = component.get("component") {
        let child = number_component(child, next);
        component["component"] = child;
    }
    component
}
