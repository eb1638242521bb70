//! Dashboard sessions: a random cookie whose SHA-256 is stored, so a stolen database holds no
//! usable session.

use crate::oauth::{DiscordGuild, DiscordUser, random_token};
use crate::server::WebState;
use axum::http::{HeaderMap, header};
use sha2::{Digest, Sha256};
use tickets_core::now_ms;
use tickets_model::{GuildId, UserId};
use tickets_store::sessions::{NewSession, SessionRow};

/// The cookie's name.
pub const SESSION_COOKIE: &str = "tickets_session";

/// The stored form of a session id.
pub fn hash(id: &str) -> String {
    hex::encode(Sha256::digest(id.as_bytes()))
}

/// The session cookie's value, if the browser sent one.
pub fn cookie_value(headers: &HeaderMap) -> Option<String> {
    named_cookie(headers, SESSION_COOKIE)
}

/// A cookie's value, if the browser sent it.
fn named_cookie(headers: &HeaderMap, wanted: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == wanted)
        .map(|(_, value)| value.to_owned())
}

/// The cookie that remembers, across a login, the dashboard page a visitor was sent to log in
/// from (a "View transcript" link, say), so that the login ends there rather than on the list of
/// servers.
const RETURN_COOKIE: &str = "tickets_return";

/// Whether `path` may be returned to: one of our dashboard pages, never another site (`//host`),
/// and plain characters only, since it goes back into a header.
fn returnable(path: &str) -> bool {
    path.starts_with("/guilds/")
        && !path.contains("//")
        && path
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'/' | b'-' | b'_'))
}

/// The `Set-Cookie` value remembering `path` to return to after the login, when it may be.
#[must_use]
pub fn return_cookie(path: &str) -> Option<String> {
    returnable(path).then(|| {
        format!("{RETURN_COOKIE}={path}; Path=/login; HttpOnly; SameSite=Lax; Max-Age=600")
    })
}

/// Where a finished login goes: the remembered page, else the list of servers; and the
/// `Set-Cookie` value that forgets it.
#[must_use]
pub fn return_target(headers: &HeaderMap) -> (String, String) {
    let target = named_cookie(headers, RETURN_COOKIE)
        .filter(|path| returnable(path))
        .unwrap_or_else(|| "/".to_owned());
    let forget = format!("{RETURN_COOKIE}=; Path=/login; HttpOnly; SameSite=Lax; Max-Age=0");
    (target, forget)
}

/// Stores a new session and returns its `Set-Cookie` header value.
///
/// # Errors
///
/// A malformed user id from Discord, or storage failures.
pub async fn open(
    state: &WebState,
    user: &DiscordUser,
    guilds: &[DiscordGuild],
    lifetime_ms: i64,
) -> anyhow::Result<String> {
    let user_id: UserId = user.id.parse()?;
    let owned: Vec<GuildId> = guilds
        .iter()
        .filter(|g| g.owner)
        .filter_map(|g| g.id.parse().ok())
        .collect();
    let member_of: Vec<GuildId> = guilds.iter().filter_map(|g| g.id.parse().ok()).collect();
    let id = random_token();
    let now = now_ms();
    state
        .core
        .open_session(&NewSession {
            id_hash: hash(&id),
            user_id,
            username: user
                .global_name
                .clone()
                .unwrap_or_else(|| user.username.clone()),
            avatar: user.avatar.clone(),
            access_token: None,
            owned_guilds: owned,
            member_guilds: member_of,
            created_at: now,
            expires_at: now + lifetime_ms,
        })
        .await?;
    let secure = if state.config.public_url.starts_with("https://") {
        "; Secure"
    } else {
        ""
    };
    Ok(format!(
        "{SESSION_COOKIE}={id}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{secure}",
        lifetime_ms / 1000
    ))
}

/// The session of this request, if it is valid.
pub async fn current(state: &WebState, headers: &HeaderMap) -> Option<SessionRow> {
    let id = cookie_value(headers)?;
    match state.core.session(&hash(&id), now_ms()).await {
        Ok(session) => session,
        Err(error) => {
            tracing::warn!(%error, "could not read a session");
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn finds_our_cookie_among_others() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; tickets_session=abc; b=2"),
        );
        assert_eq!(cookie_value(&headers).as_deref(), Some("abc"));
        assert_eq!(hash("abc").len(), 64);
    }

    #[test]
    fn a_login_returns_only_to_our_own_dashboard_pages() {
        assert!(return_cookie("/guilds/1/transcripts/7").is_some());
        for refused in ["/", "//evil.example/guilds/1", "/guilds/1/../../x", "/guilds/1?x=\r\n", "https://x/guilds/1"] {
            assert!(return_cookie(refused).is_none(), "{refused}");
        }
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("tickets_return=/guilds/1/transcripts/7"),
        );
        assert_eq!(return_target(&headers).0, "/guilds/1/transcripts/7");
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("tickets_return=//evil.example"),
        );
        assert_eq!(return_target(&headers).0, "/");
        assert_eq!(return_target(&HeaderMap::new()).0, "/");
    }
}
