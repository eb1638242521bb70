//! REST API v10: every request is matched against Discord's OpenAPI spec, authenticated,
//! rate limited, validated (spec first, then the limits the spec leaves out), handled with
//! Discord's semantics, and logged.

pub mod applications;
mod auth;
pub(crate) mod body;
pub mod channels;
pub mod commands;
mod context;
pub mod gateway_info;
pub mod guard;
pub mod guilds;
pub mod interactions;
pub mod members;
pub mod messages;
pub mod reactions;
pub mod roles;
pub mod threads;
pub mod users;
pub mod webhooks;

use std::sync::Arc;
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

pub use context::{Reply, Req};

use crate::errors::ApiError;
use crate::ratelimit::BucketHeaders;
use crate::requests::LoggedRequest;
use crate::sim::{Sim, lock};

/// The result of a handler.
pub type Handled = Result<Reply, ApiError>;

/// Routes an operation to its handler; `None` for spec operations the simulator lacks.
fn handler(operation_id: &str) -> Option<fn(&mut Req<'_>) -> Handled> {
    Some(match operation_id {
        "get_gateway" => gateway_info::get_gateway,
        "get_bot_gateway" => gateway_info::get_bot_gateway,
        "get_my_user" => users::get_my_user,
        "get_user" => users::get_user,
        "create_dm" => users::create_dm,
        "list_my_guilds" => users::list_my_guilds,
        "get_my_oauth2_application" => applications::get_mine,
        "get_my_application" => applications::get_mine,
        "list_application_commands" | "list_guild_application_commands" => commands::list,
        "bulk_set_application_commands" | "bulk_set_guild_application_commands" => {
            commands::bulk_set
        }
        "create_application_command" | "create_guild_application_command" => commands::create,
        "get_application_command" | "get_guild_application_command" => commands::get,
        "delete_application_command" | "delete_guild_application_command" => commands::delete,
        "get_guild" => guilds::get_guild,
        "list_guild_channels" => guilds::list_channels,
        "create_guild_channel" => channels::create,
        "bulk_update_guild_channels" => channels::update_positions,
        "list_guild_roles" => guilds::list_roles,
        "create_guild_role" => guilds::create_role,
        "list_guild_members" => members::list,
        "search_guild_members" => members::search,
        "get_guild_member" => members::get,
        "get_channel" => channels::get,
        "update_channel" => channels::update,
        "delete_channel" => channels::delete,
        "set_channel_permission_overwrite" => channels::set_overwrite,
        "delete_channel_permission_overwrite" => channels::delete_overwrite,
        "list_messages" => messages::list,
        "create_message" => messages::create,
        "get_message" => messages::get,
        "update_message" => messages::update,
        "delete_message" => messages::delete,
        "list_pins" => messages::list_pins,
        "deprecated_list_pins" => messages::list_pins_deprecated,
        "create_pin" | "deprecated_create_pin" => messages::pin,
        "delete_pin" | "deprecated_delete_pin" => messages::unpin,
        "add_my_message_reaction" => reactions::add_mine,
        "delete_my_message_reaction" => reactions::delete_mine,
        "delete_user_message_reaction" => reactions::delete_user,
        "list_message_reactions_by_emoji" => reactions::list,
        "delete_all_message_reactions" => reactions::delete_all,
        "delete_all_message_reactions_by_emoji" => reactions::delete_all_of_emoji,
        "create_thread" => threads::create,
        "join_thread" => threads::join,
        "leave_thread" => threads::leave,
        "add_thread_member" => threads::add_member,
        "delete_thread_member" => threads::remove_member,
        "list_thread_members" => threads::list_members,
        "get_thread_member" => threads::get_member,
        "get_active_guild_threads" => threads::listing::active_in_guild,
        "list_public_archived_threads" => threads::listing::archived_public,
        "list_private_archived_threads" => threads::listing::archived_private,
        "list_my_private_archived_threads" => threads::listing::archived_private_joined,
        "add_guild_member_role" => roles::add_to_member,
        "delete_guild_member_role" => roles::remove_from_member,
        "update_guild_role" => roles::update,
        "delete_guild_role" => roles::delete,
        "create_interaction_response" => interactions::callback,
        "execute_webhook" => webhooks::execute,
        "get_original_webhook_message" | "get_webhook_message" => webhooks::get_message,
        "update_original_webhook_message" | "update_webhook_message" => webhooks::update_message,
        "delete_original_webhook_message" | "delete_webhook_message" => webhooks::delete_message,
        _ => return None,
    })
}

