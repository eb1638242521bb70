//! Guilds: get, list channels, list and create roles.

use serde_json::{Value, json};

use super::Handled;
use super::context::{Reply, Req};
use crate::errors::ApiError;
use crate::state::World;
use crate::state::model::Role;
use crate::state::{permissions, render};
use twilight_model::guild::Permissions as P;

/// The guild, if the bot is in it; Discord hides other guilds as unknown.
pub fn guild_of_bot(world: &World, guild_id: u64, bot: u64) -> Result<(), ApiError> {
    let guild = world.guild(guild_id)?;
    if guild.members.contains_key(&bot) {
        Ok(())
    } else {
        Err(ApiError::unknown_guild())
    }
}

/// Discord's cap on roles in one server.
const MAX_ROLES: usize = 250;
/// Longest role name.
const MAX_ROLE_NAME: usize = 100;

/// `POST /guilds/{guild_id}/roles`: needs MANAGE_ROLES; a bot cannot give a role a permission
/// it lacks itself (unless it is an administrator); 250 roles at most. The role starts at the
/// bottom of the hierarchy, as on Discord.
pub fn create_role(req: &mut Req<'_>) -> Handled {
    let (_, bot) = req.bot()?;
    let guild_id = req.id("guild_id")?;
    let mut world = req.sim.world();
    let base = crate::rest::guard::guild_base(&world, guild_id, bot)?;
    crate::rest::guard::need(base, P::MANAGE_ROLES)?;
    let name = req
        .field("name")
        .and_then(Value::as_str)
        .unwrap_or("new role")
        .to_owned();
    if name.chars().count() > MAX_ROLE_NAME {
        return Err(ApiError::field(
            &["name"],
            "BASE_TYPE_MAX_LENGTH",
            "Must be 100 or fewer in length.",
        ));
    }
    let permissions = match req.field("permissions") {
        None | Some(Value::Null) => 0,
        Some(value) => value
            .as_str()
            .and_then(|p| p.parse::<u64>().ok())
            .or_else(|| value.as_u64())
            .ok_or_else(|| {
                ApiError::field(&["permissions"], "NUMBER_TYPE_COERCE", "Value is not int.")
            })?,
    };
    let admin = permissions::has(base, P::ADMINISTRATOR);
    if !admin && permissions & !base != 0 {
        return Err(ApiError::missing_permissions());
    }
    if world.guild(guild_id)?.roles.len() >= MAX_ROLES {
        return Err(ApiError::max_guild_roles());
    }
    let flag = |field: &str| req.field(field).and_then(Value::as_bool).unwrap_or(false);
    let role = Role {
        id: 0,
        name,
        permissions,
        position: 0,
        color: req
            .field("color")
            .and_then(Value::as_u64)
            .and_then(|c| u32::try_from(c).ok())
            .unwrap_or(0),
        hoist: flag("hoist"),
        mentionable: flag("mentionable"),
        bot_id: None,
    };
    let id = world.add_role_at_bottom(guild_id, role)?;
    let guild = world.guild(guild_id)?;
    Ok(Reply::ok(
        guild
            .roles
            .get(&id)
            .map(render::role)
            .unwrap_or(Value::Null),
    ))
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
