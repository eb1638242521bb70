//! Messages and pins.

use serde_json::{Value, json};
use twilight_model::guild::Permissions as P;

use super::Handled;
use super::context::{Reply, Req, snowflake};
use super::guard::{need, visible};
use super::threads;
use crate::errors::ApiError;
use crate::state::World;
use crate::state::messages::check_body;
use crate::state::model::{Channel, MessageOrigin, kind};
use crate::state::permissions;
use crate::state::render;

/// Pins per channel.
const PINS_MAX: usize = 50;

fn textual(channel: &Channel) -> Result<(), ApiError> {
    if kind::is_textual(channel.kind) {
        Ok(())
    } else {
        Err(ApiError::invalid_channel_type())
    }
}

/// `GET /channels/{channel_id}/messages`: newest first, `before`/`after`/`around`, `limit` 1..100.
pub fn list(req: &mut Req<'_>) -> Handled {
    let (_, bot) = req.bot()?;
    let limit = usize::try_from(req.query_u64("limit").unwrap_or(50)).unwrap_or(50);
    if !(1..=100).contains(&limit) {
        return Err(ApiError::field(
            &["limit"],
            "NUMBER_TYPE_MAX",
            "int value should be less than or equal to 100.",
        ));
    }
    let world = req.sim.world();
    let channel = world.channel(req.id("channel_id")?)?;
    textual(channel)?;
    let perms = visible(&world, channel, bot)?;
    // Without Read Message History Discord answers an empty list rather than an error.
    if !permissions::has(perms, P::READ_MESSAGE_HISTORY) {
        return Ok(Reply::ok(json!([])));
    }
    let public = world
        .messages_of(channel.id)
        .filter(|m| m.origin.ephemeral_viewer.is_none());
    let mut picked: Vec<_> = if let Some(around) = req.query_u64("around") {
        let before: Vec<_> = public.clone().filter(|m| m.id < around).collect();
        let after: Vec<_> = public.filter(|m| m.id >= around).collect();
        let newer = limit.div_ceil(2).min(after.len());
        let older = (limit - newer).min(before.len());
        let mut list: Vec<_> = after.into_iter().take(newer).collect();
        list.extend(before.into_iter().rev().take(older));
        list
    } else if let Some(after) = req.query_u64("after") {
        public.filter(|m| m.id > after).take(limit).collect()
    } else {
        let before = req.query_u64("before").unwrap_or(u64::MAX);
        public.rev().filter(|m| m.id < before).take(limit).collect()
    };
    picked.sort_by_key(|m| std::cmp::Reverse(m.id));
    let list: Vec<Value> = picked
        .into_iter()
        .map(|m| render::message_for(&world, m, Some(bot)))
        .collect();
    Ok(Reply::ok(Value::Array(list)))
}

/// Checks that the bot may post in a channel; in a thread, applies the lock and unarchives.
pub fn may_send(
    world: &mut World,
    channel_id: u64,
    bot: u64,
    body: &Value,
) -> Result<(), ApiError> {
    let channel = world.channel(channel_id)?.clone();
    textual(&channel)?;
    if channel.kind == crate::state::model::kind::DM {
        let closed = channel
            .recipients
            .iter()
            .filter(|id| **id != bot)
            .any(|id| world.users.get(id).is_some_and(|u| !u.accepts_dms));
        if closed {
            return Err(ApiError::cannot_message_user());
        }
    }
    let perms = visible(world, &channel, bot)?;
    let send = if channel.thread.is_some() {
        P::SEND_MESSAGES_IN_THREADS
    } else {
        P::SEND_MESSAGES
    };
    need(perms, send)?;
    if body
        .get("embeds")
        .and_then(Value::as_array)
        .is_some_and(|e| !e.is_empty())
    {
        need(perms, P::EMBED_LINKS)?;
    }
    if body.get("message_reference").is_some_and(|r| !r.is_null()) {
        need(perms, P::READ_MESSAGE_HISTORY)?;
    }
    threads::posting::before_post(world, channel_id, perms)
}

