//! Roles after creation: `PUT|DELETE /guilds/{g}/members/{u}/roles/{r}`, `PATCH|DELETE
//! /guilds/{g}/roles/{r}`. Discord's rules: the bot needs Manage Roles, and may only touch roles
//! below its own highest role; managed roles (a bot's own) are not given, taken or deleted;
//! an edit cannot grant a permission the bot lacks (unless it is an administrator).

use serde_json::Value;
use twilight_model::guild::Permissions as P;

use super::Handled;
use super::context::{Reply, Req};
use super::guard::{guild_base, need};
use crate::errors::ApiError;
use crate::state::World;
use crate::state::{permissions, render};

/// Manage Roles, and `role_id` strictly below the bot's highest role. Answers the bot's
/// guild-wide permissions.
fn may_manage(world: &World, guild_id: u64, bot: u64, role_id: u64) -> Result<u64, ApiError> {
    let base = guild_base(world, guild_id, bot)?;
    need(base, P::MANAGE_ROLES)?;
    let role = world
        .guild(guild_id)?
        .roles
        .get(&role_id)
        .ok_or_else(ApiError::unknown_role)?;
    if role.position >= world.highest_role_position(guild_id, bot) {
        return Err(ApiError::missing_permissions());
    }
    Ok(base)
}

fn managed(world: &World, guild_id: u64, role_id: u64) -> Result<bool, ApiError> {
    Ok(world
        .guild(guild_id)?
        .roles
        .get(&role_id)
        .is_some_and(|r| r.bot_id.is_some()))
}

fn member_role(req: &mut Req<'_>, give: bool) -> Handled {
    let (_, bot) = req.bot()?;
    let (guild_id, user_id, role_id) =
        (req.id("guild_id")?, req.id("user_id")?, req.id("role_id")?);
    let mut world = req.sim.world();
    guild_base(&world, guild_id, bot)?;
    world.member(guild_id, user_id)?;
    may_manage(&world, guild_id, bot, role_id)?;
    if managed(&world, guild_id, role_id)? {
        return Err(ApiError::missing_permissions());
    }
    world.set_member_role(guild_id, user_id, role_id, give)?;
    Ok(Reply::NoContent)
}

/// `PUT /guilds/{guild_id}/members/{user_id}/roles/{role_id}` (GUILD_MEMBER_UPDATE).
pub fn add_to_member(req: &mut Req<'_>) -> Handled {
    member_role(req, true)
}

/// `DELETE /guilds/{guild_id}/members/{user_id}/roles/{role_id}` (GUILD_MEMBER_UPDATE).
pub fn remove_from_member(req: &mut Req<'_>) -> Handled {
    member_role(req, false)
}

fn permissions_field(value: &Value) -> Result<u64, ApiError> {
    value
        .as_str()
        .and_then(|p| p.parse::<u64>().ok())
        .or_else(|| value.as_u64())
        .ok_or_else(|| ApiError::field(&["permissions"], "NUMBER_TYPE_COERCE", "Value is not int."))
}

/// `PATCH /guilds/{guild_id}/roles/{role_id}`: name, permissions, color, hoist, mentionable
/// (GUILD_ROLE_UPDATE).
pub fn update(req: &mut Req<'_>) -> Handled {
    let (_, bot) = req.bot()?;
    let (guild_id, role_id) = (req.id("guild_id")?, req.id("role_id")?);
    let mut world = req.sim.world();
    let base = may_manage(&world, guild_id, bot, role_id)?;
    let name = match req.field("name") {
        Some(Value::String(name)) if name.chars().count() > 100 => {
            return Err(ApiError::field(
                &["name"],
                "BASE_TYPE_MAX_LENGTH",
                "Must be 100 or fewer in length.",
            ));
        }
        Some(Value::String(name)) => Some(name.clone()),
        _ => None,
    };
    let permissions = match req.field("permissions") {
        None | Some(Value::Null) => None,
        Some(value) => Some(permissions_field(value)?),
    };
    if let Some(wanted) = permissions
        && !permissions::has(base, P::ADMINISTRATOR)
        && wanted & !base != 0
    {
        return Err(ApiError::missing_permissions());
    }
    let color = req
        .field("color")
        .and_then(Value::as_u64)
        .and_then(|c| u32::try_from(c).ok());
    let hoist = req.field("hoist").and_then(Value::as_bool);
    let mentionable = req.field("mentionable").and_then(Value::as_bool);
    let role = world.update_role(guild_id, role_id, |role| {
        if let Some(name) = name {
            role.name = name;
        }
        if let Some(permissions) = permissions {
            role.permissions = permissions;
        }
        if let Some(color) = color {
            role.color = color;
        }
        if let Some(hoist) = hoist {
            role.hoist = hoist;
        }
        if let Some(mentionable) = mentionable {
            role.mentionable = mentionable;
        }
    })?;
    Ok(Reply::ok(render::role(&role)))
}

/// `DELETE /guilds/{guild_id}/roles/{role_id}`: members lose the role (GUILD_ROLE_DELETE).
pub fn delete(req: &mut Req<'_>) -> Handled {
    let (_, bot) = req.bot()?;
    let (guild_id, role_id) = (req.id("guild_id")?, req.id("role_id")?);
    let mut world = req.sim.world();
    if role_id == guild_id {
        return Err(ApiError::unknown_role());
    }
    may_manage(&world, guild_id, bot, role_id)?;
    if managed(&world, guild_id, role_id)? {
        return Err(ApiError::missing_permissions());
    }
    world.delete_role(guild_id, role_id)?;
    Ok(Reply::NoContent)
}
