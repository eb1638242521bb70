//! A simulated user's own messages: posting (with files, or as a reply), editing, reacting.
//! Each checks what Discord's client would let the user do and publishes the gateway events a
//! bot would get (MESSAGE_CREATE, MESSAGE_UPDATE, MESSAGE_REACTION_ADD / _REMOVE).

use base64::Engine as _;
use serde_json::{Value, json};
use twilight_model::guild::Permissions as P;

use super::place;
use crate::control::api::{ActEdit, ActMessage, ActReaction, ControlError};
use crate::sim::Sim;
use crate::state::attachments::{self, NewFile};
use crate::state::model::MessageOrigin;
use crate::state::permissions;
use crate::state::reactions::parse_emoji;
use crate::state::render;

fn forbidden_without(perms: u64, wanted: P, what: &str) -> Result<(), ControlError> {
    if permissions::has(perms, wanted) {
        Ok(())
    } else {
        Err(ControlError::forbidden(format!(
            "the user cannot {what} here"
        )))
    }
}

/// `POST /_sim/act/message`: the user posts a message, with files and as a reply when asked
/// (MESSAGE_CREATE for the bots).
///
/// # Errors
///
/// 403 when the user may not send (or attach files, or read the history to reply) there; 400
/// for an empty or over-long message, bad base64 or more than ten files; 404 when the
/// replied-to message does not exist; 413 for a file over the upload limit.
pub fn message(sim: &Sim, input: ActMessage) -> Result<Value, ControlError> {
    let files = input
        .attachments
        .iter()
        .enumerate()
        .map(|(index, file)| {
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(&file.data)
                .map_err(|e| {
                    ControlError::bad_request(format!("{}: not base64: {e}", file.filename))
                })?;
            Ok(NewFile {
                index: u64::try_from(index).ok(),
                filename: file.filename.clone(),
                content_type: file.content_type.clone(),
                bytes: bytes.into(),
            })
        })
        .collect::<Result<Vec<_>, ControlError>>()?;
    attachments::check(&files)?;
    let mut world = sim.world();
    let at = place(&world, None, input.channel_id.0, input.user_id.0)?;
    let channel = world.channel(at.channel_id)?;
    let perms = permissions::in_channel(&world, channel, at.user_id);
    let send = if channel.thread.is_some() {
        P::SEND_MESSAGES_IN_THREADS
    } else {
        P::SEND_MESSAGES
    };
    forbidden_without(perms, send, "send messages")?;
    if !files.is_empty() {
        forbidden_without(perms, P::ATTACH_FILES, "attach files")?;
    }
    let mut body = json!({"content": input.content});
    if !files.is_empty() {
        body["attachments"] = files
            .iter()
            .map(|f| json!({"id": f.index, "filename": f.filename}))
            .collect();
    }
    let mut kind = 0;
    if let Some(target) = input.reply_to {
        forbidden_without(perms, P::READ_MESSAGE_HISTORY, "read the message history")?;
        world
            .message(at.channel_id, target.0)
            .map_err(|_| ControlError::not_found("the replied-to message does not exist"))?;
        body["message_reference"] = json!({"message_id": target.0.to_string()});
        kind = 19;
    }
    crate::state::messages::check_body(&body, &[], files.is_empty())?;
    crate::rest::threads::posting::before_post(&mut world, at.channel_id, perms)?;
    let attachments = world.attach(&sim.base_url, at.channel_id, &body, files);
    let message = world.post_message_with(
        at.channel_id,
        at.user_id,
        &body,
        kind,
        MessageOrigin::default(),
        attachments,
    )?;
    crate::rest::threads::mentions::add_members_from_post(&mut world, &message)?;
    Ok(render::message(&world, &message))
}

/// `POST /_sim/act/edit`: the author edits their message's text (MESSAGE_UPDATE, with
/// `edited_timestamp`).
///
/// # Errors
///
/// 404 for an unknown message, 403 when the user is not its author, 400 when the edit would
/// leave it empty or too long.
pub fn edit(sim: &Sim, input: ActEdit) -> Result<Value, ControlError> {
    let mut world = sim.world();
    let at = place(&world, None, input.channel_id.0, input.user_id.0)?;
    let message = world.message(at.channel_id, input.message_id.0)?;
    if message.author_id != at.user_id {
        return Err(ControlError::forbidden(
            "only the author can edit a message",
        ));
    }
    let body = json!({"content": input.content});
    crate::state::messages::check_body(&body, &[], false)?;
    let message = world.edit_message(at.channel_id, input.message_id.0, &body)?;
    Ok(render::message(&world, &message))
}

/// `POST /_sim/act/reaction`: the user reacts to a message with a unicode emoji, or takes the
/// reaction back with `remove` (MESSAGE_REACTION_ADD / _REMOVE). Answers the message.
///
/// # Errors
///
/// 404 for an unknown message, 400 for an unknown emoji, 403 without Read Message History,
/// or without Add Reactions to be the first with an emoji.
pub fn react(sim: &Sim, input: ActReaction) -> Result<Value, ControlError> {
    let mut world = sim.world();
    let at = place(&world, None, input.channel_id.0, input.user_id.0)?;
    let channel = world.channel(at.channel_id)?;
    let perms = permissions::in_channel(&world, channel, at.user_id);
    forbidden_without(perms, P::READ_MESSAGE_HISTORY, "read the message history")?;
    let message_id = input.message_id.0;
    world.message(at.channel_id, message_id)?;
    let emoji = parse_emoji(&input.emoji)?;
    if input.remove {
        world.remove_reaction(at.channel_id, message_id, &emoji, at.user_id)?;
    } else {
        if !world.has_reaction(at.channel_id, message_id, &emoji)? {
            forbidden_without(perms, P::ADD_REACTIONS, "add reactions")?;
        }
        world.add_reaction(at.channel_id, message_id, &emoji, at.user_id)?;
    }
    let message = world.message(at.channel_id, message_id)?;
    Ok(render::message_for(&world, message, Some(at.user_id)))
}
