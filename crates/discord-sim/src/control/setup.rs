//! Building the world through the control API: users, guilds, roles, members, channels, bot
//! installations and interaction endpoints.

use serde::Deserialize;
use serde_json::{Value, json};

use super::api::{ControlError, Snowflake};
use super::inspect;
use crate::rest::guard::parse_overwrites;
use crate::scenario::{Bits, default_everyone_permissions};
use crate::signing;
use crate::sim::Sim;
use crate::state::limits::normalise_text_channel_name;
use crate::state::model::{Channel, Role, kind};
use crate::state::render;
use crate::state::setup::{NewApplication, random_text};

/// `POST /_sim/users`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct NewUser {
    pub username: String,
    pub global_name: Option<String>,
    pub locale: Option<String>,
    pub id: Option<Snowflake>,
}

/// `POST /_sim/users`.
///
/// # Errors
///
/// 400 for an empty username.
pub fn create_user(sim: &Sim, input: NewUser) -> Result<Value, ControlError> {
    if input.username.trim().is_empty() {
        return Err(ControlError::bad_request("username is required"));
    }
    let mut world = sim.world();
    let id = world.add_user(
        &input.username,
        input.global_name,
        input.id.map(|i| i.0),
        false,
        input.locale,
    );
    Ok(render::user(world.user(id)?))
}

/// `PATCH /_sim/users/{user}`: a user's privacy settings.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct PatchUser {
    /// Whether bots may send them direct messages.
    pub accepts_dms: Option<bool>,
}

/// `PATCH /_sim/users/{user}`.
///
/// # Errors
///
/// 404 for an unknown user.
pub fn patch_user(sim: &Sim, user_id: u64, input: PatchUser) -> Result<Value, ControlError> {
    let mut world = sim.world();
    let user = world
        .users
        .get_mut(&user_id)
        .ok_or_else(|| ControlError::not_found("unknown user"))?;
    if let Some(accepts) = input.accepts_dms {
        user.accepts_dms = accepts;
    }
    Ok(json!({"id": user_id.to_string(), "accepts_dms": user.accepts_dms}))
}

/// `POST /_sim/applications` (an addition to the routes: a second bot).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct NewApp {
    pub name: String,
    pub bot_username: Option<String>,
    pub flags: u64,
    pub redirect_uris: Vec<String>,
}

/// `POST /_sim/applications`.
///
/// # Errors
///
/// 400 for an empty name.
pub fn create_application(sim: &Sim, input: NewApp) -> Result<Value, ControlError> {
    if input.name.trim().is_empty() {
        return Err(ControlError::bad_request("name is required"));
    }
    let mut world = sim.world();
    let id = world.add_application(NewApplication {
        name: input.name,
        bot_username: input.bot_username,
        flags: input.flags,
        redirect_uris: input.redirect_uris,
        ..NewApplication::default()
    });
    let state = inspect::state(&world);
    Ok(state["applications"]
        .as_array()
        .and_then(|apps| apps.iter().find(|a| a["id"] == id.to_string().as_str()))
        .cloned()
        .unwrap_or(Value::Null))
}

/// `POST /_sim/guilds`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct NewGuild {
    pub name: String,
    pub owner_id: Snowflake,
    pub everyone_permissions: Option<Bits>,
    pub preferred_locale: Option<String>,
}

/// `POST /_sim/guilds`: the @everyone role's id equals the guild's.
///
/// # Errors
///
/// 404 for an unknown owner.
pub fn create_guild(sim: &Sim, input: NewGuild) -> Result<Value, ControlError> {
    let mut world = sim.world();
    let everyone = input
        .everyone_permissions
        .map_or_else(default_everyone_permissions, |b| b.0);
    let id = world.add_guild(
        &input.name,
        input.owner_id.0,
        None,
        everyone,
        input.preferred_locale,
    )?;
    let state = inspect::state(&world);
    Ok(state["guilds"]
        .as_array()
        .and_then(|g| g.iter().find(|g| g["id"] == id.to_string().as_str()))
        .cloned()
        .unwrap_or(Value::Null))
}

/// `POST /_sim/guilds/{guild}/roles`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct NewRole {
    pub name: String,
    pub permissions: Bits,
    pub color: u32,
    pub hoist: bool,
    pub mentionable: bool,
}

