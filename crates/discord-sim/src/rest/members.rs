//! Guild members: get, list (`limit`, `after`), search (`query`, `limit`).

use serde_json::Value;

use super::Handled;
use super::context::{Reply, Req};
use super::guilds::guild_of_bot;
use crate::errors::ApiError;
use crate::state::render;

fn limit(req: &Req<'_>, default: u64) -> Result<usize, ApiError> {
    let limit = req.query_u64("limit").unwrap_or(default);
    if !(1..=1000).contains(&limit) {
        return Err(ApiError::field(
            &["limit"],
            "NUMBER_TYPE_MAX",
            "int value should be less than or equal to 1000.",
        ));
    }
    Ok(usize::try_from(limit).unwrap_or(1000))
}

/// `GET /guilds/{guild_id}/members/{user_id}`.
pub fn get(req: &mut Req<'_>) -> Handled {
    let (_, bot) = req.bot()?;
    let guild_id = req.id("guild_id")?;
    let world = req.sim.world();
    guild_of_bot(&world, guild_id, bot)?;
    let member = world.member(guild_id, req.id("user_id")?)?;
    Ok(Reply::ok(render::member(&world, member)))
}

/// `GET /guilds/{guild_id}/members`: by user id, after `after`, at most `limit` (default 1).
pub fn list(req: &mut Req<'_>) -> Handled {
    let (_, bot) = req.bot()?;
    let guild_id = req.id("guild_id")?;
    let limit = limit(req, 1)?;
    let after = req.query_u64("after").unwrap_or(0);
    let world = req.sim.world();
    guild_of_bot(&world, guild_id, bot)?;
    let list: Vec<Value> = world
        .guild(guild_id)?
        .members
        .range(after.saturating_add(1)..)
        .take(limit)
        .map(|(_, m)| render::member(&world, m))
        .collect();
    Ok(Reply::ok(Value::Array(list)))
}

/// `GET /guilds/{guild_id}/members/search`: username, global name or nickname starting with
/// `query`, case-insensitively.
pub fn search(req: &mut Req<'_>) -> Handled {
    let (_, bot) = req.bot()?;
    let guild_id = req.id("guild_id")?;
    let limit = limit(req, 1)?;
    let query = req.query("query").unwrap_or_default().to_lowercase();
    let world = req.sim.world();
    guild_of_bot(&world, guild_id, bot)?;
    let starts = |text: Option<&str>| text.is_some_and(|t| t.to_lowercase().starts_with(&query));
    let list: Vec<Value> = world
        .guild(guild_id)?
        .members
        .values()
        .filter(|m| {
            let user = world.users.get(&m.user_id);
            starts(user.map(|u| u.username.as_str()))
                || starts(user.and_then(|u| u.global_name.as_deref()))
                || starts(m.nick.as_deref())
        })
        .take(limit)
        .map(|m| render::member(&world, m))
        .collect();
    Ok(Reply::ok(Value::Array(list)))
}
