//! The control API under `/_sim`: build the world, act as users, inspect what they see, read
//! the bots' request log, inject faults, force gateway reconnects. JSON everywhere, ids as
//! strings. Documented in `docs/simulator.md`.

pub(crate) mod act;
pub mod api;
pub mod clock;
pub(crate) mod inspect;
mod options;
pub mod setup;
pub mod threads;

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, patch, post, put};
use axum::{Json, Router};
use serde_json::{Value, json};

use crate::faults::Fault;
use crate::sim::{Sim, lock};
use api::{ActCommand, ActComponent, ActEdit, ActMessage, ActModal, ActReaction, ControlError};

type Shared = State<Arc<Sim>>;
type Answer = Result<Json<Value>, ControlError>;

fn id(text: &str) -> Result<u64, ControlError> {
    text.parse()
        .map_err(|_| ControlError::bad_request(format!("not a snowflake: {text:?}")))
}

/// The `/_sim` routes.
pub fn router() -> Router<Arc<Sim>> {
    Router::new()
        .route("/state", get(state))
        .route("/users", post(create_user))
        .route("/users/{user}", patch(patch_user))
        .route("/users/{user}/dms", get(direct_messages))
        .route("/applications", post(create_application))
        .route("/applications/{application}", patch(patch_application))
        .route("/applications/{application}/intents", patch(patch_intents))
        .route("/guilds", post(create_guild))
        .route("/guilds/{guild}/roles", post(create_role))
        .route(
            "/guilds/{guild}/roles/{role}",
            axum::routing::delete(delete_role),
        )
        .route("/limits", patch(patch_limits))
        .route("/clock", get(clock_now))
        .route("/clock/advance", post(clock_advance))
        .route(
            "/guilds/{guild}/members/{user}",
            put(put_member).delete(remove_member),
        )
        .route(
            "/guilds/{guild}/channels",
            post(create_channel).get(guild_channels),
        )
        .route("/guilds/{guild}/applications/{application}", put(install))
        .route("/act/command", post(act_command))
        .route("/act/component", post(act_component))
        .route("/act/modal", post(act_modal))
        .route("/act/message", post(act_message))
        .route("/act/edit", post(act_edit))
        .route("/act/reaction", post(act_reaction))
        .route("/act/thread", post(act_thread))
        .route("/interactions/{id}", get(interaction))
        .route("/interactions/{id}/redeliver", post(redeliver))
        .route("/channels/{channel}/messages", get(messages))
        .route(
            "/channels/{channel}/messages/{message}",
            axum::routing::delete(delete_message),
        )
        .route("/channels/{channel}/permissions/{user}", get(permissions))
        .route("/requests", get(requests))
        .route(
            "/faults",
            post(add_fault).delete(clear_faults).get(list_faults),
        )
        .route("/gateway/reconnect", post(reconnect))
        .route("/gateway", get(gateway_stats))
        // A message's files come base64-encoded: ten at the upload limit fit.
        .layer(axum::extract::DefaultBodyLimit::max(
            crate::state::attachments::MAX_FILES * crate::state::attachments::MAX_FILE_SIZE / 3 * 4
                + 1024 * 1024,
        ))
}

async fn clock_now(State(sim): Shared) -> Json<Value> {
    Json(clock::now(&sim))
}

async fn clock_advance(State(sim): Shared, Json(input): Json<Value>) -> Answer {
    let input: clock::Advance = serde_json::from_value(input).map_err(|error| {
        ControlError::bad_request(format!("expected {{\"seconds\": N}}: {error}"))
    })?;
    clock::advance(&sim, &input).map(Json)
}

async fn state(State(sim): Shared) -> Json<Value> {
    Json(inspect::state(&sim.world()))
}

async fn create_user(State(sim): Shared, Json(input): Json<setup::NewUser>) -> Answer {
    setup::create_user(&sim, input).map(Json)
}

async fn patch_user(
    State(sim): Shared,
    Path(user): Path<String>,
    Json(input): Json<setup::PatchUser>,
) -> Answer {
    setup::patch_user(&sim, id(&user)?, input).map(Json)
}

async fn create_application(State(sim): Shared, Json(input): Json<setup::NewApp>) -> Answer {
    setup::create_application(&sim, input).map(Json)
}

async fn patch_application(
    State(sim): Shared,
    Path(app): Path<String>,
    Json(input): Json<setup::PatchApplication>,
) -> Answer {
    setup::set_endpoint(&sim, id(&app)?, input).await.map(Json)
}

async fn patch_intents(
    State(sim): Shared,
    Path(app): Path<String>,
    Json(input): Json<setup::PrivilegedIntents>,
) -> Answer {
    setup::set_intents(&sim, id(&app)?, input).map(Json)
}

async fn create_guild(State(sim): Shared, Json(input): Json<setup::NewGuild>) -> Answer {
    setup::create_guild(&sim, input).map(Json)
}

async fn create_role(
    State(sim): Shared,
    Path(guild): Path<String>,
    Json(input): Json<setup::NewRole>,
) -> Answer {
    setup::create_role(&sim, id(&guild)?, input).map(Json)
}

async fn delete_role(
    State(sim): Shared,
    Path((guild, role)): Path<(String, String)>,
) -> Result<StatusCode, ControlError> {
    threads::delete_role(&sim, id(&guild)?, id(&role)?).map(|()| StatusCode::NO_CONTENT)
}

