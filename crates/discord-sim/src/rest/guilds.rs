//! Guilds: get, list channels, list roles.

use serde_json::{Value, json};

use super::Handled;
use super::context::{Reply, Req};
use crate::errors::ApiError;
use crate::state::World;
use crate::state::render;

/// The guild, if the bot is in it; Discord hides other guilds as unknown.
pub fn guild_of_bot(world: &World, guild_id: u64, bot: u64) -> Result<(), ApiError> {
    let guild = world.guild(guild_id)?;
    if guild.members.contains_key(&bot) {
        Ok(())
    } else {
        Err(ApiError::unknown_guild())
    }
}

/// `GET /guilds/{guild_id}`.
pub fn get_guild(req: &mut Req<'_>) -> Handled {
    let (_, bot) = req.bot()?;
    let guild_id = req.id("guild_id")?;
    let world = req.sim.world();
    guild_of_bot(&world, guild_id, bot)?;
    let guild = world.guild(guild_id)?;
    let mut body = render::guild(guild);
    if req.query("with_counts") == Some("true") {
        body["approximate_member_count"] = json!(guild.members.len());
        body["approximate_presence_count"] = json!(0);
    }
    Ok(Reply::ok(body))
}

/// `GET /guilds/{guild_id}/channels` (threads are not listed, as on Discord).
pub fn list_channels(req: &mut Req<'_>) -> Handled {
    let (_, bot) = req.bot()?;
    let guild_id = req.id("guild_id")?;
    let world = req.sim.world();
    guild_of_bot(&world, guild_id, bot)?;
    let list: Vec<Value> = world
        .guild_channels(guild_id)
        .filter(|c| c.thread.is_none())
        .map(|c| render::channel(&world, c))
        .collect();
    Ok(Reply::ok(Value::Array(list)))
}

/// `GET /guilds/{guild_id}/roles`.
pub fn list_roles(req: &mut Req<'_>) -> Handled {
    let (_, bot) = req.bot()?;
    let guild_id = req.id("guild_id")?;
    let world = req.sim.world();
    guild_of_bot(&world, guild_id, bot)?;
    Ok(Reply::ok(Value::Array(render::roles(
        world.guild(guild_id)?,
    ))))
}
