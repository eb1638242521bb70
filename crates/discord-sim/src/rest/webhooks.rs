//! Interaction webhooks: followups and the `@original` response, valid for the token lifetime.

use serde_json::Value;

use super::Handled;
use super::context::{Reply, Req};
use super::interactions::origin;
use crate::errors::ApiError;
use crate::state::World;
use crate::state::messages::check_body;
use crate::state::model::{EPHEMERAL, LOADING};
use crate::state::render;

/// The interaction a webhook path names: `(interaction id, channel id, bot user id)`.
fn interaction(req: &Req<'_>, world: &World) -> Result<(u64, u64, u64), ApiError> {
    let application_id = req.id("webhook_id")?;
    let token = req.param("webhook_token")?;
    let id = *world
        .interaction_tokens
        .get(token)
        .ok_or_else(ApiError::unknown_webhook)?;
    let interaction = world
        .interactions
        .get(&id)
        .filter(|i| i.application_id == application_id)
        .filter(|i| i.created.elapsed() <= req.sim.timing.token_lifetime)
        // The webhook exists once the interaction is acknowledged.
        .filter(|i| i.acknowledged())
        .ok_or_else(ApiError::unknown_webhook)?;
    let bot = world.application(application_id)?.bot_user_id;
    Ok((id, interaction.channel_id, bot))
}

/// The message a path names: `@original` or one of the interaction's followups.
fn target(req: &Req<'_>, world: &World, interaction_id: u64) -> Result<u64, ApiError> {
    let interaction = world
        .interactions
        .get(&interaction_id)
        .ok_or_else(ApiError::unknown_webhook)?;
    match req.op.path_param("message_id") {
        None => interaction.original.ok_or_else(ApiError::unknown_message),
        Some(id) => {
            let id: u64 = id.parse().map_err(|_| ApiError::unknown_message())?;
            if interaction.original == Some(id) || interaction.followups.contains(&id) {
                Ok(id)
            } else {
                Err(ApiError::unknown_message())
            }
        }
    }
}

/// `POST /webhooks/{application_id}/{token}`: a followup message. The first followup after a
/// deferred response replaces the "thinking" message, as on Discord.
pub fn execute(req: &mut Req<'_>) -> Handled {
    let mut world = req.sim.world();
    let (interaction_id, channel_id, bot) = interaction(req, &world)?;
    let files = req.new_files()?;
    check_body(&req.body, &[], files.is_empty())?;
    let loading = world
        .interactions
        .get(&interaction_id)
        .and_then(|i| i.original)
        .and_then(|id| world.stored_message(channel_id, id))
        .filter(|m| m.flags & LOADING != 0)
        .map(|m| m.id);
    let message = if let Some(id) = loading {
        world.edit_message(channel_id, id, &req.body)?
    } else {
        let ephemeral = req
            .field("flags")
            .and_then(Value::as_u64)
            .is_some_and(|f| f & EPHEMERAL != 0);
        let origin = origin(&world, interaction_id, ephemeral);
        let attachments = world.attach(&req.sim.base_url, channel_id, &req.body, files);
        let message =
            world.post_message_with(channel_id, bot, &req.body, 0, origin, attachments)?;
        if let Some(interaction) = world.interactions.get_mut(&interaction_id) {
            interaction.followups.push(message.id);
        }
        message
    };
    Ok(Reply::ok(render::message_for(&world, &message, Some(bot))))
}

/// `GET /webhooks/{application_id}/{token}/messages/{@original|message_id}`.
pub fn get_message(req: &mut Req<'_>) -> Handled {
    let world = req.sim.world();
    let (interaction_id, channel_id, _) = interaction(req, &world)?;
    let id = target(req, &world, interaction_id)?;
    let message = world
        .stored_message(channel_id, id)
        .ok_or_else(ApiError::unknown_message)?;
    Ok(Reply::ok(render::message(&world, message)))
}

/// `PATCH /webhooks/{application_id}/{token}/messages/{@original|message_id}`.
pub fn update_message(req: &mut Req<'_>) -> Handled {
    let mut world = req.sim.world();
    let (interaction_id, channel_id, _) = interaction(req, &world)?;
    let id = target(req, &world, interaction_id)?;
    check_body(&req.body, &[], false)?;
    let message = world.edit_message(channel_id, id, &req.body)?;
    Ok(Reply::ok(render::message(&world, &message)))
}

/// `DELETE /webhooks/{application_id}/{token}/messages/{@original|message_id}`.
pub fn delete_message(req: &mut Req<'_>) -> Handled {
    let mut world = req.sim.world();
    let (interaction_id, channel_id, _) = interaction(req, &world)?;
    let id = target(req, &world, interaction_id)?;
    world.delete_message(channel_id, id)?;
    Ok(Reply::NoContent)
}