/// `POST /_sim/guilds/{guild}/roles` (GUILD_ROLE_CREATE).
///
/// # Errors
///
/// 404 for an unknown guild.
pub fn create_role(sim: &Sim, guild_id: u64, input: NewRole) -> Result<Value, ControlError> {
    let mut world = sim.world();
    let id = world.add_role(
        guild_id,
        Role {
            id: 0,
            name: input.name,
            permissions: input.permissions.0,
            position: 0,
            color: input.color,
            hoist: input.hoist,
            mentionable: input.mentionable,
            bot_id: None,
        },
    )?;
    let guild = world.guild(guild_id)?;
    Ok(guild
        .roles
        .get(&id)
        .map(render::role)
        .unwrap_or(Value::Null))
}

/// `PUT /_sim/guilds/{guild}/members/{user}`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct PutMember {
    pub roles: Option<Vec<Snowflake>>,
    /// Absent: unchanged; `null`: cleared.
    #[serde(deserialize_with = "present")]
    pub nick: Option<Option<String>>,
}

fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(d).map(Some)
}

/// `PUT /_sim/guilds/{guild}/members/{user}` (GUILD_MEMBER_ADD or GUILD_MEMBER_UPDATE).
///
/// # Errors
///
/// 404 for an unknown guild, user or role.
pub fn put_member(
    sim: &Sim,
    guild_id: u64,
    user_id: u64,
    input: PutMember,
) -> Result<Value, ControlError> {
    let mut world = sim.world();
    let roles = input.roles.map(|r| r.into_iter().map(|r| r.0).collect());
    Ok(world.put_member(guild_id, user_id, roles, input.nick)?)
}

/// `DELETE /_sim/guilds/{guild}/members/{user}` (GUILD_MEMBER_REMOVE).
///
/// # Errors
///
/// 404 for an unknown guild or member.
pub fn remove_member(sim: &Sim, guild_id: u64, user_id: u64) -> Result<(), ControlError> {
    Ok(sim.world().remove_member(guild_id, user_id)?)
}

/// `POST /_sim/guilds/{guild}/channels`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct NewChannel {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: u8,
    pub parent_id: Option<Snowflake>,
    pub topic: Option<String>,
    pub position: Option<i64>,
    pub permission_overwrites: Option<Value>,
}

/// `POST /_sim/guilds/{guild}/channels` (CHANNEL_CREATE), as a server admin would, with
/// Discord's limits (50 per category, 500 per guild) but no permission checks.
///
/// # Errors
///
/// 404 for an unknown guild or parent, 400 when a limit is reached.
pub fn create_channel(sim: &Sim, guild_id: u64, input: NewChannel) -> Result<Value, ControlError> {
    let mut world = sim.world();
    world.guild(guild_id)?;
    let parent = input.parent_id.map(|p| p.0);
    if let Some(parent) = parent {
        let ok = world
            .channels
            .get(&parent)
            .is_some_and(|c| c.kind == kind::CATEGORY && c.guild_id == Some(guild_id));
        if !ok {
            return Err(ControlError::not_found(
                "parent_id is not a category of this guild",
            ));
        }
        let children = world
            .channels
            .values()
            .filter(|c| c.parent_id == Some(parent) && c.thread.is_none())
            .count();
        if children >= crate::rest::channels::CATEGORY_MAX {
            return Err(ControlError::bad_request(
                "Maximum number of channels in category reached (50)",
            ));
        }
    }
    if world
        .guild_channels(guild_id)
        .filter(|c| c.thread.is_none())
        .count()
        >= crate::rest::channels::GUILD_MAX
    {
        return Err(ControlError::bad_request(
            "Maximum number of guild channels reached (500)",
        ));
    }
    if kind::is_thread(input.kind) || input.kind == kind::DM {
        return Err(ControlError::bad_request(
            "threads and DMs cannot be created here",
        ));
    }
    let name = if matches!(input.kind, kind::TEXT | kind::ANNOUNCEMENT) {
        normalise_text_channel_name(&input.name)
    } else {
        input.name.trim().to_owned()
    };
    if name.is_empty() {
        return Err(ControlError::bad_request("name is required"));
    }
    let overwrites = match &input.permission_overwrites {
        Some(list) => parse_overwrites(&world, guild_id, list)?,
        None => parent
            .and_then(|p| world.channels.get(&p))
            .map(|p| p.overwrites.clone())
            .unwrap_or_default(),
    };
    let position = input.position.unwrap_or_else(|| {
        world
            .guild_channels(guild_id)
            .filter(|c| c.parent_id == parent && c.thread.is_none())
            .map(|c| c.position + 1)
            .max()
            .unwrap_or(0)
    });
    let id = world.next_id();
    let mut channel = Channel::new(id, input.kind, Some(guild_id), name);
    channel.parent_id = parent;
    channel.topic = input.topic;
    channel.position = position;
    channel.overwrites = overwrites;
    world.insert_channel(channel);
    let channel = world.channel(id)?;
    Ok(inspect::channel(&world, channel))
}

