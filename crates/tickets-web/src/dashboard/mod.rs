//! The dashboard pages of one server: who may see them, and the routes.
//!
//! Every page and every form post checks on the server that the caller is logged in and is a bot
//! admin of the server in the URL, and every id inside a form is looked up within that server:
//! anything else is a 404, so another server's existence is not even confirmed.

mod autoclose;
mod blacklist;
mod forms;
mod live_ticket;
mod multi_panels;
mod panels;
mod route_list;
mod settings;
mod tags;
mod teams;
mod tickets;
mod transcript_view;
mod transcripts;
mod view;

use crate::pages::message_page;
use crate::server::WebState;
use crate::session;
use axum::Router;
use axum::extract::{FromRequestParts, RawPathParams};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
pub(crate) use live_ticket::Stopping;
use route_list::Listed;
pub use route_list::Method;
use tickets_core::access::Caller;
use tickets_i18n::Locale;
use tickets_model::GuildId;
use tickets_model::permissions::{Capability, PermissionLevel};

/// The dashboard's routes.
pub fn routes() -> Router<WebState> {
    listed().router()
}

/// Every (method, path) of [`routes`], in the order they are registered.
#[must_use]
pub fn route_list() -> Vec<(Method, &'static str)> {
    listed().routes()
}

fn listed() -> Listed {
    Listed::new()
        .get("/guilds/{guild}/settings", settings::show)
        .post("/guilds/{guild}/settings", settings::save)
        .post("/guilds/{guild}/settings/autoclose", autoclose::save)
        .get("/guilds/{guild}/panels", panels::list)
        .post("/guilds/{guild}/panels", panels::create)
        .get("/guilds/{guild}/panels/{panel}", panels::edit)
        .post("/guilds/{guild}/panels/{panel}", panels::update)
        .post("/guilds/{guild}/panels/{panel}/delete", panels::delete)
        .post("/guilds/{guild}/panels/{panel}/resend", panels::resend)
        .get("/guilds/{guild}/forms", forms::list)
        .post("/guilds/{guild}/forms", forms::create)
        .get("/guilds/{guild}/forms/{form}", forms::edit)
        .post("/guilds/{guild}/forms/{form}", forms::save)
        .post("/guilds/{guild}/forms/{form}/delete", forms::delete)
        .get("/guilds/{guild}/blacklist", blacklist::list)
        .post("/guilds/{guild}/blacklist", blacklist::add)
        .post("/guilds/{guild}/blacklist/remove", blacklist::remove)
        .get("/guilds/{guild}/teams", teams::list)
        .post("/guilds/{guild}/teams", teams::create)
        .get("/guilds/{guild}/tickets", tickets::list)
        .get("/guilds/{guild}/tickets/{ticket}", live_ticket::show)
        .get(
            "/guilds/{guild}/tickets/{ticket}/events",
            live_ticket::events,
        )
        .post("/guilds/{guild}/tickets/{ticket}/reply", live_ticket::reply)
        .post("/guilds/{guild}/tickets/{ticket}/close", live_ticket::close)
        .get("/guilds/{guild}/transcripts", transcripts::list)
        .get(
            "/guilds/{guild}/transcripts/{number}",
            transcript_view::show,
        )
        .get(
            "/guilds/{guild}/transcripts/{number}/files/{file}",
            transcript_view::file,
        )
        .post(
            "/guilds/{guild}/transcripts/{number}/delete",
            transcripts::delete,
        )
        .get("/guilds/{guild}/tags", tags::list)
        .post("/guilds/{guild}/tags", tags::create)
        .get("/guilds/{guild}/tags/{tag}", tags::edit)
        .post("/guilds/{guild}/tags/{tag}", tags::update)
        .post("/guilds/{guild}/tags/{tag}/delete", tags::delete)
        .post("/guilds/{guild}/teams/default", teams::add_staff)
        .post("/guilds/{guild}/teams/default/remove", teams::remove_staff)
        .post("/guilds/{guild}/teams/{team}/delete", teams::delete)
        .post("/guilds/{guild}/teams/{team}/members", teams::add_member)
        .post(
            "/guilds/{guild}/teams/{team}/members/remove",
            teams::remove_member,
        )
        .get("/guilds/{guild}/multi-panels", multi_panels::list)
        .post("/guilds/{guild}/multi-panels", multi_panels::create)
        .get("/guilds/{guild}/multi-panels/{id}", multi_panels::edit)
        .post("/guilds/{guild}/multi-panels/{id}", multi_panels::update)
        .post(
            "/guilds/{guild}/multi-panels/{id}/delete",
            multi_panels::delete,
        )
        .post(
            "/guilds/{guild}/multi-panels/{id}/resend",
            multi_panels::resend,
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
    /// The visitor's level there (the navigation shows what it allows).
    pub level: PermissionLevel,
    /// The visitor, as the use cases take them.
    pub caller: Caller,
}

/// A staff member (support or admin) looking at one of their servers: the pages about tickets
/// take this instead of [`Admin`].
#[derive(Debug, Clone)]
pub struct Staff {
    /// The server, the page language and the visitor, as for admins.
    pub view: Admin,
}

/// One page of a server's dashboard: its path segment, its title in the catalog, and what a
/// visitor must be allowed to do to open it. The navigation shows exactly the pages a visitor may
/// open, and every route under the page's segment is checked against the same entry.
#[derive(Debug, Clone, Copy)]
pub struct Page {
    /// `/guilds/{guild}/<segment>...`.
    pub segment: &'static str,
    /// The catalog key of its title.
    pub title_key: &'static str,
    /// What it lets a visitor do.
    pub capability: Capability,
}

/// Every page, in the navigation's order.
pub const PAGES: [Page; 9] = [
    Page {
        segment: "tickets",
        title_key: "dash-nav-tickets",
        capability: Capability::ListTickets,
    },
    Page {
        segment: "transcripts",
        title_key: "dash-nav-transcripts",
        capability: Capability::ViewTranscripts,
    },
    Page {
        segment: "settings",
        title_key: "dash-nav-settings",
        capability: Capability::ManageSettings,
    },
    Page {
        segment: "panels",
        title_key: "dash-nav-panels",
        capability: Capability::ManagePanels,
    },
    Page {
        segment: "multi-panels",
        title_key: "dash-nav-multi-panels",
        capability: Capability::ManagePanels,
    },
    Page {
        segment: "forms",
        title_key: "dash-nav-forms",
        capability: Capability::ManagePanels,
    },
    Page {
        segment: "teams",
        title_key: "dash-nav-teams",
        capability: Capability::ManageTeams,
    },
    Page {
        segment: "tags",
        title_key: "dash-nav-tags",
        capability: Capability::ManageTags,
    },
    Page {
        segment: "blacklist",
        title_key: "dash-nav-blacklist",
        capability: Capability::ManageBlacklist,
    },
];

/// The pages a visitor at `level` may open.
pub fn pages_for(level: PermissionLevel) -> impl Iterator<Item = &'static Page> {
    PAGES.iter().filter(move |p| p.capability.allowed_at(level))
}

