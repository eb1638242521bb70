//! Server-rendered pages.

use crate::server::WebState;
use crate::session;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use maud::{DOCTYPE, Markup, html};
use tickets_i18n::{Catalog, Locale};
use tickets_model::permissions::PermissionLevel;

fn layout(title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · tickets" }
                style { (maud::PreEscaped(STYLE)) }
            }
            body {
                header { a.brand href="/" { "tickets" } }
                main { (body) }
            }
        }
    }
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:0;background:#f5f6f8;color:#1e1f22}\
header{background:#5865f2;padding:.8rem 1.5rem}header a{color:#fff;text-decoration:none;font-weight:600}\
main{max-width:48rem;margin:2rem auto;padding:0 1rem}.card{background:#fff;border-radius:8px;padding:1rem 1.5rem;margin:.8rem 0;box-shadow:0 1px 2px #0002}\
.button{display:inline-block;background:#5865f2;color:#fff;border:0;border-radius:4px;padding:.5rem 1rem;text-decoration:none;cursor:pointer}\
ul.servers{list-style:none;padding:0}";

/// A page with one message.
pub fn message_page(catalog: &Catalog, status: StatusCode, title: &str, message: &str) -> Response {
    let login = catalog.text(&Locale::english(), "web-login", &[]);
    (status, layout(title, html! { div.card { h1 { (title) } p { (message) } a.button href="/login" { (login) } } })).into_response()
}

/// The page for a failure on our side.
pub fn error_page(catalog: &Catalog) -> Response {
    let en = Locale::english();
    message_page(
        catalog,
        StatusCode::INTERNAL_SERVER_ERROR,
        &catalog.text(&en, "web-error-title", &[]),
        &catalog.text(&en, "web-error-text", &[]),
    )
}

/// The home page: a login button, or the servers the user administers where the bot is present.
pub async fn index(State(state): State<WebState>, headers: HeaderMap) -> Response {
    let catalog = state.core.catalog();
    let en = Locale::english();
    let t = |key: &str| catalog.text(&en, key, &[]);
    let Some(session) = session::current(&state, &headers).await else {
        return layout(
            &t("web-login"),
            html! { div.card {
                h1 { (t("web-home-title")) }
                p { (t("web-home-text")) }
                a.button href="/login" { (t("web-login-with-discord")) }
            } },
        )
        .into_response();
    };
    let mut servers = Vec::new();
    // Every server the user is in where the bot is too, when they are its staff there: admins
    // (the owner, or made one with /addadmin, possibly through a role) go to its settings,
    // support staff to the tickets they work.
    for guild in &session.member_guilds {
        let known = match state.core.db().guilds().get(*guild).await {
            Ok(Some(known)) => known,
            Ok(None) => continue,
            Err(error) => {
                tracing::warn!(%error, "could not read a guild");
                return error_page(catalog);
            }
        };
        match state
            .core
            .dashboard_level(*guild, session.user_id, &session.member_guilds)
            .await
        {
            Ok(PermissionLevel::Admin) => servers.push((guild.to_string(), known.name, "settings")),
            // Support staff see the tickets they work.
            Ok(PermissionLevel::Support) => {
                servers.push((guild.to_string(), known.name, "tickets"));
            }
            Ok(_) => {}
            Err(error) => {
                tracing::warn!(%error, %guild, "could not check a dashboard user's level")
            }
        }
    }
    servers.sort_by(|a, b| a.1.cmp(&b.1));
    layout(
        &t("web-servers"),
        html! {
            div.card {
                h1 { (t("web-servers")) }
                p { (catalog.text(&en, "web-signed-in-as", &[("user", session.username.as_str().into())])) }
                @if servers.is_empty() {
                    p id="no-servers" { (t("web-no-servers")) }
                } @else {
                    ul.servers id="servers" {
                        @for (id, name, first_page) in &servers {
                            li.card data-guild-id=(id) {
                                a href={"/guilds/" (id) "/" (first_page)} { (name) }
                            }
                        }
                    }
                }
                form method="post" action="/logout" { button.button type="submit" { (t("web-logout")) } }
            }
        },
    )
    .into_response()
}
