//! `POST /interactions/{id}/{token}/callback`: the one initial response of an interaction,
//! within the response window, with Discord's semantics per callback type.

use std::time::Duration;

use serde_json::{Value, json};

use super::Handled;
use super::context::{Reply, Req};
use crate::errors::ApiError;
use crate::spec::formats::parse_bool;
use crate::state::World;
use crate::state::interaction::{PendingModal, interaction_kind};
use crate::state::limits::check_modal;
use crate::state::messages::check_body;
use crate::state::model::{EPHEMERAL, LOADING, MessageOrigin};
use crate::state::render;

/// Callback types (Discord's numbers).
pub mod callback_kind {
    pub const PONG: u64 = 1;
    pub const CHANNEL_MESSAGE: u64 = 4;
    pub const DEFERRED_CHANNEL_MESSAGE: u64 = 5;
    pub const DEFERRED_UPDATE_MESSAGE: u64 = 6;
    pub const UPDATE_MESSAGE: u64 = 7;
    pub const AUTOCOMPLETE_RESULT: u64 = 8;
    pub const MODAL: u64 = 9;
}

/// The `interaction_metadata` of messages an interaction produced.
#[must_use]
pub fn metadata(world: &World, interaction_id: u64) -> Option<Value> {
    let interaction = world.interactions.get(&interaction_id)?;
    let owners = match interaction.guild_id {
        Some(guild) => json!({"0": guild.to_string()}),
        None => json!({"1": interaction.user_id.to_string()}),
    };
    let mut value = json!({
        "id": interaction.id.to_string(),
        "type": interaction.kind,
        "user": render::user_by_id(world, interaction.user_id),
        "authorizing_integration_owners": owners,
    });
    if let Some(source) = interaction.source_message {
        value["interacted_message_id"] = json!(source.to_string());
    }
    if let Some(original) = interaction.original
        && interaction.kind == interaction_kind::APPLICATION_COMMAND
    {
        value["original_response_message_id"] = json!(original.to_string());
    }
    if let Some(target) = interaction
        .payload
        .pointer("/data/target_id")
        .and_then(Value::as_str)
    {
        match interaction
            .payload
            .pointer("/data/type")
            .and_then(Value::as_u64)
        {
            Some(2) => {
                value["target_user"] = render::user_by_id(world, target.parse().unwrap_or(0))
            }
            Some(3) => value["target_message_id"] = json!(target),
            _ => {}
        }
    }
    Some(value)
}

/// The origin of a message an interaction's bot posts in answer.
#[must_use]
pub fn origin(world: &World, interaction_id: u64, ephemeral: bool) -> MessageOrigin {
    let interaction = world.interactions.get(&interaction_id);
    MessageOrigin {
        webhook_id: interaction.map(|i| i.application_id),
        application_id: interaction.map(|i| i.application_id),
        interaction_metadata: metadata(world, interaction_id),
        ephemeral_viewer: interaction.filter(|_| ephemeral).map(|i| i.user_id),
    }
}

fn type_error() -> ApiError {
    ApiError::field(
        &["type"],
        "INTERACTION_CALLBACK_TYPE_INVALID",
        "Invalid interaction callback type",
    )
}