async fn patch_limits(State(sim): Shared, Json(input): Json<threads::PatchLimits>) -> Json<Value> {
    Json(threads::set_limits(&sim, &input))
}

async fn act_thread(State(sim): Shared, Json(input): Json<threads::ActThread>) -> Answer {
    threads::act(&sim, input).map(|thread| Json(json!({"thread": thread})))
}

async fn put_member(
    State(sim): Shared,
    Path((guild, user)): Path<(String, String)>,
    body: Option<Json<setup::PutMember>>,
) -> Answer {
    let input = body.map(|b| b.0).unwrap_or_default();
    setup::put_member(&sim, id(&guild)?, id(&user)?, input).map(Json)
}

async fn remove_member(
    State(sim): Shared,
    Path((guild, user)): Path<(String, String)>,
) -> Result<StatusCode, ControlError> {
    setup::remove_member(&sim, id(&guild)?, id(&user)?).map(|()| StatusCode::NO_CONTENT)
}

async fn create_channel(
    State(sim): Shared,
    Path(guild): Path<String>,
    Json(input): Json<setup::NewChannel>,
) -> Answer {
    setup::create_channel(&sim, id(&guild)?, input).map(Json)
}

async fn guild_channels(State(sim): Shared, Path(guild): Path<String>) -> Answer {
    inspect::guild_channels(&sim.world(), id(&guild)?).map(Json)
}

async fn install(
    State(sim): Shared,
    Path((guild, app)): Path<(String, String)>,
    Json(input): Json<setup::Install>,
) -> Answer {
    setup::install(&sim, id(&guild)?, id(&app)?, input).map(Json)
}

fn act_json(result: &api::ActResult) -> Json<Value> {
    Json(serde_json::to_value(result).unwrap_or(Value::Null))
}

async fn act_command(State(sim): Shared, Json(input): Json<ActCommand>) -> Answer {
    act::command(&sim, input).await.map(|r| act_json(&r))
}

async fn act_component(State(sim): Shared, Json(input): Json<ActComponent>) -> Answer {
    act::click(&sim, input).await.map(|r| act_json(&r))
}

async fn act_modal(State(sim): Shared, Json(input): Json<ActModal>) -> Answer {
    act::submit(&sim, input).await.map(|r| act_json(&r))
}

async fn act_message(State(sim): Shared, Json(input): Json<ActMessage>) -> Answer {
    let message = act::message(&sim, input)?;
    Ok(Json(
        json!({"interaction_id": null, "response": null, "error": null, "message": message}),
    ))
}

async fn act_edit(State(sim): Shared, Json(input): Json<ActEdit>) -> Answer {
    act::edit(&sim, input).map(|message| Json(json!({"message": message})))
}

async fn act_reaction(State(sim): Shared, Json(input): Json<ActReaction>) -> Answer {
    act::react(&sim, input).map(|message| Json(json!({"message": message})))
}

async fn interaction(State(sim): Shared, Path(interaction): Path<String>) -> Answer {
    inspect::interaction(&sim.world(), id(&interaction)?).map(Json)
}

async fn redeliver(State(sim): Shared, Path(interaction): Path<String>) -> Answer {
    act::redeliver(&sim, id(&interaction)?).map(Json)
}

async fn messages(
    State(sim): Shared,
    Path(channel): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Answer {
    let viewer = query.get("user_id").map(|u| id(u)).transpose()?;
    inspect::messages(&sim.world(), id(&channel)?, viewer).map(Json)
}

async fn direct_messages(State(sim): Shared, Path(user): Path<String>) -> Answer {
    inspect::direct_messages(&sim.world(), id(&user)?).map(Json)
}

/// A moderator deleting a message in Discord's client: MESSAGE_DELETE follows.
async fn delete_message(
    State(sim): Shared,
    Path((channel, message)): Path<(String, String)>,
) -> Result<StatusCode, ControlError> {
    sim.world()
        .delete_message(id(&channel)?, id(&message)?)
        .map(|()| StatusCode::NO_CONTENT)
        .map_err(ControlError::from)
}

async fn permissions(State(sim): Shared, Path((channel, user)): Path<(String, String)>) -> Answer {
    inspect::permissions_of(&sim.world(), id(&channel)?, id(&user)?).map(Json)
}

async fn requests(State(sim): Shared, Query(query): Query<HashMap<String, String>>) -> Answer {
    let after = query.get("after").map(|a| id(a)).transpose()?.unwrap_or(0);
    Ok(Json(Value::Array(lock(&sim.log).after(after))))
}

async fn add_fault(State(sim): Shared, Json(fault): Json<Fault>) -> Result<Response, ControlError> {
    lock(&sim.faults)
        .add(fault)
        .map_err(ControlError::bad_request)?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

async fn clear_faults(State(sim): Shared) -> StatusCode {
    lock(&sim.faults).clear();
    StatusCode::NO_CONTENT
}

async fn list_faults(State(sim): Shared) -> Json<Value> {
    Json(Value::Array(lock(&sim.faults).list()))
}

async fn reconnect(State(sim): Shared) -> Json<Value> {
    let told = sim.gateway.reconnect_all();
    Json(json!({"reconnected": told}))
}

async fn gateway_stats(State(sim): Shared) -> Json<Value> {
    let stats = sim.gateway.stats();
    Json(json!({
        "connections": stats.connections,
        "sessions": stats.sessions,
        "dispatches_sent": stats.dispatches_sent,
    }))
}
