//! Building the starting world from a [`Scenario`].

use std::collections::HashMap;

use ed25519_dalek::SigningKey;

use super::limits::normalise_text_channel_name;
use super::model::{Channel, Overwrite, Role, kind};
use super::setup::NewApplication;
use super::world::World;
use crate::scenario::{Scenario, ScenarioError, default_everyone_permissions};

fn invalid(message: String) -> ScenarioError {
    ScenarioError::Invalid(message)
}

fn signing_key(hex_key: &str) -> Result<SigningKey, ScenarioError> {
    let bytes: [u8; 32] = hex::decode(hex_key.trim())
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| invalid("private_key must be 32 bytes of hex".to_owned()))?;
    Ok(SigningKey::from_bytes(&bytes))
}

/// Adds everything a scenario describes to the world.
///
/// # Errors
///
/// [`ScenarioError::Invalid`] when a name refers to nothing or a key is malformed.
pub fn apply(world: &mut World, scenario: &Scenario) -> Result<(), ScenarioError> {
    let mut apps = HashMap::new();
    for app in &scenario.applications {
        let key = app.private_key.as_deref().map(signing_key).transpose()?;
        let id = world.add_application(NewApplication {
            name: app.name.clone(),
            id: app.id.map(|i| i.0),
            bot_username: app.bot_username.clone(),
            bot_user_id: app.bot_user_id.map(|i| i.0),
            token: app.token.clone(),
            signing_key: key,
            client_secret: app.client_secret.clone(),
            redirect_uris: app.redirect_uris.clone(),
            flags: app.flags,
        });
        apps.insert(app.name.clone(), id);
    }
    let mut users = HashMap::new();
    for user in &scenario.users {
        let id = world.add_user(
            &user.username,
            user.global_name.clone(),
            user.id.map(|i| i.0),
            false,
            user.locale.clone(),
        );
        users.insert(user.username.clone(), id);
    }
    let user = |name: &str| {
        users
            .get(name)
            .copied()
            .ok_or_else(|| invalid(format!("unknown user {name:?}")))
    };
    for spec in &scenario.guilds {
        let owner = user(&spec.owner)?;
        let guild_id = world
            .add_guild(
                &spec.name,
                owner,
                spec.id.map(|i| i.0),
                spec.everyone_permissions
                    .map_or_else(default_everyone_permissions, |b| b.0),
                spec.preferred_locale.clone(),
            )
            .map_err(|_| invalid(format!("guild {:?}: unknown owner", spec.name)))?;
        let mut roles = HashMap::new();
        for role in &spec.roles {
            let id = world
                .add_role(
                    guild_id,
                    Role {
                        id: role.id.map_or(0, |i| i.0),
                        name: role.name.clone(),
                        permissions: role.permissions.0,
                        position: 0,
                        color: role.color,
                        hoist: role.hoist,
                        mentionable: role.mentionable,
                        bot_id: None,
                    },
                )
                .map_err(|_| invalid(format!("role {:?}", role.name)))?;
            roles.insert(role.name.clone(), id);
        }
        for member in &spec.members {
            let user_id = user(&member.user)?;
            let role_ids = member
                .roles
                .iter()
                .map(|r| {
                    roles
                        .get(r)
                        .copied()
                        .ok_or_else(|| invalid(format!("unknown role {r:?}")))
                })
                .collect::<Result<Vec<_>, _>>()?;
            world
                .put_member(guild_id, user_id, Some(role_ids), Some(member.nick.clone()))
                .map_err(|_| invalid(format!("member {:?}", member.user)))?;
        }
        let mut categories = HashMap::new();
        for (position, channel) in spec.channels.iter().enumerate() {
            let mut overwrites = Vec::new();
            for o in &channel.permission_overwrites {
                let (id, kind) = match (o.everyone, &o.role, &o.user) {
                    (true, None, None) => (guild_id, 0),
                    (false, Some(role), None) => (
                        roles
                            .get(role)
                            .copied()
                            .ok_or_else(|| invalid(format!("unknown role {role:?}")))?,
                        0,
                    ),
                    (false, None, Some(name)) => (user(name)?, 1),
                    _ => {
                        return Err(invalid(format!(
                            "an overwrite of {:?} needs exactly one of everyone, role, user",
                            channel.name
                        )));
                    }
                };
                overwrites.push(Overwrite {
                    id,
                    kind,
                    allow: o.allow.0,
                    deny: o.deny.0,
                });
            }
            let parent_id = channel
                .parent
                .as_ref()
                .map(|p| {
                    categories
                        .get(p)
                        .copied()
                        .ok_or_else(|| invalid(format!("unknown category {p:?}")))
                })
                .transpose()?;
            let name = if matches!(channel.kind, kind::TEXT | kind::ANNOUNCEMENT) {
                normalise_text_channel_name(&channel.name)
            } else {
                channel.name.clone()
            };
            let id = channel.id.map_or_else(|| world.next_id(), |i| i.0);
            let mut created = Channel::new(id, channel.kind, Some(guild_id), name);
            created.topic = channel.topic.clone();
            created.parent_id = parent_id;
            created.position = i64::try_from(position).unwrap_or(0);
            created.overwrites = overwrites;
            world.insert_channel(created);
            if channel.kind == kind::CATEGORY {
                categories.insert(channel.name.clone(), id);
            }
        }
        for bot in &spec.bots {
            let app = apps
                .get(&bot.application)
                .copied()
                .ok_or_else(|| invalid(format!("unknown application {:?}", bot.application)))?;
            world
                .install_bot(guild_id, app, bot.permissions.0)
                .map_err(|_| invalid(format!("bot {:?}", bot.application)))?;
        }
    }
    Ok(())
}