/// The page a visitor at `level` starts on: the settings for those who may change them, else
/// the first page they may open.
pub fn landing_page(level: PermissionLevel) -> Option<&'static Page> {
    pages_for(level)
        .find(|p| p.capability == Capability::ManageSettings)
        .or_else(|| pages_for(level).next())
}

/// The page a request is for, from the segment after `/guilds/{guild}/`.
fn page_of(parts: &Parts) -> Option<&'static Page> {
    let path = parts
        .extensions
        .get::<axum::extract::OriginalUri>()
        .map_or_else(|| parts.uri.path(), |uri| uri.0.path());
    let segment = path.trim_start_matches('/').split('/').nth(2)?;
    PAGES.iter().find(|p| p.segment == segment)
}

/// The `{guild}` of the matched path.
async fn path_guild(parts: &mut Parts, state: &WebState) -> Result<String, Response> {
    let params = RawPathParams::from_request_parts(parts, state)
        .await
        .map_err(IntoResponse::into_response)?;
    Ok(params
        .iter()
        .find(|(name, _)| *name == "guild")
        .map(|(_, value)| value.to_owned())
        .unwrap_or_default())
}

impl FromRequestParts<WebState> for Staff {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &WebState) -> Result<Self, Response> {
        Ok(Self {
            view: Admin::from_request_parts(parts, state).await?,
        })
    }
}

/// Every dashboard handler takes an [`Admin`]: the `{guild}` of its path is checked before the
/// handler runs, so no handler can forget to. The use cases check the visitor again.
impl FromRequestParts<WebState> for Admin {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &WebState) -> Result<Self, Response> {
        let guild = path_guild(parts, state).await?;
        let Some(page) = page_of(parts) else {
            return Err(not_found(state, &Locale::english()));
        };
        let path = parts.uri.path().to_owned();
        authorize(state, &parts.headers, &guild, page.capability, &path).await
    }
}

/// Lets a visitor of `raw_guild` through when the core says they may do `capability` there;
/// everyone else gets a login redirect or a 404.
async fn authorize(
    state: &WebState,
    headers: &HeaderMap,
    raw_guild: &str,
    capability: Capability,
    path: &str,
) -> Result<Admin, Response> {
    let Some(session) = session::current(state, headers).await else {
        let mut login = (StatusCode::SEE_OTHER, [(header::LOCATION, "/login")]).into_response();
        if let Some(value) = session::return_cookie(path)
            .and_then(|cookie| header::HeaderValue::from_str(&cookie).ok())
        {
            login.headers_mut().append(header::SET_COOKIE, value);
        }
        return Err(login);
    };
    let not_found = || not_found(state, &Locale::english());
    let guild: GuildId = tickets_model::ids::parse_snowflake("guild", raw_guild)
        .ok()
        .flatten()
        .ok_or_else(not_found)?;
    match state
        .core
        .dashboard_access(guild, session.user_id, &session.member_guilds, capability)
        .await
    {
        Ok(Some(access)) => Ok(Admin {
            guild,
            server: access.server,
            locale: access.locale,
            level: access.level,
            caller: access.caller,
        }),
        Ok(None) => Err(not_found()),
        Err(error) => {
            tracing::warn!(%error, "could not check a dashboard user's access");
            Err(crate::pages::error_page(state.core.catalog()))
        }
    }
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
