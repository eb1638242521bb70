//! Threads without a starter message: create (public or private), modify (archive, lock),
//! join, leave, add and remove members, list members. What a post does to a thread (unarchive,
//! lock, mentions) and the listing routes live in the submodules.

pub mod listing;
pub mod mentions;
pub mod posting;

use serde_json::{Value, json};
use twilight_model::guild::Permissions as P;

use super::Handled;
use super::channels::publish_update;
use super::context::{Reply, Req};
use super::guard::{need, visible};
use crate::errors::ApiError;
use crate::state::World;
use crate::state::model::{Channel, ThreadState, kind};
use crate::state::permissions;
use crate::state::render;

fn archive_duration(value: Option<&Value>) -> Result<u32, ApiError> {
    match value.and_then(Value::as_u64) {
        None => Ok(4320),
        Some(n @ (60 | 1440 | 4320 | 10080)) => Ok(u32::try_from(n).unwrap_or(4320)),
        Some(_) => Err(ApiError::field(
            &["auto_archive_duration"],
            "BASE_TYPE_CHOICES",
            "Value must be one of {60, 1440, 4320, 10080}.",
        )),
    }
}

/// `POST /channels/{channel_id}/threads` (without a message).
pub fn create(req: &mut Req<'_>) -> Handled {
    let (_, bot) = req.bot()?;
    let parent_id = req.id("channel_id")?;
    let mut world = req.sim.world();
    let parent = world.channel(parent_id)?.clone();
    let perms = visible(&world, &parent, bot)?;
    let Some(guild_id) = parent.guild_id else {
        return Err(ApiError::invalid_channel_type());
    };
    if !matches!(parent.kind, kind::TEXT | kind::ANNOUNCEMENT) {
        return Err(ApiError::invalid_channel_type());
    }
    let default_kind = if parent.kind == kind::ANNOUNCEMENT {
        kind::ANNOUNCEMENT_THREAD
    } else {
        kind::PRIVATE_THREAD
    };
    let thread_kind = match req.field("type").and_then(Value::as_u64) {
        None => default_kind,
        Some(10) if parent.kind == kind::ANNOUNCEMENT => kind::ANNOUNCEMENT_THREAD,
        Some(11) => kind::PUBLIC_THREAD,
        Some(12) if parent.kind == kind::TEXT => kind::PRIVATE_THREAD,
        Some(_) => {
            return Err(ApiError::field(
                &["type"],
                "BASE_TYPE_CHOICES",
                "Value must be one of {10, 11, 12}.",
            ));
        }
    };
    need(
        perms,
        if thread_kind == kind::PRIVATE_THREAD {
            P::CREATE_PRIVATE_THREADS
        } else {
            P::CREATE_PUBLIC_THREADS
        },
    )?;
    let name = req
        .field("name")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .trim()
        .to_owned();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(ApiError::field(
            &["name"],
            "BASE_TYPE_BAD_LENGTH",
            "Must be between 1 and 100 in length.",
        ));
    }
    world.ensure_thread_room(guild_id)?;
    let now = world.ids.iso_now();
    let id = world.next_id();
    let mut channel = Channel::new(id, thread_kind, Some(guild_id), name);
    channel.parent_id = Some(parent_id);
    channel.rate_limit_per_user = req
        .field("rate_limit_per_user")
        .and_then(Value::as_u64)
        .and_then(|n| u32::try_from(n).ok())
        .unwrap_or(0);
    let mut members = std::collections::BTreeMap::new();
    members.insert(bot, now.clone());
    channel.thread = Some(ThreadState {
        owner_id: bot,
        archived: false,
        locked: false,
        invitable: req
            .field("invitable")
            .and_then(Value::as_bool)
            .unwrap_or(true),
        auto_archive_duration: archive_duration(req.field("auto_archive_duration"))?,
        archive_timestamp: now.clone(),
        create_timestamp: now.clone(),
        members,
        message_count: 0,
        total_message_sent: 0,
    });
    let mut body = world.insert_channel(channel);
    body["member"] = render::thread_member(id, bot, &now);
    Ok(Reply::created(body))
}

