//! Enumerating threads: the guild's active threads, and a channel's archived threads (public,
//! private, or the private ones the bot is in). Each answers `{threads, members, has_more}`,
//! `members` holding the bot's own thread member for every listed thread it is in.

use serde_json::{Value, json};
use twilight_model::guild::Permissions as P;
use twilight_model::util::Timestamp;

use super::super::Handled;
use super::super::context::{Reply, Req};
use super::super::guard::{need, visible};
use super::super::guilds::guild_of_bot;
use crate::errors::ApiError;
use crate::state::World;
use crate::state::model::{Channel, kind};
use crate::state::permissions;
use crate::state::render;

/// How many archived threads a page holds unless `limit` says otherwise (Discord: 50).
const ARCHIVED_PAGE_DEFAULT: u64 = 50;

fn answer(world: &World, threads: &[&Channel], bot: u64, has_more: bool) -> Value {
    let members: Vec<Value> = threads
        .iter()
        .filter_map(|c| {
            let joined = c.thread.as_ref()?.members.get(&bot)?;
            Some(render::thread_member(c.id, bot, joined))
        })
        .collect();
    json!({
        "threads": threads.iter().map(|c| render::channel(world, c)).collect::<Vec<_>>(),
        "members": members,
        "has_more": has_more,
    })
}

fn can_view(world: &World, channel: &Channel, bot: u64) -> bool {
    permissions::has(
        permissions::in_channel(world, channel, bot),
        P::VIEW_CHANNEL,
    )
}

/// `GET /guilds/{guild_id}/threads/active`: every active thread of the guild the bot can see.
pub fn active_in_guild(req: &mut Req<'_>) -> Handled {
    let (_, bot) = req.bot()?;
    let guild_id = req.id("guild_id")?;
    let world = req.sim.world();
    guild_of_bot(&world, guild_id, bot)?;
    let threads: Vec<&Channel> = world
        .guild_channels(guild_id)
        .filter(|c| c.thread.as_ref().is_some_and(|t| !t.archived))
        .filter(|c| can_view(&world, c, bot))
        .collect();
    Ok(Reply::ok(answer(&world, &threads, bot, false)))
}

/// Which archived threads of a channel a route lists.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Archived {
    Public,
    Private,
    JoinedPrivate,
}

fn microseconds(text: &str) -> Result<i64, ApiError> {
    Timestamp::parse(text)
        .map(|t| t.as_micros())
        .map_err(|_| ApiError::field(&["before"], "DATE_TIME_TYPE_PARSE", "Could not parse"))
}

fn archived(req: &mut Req<'_>, which: Archived) -> Handled {
    let (_, bot) = req.bot()?;
    let parent_id = req.id("channel_id")?;
    let limit = usize::try_from(
        req.query_u64("limit")
            .unwrap_or(ARCHIVED_PAGE_DEFAULT)
            .clamp(1, 100),
    )
    .unwrap_or(50);
    let world = req.sim.world();
    let parent = world.channel(parent_id)?;
    if !matches!(parent.kind, kind::TEXT | kind::ANNOUNCEMENT | kind::FORUM) {
        return Err(ApiError::invalid_channel_type());
    }
    let perms = visible(&world, parent, bot)?;
    need(perms, P::READ_MESSAGE_HISTORY)?;
    if which == Archived::Private {
        need(perms, P::MANAGE_THREADS)?;
    }
    let mut threads: Vec<&Channel> = world
        .guild_channels(parent.guild_id.unwrap_or_default())
        .filter(|c| c.parent_id == Some(parent_id))
        .filter(|c| c.thread.as_ref().is_some_and(|t| t.archived))
        .filter(|c| match which {
            Archived::Public => c.kind != kind::PRIVATE_THREAD,
            Archived::Private => c.kind == kind::PRIVATE_THREAD,
            Archived::JoinedPrivate => {
                c.kind == kind::PRIVATE_THREAD
                    && c.thread
                        .as_ref()
                        .is_some_and(|t| t.members.contains_key(&bot))
            }
        })
        .collect();
    if which == Archived::JoinedPrivate {
        // Paged by thread id, newest first.
        let before = req.query_u64("before").unwrap_or(u64::MAX);
        threads.retain(|c| c.id < before);
        threads.sort_by_key(|c| std::cmp::Reverse(c.id));
    } else {
        // Paged by archive time, most recently archived first.
        let archived_at = |c: &Channel| {
            c.thread
                .as_ref()
                .and_then(|t| Timestamp::parse(&t.archive_timestamp).ok())
                .map_or(0, |t| t.as_micros())
        };
        if let Some(before) = req.query("before") {
            let before = microseconds(before)?;
            threads.retain(|c| archived_at(c) < before);
        }
        threads.sort_by_key(|c| std::cmp::Reverse((archived_at(c), c.id)));
    }
    let has_more = threads.len() > limit;
    threads.truncate(limit);
    Ok(Reply::ok(answer(&world, &threads, bot, has_more)))
}

/// `GET /channels/{channel_id}/threads/archived/public` (Read Message History).
pub fn archived_public(req: &mut Req<'_>) -> Handled {
    archived(req, Archived::Public)
}

/// `GET /channels/{channel_id}/threads/archived/private` (Read Message History and Manage
/// Threads).
pub fn archived_private(req: &mut Req<'_>) -> Handled {
    archived(req, Archived::Private)
}

/// `GET /channels/{channel_id}/users/@me/threads/archived/private`: the archived private threads
/// the bot is in (Read Message History).
pub fn archived_private_joined(req: &mut Req<'_>) -> Handled {
    archived(req, Archived::JoinedPrivate)
}
