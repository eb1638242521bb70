//! Application commands, global and per guild: bulk overwrite, list, create, get, delete.

use serde_json::Value;

use super::Handled;
use super::context::{Reply, Req};
use crate::errors::ApiError;
use crate::spec::FormErrors;
use crate::state::World;
use crate::state::model::Command;
use crate::state::render;

/// Where a request's commands live: `(application, guild)`.
fn scope(req: &Req<'_>, world: &World) -> Result<(u64, Option<u64>), ApiError> {
    let (app, bot) = req.bot()?;
    let application_id = req.id("application_id")?;
    if application_id != app {
        return Err(ApiError::missing_access());
    }
    let guild_id = req.op.path_param("guild_id").and_then(|g| g.parse().ok());
    if let Some(guild_id) = guild_id {
        let guild = world.guild(guild_id)?;
        if !guild.members.contains_key(&bot) {
            return Err(ApiError::missing_access());
        }
    }
    Ok((app, guild_id))
}

fn commands(world: &World, app: u64, guild: Option<u64>) -> &[Command] {
    match guild {
        None => world
            .applications
            .get(&app)
            .map_or(&[], |a| a.commands.as_slice()),
        Some(guild) => world
            .guilds
            .get(&guild)
            .and_then(|g| g.commands.get(&app))
            .map_or(&[], Vec::as_slice),
    }
}

fn commands_mut(
    world: &mut World,
    app: u64,
    guild: Option<u64>,
) -> Result<&mut Vec<Command>, ApiError> {
    match guild {
        None => world
            .applications
            .get_mut(&app)
            .map(|a| &mut a.commands)
            .ok_or_else(ApiError::unknown_application),
        Some(guild) => Ok(world.guild_mut(guild)?.commands.entry(app).or_default()),
    }
}

/// Discord's naming rules the spec does not express: lower-case chat-input names, descriptions
/// only on chat-input commands, required options first, at most 25 options.
fn check_definition(definition: &Value, path: &[String], errors: &mut FormErrors) {
    let at = |field: &str| {
        let mut p: Vec<String> = path.to_vec();
        p.push(field.to_owned());
        p
    };
    let kind = definition.get("type").and_then(Value::as_u64).unwrap_or(1);
    let name = definition
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let description = definition
        .get("description")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if kind == 1 {
        let valid = (1..=32).contains(&name.chars().count())
            && name
                .chars()
                .all(|c| c == '-' || c == '_' || c == '\'' || c.is_alphanumeric())
            && name.chars().all(|c| !c.is_uppercase());
        if !valid {
            errors.add(
                &at("name"),
                "APPLICATION_COMMAND_INVALID_NAME",
                "Command name is invalid",
            );
        }
        if !(1..=100).contains(&description.chars().count()) {
            errors.add(
                &at("description"),
                "BASE_TYPE_BAD_LENGTH",
                "Must be between 1 and 100 in length.",
            );
        }
    } else if !description.is_empty() {
        errors.add(
            &at("description"),
            "APPLICATION_COMMAND_CONTEXT_MENU_DESCRIPTION",
            "Context menu commands cannot have description",
        );
    }
    let options = definition
        .get("options")
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice);
    if options.len() > 25 {
        errors.add(
            &at("options"),
            "BASE_TYPE_MAX_LENGTH",
            "Must be 25 or fewer in length.",
        );
    }
    let mut optional_seen = false;
    for (i, option) in options.iter().enumerate() {
        let mut option_path = at("options");
        option_path.push(i.to_string());
        let required = option
            .get("required")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        if required && optional_seen {
            let mut p = option_path.clone();
            p.push("required".to_owned());
            errors.add(
                &p,
                "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID",
                "Required options must be placed before non-required options",
            );
        }
        optional_seen |= !required;
        let option_kind = option.get("type").and_then(Value::as_u64).unwrap_or(0);
        if matches!(option_kind, 1 | 2) {
            check_definition(option, &option_path, errors);
        }
    }
}

