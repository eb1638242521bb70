//! Credentials: `Authorization: Bot <token>` for bots, `Bearer <token>` for OAuth2 users, none
//! for the routes authenticated by a token in their path.

use std::time::Instant;

use axum::http::HeaderMap;
use axum::http::header::AUTHORIZATION;

use super::context::Caller;
use crate::errors::ApiError;
use crate::sim::Sim;

/// Operations that accept no credentials.
fn anonymous_allowed(operation_id: &str) -> bool {
    matches!(
        operation_id,
        "get_gateway"
            | "create_interaction_response"
            | "execute_webhook"
            | "get_webhook_by_token"
            | "get_original_webhook_message"
            | "update_original_webhook_message"
            | "delete_original_webhook_message"
            | "get_webhook_message"
            | "update_webhook_message"
            | "delete_webhook_message"
    )
}

/// Operations an OAuth2 access token may call, with the scope each needs.
fn bearer_scope(operation_id: &str) -> Option<&'static str> {
    match operation_id {
        "get_my_user" => Some("identify"),
        "list_my_guilds" => Some("guilds"),
        "get_my_guild_member" => Some("guilds.members.read"),
        _ => None,
    }
}

/// Identifies the caller; the second value keys rate limits (the token).
///
/// # Errors
///
/// 401 for unknown or missing credentials where the route needs them, 403 50001 for a bearer
/// token lacking the route's scope.
pub fn authenticate(
    sim: &Sim,
    headers: &HeaderMap,
    operation_id: &str,
) -> Result<(Caller, String), ApiError> {
    let header = headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .map(str::trim);
    let Some(header) = header.filter(|h| !h.is_empty()) else {
        return if anonymous_allowed(operation_id) {
            Ok((Caller::Anonymous, String::new()))
        } else {
            Err(ApiError::unauthorized())
        };
    };
    let world = sim.world();
    if let Some(token) = header.strip_prefix("Bot ") {
        let app = world
            .application_by_token(token.trim())
            .ok_or_else(ApiError::unauthorized)?;
        return Ok((
            Caller::Bot {
                application_id: app.id,
                user_id: app.bot_user_id,
            },
            token.to_owned(),
        ));
    }
    if let Some(token) = header.strip_prefix("Bearer ") {
        let grant = world
            .access_tokens
            .get(token.trim())
            .filter(|g| g.expires > Instant::now())
            .ok_or_else(ApiError::unauthorized)?;
        let scope = bearer_scope(operation_id).ok_or_else(ApiError::unauthorized)?;
        if !grant.scopes.iter().any(|s| s == scope) {
            return Err(ApiError::missing_access());
        }
        return Ok((
            Caller::Bearer {
                application_id: grant.application_id,
                user_id: grant.user_id,
                scopes: grant.scopes.clone(),
            },
            token.to_owned(),
        ));
    }
    Err(ApiError::unauthorized())
}
