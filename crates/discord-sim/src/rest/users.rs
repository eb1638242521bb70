//! Users: `@me` (bot or OAuth2 user), other users, DM channels, the caller's guilds.

use serde_json::{Value, json};

use super::Handled;
use super::context::{Caller, Reply, Req, snowflake};
use crate::errors::ApiError;
use crate::state::model::{Channel, kind};
use crate::state::permissions;
use crate::state::render;

fn caller_user(req: &Req<'_>) -> Result<u64, ApiError> {
    match &req.caller {
        Caller::Bot { user_id, .. } | Caller::Bearer { user_id, .. } => Ok(*user_id),
        Caller::Anonymous => Err(ApiError::unauthorized()),
    }
}

/// `GET /users/@me`.
pub fn get_my_user(req: &mut Req<'_>) -> Handled {
    let user = caller_user(req)?;
    let world = req.sim.world();
    Ok(Reply::ok(render::user_private(world.user(user)?)))
}

/// `GET /users/{user_id}`.
pub fn get_user(req: &mut Req<'_>) -> Handled {
    req.bot()?;
    let world = req.sim.world();
    Ok(Reply::ok(render::user(world.user(req.id("user_id")?)?)))
}

/// `POST /users/@me/channels`: the DM channel with `recipient_id` (the same one every time).
pub fn create_dm(req: &mut Req<'_>) -> Handled {
    let (_, bot) = req.bot()?;
    let recipient = req
        .field("recipient_id")
        .and_then(snowflake)
        .ok_or_else(|| {
            ApiError::field(
                &["recipient_id"],
                "BASE_TYPE_REQUIRED",
                "This field is required",
            )
        })?;
    let mut world = req.sim.world();
    world.user(recipient)?;
    let key = (bot.min(recipient), bot.max(recipient));
    let id = match world.dm_channels.get(&key) {
        Some(id) => *id,
        None => {
            let id = world.next_id();
            let mut channel = Channel::new(id, kind::DM, None, String::new());
            channel.recipients = vec![bot, recipient];
            world.channels.insert(id, channel);
            world.dm_channels.insert(key, id);
            id
        }
    };
    let channel = world.channel(id)?;
    Ok(Reply::ok(render::channel(&world, channel)))
}

/// `GET /users/@me/guilds`: `owner` and `permissions` (a string) per guild.
pub fn list_my_guilds(req: &mut Req<'_>) -> Handled {
    let user = caller_user(req)?;
    let limit = usize::try_from(req.query_u64("limit").unwrap_or(200).clamp(1, 200)).unwrap_or(200);
    let after = req.query_u64("after").unwrap_or(0);
    let before = req.query_u64("before").unwrap_or(u64::MAX);
    let with_counts = req.query("with_counts") == Some("true");
    let world = req.sim.world();
    let list: Vec<Value> = world
        .guilds
        .values()
        .filter(|g| g.members.contains_key(&user) && g.id > after && g.id < before)
        .take(limit)
        .map(|g| {
            let mut value = json!({
                "id": g.id.to_string(),
                "name": g.name,
                "icon": null,
                "banner": null,
                "owner": g.owner_id == user,
                "permissions": permissions::base(g, user).to_string(),
                "features": [],
            });
            if with_counts {
                value["approximate_member_count"] = json!(g.members.len());
                value["approximate_presence_count"] = json!(0);
            }
            value
        })
        .collect();
    Ok(Reply::ok(Value::Array(list)))
}
