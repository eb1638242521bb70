//! Channels: create (with overwrites), get, modify, delete, positions, permission overwrites.

use std::time::Instant;

use serde_json::{Value, json};
use twilight_model::guild::Permissions as P;

use super::context::{Reply, Req, snowflake};
use super::guard::{check_grant, guild_base, need, parse_overwrites, visible};
use super::{Handled, threads};
use crate::errors::ApiError;
use crate::sim::lock;
use crate::state::World;
use crate::state::limits::normalise_text_channel_name;
use crate::state::model::{Channel, Overwrite, kind};
use crate::state::permissions;
use crate::state::render;

/// Channels per category.
pub const CATEGORY_MAX: usize = 50;
/// Channels per guild (threads excluded).
pub const GUILD_MAX: usize = 500;

fn category_full(world: &World, parent: u64, moving: Option<u64>) -> bool {
    world
        .channels
        .values()
        .filter(|c| c.parent_id == Some(parent) && c.thread.is_none() && Some(c.id) != moving)
        .count()
        >= CATEGORY_MAX
}

fn category_full_error() -> ApiError {
    ApiError::field(
        &["parent_id"],
        "CHANNEL_PARENT_MAX_CHANNELS",
        "Maximum number of channels in category reached (50)",
    )
}

/// Validates a `parent_id` for a channel of `kind` in `guild_id`.
fn parent<'w>(
    world: &'w World,
    guild_id: u64,
    channel_kind: u8,
    value: &Value,
) -> Result<Option<&'w Channel>, ApiError> {
    let Some(id) = snowflake(value) else {
        return Ok(None);
    };
    let invalid = || {
        ApiError::field(
            &["parent_id"],
            "CHANNEL_PARENT_INVALID",
            "Category does not exist",
        )
    };
    let parent = world.channels.get(&id).ok_or_else(invalid)?;
    if parent.guild_id != Some(guild_id)
        || parent.kind != kind::CATEGORY
        || channel_kind == kind::CATEGORY
    {
        return Err(invalid());
    }
    Ok(Some(parent))
}

fn name_for(channel_kind: u8, name: &str) -> Result<String, ApiError> {
    let name = if matches!(
        channel_kind,
        kind::TEXT | kind::ANNOUNCEMENT | kind::FORUM | 16
    ) {
        normalise_text_channel_name(name)
    } else {
        name.trim().to_owned()
    };
    if name.is_empty() || name.chars().count() > 100 {
        return Err(ApiError::field(
            &["name"],
            "BASE_TYPE_BAD_LENGTH",
            "Must be between 1 and 100 in length.",
        ));
    }
    Ok(name)
}

