//! The dashboard pages of one server: who may see them, and the routes.
//!
//! Every page and every form post checks on the server that the caller is logged in and is a bot
//! admin of the server in the URL, and every id inside a form is looked up within that server:
//! anything else is a 404, so another server's existence is not even confirmed.

mod blacklist;
mod forms;
mod multi_panels;
mod panels;
mod settings;
mod tags;
mod teams;
mod tickets;
mod view;

use crate::pages::message_page;
use crate::server::WebState;
use crate::session;
use axum::Router;
use axum::extract::{FromRequestParts, RawPathParams};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use tickets_i18n::Locale;
use tickets_model::GuildId;
use tickets_model::permissions::PermissionLevel;

/// The dashboard's routes.
pub fn routes() -> Router<WebState> {
    Router::new()
        .route(
            "/guilds/{guild}/settings",
            get(settings::show).post(settings::save),
        )
        .route(
            "/guilds/{guild}/panels",
            get(panels::list).post(panels::create),
        )
        .route(
            "/guilds/{guild}/panels/{panel}",
            get(panels::edit).post(panels::update),
        )
        .route(
            "/guilds/{guild}/panels/{panel}/delete",
            post(panels::delete),
        )
        .route(
            "/guilds/{guild}/panels/{panel}/resend",
            post(panels::resend),
        )
        .route(
            "/guilds/{guild}/forms",
            get(forms::list).post(forms::create),
        )
        .route(
            "/guilds/{guild}/forms/{form}",
            get(forms::edit).post(forms::save),
        )
        .route("/guilds/{guild}/forms/{form}/delete", post(forms::delete))
        .route(
            "/guilds/{guild}/blacklist",
            get(blacklist::list).post(blacklist::add),
        )
        .route("/guilds/{guild}/blacklist/remove", post(blacklist::remove))
        .route(
            "/guilds/{guild}/teams",
            get(teams::list).post(teams::create),
        )
        .route("/guilds/{guild}/tickets", get(tickets::list))
        .route("/guilds/{guild}/tags", get(tags::list).post(tags::create))
        .route(
            "/guilds/{guild}/tags/{tag}",
            get(tags::edit).post(tags::update),
        )
        .route("/guilds/{guild}/tags/{tag}/delete", post(tags::delete))
        .route("/guilds/{guild}/teams/default", post(teams::add_staff))
        .route(
            "/guilds/{guild}/teams/default/remove",
            post(teams::remove_staff),
        )
        .route("/guilds/{guild}/teams/{team}/delete", post(teams::delete))
        .route(
            "/guilds/{guild}/teams/{team}/members",
            post(teams::add_member),
        )
        .route(
            "/guilds/{guild}/teams/{team}/members/remove",
            post(teams::remove_member),
        )
        .route(
            "/guilds/{guild}/multi-panels",
            get(multi_panels::list).post(multi_panels::create),
        )
        .route(
            "/guilds/{guild}/multi-panels/{id}",
            get(multi_panels::edit).post(multi_panels::update),
        )
        .route(
            "/guilds/{guild}/multi-panels/{id}/delete",
            post(multi_panels::delete),
        )
        .route(
            "/guilds/{guild}/multi-panels/{id}/resend",
            post(multi_panels::resend),
        )
}

/// A bot admin looking at one of their servers.
#[derive(Debug, Clone)]
pub struct Admin {
    /// The server.
    pub guild: GuildId,
    /// Its name.
    pub server: String,
    /// The language of the pages.
    pub locale: Locale,
    /// Whether the visitor is a bot admin (support staff see fewer pages).
    pub is_admin: bool,
}

/// A staff member (support or admin) looking at one of their servers: the pages about tickets
/// take this instead of [`Admin`].
#[derive(Debug, Clone)]
pub struct Staff {
    /// The server and the page language, as for admins.
    pub view: Admin,
    /// Who is looking, with their roles (support comes from teams and roles).
    pub caller: tickets_core::access::Caller,
}

impl FromRequestParts<WebState> for Staff {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &WebState) -> Result<Self, Response> {
        let params = RawPathParams::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let guild = params
            .iter()
            .find(|(name, _)| *name == "guild")
            .map(|(_, value)| value.to_owned())
            .unwrap_or_default();
        let (view, caller) =
            authorize(state, &parts.headers, &guild, PermissionLevel::Support).await?;
        Ok(Self { view, caller })
    }
}

/// Every dashboard handler takes an [`Admin`]: the `{guild}` of its path is checked before the
/// handler runs, so no handler can forget to.
impl FromRequestParts<WebState> for Admin {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &WebState) -> Result<Self, Response> {
        let params = RawPathParams::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let guild = params
            .iter()
            .find(|(name, _)| *name == "guild")
            .map(|(_, value)| value.to_owned())
            .unwrap_or_default();
        authorize(state, &parts.headers, &guild, PermissionLevel::Admin)
            .await
            .map(|(admin, _)| admin)
    }
}

/// Lets a member of `raw_guild` with at least `needed` through; everyone else gets a login
/// redirect or a 404.
async fn authorize(
    state: &WebState,
    headers: &HeaderMap,
    raw_guild: &str,
    needed: PermissionLevel,
) -> Result<(Admin, tickets_core::access::Caller), Response> {
    let Some(session) = session::current(state, headers).await else {
        return Err((StatusCode::SEE_OTHER, [(header::LOCATION, "/login")]).into_response());
    };
    let core = &state.core;
    let not_found = || not_found(state, &Locale::english());
    let guild: GuildId = raw_guild.parse().map_err(|_| not_found())?;
    let known = match core.db().guilds().get(guild).await {
        Ok(Some(known)) => known,
        Ok(None) => return Err(not_found()),
        Err(error) => {
            tracing::warn!(%error, "could not read a guild");
            return Err(crate::pages::error_page(state.core.catalog()));
        }
    };
    let (caller, level) = match core
        .dashboard_caller(guild, session.user_id, &session.member_guilds)
        .await
    {
        Ok((caller, level)) if level >= needed => (caller, level),
        Ok(_) => return Err(not_found()),
        Err(error) => {
            tracing::warn!(%error, "could not check a dashboard user's level");
            return Err(crate::pages::error_page(state.core.catalog()));
        }
    };
    let language = core
        .db()
        .settings()
        .get(guild)
        .await
        .ok()
        .and_then(|s| s.language);
    let admin = Admin {
        guild,
        server: known.name,
        locale: core.catalog().resolve(language.as_deref(), None),
        is_admin: level == PermissionLevel::Admin,
    };
    Ok((admin, caller))
}

pub(crate) fn not_found(state: &WebState, locale: &Locale) -> Response {
    let text = |key: &str| state.core.catalog().text(locale, key, &[]);
    message_page(
        state.core.catalog(),
        StatusCode::NOT_FOUND,
        &text("dash-not-found"),
        &text("dash-not-found-text"),
    )
}
