//! Reactions: add and remove the bot's own, remove another user's, list who reacted, clear.
//! Permissions as Discord documents them: Read Message History for all; Add Reactions to be
//! the first with an emoji; Manage Messages for others' reactions.

use serde_json::Value;
use twilight_model::guild::Permissions as P;

use super::Handled;
use super::context::{Reply, Req};
use super::guard::{need, visible};
use crate::errors::ApiError;
use crate::state::model::Emoji;
use crate::state::reactions::parse_emoji;

/// The channel, message and emoji of a reaction route, with the bot's permissions in the
/// channel (Read Message History checked).
fn target(req: &Req<'_>, bot: u64) -> Result<(u64, u64, Emoji, u64), ApiError> {
    let channel_id = req.id("channel_id")?;
    let message_id = req.id("message_id")?;
    let world = req.sim.world();
    let channel = world.channel(channel_id)?;
    let perms = visible(&world, channel, bot)?;
    need(perms, P::READ_MESSAGE_HISTORY)?;
    world.message(channel_id, message_id)?;
    let emoji = parse_emoji(req.param("emoji_name")?)?;
    Ok((channel_id, message_id, emoji, perms))
}

/// `PUT /channels/{c}/messages/{m}/reactions/{emoji}/@me`.
pub fn add_mine(req: &mut Req<'_>) -> Handled {
    let (_, bot) = req.bot()?;
    let (channel_id, message_id, emoji, perms) = target(req, bot)?;
    let mut world = req.sim.world();
    if !world.has_reaction(channel_id, message_id, &emoji)? {
        need(perms, P::ADD_REACTIONS)?;
    }
    world.add_reaction(channel_id, message_id, &emoji, bot)?;
    Ok(Reply::NoContent)
}

/// `DELETE /channels/{c}/messages/{m}/reactions/{emoji}/@me`.
pub fn delete_mine(req: &mut Req<'_>) -> Handled {
    let (_, bot) = req.bot()?;
    let (channel_id, message_id, emoji, _) = target(req, bot)?;
    req.sim
        .world()
        .remove_reaction(channel_id, message_id, &emoji, bot)?;
    Ok(Reply::NoContent)
}

/// `DELETE /channels/{c}/messages/{m}/reactions/{emoji}/{user_id}`.
pub fn delete_user(req: &mut Req<'_>) -> Handled {
    let (_, bot) = req.bot()?;
    let (channel_id, message_id, emoji, perms) = target(req, bot)?;
    let user_id = req.id("user_id")?;
    if user_id != bot {
        need(perms, P::MANAGE_MESSAGES)?;
    }
    req.sim
        .world()
        .remove_reaction(channel_id, message_id, &emoji, user_id)?;
    Ok(Reply::NoContent)
}

/// `GET /channels/{c}/messages/{m}/reactions/{emoji}`: users by id, `after`, `limit` 1..100
/// (25 by default). Super reactions (`type=1`) are never given, so that list is empty.
pub fn list(req: &mut Req<'_>) -> Handled {
    let (_, bot) = req.bot()?;
    let (channel_id, message_id, emoji, _) = target(req, bot)?;
    let after = req.query_u64("after").unwrap_or(0);
    let limit = usize::try_from(req.query_u64("limit").unwrap_or(25)).unwrap_or(25);
    if req.query_u64("type") == Some(1) {
        return Ok(Reply::ok(Value::Array(Vec::new())));
    }
    let users = req
        .sim
        .world()
        .reacted(channel_id, message_id, &emoji, after, limit)?;
    Ok(Reply::ok(Value::Array(users)))
}

fn clear(req: &Req<'_>, by_emoji: bool) -> Handled {
    let (_, bot) = req.bot()?;
    let channel_id = req.id("channel_id")?;
    let message_id = req.id("message_id")?;
    let mut world = req.sim.world();
    let channel = world.channel(channel_id)?;
    let perms = visible(&world, channel, bot)?;
    need(perms, P::MANAGE_MESSAGES)?;
    world.message(channel_id, message_id)?;
    let emoji = if by_emoji {
        Some(parse_emoji(req.param("emoji_name")?)?)
    } else {
        None
    };
    world.clear_reactions(channel_id, message_id, emoji.as_ref())?;
    Ok(Reply::NoContent)
}

/// `DELETE /channels/{c}/messages/{m}/reactions`.
pub fn delete_all(req: &mut Req<'_>) -> Handled {
    clear(req, false)
}

/// `DELETE /channels/{c}/messages/{m}/reactions/{emoji}`.
pub fn delete_all_of_emoji(req: &mut Req<'_>) -> Handled {
    clear(req, true)
}