/// `POST /guilds/{guild_id}/channels`.
pub fn create(req: &mut Req<'_>) -> Handled {
    let (_, bot) = req.bot()?;
    let guild_id = req.id("guild_id")?;
    let mut world = req.sim.world();
    let base = guild_base(&world, guild_id, bot)?;
    let channel_kind = req.field("type").and_then(Value::as_u64).unwrap_or(0);
    let channel_kind = match u8::try_from(channel_kind) {
        Ok(
            k @ (kind::TEXT
            | kind::VOICE
            | kind::CATEGORY
            | kind::ANNOUNCEMENT
            | 13
            | kind::FORUM
            | 16),
        ) => k,
        _ => {
            return Err(ApiError::field(
                &["type"],
                "BASE_TYPE_CHOICES",
                "Value must be one of {0, 2, 4, 5, 13, 15, 16}.",
            ));
        }
    };
    let parent_channel = parent(
        &world,
        guild_id,
        channel_kind,
        req.field("parent_id").unwrap_or(&Value::Null),
    )?;
    let perms = parent_channel.map_or(base, |p| permissions::in_channel(&world, p, bot));
    need(perms, P::MANAGE_CHANNELS)?;
    let name = name_for(
        channel_kind,
        req.field("name")
            .and_then(Value::as_str)
            .unwrap_or_default(),
    )?;
    let overwrites = match req.field("permission_overwrites") {
        Some(list) => {
            let overwrites = parse_overwrites(&world, guild_id, list)?;
            check_grant(&world, guild_id, bot, None, None, &overwrites)?;
            overwrites
        }
        // Without explicit overwrites a channel in a category starts synced with it.
        None => parent_channel
            .map(|p| p.overwrites.clone())
            .unwrap_or_default(),
    };
    if world
        .guild_channels(guild_id)
        .filter(|c| c.thread.is_none())
        .count()
        >= GUILD_MAX
    {
        return Err(ApiError::max_guild_channels());
    }
    let parent_id = parent_channel.map(|p| p.id);
    if let Some(parent_id) = parent_id
        && category_full(&world, parent_id, None)
    {
        return Err(category_full_error());
    }
    let position = match req.field("position").and_then(Value::as_i64) {
        Some(position) => position,
        None => world
            .guild_channels(guild_id)
            .filter(|c| {
                c.thread.is_none()
                    && c.parent_id == parent_id
                    && (c.kind == kind::CATEGORY) == (channel_kind == kind::CATEGORY)
            })
            .map(|c| c.position + 1)
            .max()
            .unwrap_or(0),
    };
    let id = world.next_id();
    let mut channel = Channel::new(id, channel_kind, Some(guild_id), name);
    channel.parent_id = parent_id;
    channel.position = position;
    channel.overwrites = overwrites;
    channel.topic = req
        .field("topic")
        .and_then(Value::as_str)
        .map(str::to_owned);
    channel.nsfw = req.field("nsfw").and_then(Value::as_bool).unwrap_or(false);
    channel.rate_limit_per_user = req
        .field("rate_limit_per_user")
        .and_then(Value::as_u64)
        .and_then(|n| u32::try_from(n).ok())
        .unwrap_or(0);
    let body = world.insert_channel(channel);
    Ok(Reply::created(body))
}

/// `GET /channels/{channel_id}`.
pub fn get(req: &mut Req<'_>) -> Handled {
    let (_, bot) = req.bot()?;
    let world = req.sim.world();
    let channel = world.channel(req.id("channel_id")?)?;
    visible(&world, channel, bot)?;
    Ok(Reply::ok(render::channel(&world, channel)))
}

/// Publishes CHANNEL_UPDATE (THREAD_UPDATE for threads) with the channel's current state.
pub fn publish_update(world: &World, channel_id: u64) -> Value {
    let Some(channel) = world.channels.get(&channel_id) else {
        return Value::Null;
    };
    let body = render::channel(world, channel);
    if let Some(guild_id) = channel.guild_id {
        let event = if channel.thread.is_some() {
            "THREAD_UPDATE"
        } else {
            "CHANNEL_UPDATE"
        };
        world.publish_guild(guild_id, event, body.clone());
    }
    body
}

/// Overwrites in `new` that differ from the channel's current ones (only those are checked).
fn changed(old: &[Overwrite], new: &[Overwrite]) -> Vec<Overwrite> {
    new.iter().filter(|o| !old.contains(o)).copied().collect()
}

