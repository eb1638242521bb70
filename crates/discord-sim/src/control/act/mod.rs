//! Acting as a user: slash and context-menu commands, component clicks, modal submissions and
//! plain messages. Interactions are delivered over the gateway or, when the application has an
//! endpoint URL, by signed HTTP POST; the act call then waits for the initial response.
//!
//! This file builds, delivers and awaits interactions; `command.rs` and `component.rs` turn
//! each kind of act into an interaction.

mod command;
mod component;
mod posts;

pub use command::command;
pub use component::{click, submit};
pub use posts::{edit, message, react};

use std::sync::Arc;
use std::time::Instant;

use ed25519_dalek::SigningKey;
use serde_json::{Value, json};
use tokio::sync::watch;
use twilight_model::guild::Permissions as P;

use super::api::{ActResult, ControlError};
use crate::dispatch::Audience;
use crate::rest::interactions;
use crate::signing;
use crate::sim::Sim;
use crate::state::World;
use crate::state::interaction::Interaction;
use crate::state::permissions;
use crate::state::render;
use crate::state::setup::random_text;
/// Where and by whom an interaction happens.
#[derive(Debug, Clone, Copy)]
pub(super) struct Place {
    guild_id: Option<u64>,
    channel_id: u64,
    user_id: u64,
}

pub(super) fn place(
    world: &World,
    guild_id: Option<u64>,
    channel_id: u64,
    user_id: u64,
) -> Result<Place, ControlError> {
    let channel = world.channel(channel_id)?;
    world.user(user_id)?;
    let guild_id = guild_id.or(channel.guild_id);
    if guild_id != channel.guild_id {
        return Err(ControlError::bad_request(
            "the channel is not in that guild",
        ));
    }
    match guild_id {
        Some(guild) => {
            world
                .member(guild, user_id)
                .map_err(|_| ControlError::forbidden("the user is not a member of the guild"))?;
        }
        None if !channel.recipients.contains(&user_id) => {
            return Err(ControlError::forbidden("the user is not in this DM"));
        }
        None => {}
    }
    if !permissions::has(
        permissions::in_channel(world, channel, user_id),
        P::VIEW_CHANNEL,
    ) {
        return Err(ControlError::forbidden("the user cannot see this channel"));
    }
    Ok(Place {
        guild_id,
        channel_id,
        user_id,
    })
}

/// An interaction created and waiting for its answer.
pub(super) struct Pending {
    id: u64,
    token: String,
    answered: watch::Receiver<bool>,
    http: Option<(String, SigningKey, String)>,
}

/// Builds the payload Discord would send, stores the interaction and publishes it (or prepares
/// its signed HTTP delivery).
pub(super) fn create(
    world: &mut World,
    application_id: u64,
    kind: u8,
    at: Place,
    data: Value,
    source: Option<(u64, Value)>,
    keep: std::time::Duration,
) -> Result<Pending, ControlError> {
    let app = world.application(application_id)?.clone();
    let channel = world.channel(at.channel_id)?;
    let user_perms = permissions::in_channel(world, channel, at.user_id);
    let app_perms = permissions::in_channel(world, channel, app.bot_user_id);
    let mut channel_json = render::channel(world, channel);
    channel_json["permissions"] = json!(user_perms.to_string());
    let user = world.user(at.user_id)?.clone();
    let id = world.next_id();
    let token = format!("aW50ZXJhY3Rpb246{id}:{}", random_text(96));
    let mut payload = json!({
        "id": id.to_string(),
        "application_id": application_id.to_string(),
        "type": kind,
        "data": data,
        "channel": channel_json,
        "channel_id": at.channel_id.to_string(),
        "token": token,
        "version": 1,
        "locale": user.locale,
        "app_permissions": app_perms.to_string(),
        "entitlements": [],
        "attachment_size_limit": 10_485_760,
    });
    match at.guild_id {
        Some(guild_id) => {
            let guild = world.guild(guild_id)?;
            let member = world.member(guild_id, at.user_id)?;
            let mut member_json = render::member(world, member);
            member_json["permissions"] = json!(user_perms.to_string());
            payload["guild_id"] = json!(guild_id.to_string());
            payload["guild_locale"] = json!(guild.preferred_locale);
            payload["guild"] = json!({"id": guild_id.to_string(), "locale": guild.preferred_locale, "features": []});
            payload["member"] = member_json;
            payload["authorizing_integration_owners"] = json!({"0": guild_id.to_string()});
            payload["context"] = json!(0);
        }
        None => {
            payload["user"] = render::user(&user);
            payload["authorizing_integration_owners"] = json!({"0": "0"});
            payload["context"] = json!(1);
        }
    }
    let source_message = source.map(|(id, message)| {
        payload["message"] = message;
        id
    });
    let (sender, answered) = watch::channel(false);
    // Interactions live a little longer than their tokens, for `GET /_sim/interactions/{id}`.
    world.forget_interactions_older_than(keep);
    world.interactions.insert(
        id,
        Interaction {
            id,
            application_id,
            kind,
            token: token.clone(),
            guild_id: at.guild_id,
            channel_id: at.channel_id,
            user_id: at.user_id,
            created: Instant::now(),
            payload: payload.clone(),
            initial: None,
            original: None,
            followups: Vec::new(),
            source_message,
            delivery_error: None,
            signed_request: None,
            answered: sender,
        },
    );
    world.interaction_tokens.insert(token.clone(), id);
    let http = match app.interactions_endpoint_url {
        Some(url) => Some((url, app.signing_key, payload.to_string())),
        None => {
            world.publish(
                Audience::Application {
                    application_id,
                    guild_id: at.guild_id,
                },
                "INTERACTION_CREATE",
                payload,
            );
            None
        }
    };
    Ok(Pending {
        id,
        token,
        answered,
        http,
    })
}