/// What one request produced, before it becomes an HTTP response.
struct Outcome {
    status: StatusCode,
    body: Option<Value>,
    headers: Vec<(&'static str, String)>,
    application_id: Option<u64>,
    operation: Option<String>,
    request_body: Value,
}

impl Outcome {
    fn error(error: ApiError, operation: Option<String>) -> Self {
        Self {
            status: error.status,
            body: Some(error.body),
            headers: error.headers,
            application_id: None,
            operation,
            request_body: Value::Null,
        }
    }
}

/// The handler of everything under `/api/v10`.
pub async fn handle(
    State(sim): State<Arc<Sim>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    bytes: Bytes,
) -> Response {
    let full_path = uri.path().to_owned();
    let path = full_path
        .strip_prefix("/api/v10")
        .unwrap_or(&full_path)
        .to_owned();
    let raw_query = uri.query().unwrap_or_default().to_owned();
    let query: Vec<(String, String)> = body::parse_query(&raw_query);
    let outcome = process(&sim, &method, &path, &query, &headers, &bytes);
    let error_code = outcome
        .body
        .as_ref()
        .filter(|_| !outcome.status.is_success())
        .and_then(|b| b.get("code"))
        .and_then(Value::as_u64);
    let mut response_errors = Vec::new();
    if sim.check_responses
        && let Some(operation) = outcome
            .operation
            .as_deref()
            .and_then(|_| sim.spec.find_operation(method.as_str(), &path))
    {
        let body = outcome.body.clone().unwrap_or(Value::Null);
        if let Err(errors) = operation.validate_response(outcome.status.as_u16(), &body) {
            tracing::warn!(
                operation = operation.operation_id(),
                ?errors,
                "response does not match the spec"
            );
            response_errors = errors;
        }
    }
    lock(&sim.log).push(LoggedRequest {
        seq: 0,
        method: method.to_string(),
        path: full_path,
        query: raw_query,
        body: outcome.request_body.clone(),
        status: outcome.status.as_u16(),
        error_code,
        application_id: outcome.application_id,
        operation: outcome.operation.clone(),
        response_errors,
    });
    let mut response = match outcome.body {
        Some(body) => (outcome.status, axum::Json(body)).into_response(),
        None => outcome.status.into_response(),
    };
    for (name, value) in outcome.headers {
        if let Ok(value) = HeaderValue::from_str(&value) {
            response.headers_mut().insert(name, value);
        }
    }
    response
}

fn process(
    sim: &Sim,
    method: &Method,
    path: &str,
    query: &[(String, String)],
    headers: &HeaderMap,
    bytes: &Bytes,
) -> Outcome {
    let Some(operation) = sim.spec.find_operation(method.as_str(), path) else {
        return Outcome::error(ApiError::route_not_found(), None);
    };
    let operation_id = operation.operation_id().to_owned();
    let named = Some(operation_id.clone());
    if let Some(error) = lock(&sim.faults).take(method.as_str(), path) {
        return Outcome::error(error, named);
    }
    let (caller, identity) = match auth::authenticate(sim, headers, &operation_id) {
        Ok(found) => found,
        Err(error) => return Outcome::error(error, named),
    };
    let application_id = caller.application_id();
    let mut rate_headers: Option<BucketHeaders> = None;
    if lock(&sim.limiter).enabled() {
        match lock(&sim.limiter).check(
            &identity,
            method.as_str(),
            operation.template(),
            operation.path_params(),
            Instant::now(),
        ) {
            Ok(headers) => rate_headers = headers,
            Err((error, headers)) => {
                let mut outcome = Outcome::error(error, named);
                outcome.application_id = application_id;
                if let Some(headers) = headers {
                    outcome.headers.extend(headers.pairs());
                }
                return outcome;
            }
        }
    }
    let extra_headers = rate_headers.map(|h| h.pairs()).unwrap_or_default();
    let parsed = match body::parse_body(headers, bytes) {
        Ok(parsed) => parsed,
        Err(error) => {
            let mut outcome = Outcome::error(error, named);
            outcome.application_id = application_id;
            outcome.headers.extend(extra_headers);
            return outcome;
        }
    };
    let body::Parsed {
        json: parsed,
        files,
    } = parsed;
    let request_body = parsed.clone().unwrap_or(Value::Null);
    let result = match operation.validate_request(query, parsed.as_ref()) {
        Err(errors) => Err(ApiError::form(&errors)),
        Ok(()) => match handler(&operation_id) {
            None => Err(ApiError::new(
                StatusCode::NOT_IMPLEMENTED,
                0,
                &format!("discord-sim does not implement {operation_id}"),
            )),
            Some(handler) => {
                let mut req = Req::new(sim, &operation, query, parsed, caller);
                req.files = files;
                handler(&mut req)
            }
        },
    };
    let (status, body, mut headers) = match result {
        Ok(Reply::Json(status, body)) => (status, Some(body), Vec::new()),
        Ok(Reply::NoContent) => (StatusCode::NO_CONTENT, None, Vec::new()),
        Err(error) => (error.status, Some(error.body), error.headers),
    };
    // A handler's own 429 (a channel renamed too often) carries its own bucket headers.
    if !headers
        .iter()
        .any(|(name, _)| name.starts_with("x-ratelimit-"))
    {
        headers.extend(extra_headers);
    }
    Outcome {
        status,
        body,
        headers,
        application_id,
        operation: named,
        request_body,
    }
}