/// `PATCH /channels/{channel_id}`.
pub fn update(req: &mut Req<'_>) -> Handled {
    let (_, bot) = req.bot()?;
    let channel_id = req.id("channel_id")?;
    let mut world = req.sim.world();
    let channel = world.channel(channel_id)?.clone();
    let perms = visible(&world, &channel, bot)?;
    if channel.thread.is_some() {
        drop(world);
        return threads::update(req, channel_id, perms);
    }
    let Some(guild_id) = channel.guild_id else {
        return Err(ApiError::invalid_channel_type());
    };
    need(perms, P::MANAGE_CHANNELS)?;
    let mut updated = channel.clone();
    if let Some(name) = req.field("name").and_then(Value::as_str) {
        updated.name = name_for(channel.kind, name)?;
    }
    if req.has("topic") {
        updated.topic = req
            .field("topic")
            .and_then(Value::as_str)
            .map(str::to_owned);
    }
    if let Some(nsfw) = req.field("nsfw").and_then(Value::as_bool) {
        updated.nsfw = nsfw;
    }
    if let Some(limit) = req.field("rate_limit_per_user").and_then(Value::as_u64) {
        updated.rate_limit_per_user = u32::try_from(limit).unwrap_or(u32::MAX);
    }
    if let Some(position) = req.field("position").and_then(Value::as_i64) {
        updated.position = position;
    }
    if req.has("parent_id") {
        let parent_channel = parent(
            &world,
            guild_id,
            channel.kind,
            req.field("parent_id").unwrap_or(&Value::Null),
        )?;
        updated.parent_id = parent_channel.map(|p| p.id);
        if let Some(parent_id) = updated.parent_id
            && updated.parent_id != channel.parent_id
            && category_full(&world, parent_id, Some(channel_id))
        {
            return Err(category_full_error());
        }
    }
    if let Some(list) = req.field("permission_overwrites") {
        need(perms, P::MANAGE_ROLES)?;
        let overwrites = parse_overwrites(&world, guild_id, list)?;
        let parent_channel = channel.parent_id.and_then(|p| world.channels.get(&p));
        check_grant(
            &world,
            guild_id,
            bot,
            Some(&channel),
            parent_channel,
            &changed(&channel.overwrites, &overwrites),
        )?;
        updated.overwrites = overwrites;
    }
    let moved = updated.name != channel.name || updated.parent_id != channel.parent_id;
    if moved {
        let mut limiter = lock(&req.sim.limiter);
        if limiter.enabled() {
            limiter.channel_edit(channel_id, Instant::now())?;
        }
    }
    world.channels.insert(channel_id, updated);
    let body = publish_update(&world, channel_id);
    Ok(Reply::ok(body))
}

/// `DELETE /channels/{channel_id}`.
pub fn delete(req: &mut Req<'_>) -> Handled {
    let (_, bot) = req.bot()?;
    let channel_id = req.id("channel_id")?;
    let mut world = req.sim.world();
    let channel = world.channel(channel_id)?.clone();
    let perms = visible(&world, &channel, bot)?;
    let Some(guild_id) = channel.guild_id else {
        // Closing a DM: Discord returns the channel and keeps it.
        return Ok(Reply::ok(render::channel(&world, &channel)));
    };
    need(
        perms,
        if channel.thread.is_some() {
            P::MANAGE_THREADS
        } else {
            P::MANAGE_CHANNELS
        },
    )?;
    let body = render::channel(&world, &channel);
    let removed: Vec<u64> = world
        .channels
        .values()
        .filter(|c| c.id == channel_id || (c.thread.is_some() && c.parent_id == Some(channel_id)))
        .map(|c| c.id)
        .collect();
    for id in removed {
        world.messages.remove(&id);
        if let Some(gone) = world.channels.remove(&id) {
            let event = if gone.thread.is_some() {
                "THREAD_DELETE"
            } else {
                "CHANNEL_DELETE"
            };
            let payload = if gone.thread.is_some() {
                json!({"id": id.to_string(), "guild_id": guild_id.to_string(), "parent_id": gone.parent_id.map(|p| p.to_string()), "type": gone.kind})
            } else {
                render::channel(&world, &gone)
            };
            world.publish_guild(guild_id, event, payload);
        }
    }
    if channel.kind == kind::CATEGORY {
        let children: Vec<u64> = world
            .channels
            .values()
            .filter(|c| c.parent_id == Some(channel_id) && c.thread.is_none())
            .map(|c| c.id)
            .collect();
        for child in children {
            if let Some(c) = world.channels.get_mut(&child) {
                c.parent_id = None;
            }
            publish_update(&world, child);
        }
    }
    Ok(Reply::ok(body))
}