fn fail(sim: &Sim, id: u64, error: String) {
    let mut world = sim.world();
    if let Some(interaction) = world.interactions.get_mut(&id) {
        interaction.delivery_error = Some(error);
        interaction.answered.send_replace(true);
    }
}

/// Delivers by HTTP when needed, waits for the initial response, and reports.
pub(super) async fn finish(sim: &Arc<Sim>, mut pending: Pending) -> ActResult {
    if let Some((url, key, body)) = pending.http.take() {
        let delivered = signing::deliver(sim, &url, &key, &body).await;
        if let Ok(answer) = &delivered
            && let Some(interaction) = sim.world().interactions.get_mut(&pending.id)
        {
            interaction.signed_request = Some(answer.request.clone());
        }
        match delivered {
            Ok(answer) if (200..300).contains(&answer.status) => {
                // An answer in the HTTP response body is the initial response.
                if let Some(response) = answer.body.filter(|b| b.get("type").is_some()) {
                    let mut world = sim.world();
                    if let Err(error) = interactions::apply(
                        &mut world,
                        sim.timing.initial_response,
                        pending.id,
                        &pending.token,
                        &response,
                        interactions::Files::none(),
                    ) {
                        drop(world);
                        fail(sim, pending.id, format!("invalid response: {}", error.body));
                    }
                }
            }
            Ok(answer) => fail(
                sim,
                pending.id,
                format!("delivery_failed: the endpoint answered {}", answer.status),
            ),
            Err(error) => fail(sim, pending.id, format!("delivery_failed: {error}")),
        }
    }
    let _ =
        tokio::time::timeout(sim.timing.act_wait, pending.answered.wait_for(|done| *done)).await;
    let world = sim.world();
    let interaction = world.interactions.get(&pending.id);
    let response = interaction.and_then(|i| i.initial.clone());
    let error = interaction
        .and_then(|i| i.delivery_error.clone())
        .or_else(|| response.is_none().then(|| "timeout".to_owned()));
    ActResult {
        interaction_id: pending.id.to_string(),
        response,
        error,
    }
}

/// `POST /_sim/interactions/{id}/redeliver`: sends a gateway interaction's INTERACTION_CREATE
/// again, as Discord may after a reconnect. The bot must not run it twice.
///
/// # Errors
///
/// 404 for an unknown interaction; 400 for one delivered by HTTP.
pub fn redeliver(sim: &Sim, id: u64) -> Result<Value, ControlError> {
    let world = sim.world();
    let interaction = world
        .interactions
        .get(&id)
        .ok_or_else(|| ControlError::not_found("unknown interaction"))?;
    if interaction.signed_request.is_some() {
        return Err(ControlError::bad_request(
            "this interaction was delivered by HTTP; replay its signed_request instead",
        ));
    }
    world.publish(
        Audience::Application {
            application_id: interaction.application_id,
            guild_id: interaction.guild_id,
        },
        "INTERACTION_CREATE",
        interaction.payload.clone(),
    );
    Ok(json!({"redelivered": id.to_string()}))
}