/// `PUT /_sim/guilds/{guild}/applications/{application}` body.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Install {
    pub permissions: Bits,
}

/// `PUT /_sim/guilds/{guild}/applications/{application}`: the bot joins (GUILD_CREATE), or its
/// managed role gets the new permissions.
///
/// # Errors
///
/// 404 for an unknown guild or application.
pub fn install(
    sim: &Sim,
    guild_id: u64,
    application_id: u64,
    input: Install,
) -> Result<Value, ControlError> {
    sim.world()
        .install_bot(guild_id, application_id, input.permissions.0)?;
    Ok(
        json!({"guild_id": guild_id.to_string(), "application_id": application_id.to_string(), "permissions": input.permissions.0.to_string()}),
    )
}

/// `PATCH /_sim/applications/{application}` body.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct PatchApplication {
    pub interactions_endpoint_url: Option<String>,
}

/// `PATCH /_sim/applications/{application}`: sets (or clears, with `null`) the interactions
/// endpoint. As Discord does, the URL is accepted only if it answers a signed PING with
/// `{"type": 1}` and rejects a PING with a bad signature.
///
/// # Errors
///
/// 404 for an unknown application, 400 when the endpoint fails the checks.
pub async fn set_endpoint(
    sim: &Sim,
    application_id: u64,
    input: PatchApplication,
) -> Result<Value, ControlError> {
    let key = sim.world().application(application_id)?.signing_key.clone();
    if let Some(url) = &input.interactions_endpoint_url {
        let ping = json!({
            "id": sim.world().next_id().to_string(),
            "application_id": application_id.to_string(),
            "type": 1,
            "token": random_text(64),
            "version": 1,
        })
        .to_string();
        let answer = signing::deliver(sim, url, &key, &ping)
            .await
            .map_err(ControlError::bad_request)?;
        let pong = answer.status == 200
            && answer
                .body
                .as_ref()
                .and_then(|b| b.get("type"))
                .and_then(Value::as_u64)
                == Some(1);
        if !pong {
            return Err(ControlError::bad_request(format!(
                "interactions endpoint {url} did not answer the PING with {{\"type\": 1}} (status {})",
                answer.status
            )));
        }
        let wrong = ed25519_dalek::SigningKey::generate(&mut rand::rngs::OsRng);
        let forged = signing::deliver(sim, url, &wrong, &ping)
            .await
            .map_err(ControlError::bad_request)?;
        if (200..300).contains(&forged.status) {
            return Err(ControlError::bad_request(format!(
                "interactions endpoint {url} accepted a PING with an invalid signature"
            )));
        }
    }
    let mut world = sim.world();
    let app = world
        .applications
        .get_mut(&application_id)
        .ok_or_else(|| ControlError::not_found("unknown application"))?;
    app.interactions_endpoint_url = input.interactions_endpoint_url;
    Ok(
        json!({"id": application_id.to_string(), "interactions_endpoint_url": app.interactions_endpoint_url}),
    )
}

/// `PATCH /_sim/applications/{application}/intents`: the developer portal's privileged intent
/// toggles. `true` sets the `_LIMITED` flag (what the toggle sets for an app in fewer than 100
/// servers), `false` clears both flags of that intent; absent leaves it as it is.
#[derive(Debug, Clone, Copy, Default, Deserialize)]
#[serde(default)]
pub struct PrivilegedIntents {
    pub presence: Option<bool>,
    pub guild_members: Option<bool>,
    pub message_content: Option<bool>,
}

/// `PATCH /_sim/applications/{application}/intents`. Applies to IDENTIFYs and REST requests
/// from then on, as a change in the portal does.
///
/// # Errors
///
/// 404 for an unknown application.
pub fn set_intents(
    sim: &Sim,
    application_id: u64,
    input: PrivilegedIntents,
) -> Result<Value, ControlError> {
    let mut world = sim.world();
    let app = world
        .applications
        .get_mut(&application_id)
        .ok_or_else(|| ControlError::not_found("unknown application"))?;
    // (full flag, limited flag) of each privileged intent.
    for (wanted, full, limited) in [
        (input.presence, 1 << 12, 1 << 13),
        (input.guild_members, 1 << 14, 1 << 15),
        (input.message_content, 1 << 18, 1 << 19),
    ] {
        match wanted {
            Some(true) if app.flags & (full | limited) == 0 => app.flags |= limited,
            Some(false) => app.flags &= !(full | limited),
            _ => {}
        }
    }
    Ok(json!({"id": application_id.to_string(), "flags": app.flags}))
}
