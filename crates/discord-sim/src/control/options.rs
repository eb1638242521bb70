//! Typing the options of a simulated slash command by the registered definition, and building
//! the `resolved` users, members, roles and channels Discord attaches.

use serde_json::{Map, Value, json};

use super::api::ControlError;
use crate::state::World;
use crate::state::model::snowflake;
use crate::state::permissions;
use crate::state::render;

/// The `resolved` maps of an interaction.
#[derive(Debug, Default)]
pub struct Resolved {
    users: Map<String, Value>,
    members: Map<String, Value>,
    roles: Map<String, Value>,
    channels: Map<String, Value>,
    messages: Map<String, Value>,
}

impl Resolved {
    /// Adds a user, and their member object when they are in the guild.
    pub fn user(
        &mut self,
        world: &World,
        guild_id: Option<u64>,
        user_id: u64,
    ) -> Result<(), ControlError> {
        let user = world.user(user_id)?;
        self.users.insert(user_id.to_string(), render::user(user));
        if let Some(guild) = guild_id.and_then(|g| world.guilds.get(&g))
            && let Some(member) = guild.members.get(&user_id)
        {
            let mut value = render::member(world, member);
            if let Some(object) = value.as_object_mut() {
                object.remove("user");
            }
            value["permissions"] = json!(permissions::base(guild, user_id).to_string());
            self.members.insert(user_id.to_string(), value);
        }
        Ok(())
    }

    /// Adds a message.
    pub fn message(&mut self, id: u64, message: Value) {
        self.messages.insert(id.to_string(), message);
    }

    /// The JSON object, without empty maps.
    #[must_use]
    pub fn into_json(self) -> Option<Value> {
        let mut out = Map::new();
        for (key, map) in [
            ("users", self.users),
            ("members", self.members),
            ("roles", self.roles),
            ("channels", self.channels),
            ("messages", self.messages),
        ] {
            if !map.is_empty() {
                out.insert(key.to_owned(), Value::Object(map));
            }
        }
        (!out.is_empty()).then_some(Value::Object(out))
    }
}

/// Given options as a list of `{name, value | options}`; an object `{name: value}` is accepted
/// for flat commands.
fn given_list(given: &Value) -> Vec<Value> {
    match given {
        Value::Array(items) => items.clone(),
        Value::Object(map) => map
            .iter()
            .map(|(name, value)| json!({"name": name, "value": value}))
            .collect(),
        _ => Vec::new(),
    }
}

fn bad(message: String) -> ControlError {
    ControlError::bad_request(message)
}

/// Types `given` options by `definitions` (a command's or subcommand's `options`).
///
/// # Errors
///
/// 400 for an unknown option, a missing required one, a value of the wrong type or outside
/// the choices and bounds; 404 for a user, role or channel that does not exist.
pub fn typed(
    world: &World,
    guild_id: Option<u64>,
    definitions: &[Value],
    given: &Value,
    resolved: &mut Resolved,
) -> Result<Vec<Value>, ControlError> {
    let given = given_list(given);
    let mut out = Vec::new();
    for option in &given {
        let name = option
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let definition = definitions
            .iter()
            .find(|d| d.get("name").and_then(Value::as_str) == Some(name))
            .ok_or_else(|| bad(format!("the command has no option {name:?}")))?;
        let kind = definition.get("type").and_then(Value::as_u64).unwrap_or(3);
        if matches!(kind, 1 | 2) {
            let children = definition
                .get("options")
                .and_then(Value::as_array)
                .map_or(&[][..], Vec::as_slice);
            let nested = typed(
                world,
                guild_id,
                children,
                option.get("options").unwrap_or(&Value::Null),
                resolved,
            )?;
            out.push(json!({"name": name, "type": kind, "options": nested}));
            continue;
        }
        let value = option.get("value").unwrap_or(&Value::Null);
        let typed_value = match kind {
            3 => value.as_str().map(|s| json!(s)),
            4 => value
                .as_i64()
                .or_else(|| value.as_str().and_then(|s| s.parse().ok()))
                .map(|n| json!(n)),
            5 => value.as_bool().map(|b| json!(b)),
            10 => value
                .as_f64()
                .or_else(|| value.as_str().and_then(|s| s.parse().ok()))
                .map(|n| json!(n)),
            6..=9 => snowflake(value).map(|id| json!(id.to_string())),
            _ => None,
        }
        .ok_or_else(|| bad(format!("option {name:?} expects a value of type {kind}")))?;
        match kind {
            6 => resolved.user(world, guild_id, snowflake(value).unwrap_or(0))?,
            7 => {
                let channel = world.channel(snowflake(value).unwrap_or(0))?;
                if channel.guild_id != guild_id {
                    return Err(ControlError::not_found("channel not in this guild"));
                }
                let mut partial = json!({"id": channel.id.to_string(), "name": channel.name, "type": channel.kind, "permissions": "0"});
                if let Some(parent) = channel.parent_id {
                    partial["parent_id"] = json!(parent.to_string());
                }
                resolved.channels.insert(channel.id.to_string(), partial);
            }
            8 | 9 => {
                let id = snowflake(value).unwrap_or(0);
                let role = guild_id
                    .and_then(|g| world.guilds.get(&g))
                    .and_then(|g| g.roles.get(&id));
                match role {
                    Some(role) => {
                        resolved.roles.insert(id.to_string(), render::role(role));
                    }
                    None if kind == 9 => resolved.user(world, guild_id, id)?,
                    None => return Err(ControlError::not_found(format!("unknown role {id}"))),
                }
            }
            _ => {}
        }
        if let Some(choices) = definition.get("choices").and_then(Value::as_array)
            && !choices.is_empty()
            && !choices.iter().any(|c| c.get("value") == Some(&typed_value))
        {
            return Err(bad(format!("option {name:?} must be one of its choices")));
        }
        if let Some(n) = typed_value.as_f64() {
            let below = definition
                .get("min_value")
                .and_then(Value::as_f64)
                .is_some_and(|min| n < min);
            let above = definition
                .get("max_value")
                .and_then(Value::as_f64)
                .is_some_and(|max| n > max);
            if below || above {
                return Err(bad(format!("option {name:?} is out of bounds")));
            }
        }
        if let Some(text) = typed_value.as_str().filter(|_| kind == 3) {
            let len = u64::try_from(text.chars().count()).unwrap_or(u64::MAX);
            let short = definition
                .get("min_length")
                .and_then(Value::as_u64)
                .is_some_and(|min| len < min);
            let long = definition
                .get("max_length")
                .and_then(Value::as_u64)
                .is_some_and(|max| len > max);
            if short || long {
                return Err(bad(format!("option {name:?} has the wrong length")));
            }
        }
        out.push(json!({"name": name, "type": kind, "value": typed_value}));
    }
    let has_subcommands = definitions
        .iter()
        .any(|d| matches!(d.get("type").and_then(Value::as_u64), Some(1 | 2)));
    if has_subcommands && out.len() != 1 {
        return Err(bad("exactly one subcommand must be given".to_owned()));
    }
    for definition in definitions {
        let required = definition
            .get("required")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        let name = definition
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if required && !out.iter().any(|o| o["name"] == name) {
            return Err(bad(format!("the required option {name:?} is missing")));
        }
    }
    Ok(out)
}