/// `POST /channels/{channel_id}/messages`.
pub fn create(req: &mut Req<'_>) -> Handled {
    let (_, bot) = req.bot()?;
    let channel_id = req.id("channel_id")?;
    let mut world = req.sim.world();
    world.channel(channel_id)?;
    let files = req.new_files()?;
    check_body(&req.body, &[], files.is_empty())?;
    may_send(&mut world, channel_id, bot, &req.body)?;
    if !files.is_empty() {
        need(
            visible(&world, world.channel(channel_id)?, bot)?,
            P::ATTACH_FILES,
        )?;
    }
    let mut kind = 0;
    if let Some(reference) = req.field("message_reference") {
        let target = reference.get("message_id").and_then(snowflake).unwrap_or(0);
        let target_channel = reference
            .get("channel_id")
            .and_then(snowflake)
            .unwrap_or(channel_id);
        let exists = world.message(target_channel, target).is_ok();
        let fail = reference
            .get("fail_if_not_exists")
            .and_then(Value::as_bool)
            .unwrap_or(true);
        if !exists && fail {
            return Err(ApiError::field(
                &["message_reference"],
                "REPLIES_UNKNOWN_MESSAGE",
                "Unknown message",
            ));
        }
        if exists {
            kind = 19;
        }
    }
    if world.channel(channel_id)?.thread.is_some() {
        threads::add(&mut world, channel_id, bot)?;
    }
    let attachments = world.attach(&req.sim.base_url, channel_id, &req.body, files);
    let message = world.post_message_with(
        channel_id,
        bot,
        &req.body,
        kind,
        MessageOrigin::default(),
        attachments,
    )?;
    threads::mentions::add_members_from_post(&mut world, &message)?;
    Ok(Reply::ok(render::message_for(&world, &message, Some(bot))))
}

/// `GET /channels/{channel_id}/messages/{message_id}`.
pub fn get(req: &mut Req<'_>) -> Handled {
    let (_, bot) = req.bot()?;
    let world = req.sim.world();
    let channel = world.channel(req.id("channel_id")?)?;
    let perms = visible(&world, channel, bot)?;
    need(perms, P::READ_MESSAGE_HISTORY)?;
    let message = world.message(channel.id, req.id("message_id")?)?;
    Ok(Reply::ok(render::message_for(&world, message, Some(bot))))
}

/// `PATCH /channels/{channel_id}/messages/{message_id}`.
pub fn update(req: &mut Req<'_>) -> Handled {
    let (_, bot) = req.bot()?;
    let channel_id = req.id("channel_id")?;
    let message_id = req.id("message_id")?;
    let mut world = req.sim.world();
    let channel = world.channel(channel_id)?;
    let perms = visible(&world, channel, bot)?;
    let message = world.message(channel_id, message_id)?;
    if message.author_id != bot {
        // Others' messages: only the embed suppression flag, with Manage Messages.
        let only_flags = req
            .body
            .as_object()
            .is_some_and(|o| o.keys().all(|k| k == "flags"));
        if !only_flags {
            return Err(ApiError::cannot_edit_others_message());
        }
        need(perms, P::MANAGE_MESSAGES)?;
    }
    check_body(&req.body, &[], false)?;
    if req
        .body
        .get("embeds")
        .and_then(Value::as_array)
        .is_some_and(|e| !e.is_empty())
    {
        need(perms, P::EMBED_LINKS)?;
    }
    let message = world.edit_message(channel_id, message_id, &req.body)?;
    Ok(Reply::ok(render::message_for(&world, &message, Some(bot))))
}

/// `DELETE /channels/{channel_id}/messages/{message_id}`.
pub fn delete(req: &mut Req<'_>) -> Handled {
    let (_, bot) = req.bot()?;
    let channel_id = req.id("channel_id")?;
    let message_id = req.id("message_id")?;
    let mut world = req.sim.world();
    let channel = world.channel(channel_id)?;
    let perms = visible(&world, channel, bot)?;
    let message = world.message(channel_id, message_id)?;
    if message.author_id != bot && channel.guild_id.is_some() {
        need(perms, P::MANAGE_MESSAGES)?;
    } else if message.author_id != bot {
        return Err(ApiError::cannot_edit_others_message());
    }
    world.delete_message(channel_id, message_id)?;
    Ok(Reply::NoContent)
}

