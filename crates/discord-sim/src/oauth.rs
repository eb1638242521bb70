//! The OAuth2 provider the dashboard logs in with: the authorization page (or `login_as` for
//! scripts), the token endpoint (authorization code with PKCE, refresh token) and bearer tokens
//! for `/users/@me` and `/users/@me/guilds`.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::{Form, Json};
use base64::Engine as _;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::requests::LoggedRequest;
use crate::sim::{Sim, lock};
use crate::state::grants::{AuthCode, Grant};
use crate::state::setup::random_text;

const CODE_LIFETIME: Duration = Duration::from_secs(600);
const TOKEN_LIFETIME: Duration = Duration::from_secs(7 * 24 * 3600);
const KNOWN_SCOPES: [&str; 6] = [
    "identify",
    "guilds",
    "email",
    "guilds.members.read",
    "connections",
    "openid",
];

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn encode(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

fn page_error(message: &str) -> Response {
    (StatusCode::BAD_REQUEST, Html(format!("<!doctype html><title>Invalid OAuth2 request</title><h1>Invalid OAuth2 request</h1><p>{}</p>", escape(message)))).into_response()
}

/// `GET /oauth2/authorize`.
pub async fn authorize(
    State(sim): State<Arc<Sim>>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let get = |key: &str| query.get(key).map(String::as_str).unwrap_or_default();
    let Some(app_id) = get("client_id").parse::<u64>().ok() else {
        return page_error("Unknown client_id");
    };
    let mut world = sim.world();
    let Some(app) = world.applications.get(&app_id) else {
        return page_error("Unknown client_id");
    };
    let scopes: Vec<String> = get("scope")
        .split([' ', '+'])
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    if scopes.iter().any(|s| s == "bot") {
        return page_error(
            "Adding a bot is done with PUT /_sim/guilds/{guild}/applications/{application} on the simulator",
        );
    }
    let redirect_uri = get("redirect_uri").to_owned();
    if redirect_uri.is_empty()
        || (!app.redirect_uris.is_empty() && !app.redirect_uris.contains(&redirect_uri))
    {
        return page_error("Invalid redirect_uri");
    }
    let separator = if redirect_uri.contains('?') { '&' } else { '?' };
    let state = query
        .get("state")
        .map(|s| format!("&state={}", encode(s)))
        .unwrap_or_default();
    let fail = |error: &str| {
        Redirect::to(&format!("{redirect_uri}{separator}error={error}{state}")).into_response()
    };
    if get("response_type") != "code" {
        return fail("unsupported_response_type");
    }
    if scopes.is_empty() || scopes.iter().any(|s| !KNOWN_SCOPES.contains(&s.as_str())) {
        return fail("invalid_scope");
    }
    let challenge = query.get("code_challenge").cloned();
    if challenge.is_some() && get("code_challenge_method") != "S256" {
        return fail("invalid_request");
    }
    let Some(user_id) = query.get("login_as").and_then(|u| u.parse::<u64>().ok()) else {
        let app_name = app.name.clone();
        let mut list = String::new();
        for user in world.users.values().filter(|u| !u.bot) {
            let mut link = String::from("/oauth2/authorize?");
            for (key, value) in &query {
                let _ = write!(link, "{}={}&", encode(key), encode(value));
            }
            let _ = write!(link, "login_as={}", user.id);
            let _ = write!(
                list,
                "<li><a href=\"{}\">{}</a> <small>{}</small></li>",
                escape(&link),
                escape(user.global_name.as_deref().unwrap_or(&user.username)),
                escape(&user.username)
            );
        }
        return Html(format!(
            "<!doctype html><meta charset=utf-8><title>Discord simulator: log in</title><h1>{} wants to access your account</h1><p>Scopes: {}</p><p>Log in as:</p><ul>{list}</ul>",
            escape(&app_name),
            escape(&scopes.join(", "))
        ))
        .into_response();
    };
    if world.users.get(&user_id).is_none_or(|u| u.bot) {
        return fail("access_denied");
    }
    let code = random_text(30);
    world.auth_codes.insert(
        code.clone(),
        AuthCode {
            application_id: app_id,
            user_id,
            redirect_uri: redirect_uri.clone(),
            scopes,
            code_challenge: challenge,
            expires: Instant::now() + CODE_LIFETIME,
        },
    );
    Redirect::to(&format!("{redirect_uri}{separator}code={code}{state}")).into_response()
}

fn token_error(status: StatusCode, error: &str, description: &str) -> (StatusCode, Value) {
    (
        status,
        json!({"error": error, "error_description": description}),
    )
}

/// Client credentials from the form or from HTTP Basic authentication.
fn client(headers: &HeaderMap, form: &HashMap<String, String>) -> Option<(String, String)> {
    if let Some(basic) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "))
    {
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(basic.trim())
            .ok()?;
        let text = String::from_utf8(decoded).ok()?;
        let (id, secret) = text.split_once(':')?;
        return Some((id.to_owned(), secret.to_owned()));
    }
    Some((
        form.get("client_id")?.clone(),
        form.get("client_secret")?.clone(),
    ))
}

fn exchange(sim: &Sim, headers: &HeaderMap, form: &HashMap<String, String>) -> (StatusCode, Value) {
    let mut world = sim.world();
    let Some((client_id, secret)) = client(headers, form) else {
        return token_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "Client authentication is required",
        );
    };
    let app = client_id
        .parse::<u64>()
        .ok()
        .and_then(|id| world.applications.get(&id));
    let Some(app_id) = app.filter(|a| a.client_secret == secret).map(|a| a.id) else {
        return token_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "Invalid client credentials",
        );
    };
    let grant = match form.get("grant_type").map(String::as_str) {
        Some("authorization_code") => {
            let code = form.get("code").cloned().unwrap_or_default();
            // A code works once, even when the exchange then fails.
            let Some(found) = world.auth_codes.remove(&code) else {
                return token_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_grant",
                    "Invalid \"code\" in request.",
                );
            };
            if found.application_id != app_id || found.expires < Instant::now() {
                return token_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_grant",
                    "Invalid \"code\" in request.",
                );
            }
            if form.get("redirect_uri") != Some(&found.redirect_uri) {
                return token_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_grant",
                    "Invalid \"redirect_uri\" in request.",
                );
            }
            if let Some(challenge) = &found.code_challenge {
                let verifier = form.get("code_verifier").cloned().unwrap_or_default();
                let computed = base64::engine::general_purpose::URL_SAFE_NO_PAD
                    .encode(Sha256::digest(verifier.as_bytes()));
                if &computed != challenge {
                    return token_error(
                        StatusCode::BAD_REQUEST,
                        "invalid_grant",
                        "Invalid \"code_verifier\" in request.",
                    );
                }
            }
            Grant {
                application_id: app_id,
                user_id: found.user_id,
                scopes: found.scopes,
                expires: Instant::now() + TOKEN_LIFETIME,
            }
        }
        Some("refresh_token") => {
            let token = form.get("refresh_token").cloned().unwrap_or_default();
            match world
                .refresh_tokens
                .remove(&token)
                .filter(|g| g.application_id == app_id)
            {
                Some(old) => Grant {
                    expires: Instant::now() + TOKEN_LIFETIME,
                    ..old
                },
                None => {
                    return token_error(
                        StatusCode::BAD_REQUEST,
                        "invalid_grant",
                        "Invalid \"refresh_token\" in request.",
                    );
                }
            }
        }
        _ => {
            return token_error(
                StatusCode::BAD_REQUEST,
                "unsupported_grant_type",
                "Unsupported grant type",
            );
        }
    };
    let access = random_text(30);
    let refresh = random_text(30);
    let scope = grant.scopes.join(" ");
    world.access_tokens.insert(access.clone(), grant.clone());
    world.refresh_tokens.insert(refresh.clone(), grant);
    (
        StatusCode::OK,
        json!({
            "access_token": access,
            "token_type": "Bearer",
            "expires_in": TOKEN_LIFETIME.as_secs(),
            "refresh_token": refresh,
            "scope": scope,
        }),
    )
}

/// `POST /api/v10/oauth2/token` (form-encoded).
pub async fn token(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let (status, body) = exchange(&sim, &headers, &form);
    let mut logged = form.clone();
    for secret in ["client_secret", "code_verifier"] {
        if logged.contains_key(secret) {
            logged.insert(secret.to_owned(), "***".to_owned());
        }
    }
    lock(&sim.log).push(LoggedRequest {
        seq: 0,
        method: "POST".to_owned(),
        path: "/api/v10/oauth2/token".to_owned(),
        query: String::new(),
        body: json!(logged),
        status: status.as_u16(),
        error_code: None,
        application_id: form.get("client_id").and_then(|c| c.parse().ok()),
        operation: Some("oauth2_token".to_owned()),
        response_errors: Vec::new(),
    });
    (status, Json(body)).into_response()
}