/// Applies an initial response. Returns the `with_response` body.
///
/// # Errors
///
/// 10062 for an unknown or expired interaction, 40060 when already acknowledged, 50035 for a
/// response that does not fit the interaction or Discord's limits.
pub fn apply(
    world: &mut World,
    window: Duration,
    interaction_id: u64,
    token: &str,
    body: &Value,
    files: Files<'_>,
) -> Result<Value, ApiError> {
    let interaction = world
        .interactions
        .get(&interaction_id)
        .filter(|i| i.token == token)
        .ok_or_else(ApiError::unknown_interaction)?;
    if interaction.acknowledged() {
        return Err(ApiError::already_acknowledged());
    }
    if interaction.created.elapsed() > window {
        return Err(ApiError::unknown_interaction());
    }
    let (kind, channel_id, guild_id, user_id, app) = (
        interaction.kind,
        interaction.channel_id,
        interaction.guild_id,
        interaction.user_id,
        interaction.application_id,
    );
    let source = interaction.source_message;
    let command_type = interaction
        .payload
        .pointer("/data/type")
        .and_then(Value::as_u64);
    let bot = world.application(app)?.bot_user_id;
    let callback = body.get("type").and_then(Value::as_u64).unwrap_or(0);
    let data = body.get("data").cloned().unwrap_or(Value::Null);
    let allowed: &[u64] = match kind {
        interaction_kind::PING => &[callback_kind::PONG],
        interaction_kind::APPLICATION_COMMAND => &[4, 5, 9],
        interaction_kind::MESSAGE_COMPONENT => &[4, 5, 6, 7, 9],
        interaction_kind::AUTOCOMPLETE => &[8],
        interaction_kind::MODAL_SUBMIT if source.is_some() => &[4, 5, 6, 7],
        _ => &[4, 5],
    };
    if !allowed.contains(&callback) {
        return Err(type_error());
    }
    let ephemeral = data
        .get("flags")
        .and_then(Value::as_u64)
        .is_some_and(|f| f & EPHEMERAL != 0);
    let mut resource = None;
    let mut original = None;
    match callback {
        callback_kind::CHANNEL_MESSAGE => {
            check_body(&data, &["data"], files.files.is_empty())?;
            let message_kind = match command_type {
                _ if kind != interaction_kind::APPLICATION_COMMAND => 0,
                Some(2 | 3) => 23,
                _ => 20,
            };
            let origin = origin(world, interaction_id, ephemeral);
            let attachments = world.attach(files.cdn_base, channel_id, &data, files.files);
            let message = world.post_message_with(
                channel_id,
                bot,
                &data,
                message_kind,
                origin,
                attachments,
            )?;
            original = Some(message.id);
            resource = Some(message);
        }
        callback_kind::DEFERRED_CHANNEL_MESSAGE => {
            let flags = LOADING | if ephemeral { EPHEMERAL } else { 0 };
            let origin = origin(world, interaction_id, ephemeral);
            let kind = if kind == interaction_kind::APPLICATION_COMMAND {
                20
            } else {
                0
            };
            let message =
                world.post_message(channel_id, bot, &json!({"flags": flags}), kind, origin)?;
            original = Some(message.id);
            resource = Some(message);
        }
        callback_kind::DEFERRED_UPDATE_MESSAGE => original = source,
        callback_kind::UPDATE_MESSAGE => {
            check_body(&data, &["data"], false)?;
            let source = source.ok_or_else(type_error)?;
            let message = world.edit_message(channel_id, source, &data)?;
            original = Some(source);
            resource = Some(message);
        }
        callback_kind::AUTOCOMPLETE_RESULT => {
            let choices = data
                .get("choices")
                .and_then(Value::as_array)
                .map_or(0, Vec::len);
            if choices > 25 {
                return Err(ApiError::field(
                    &["data", "choices"],
                    "BASE_TYPE_MAX_LENGTH",
                    "Must be 25 or fewer in length.",
                ));
            }
        }
        callback_kind::MODAL => {
            let errors = check_modal(&data);
            if !errors.is_empty() {
                return Err(ApiError::form(&errors));
            }
            let custom_id = data
                .get("custom_id")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned();
            world.modals.retain(|m| {
                !(m.user_id == user_id && m.custom_id == custom_id && m.application_id == app)
            });
            world.modals.push(PendingModal {
                application_id: app,
                user_id,
                guild_id,
                channel_id,
                custom_id,
                source_message: source,
                components: data
                    .get("components")
                    .and_then(Value::as_array)
                    .cloned()
                    .unwrap_or_default(),
            });
        }
        _ => {}
    }
    let mut summary = json!({
        "id": interaction_id.to_string(),
        "type": kind,
        "channel_id": channel_id.to_string(),
    });
    if let Some(guild_id) = guild_id {
        summary["guild_id"] = json!(guild_id.to_string());
    }
    if let Some(message) = &resource {
        summary["response_message_id"] = json!(message.id.to_string());
        summary["response_message_loading"] = json!(message.flags & LOADING != 0);
        summary["response_message_ephemeral"] = json!(message.flags & EPHEMERAL != 0);
    }
    let mut answer = json!({"interaction": summary});
    if let Some(message) = &resource {
        answer["resource"] = json!({"type": callback, "message": render::message(world, message)});
    }
    if let Some(interaction) = world.interactions.get_mut(&interaction_id) {
        interaction.initial = Some(json!({"type": callback, "data": data}));
        interaction.original = original.or(interaction.original);
        interaction.answered.send_replace(true);
    }
    Ok(answer)
}

/// Files uploaded with an interaction response, and where the CDN route serves them.
pub struct Files<'a> {
    pub cdn_base: &'a str,
    pub files: Vec<crate::state::attachments::NewFile>,
}

impl Files<'_> {
    /// No files (a response in the body of an HTTP delivery's answer has none).
    #[must_use]
    pub fn none() -> Self {
        Files {
            cdn_base: "",
            files: Vec::new(),
        }
    }
}

/// `POST /interactions/{interaction_id}/{interaction_token}/callback`.
pub fn callback(req: &mut Req<'_>) -> Handled {
    let interaction_id = req.id("interaction_id")?;
    let token = req.param("interaction_token")?.to_owned();
    let window = req.sim.timing.initial_response;
    let mut world = req.sim.world();
    let files = Files {
        cdn_base: &req.sim.base_url,
        files: req.new_files()?,
    };
    let answer = apply(&mut world, window, interaction_id, &token, &req.body, files)?;
    // Any spelling of true that Discord's query parser takes (`true`, `True`, `1`) asks for the
    // callback response body.
    let with_response = req.query("with_response").and_then(parse_bool) == Some(true);
    Ok(if with_response {
        Reply::ok(answer)
    } else {
        Reply::NoContent
    })
}
