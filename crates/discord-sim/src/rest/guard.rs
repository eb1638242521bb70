//! Permission checks on the calling bot, with Discord's error codes: 50001 when it cannot see
//! the resource, 50013 when it lacks a permission.

use serde_json::Value;
use twilight_model::guild::Permissions as P;

use super::context::{bits, snowflake};
use crate::errors::ApiError;
use crate::state::World;
use crate::state::model::{Channel, Overwrite};
use crate::state::permissions;

/// The bot's permissions in a channel it can see.
///
/// # Errors
///
/// 50001 when the bot cannot view the channel (or is not in its guild / the DM).
pub fn visible(world: &World, channel: &Channel, bot: u64) -> Result<u64, ApiError> {
    let perms = permissions::in_channel(world, channel, bot);
    if permissions::has(perms, P::VIEW_CHANNEL) {
        Ok(perms)
    } else {
        Err(ApiError::missing_access())
    }
}

/// 50013 unless `perms` holds `wanted`.
///
/// # Errors
///
/// 50013.
pub fn need(perms: u64, wanted: P) -> Result<(), ApiError> {
    if permissions::has(perms, wanted) {
        Ok(())
    } else {
        Err(ApiError::missing_permissions())
    }
}

/// The bot's guild-wide permissions; 50001 when it is not a member.
///
/// # Errors
///
/// 10004 for an unknown guild, 50001 when the bot is not in it.
pub fn guild_base(world: &World, guild_id: u64, bot: u64) -> Result<u64, ApiError> {
    let guild = world.guild(guild_id)?;
    if !guild.members.contains_key(&bot) {
        return Err(ApiError::missing_access());
    }
    Ok(permissions::base(guild, bot))
}

/// Reads `permission_overwrites` from a request.
///
/// # Errors
///
/// 10011 for an unknown role, 10013 for an unknown user, 50035 for a malformed entry.
pub fn parse_overwrites(
    world: &World,
    guild_id: u64,
    list: &Value,
) -> Result<Vec<Overwrite>, ApiError> {
    let guild = world.guild(guild_id)?;
    let mut out: Vec<Overwrite> = Vec::new();
    for (i, item) in list.as_array().into_iter().flatten().enumerate() {
        let index = i.to_string();
        let id = item.get("id").and_then(snowflake).ok_or_else(|| {
            ApiError::field(
                &["permission_overwrites", &index, "id"],
                "BASE_TYPE_REQUIRED",
                "This field is required",
            )
        })?;
        let kind = match item.get("type") {
            Some(Value::Number(n)) => n.as_u64().unwrap_or(9),
            Some(Value::String(s)) if s == "role" => 0,
            Some(Value::String(s)) if s == "member" => 1,
            Some(Value::String(s)) => s.parse().unwrap_or(9),
            _ => 9,
        };
        let kind = match kind {
            0 => {
                if !guild.roles.contains_key(&id) {
                    return Err(ApiError::unknown_role());
                }
                0
            }
            1 => {
                world.user(id)?;
                1
            }
            _ => {
                return Err(ApiError::field(
                    &["permission_overwrites", &index, "type"],
                    "BASE_TYPE_CHOICES",
                    "Value must be one of {0, 1}.",
                ));
            }
        };
        let overwrite = Overwrite {
            id,
            kind,
            allow: bits(item.get("allow")),
            deny: bits(item.get("deny")),
        };
        // A repeated target replaces the earlier entry, as Discord keeps one per target.
        out.retain(|o| !(o.id == id && o.kind == kind));
        out.push(overwrite);
    }
    Ok(out)
}

/// Discord's rules for writing overwrites: the bot can only allow or deny permissions it has
/// (in the guild, or in the parent channel for a channel in a category), unless it holds an
/// explicit Manage Roles (Manage Permissions) overwrite in the channel itself; and only an
/// administrator can put Manage Roles into an overwrite of a channel being created.
///
/// `channel` is the existing channel being edited (`None` when creating one under `parent`).
///
/// # Errors
///
/// 50013 when an overwrite holds a permission the bot may not grant or deny.
pub fn check_grant(
    world: &World,
    guild_id: u64,
    bot: u64,
    channel: Option<&Channel>,
    parent: Option<&Channel>,
    overwrites: &[Overwrite],
) -> Result<(), ApiError> {
    let guild = world.guild(guild_id)?;
    let base = permissions::base(guild, bot);
    if base & P::ADMINISTRATOR.bits() != 0 {
        return Ok(());
    }
    if let Some(channel) = channel {
        let roles: &[u64] = guild.members.get(&bot).map_or(&[], |m| m.roles.as_slice());
        let explicit = channel.overwrites.iter().any(|o| {
            o.allow & P::MANAGE_ROLES.bits() != 0
                && ((o.kind == 1 && o.id == bot)
                    || (o.kind == 0 && (roles.contains(&o.id) || o.id == guild_id)))
        });
        if explicit {
            return Ok(());
        }
    }
    let grantable = match parent {
        Some(parent) => permissions::in_channel(world, parent, bot),
        None => base,
    };
    for overwrite in overwrites {
        let touched = overwrite.allow | overwrite.deny;
        if touched & !grantable != 0 {
            return Err(ApiError::missing_permissions());
        }
        if channel.is_none() && touched & P::MANAGE_ROLES.bits() != 0 {
            return Err(ApiError::missing_permissions());
        }
    }
    Ok(())
}