/// `PATCH /channels/{thread_id}` for a thread: name, archived, locked, invitable, slowmode.
pub fn update(req: &mut Req<'_>, thread_id: u64, perms: u64) -> Handled {
    let (_, bot) = req.bot()?;
    let mut world = req.sim.world();
    let now_iso = world.ids.iso_now();
    let channel = world.channel(thread_id)?.clone();
    let Some(state) = &channel.thread else {
        return Err(ApiError::invalid_channel_type());
    };
    let manage = permissions::has(perms, P::MANAGE_THREADS);
    let owner = state.owner_id == bot;
    let member = state.members.contains_key(&bot);
    let archived = req.field("archived").and_then(Value::as_bool);
    let locked = req.field("locked").and_then(Value::as_bool);
    // A locked thread, the lock itself, slowmode and invitability are the moderators'.
    let moderators_only =
        state.locked || locked.is_some() || req.has("invitable") || req.has("rate_limit_per_user");
    if moderators_only && !manage {
        return Err(ApiError::missing_permissions());
    }
    // Unarchiving alone only asks that the bot be in the thread; other edits need its creator.
    let only_unarchives = archived == Some(false)
        && req
            .body
            .as_object()
            .is_some_and(|o| o.keys().all(|k| k == "archived"));
    let may_edit = manage || owner || (only_unarchives && member);
    if !may_edit {
        return Err(ApiError::missing_permissions());
    }
    // An archived thread accepts only the edit that unarchives it, when the guild has room.
    if state.archived && archived != Some(false) {
        return Err(ApiError::thread_archived());
    }
    if state.archived
        && let Some(guild_id) = channel.guild_id
    {
        world.ensure_thread_room(guild_id)?;
    }
    let mut updated = channel.clone();
    if let Some(name) = req.field("name").and_then(Value::as_str) {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 100 {
            return Err(ApiError::field(
                &["name"],
                "BASE_TYPE_BAD_LENGTH",
                "Must be between 1 and 100 in length.",
            ));
        }
        updated.name = name.to_owned();
    }
    if let Some(limit) = req.field("rate_limit_per_user").and_then(Value::as_u64) {
        updated.rate_limit_per_user = u32::try_from(limit).unwrap_or(u32::MAX);
    }
    if let Some(thread) = &mut updated.thread {
        if let Some(archived) = archived
            && archived != thread.archived
        {
            thread.archived = archived;
            thread.archive_timestamp = now_iso.clone();
        }
        if let Some(locked) = locked {
            thread.locked = locked;
        }
        if let Some(invitable) = req.field("invitable").and_then(Value::as_bool) {
            thread.invitable = invitable;
        }
        if req.has("auto_archive_duration") {
            thread.auto_archive_duration = archive_duration(req.field("auto_archive_duration"))?;
        }
    }
    world.channels.insert(thread_id, updated);
    Ok(Reply::ok(publish_update(&world, thread_id)))
}

fn thread_of(world: &World, id: u64) -> Result<(&Channel, &ThreadState, u64), ApiError> {
    let channel = world.channel(id)?;
    match (&channel.thread, channel.guild_id) {
        (Some(state), Some(guild_id)) => Ok((channel, state, guild_id)),
        _ => Err(ApiError::invalid_channel_type()),
    }
}

fn members_update(world: &World, thread_id: u64, added: Option<u64>, removed: Option<u64>) {
    let Ok((_, state, guild_id)) = thread_of(world, thread_id) else {
        return;
    };
    let mut payload = json!({
        "id": thread_id.to_string(),
        "guild_id": guild_id.to_string(),
        "member_count": state.members.len().min(50),
    });
    if let Some(user) = added {
        let joined = state.members.get(&user).cloned().unwrap_or_default();
        let mut member = render::thread_member(thread_id, user, &joined);
        if let Ok(guild_member) = world.member(guild_id, user) {
            member["member"] = render::member(world, guild_member);
        }
        payload["added_members"] = json!([member]);
    }
    if let Some(user) = removed {
        payload["removed_member_ids"] = json!([user.to_string()]);
    }
    world.publish_guild(guild_id, "THREAD_MEMBERS_UPDATE", payload);
}

/// Adds a user to a thread (nothing when already in it): THREAD_MEMBERS_UPDATE for the guild
/// and, when the user is a bot, THREAD_CREATE with its member for that bot, as Discord syncs a
/// thread to whoever joins it.
pub fn add(world: &mut World, thread_id: u64, user: u64) -> Result<(), ApiError> {
    let now_iso = world.ids.iso_now();
    let channel = world.channel_mut(thread_id)?;
    let added = match &mut channel.thread {
        Some(state) if !state.members.contains_key(&user) => {
            state.members.insert(user, now_iso.clone());
            true
        }
        _ => false,
    };
    if added {
        members_update(world, thread_id, Some(user), None);
        world.sync_thread_to_bot(thread_id, user, false);
    }
    Ok(())
}

fn remove(world: &mut World, thread_id: u64, user: u64) -> Result<(), ApiError> {
    let channel = world.channel_mut(thread_id)?;
    let removed = channel
        .thread
        .as_mut()
        .is_some_and(|state| state.members.remove(&user).is_some());
    if removed {
        members_update(world, thread_id, None, Some(user));
    }
    Ok(())
}