fn pinned(world: &World, channel: &Channel, bot: u64) -> Vec<(Value, String)> {
    channel
        .pins
        .iter()
        .rev()
        .filter_map(|(id, at)| {
            world
                .stored_message(channel.id, *id)
                .map(|m| (render::message_for(world, m, Some(bot)), at.clone()))
        })
        .collect()
}

/// `GET /channels/{channel_id}/messages/pins`.
pub fn list_pins(req: &mut Req<'_>) -> Handled {
    let (_, bot) = req.bot()?;
    let world = req.sim.world();
    let channel = world.channel(req.id("channel_id")?)?;
    let perms = visible(&world, channel, bot)?;
    if !permissions::has(perms, P::READ_MESSAGE_HISTORY) {
        return Ok(Reply::ok(json!({"items": [], "has_more": false})));
    }
    let limit = usize::try_from(req.query_u64("limit").unwrap_or(50)).unwrap_or(50);
    let items: Vec<Value> = pinned(&world, channel, bot)
        .into_iter()
        .map(|(message, at)| json!({"pinned_at": at, "message": message}))
        .collect();
    let has_more = items.len() > limit;
    Ok(Reply::ok(
        json!({"items": items.into_iter().take(limit).collect::<Vec<_>>(), "has_more": has_more}),
    ))
}

/// `GET /channels/{channel_id}/pins` (the older form: a list of messages).
pub fn list_pins_deprecated(req: &mut Req<'_>) -> Handled {
    let (_, bot) = req.bot()?;
    let world = req.sim.world();
    let channel = world.channel(req.id("channel_id")?)?;
    let perms = visible(&world, channel, bot)?;
    if !permissions::has(perms, P::READ_MESSAGE_HISTORY) {
        return Ok(Reply::ok(json!([])));
    }
    let list: Vec<Value> = pinned(&world, channel, bot)
        .into_iter()
        .map(|(m, _)| m)
        .collect();
    Ok(Reply::ok(Value::Array(list)))
}

fn pins_update(world: &World, channel_id: u64) {
    let Ok(channel) = world.channel(channel_id) else {
        return;
    };
    let mut payload = json!({
        "channel_id": channel_id.to_string(),
        "last_pin_timestamp": channel.pins.last().map(|(_, at)| at.clone()),
    });
    if let Some(guild_id) = channel.guild_id {
        payload["guild_id"] = json!(guild_id.to_string());
        world.publish_guild(guild_id, "CHANNEL_PINS_UPDATE", payload);
    }
}

fn set_pinned(req: &mut Req<'_>, pin: bool) -> Handled {
    let (_, bot) = req.bot()?;
    let channel_id = req.id("channel_id")?;
    let message_id = req.id("message_id")?;
    let mut world = req.sim.world();
    let channel = world.channel(channel_id)?;
    let perms = visible(&world, channel, bot)?;
    if channel.guild_id.is_some() {
        need(perms, P::MANAGE_MESSAGES)?;
    }
    world.message(channel_id, message_id)?;
    let pins = world.channel(channel_id)?.pins.len();
    let is_pinned = world.message(channel_id, message_id)?.pinned;
    if pin && !is_pinned && pins >= PINS_MAX {
        return Err(ApiError::max_pins());
    }
    if pin != is_pinned {
        if let Some(message) = world
            .messages
            .get_mut(&channel_id)
            .and_then(|m| m.get_mut(&message_id))
        {
            message.pinned = pin;
        }
        let now = world.ids.iso_now();
        let channel = world.channel_mut(channel_id)?;
        if pin {
            channel.pins.push((message_id, now));
        } else {
            channel.pins.retain(|(id, _)| *id != message_id);
        }
        pins_update(&world, channel_id);
    }
    Ok(Reply::NoContent)
}

/// `PUT /channels/{channel_id}/messages/pins/{message_id}`.
pub fn pin(req: &mut Req<'_>) -> Handled {
    set_pinned(req, true)
}

/// `DELETE /channels/{channel_id}/messages/pins/{message_id}`.
pub fn unpin(req: &mut Req<'_>) -> Handled {
    set_pinned(req, false)
}
