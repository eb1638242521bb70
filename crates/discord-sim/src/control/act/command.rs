//! `act/command`: slash commands with typed options, and user and message context-menu commands.

use std::sync::Arc;

use serde_json::{Value, json};

use super::{create, finish, place};
use crate::control::api::{ActCommand, ActResult, ControlError};
use crate::control::options::{Resolved, typed};
use crate::sim::Sim;
use crate::state::interaction::interaction_kind;
use crate::state::permissions;
use crate::state::render;

fn command_kind(value: &Value) -> Result<Option<u8>, ControlError> {
    if value.is_null() {
        return Ok(None);
    }
    let kind = match value {
        Value::Number(n) => n
            .as_u64()
            .and_then(|n| u8::try_from(n).ok())
            .filter(|n| (1..=3).contains(n)),
        Value::String(s) => match s.as_str() {
            "chat_input" | "slash" => Some(1),
            "user" => Some(2),
            "message" => Some(3),
            _ => None,
        },
        _ => None,
    };
    kind.map(Some)
        .ok_or_else(|| ControlError::bad_request("kind must be chat_input, user or message"))
}

/// `POST /_sim/act/command`.
///
/// # Errors
///
/// 404 for an unknown channel, user or command; 403 when the user may not use it; 400 for
/// options that do not fit the command's definition.
pub async fn command(sim: &Arc<Sim>, input: ActCommand) -> Result<ActResult, ControlError> {
    let pending = {
        let mut world = sim.world();
        let at = place(
            &world,
            input.guild_id.map(|g| g.0),
            input.channel_id.0,
            input.user_id.0,
        )?;
        let wanted_kind = command_kind(&input.kind)?;
        let wanted_app = input.application_id.map(|a| a.0);
        let guild_commands = at
            .guild_id
            .and_then(|g| world.guilds.get(&g))
            .into_iter()
            .flat_map(|g| g.commands.values().flatten());
        let global = world.applications.values().flat_map(|a| a.commands.iter());
        let command = guild_commands
            .chain(global)
            .find(|c| {
                c.name == input.name
                    && wanted_kind.is_none_or(|k| k == c.kind)
                    && wanted_app.is_none_or(|a| a == c.application_id)
            })
            .cloned()
            .ok_or_else(|| {
                ControlError::not_found(format!("no command {:?} is registered here", input.name))
            })?;
        if let (Some(guild_id), Some(required)) = (
            at.guild_id,
            command
                .definition
                .get("default_member_permissions")
                .and_then(crate::state::model::snowflake),
        ) {
            let base = permissions::base(world.guild(guild_id)?, at.user_id);
            if base & required != required {
                return Err(ControlError::forbidden(
                    "the user lacks the command's default member permissions",
                ));
            }
        }
        let mut resolved = Resolved::default();
        let mut data =
            json!({"id": command.id.to_string(), "name": command.name, "type": command.kind});
        if let Some(guild_id) = command.guild_id {
            data["guild_id"] = json!(guild_id.to_string());
        }
        if command.kind == 1 {
            let definitions = command
                .definition
                .get("options")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            let options = typed(
                &world,
                at.guild_id,
                &definitions,
                &input.options,
                &mut resolved,
            )?;
            let mut options = options;
            if let Some(focused) = &input.focused {
                if !offers_autocomplete(&definitions, focused) {
                    return Err(ControlError::bad_request(format!(
                        "option {focused:?} does not offer autocomplete"
                    )));
                }
                mark_focused(&mut options, focused);
            }
            if !options.is_empty() {
                data["options"] = Value::Array(options);
            }
        } else {
            let target = input
                .target_id
                .map(|t| t.0)
                .ok_or_else(|| ControlError::bad_request("target_id is required"))?;
            data["target_id"] = json!(target.to_string());
            if command.kind == 2 {
                resolved.user(&world, at.guild_id, target)?;
            } else {
                let message = world.message(at.channel_id, target)?;
                resolved.message(target, render::message(&world, message));
            }
        }
        if let Some(resolved) = resolved.into_json() {
            data["resolved"] = resolved;
        }
        let kind = if input.focused.is_some() {
            interaction_kind::AUTOCOMPLETE
        } else {
            interaction_kind::APPLICATION_COMMAND
        };
        create(
            &mut world,
            command.application_id,
            kind,
            at,
            data,
            None,
            sim.timing.token_lifetime * 2,
        )?
    };
    Ok(finish(sim, pending).await)
}

/// Whether an option of that name (at any depth) has `autocomplete: true`.
fn offers_autocomplete(definitions: &[Value], name: &str) -> bool {
    definitions.iter().any(|d| {
        (d.get("name").and_then(Value::as_str) == Some(name)
            && d.get("autocomplete").and_then(Value::as_bool) == Some(true))
            || d.get("options")
                .and_then(Value::as_array)
                .is_some_and(|children| offers_autocomplete(children, name))
    })
}

/// Marks the option being typed, as Discord does, with `"focused": true`.
fn mark_focused(options: &mut [Value], name: &str) {
    for option in options {
        if option.get("value").is_some() && option["name"] == name {
            option["focused"] = json!(true);
        }
        if let Some(children) = option.get_mut("options").and_then(Value::as_array_mut) {
            mark_focused(children, name);
        }
    }
}
