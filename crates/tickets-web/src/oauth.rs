//! Discord OAuth2 login with state and PKCE: `/login`, `/login/callback`, `/logout`.

use crate::pages;
use crate::server::WebState;
use crate::session::{self, SESSION_COOKIE};
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use tickets_core::now_ms;

/// A login may take this long between leaving for Discord and coming back.
const LOGIN_WINDOW_MS: i64 = 10 * 60 * 1000;

/// Random bytes, URL-safe base64: for states, PKCE verifiers and session ids.
pub(crate) fn random_token() -> String {
    let bytes: [u8; 32] = rand::random();
    URL_SAFE_NO_PAD.encode(bytes)
}

fn redirect_uri(state: &WebState) -> String {
    format!("{}/login/callback", state.config.public_url)
}

/// Sends the browser to Discord's consent page.
pub async fn login(State(state): State<WebState>) -> Response {
    if state.config.client_secret.is_none() {
        return pages::message_page(
            state.core.catalog(),
            StatusCode::SERVICE_UNAVAILABLE,
            "Login is not configured",
            "Set DISCORD_CLIENT_SECRET to the application's OAuth2 client secret to enable the dashboard login.",
        );
    }
    let csrf_state = random_token();
    let verifier = random_token();
    let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
    if let Err(error) = state
        .core
        .begin_login(&csrf_state, &verifier, now_ms())
        .await
    {
        tracing::error!(%error, "could not store a login state");
        return pages::error_page(state.core.catalog());
    }
    let url = format!(
        "{}/oauth2/authorize?response_type=code&client_id={}&scope=identify%20guilds&state={}&redirect_uri={}&code_challenge={}&code_challenge_method=S256&prompt=none",
        state.config.discord_url,
        state.config.client_id,
        csrf_state,
        urlencode(&redirect_uri(&state)),
        challenge,
    );
    Redirect::to(&url).into_response()
}

/// What Discord sends back.
#[derive(Debug, Deserialize)]
pub struct Callback {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

#[derive(Debug, Deserialize)]
struct TokenResponse {
    access_token: String,
    expires_in: Option<i64>,
}

/// Part of `/users/@me`.
#[derive(Debug, Deserialize)]
pub(crate) struct DiscordUser {
    pub id: String,
    pub username: String,
    pub global_name: Option<String>,
    pub avatar: Option<String>,
}

/// Part of `/users/@me/guilds`.
#[derive(Debug, Deserialize)]
pub(crate) struct DiscordGuild {
    pub id: String,
    #[serde(default)]
    pub owner: bool,
}

/// Finishes the login: checks the state, trades the code, opens a session.
pub async fn callback(
    State(state): State<WebState>,
    headers: axum::http::HeaderMap,
    Query(query): Query<Callback>,
) -> Response {
    if let Some(error) = query.error {
        return pages::message_page(
            state.core.catalog(),
            StatusCode::BAD_REQUEST,
            "Login cancelled",
            &format!("Discord said: {error}. You can try again."),
        );
    }
    let (Some(code), Some(csrf_state)) = (query.code, query.state) else {
        return pages::message_page(
            state.core.catalog(),
            StatusCode::BAD_REQUEST,
            "Login failed",
            "The link from Discord is incomplete. Please log in again.",
        );
    };
    let stored = match state
        .core
        .finish_login(&csrf_state, now_ms() - LOGIN_WINDOW_MS)
        .await
    {
        Ok(Some(stored)) => stored,
        Ok(None) => {
            return pages::message_page(
                state.core.catalog(),
                StatusCode::BAD_REQUEST,
                "Login expired",
                "This login link was already used or is too old. Please log in again.",
            );
        }
        Err(error) => {
            tracing::error!(%error, "could not read a login state");
            return pages::error_page(state.core.catalog());
        }
    };
    match finish_login(&state, &code, &stored.pkce_verifier).await {
        Ok(cookie) => {
            let (target, forget) = crate::session::return_target(&headers);
            let mut response =
                (StatusCode::SEE_OTHER, [(header::LOCATION, target)]).into_response();
            for set in [cookie, forget] {
                if let Ok(value) = header::HeaderValue::from_str(&set) {
                    response.headers_mut().append(header::SET_COOKIE, value);
                }
            }
            response
        }
        Err(error) => {
            tracing::warn!(%error, "login failed");
            pages::message_page(
                state.core.catalog(),
                StatusCode::BAD_GATEWAY,
                "Login failed",
                "Discord did not confirm the login. Please try again.",
            )
        }
    }
}

async fn finish_login(state: &WebState, code: &str, verifier: &str) -> anyhow::Result<String> {
    let api = format!("{}/api/v10", state.config.discord_url);
    let client_id = state.config.client_id.to_string();
    let secret = state.config.client_secret.clone().unwrap_or_default();
    let redirect = redirect_uri(state);
    let token: TokenResponse = state
        .http
        .post(format!("{api}/oauth2/token"))
        .form(&[
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", redirect.as_str()),
            ("code_verifier", verifier),
            ("client_id", client_id.as_str()),
            ("client_secret", secret.as_str()),
        ])
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let bearer = format!("Bearer {}", token.access_token);
    let user: DiscordUser = state
        .http
        .get(format!("{api}/users/@me"))
        .header(header::AUTHORIZATION, &bearer)
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let guilds: Vec<DiscordGuild> = state
        .http
        .get(format!("{api}/users/@me/guilds"))
        .header(header::AUTHORIZATION, &bearer)
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let lifetime_ms = token.expires_in.unwrap_or(7 * 24 * 3600).min(7 * 24 * 3600) * 1000;
    session::open(state, &user, &guilds, lifetime_ms).await
}

/// Ends the session.
pub async fn logout(State(state): State<WebState>, headers: HeaderMap) -> Response {
    if let Some(id) = session::cookie_value(&headers)
        && let Err(error) = state.core.end_session(&session::hash(&id)).await
    {
        tracing::warn!(%error, "could not delete a session");
    }
    (
        StatusCode::SEE_OTHER,
        [
            (
                header::SET_COOKIE,
                format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0"),
            ),
            (header::LOCATION, "/".to_owned()),
        ],
    )
        .into_response()
}

/// Percent-encodes a query value.
pub(crate) fn urlencode(value: &str) -> String {
    let mut out = String::with_capacity(value.len() * 3);
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirect_uri_is_fully_encoded() {
        assert_eq!(
            urlencode("http://127.0.0.1:8080/login/callback"),
            "http%3A%2F%2F127.0.0.1%3A8080%2Flogin%2Fcallback"
        );
    }

    #[test]
    fn tokens_are_unique_and_url_safe() {
        let a = random_token();
        assert_ne!(a, random_token());
        assert_eq!(a.len(), 43);
        assert!(
            a.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        );
    }
}