/// `PATCH /guilds/{guild_id}/channels` (positions, parents, permission sync).
pub fn update_positions(req: &mut Req<'_>) -> Handled {
    let (_, bot) = req.bot()?;
    let guild_id = req.id("guild_id")?;
    let mut world = req.sim.world();
    let base = guild_base(&world, guild_id, bot)?;
    need(base, P::MANAGE_CHANNELS)?;
    let items = req.body.as_array().cloned().unwrap_or_default();
    let mut changes = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let id = item.get("id").and_then(snowflake).unwrap_or(0);
        let channel = world
            .channels
            .get(&id)
            .filter(|c| c.guild_id == Some(guild_id) && c.thread.is_none())
            .ok_or_else(|| {
                ApiError::field(
                    &[&i.to_string(), "id"],
                    "CHANNEL_INVALID",
                    "Invalid channel",
                )
            })?
            .clone();
        let mut updated = channel.clone();
        if let Some(position) = item.get("position").and_then(Value::as_i64) {
            updated.position = position;
        }
        if let Some(value) = item.get("parent_id") {
            updated.parent_id = parent(&world, guild_id, channel.kind, value)?.map(|p| p.id);
            if let Some(parent_id) = updated.parent_id
                && updated.parent_id != channel.parent_id
                && category_full(&world, parent_id, Some(id))
            {
                return Err(category_full_error());
            }
            if item.get("lock_permissions").and_then(Value::as_bool) == Some(true)
                && let Some(parent) = updated.parent_id.and_then(|p| world.channels.get(&p))
            {
                updated.overwrites = parent.overwrites.clone();
            }
        }
        changes.push(updated);
    }
    for updated in changes {
        let id = updated.id;
        world.channels.insert(id, updated);
        publish_update(&world, id);
    }
    Ok(Reply::NoContent)
}

/// `PUT /channels/{channel_id}/permissions/{overwrite_id}`.
pub fn set_overwrite(req: &mut Req<'_>) -> Handled {
    let (_, bot) = req.bot()?;
    let channel_id = req.id("channel_id")?;
    let target = req.id("overwrite_id")?;
    let mut world = req.sim.world();
    let channel = world.channel(channel_id)?.clone();
    let perms = visible(&world, &channel, bot)?;
    let (Some(guild_id), None) = (channel.guild_id, &channel.thread) else {
        return Err(ApiError::invalid_channel_type());
    };
    need(perms, P::MANAGE_ROLES)?;
    let mut entry = req.body.clone();
    entry["id"] = json!(target.to_string());
    let overwrite = parse_overwrites(&world, guild_id, &json!([entry]))?
        .pop()
        .ok_or_else(ApiError::unknown_overwrite)?;
    if !channel.overwrites.contains(&overwrite) {
        let parent_channel = channel.parent_id.and_then(|p| world.channels.get(&p));
        check_grant(
            &world,
            guild_id,
            bot,
            Some(&channel),
            parent_channel,
            &[overwrite],
        )?;
    }
    let stored = world.channel_mut(channel_id)?;
    match stored.overwrites.iter_mut().find(|o| o.id == target) {
        Some(existing) => *existing = overwrite,
        None => stored.overwrites.push(overwrite),
    }
    publish_update(&world, channel_id);
    Ok(Reply::NoContent)
}

/// `DELETE /channels/{channel_id}/permissions/{overwrite_id}`.
pub fn delete_overwrite(req: &mut Req<'_>) -> Handled {
    let (_, bot) = req.bot()?;
    let channel_id = req.id("channel_id")?;
    let target = req.id("overwrite_id")?;
    let mut world = req.sim.world();
    let channel = world.channel(channel_id)?.clone();
    let perms = visible(&world, &channel, bot)?;
    if channel.guild_id.is_none() || channel.thread.is_some() {
        return Err(ApiError::invalid_channel_type());
    }
    need(perms, P::MANAGE_ROLES)?;
    let stored = world.channel_mut(channel_id)?;
    let before = stored.overwrites.len();
    stored.overwrites.retain(|o| o.id != target);
    if stored.overwrites.len() != before {
        publish_update(&world, channel_id);
    }
    Ok(Reply::NoContent)
}