/// `PUT /channels/{thread_id}/thread-members/@me`.
pub fn join(req: &mut Req<'_>) -> Handled {
    let (_, bot) = req.bot()?;
    let thread_id = req.id("channel_id")?;
    let mut world = req.sim.world();
    let (channel, state, _) = thread_of(&world, thread_id)?;
    visible(&world, channel, bot)?;
    if state.archived {
        return Err(ApiError::thread_archived());
    }
    add(&mut world, thread_id, bot)?;
    Ok(Reply::NoContent)
}

/// `DELETE /channels/{thread_id}/thread-members/@me`.
pub fn leave(req: &mut Req<'_>) -> Handled {
    let (_, bot) = req.bot()?;
    let thread_id = req.id("channel_id")?;
    let mut world = req.sim.world();
    let (_, state, _) = thread_of(&world, thread_id)?;
    if state.archived {
        return Err(ApiError::thread_archived());
    }
    remove(&mut world, thread_id, bot)?;
    Ok(Reply::NoContent)
}

/// `PUT /channels/{thread_id}/thread-members/{user_id}`.
pub fn add_member(req: &mut Req<'_>) -> Handled {
    let (_, bot) = req.bot()?;
    let thread_id = req.id("channel_id")?;
    let user = req.id("user_id")?;
    let mut world = req.sim.world();
    let (channel, state, guild_id) = thread_of(&world, thread_id)?;
    let perms = visible(&world, channel, bot)?;
    need(perms, P::SEND_MESSAGES_IN_THREADS)?;
    if channel.kind == kind::PRIVATE_THREAD
        && !state.invitable
        && state.owner_id != bot
        && !permissions::has(perms, P::MANAGE_THREADS)
    {
        return Err(ApiError::missing_permissions());
    }
    if state.archived {
        return Err(ApiError::thread_archived());
    }
    world.member(guild_id, user)?;
    add(&mut world, thread_id, user)?;
    Ok(Reply::NoContent)
}

/// `DELETE /channels/{thread_id}/thread-members/{user_id}`.
pub fn remove_member(req: &mut Req<'_>) -> Handled {
    let (_, bot) = req.bot()?;
    let thread_id = req.id("channel_id")?;
    let user = req.id("user_id")?;
    let mut world = req.sim.world();
    let (channel, state, _) = thread_of(&world, thread_id)?;
    let perms = visible(&world, channel, bot)?;
    let creator_of_private = channel.kind == kind::PRIVATE_THREAD && state.owner_id == bot;
    if !permissions::has(perms, P::MANAGE_THREADS) && !creator_of_private {
        return Err(ApiError::missing_permissions());
    }
    if state.archived {
        return Err(ApiError::thread_archived());
    }
    if !state.members.contains_key(&user) {
        return Err(ApiError::unknown_member());
    }
    remove(&mut world, thread_id, user)?;
    Ok(Reply::NoContent)
}

fn member_json(
    world: &World,
    thread_id: u64,
    guild_id: u64,
    user: u64,
    joined: &str,
    with_member: bool,
) -> Value {
    let mut value = render::thread_member(thread_id, user, joined);
    if with_member && let Ok(member) = world.member(guild_id, user) {
        value["member"] = render::member(world, member);
    }
    value
}

/// `GET /channels/{thread_id}/thread-members`.
pub fn list_members(req: &mut Req<'_>) -> Handled {
    let (_, bot) = req.bot()?;
    let thread_id = req.id("channel_id")?;
    let with_member = req.query("with_member") == Some("true");
    let after = req.query_u64("after").unwrap_or(0);
    let limit = usize::try_from(req.query_u64("limit").unwrap_or(100).clamp(1, 100)).unwrap_or(100);
    let world = req.sim.world();
    let (channel, state, guild_id) = thread_of(&world, thread_id)?;
    visible(&world, channel, bot)?;
    let list: Vec<Value> = state
        .members
        .iter()
        .filter(|(user, _)| **user > after)
        .take(limit)
        .map(|(user, joined)| member_json(&world, thread_id, guild_id, *user, joined, with_member))
        .collect();
    Ok(Reply::ok(Value::Array(list)))
}

/// `GET /channels/{thread_id}/thread-members/{user_id}`.
pub fn get_member(req: &mut Req<'_>) -> Handled {
    let (_, bot) = req.bot()?;
    let thread_id = req.id("channel_id")?;
    let user = req.id("user_id")?;
    let with_member = req.query("with_member") == Some("true");
    let world = req.sim.world();
    let (channel, state, guild_id) = thread_of(&world, thread_id)?;
    visible(&world, channel, bot)?;
    let joined = state
        .members
        .get(&user)
        .ok_or_else(ApiError::unknown_member)?;
    Ok(Reply::ok(member_json(
        &world,
        thread_id,
        guild_id,
        user,
        joined,
        with_member,
    )))
}