fn build(
    world: &mut World,
    app: u64,
    guild: Option<u64>,
    definition: &Value,
    previous: Option<&Command>,
) -> Command {
    let kind =
        u8::try_from(definition.get("type").and_then(Value::as_u64).unwrap_or(1)).unwrap_or(1);
    let name = definition
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let version = world.next_id();
    match previous {
        Some(previous) if previous.definition == *definition => previous.clone(),
        Some(previous) => Command {
            version,
            definition: definition.clone(),
            ..previous.clone()
        },
        None => Command {
            id: world.next_id(),
            application_id: app,
            guild_id: guild,
            version,
            kind,
            name,
            definition: definition.clone(),
        },
    }
}

fn same(command: &Command, definition: &Value) -> bool {
    let kind = definition.get("type").and_then(Value::as_u64).unwrap_or(1);
    u64::from(command.kind) == kind
        && Some(command.name.as_str()) == definition.get("name").and_then(Value::as_str)
}

/// `GET .../commands`.
pub fn list(req: &mut Req<'_>) -> Handled {
    let world = req.sim.world();
    let (app, guild) = scope(req, &world)?;
    let list: Vec<Value> = commands(&world, app, guild)
        .iter()
        .map(render::command)
        .collect();
    Ok(Reply::ok(Value::Array(list)))
}

/// `PUT .../commands`: replaces the whole set, keeping the ids of commands that stay.
pub fn bulk_set(req: &mut Req<'_>) -> Handled {
    let mut world = req.sim.world();
    let (app, guild) = scope(req, &world)?;
    let definitions = req.body.as_array().cloned().unwrap_or_default();
    let mut errors = FormErrors::default();
    for (i, definition) in definitions.iter().enumerate() {
        check_definition(definition, &[i.to_string()], &mut errors);
        if definitions[..i].iter().any(|d| {
            d.get("name") == definition.get("name")
                && d.get("type").and_then(Value::as_u64).unwrap_or(1)
                    == definition.get("type").and_then(Value::as_u64).unwrap_or(1)
        }) {
            errors.add(
                &[i.to_string(), "name".to_owned()],
                "APPLICATION_COMMANDS_DUPLICATE_NAME",
                "Application command names must be unique",
            );
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::form(&errors));
    }
    let old = commands(&world, app, guild).to_vec();
    let new: Vec<Command> = definitions
        .iter()
        .map(|d| {
            let previous = old.iter().find(|c| same(c, d));
            build(&mut world, app, guild, d, previous)
        })
        .collect();
    let body: Vec<Value> = new.iter().map(render::command).collect();
    *commands_mut(&mut world, app, guild)? = new;
    Ok(Reply::ok(Value::Array(body)))
}

/// `POST .../commands`: creates, or updates the command with the same name and type (200).
pub fn create(req: &mut Req<'_>) -> Handled {
    let mut world = req.sim.world();
    let (app, guild) = scope(req, &world)?;
    let mut errors = FormErrors::default();
    check_definition(&req.body, &[], &mut errors);
    if !errors.is_empty() {
        return Err(ApiError::form(&errors));
    }
    let previous = commands(&world, app, guild)
        .iter()
        .find(|c| same(c, &req.body))
        .cloned();
    let command = build(&mut world, app, guild, &req.body, previous.as_ref());
    let list = commands_mut(&mut world, app, guild)?;
    list.retain(|c| c.id != command.id);
    list.push(command.clone());
    let body = render::command(&command);
    Ok(if previous.is_some() {
        Reply::ok(body)
    } else {
        Reply::created(body)
    })
}

/// `GET .../commands/{command_id}`.
pub fn get(req: &mut Req<'_>) -> Handled {
    let world = req.sim.world();
    let (app, guild) = scope(req, &world)?;
    let id = req.id("command_id")?;
    let command = commands(&world, app, guild)
        .iter()
        .find(|c| c.id == id)
        .ok_or_else(ApiError::unknown_command)?;
    Ok(Reply::ok(render::command(command)))
}

/// `DELETE .../commands/{command_id}`.
pub fn delete(req: &mut Req<'_>) -> Handled {
    let mut world = req.sim.world();
    let (app, guild) = scope(req, &world)?;
    let id = req.id("command_id")?;
    let list = commands_mut(&mut world, app, guild)?;
    let before = list.len();
    list.retain(|c| c.id != id);
    if list.len() == before {
        return Err(ApiError::unknown_command());
    }
    Ok(Reply::NoContent)
}
