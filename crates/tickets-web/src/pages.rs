//! Server-rendered pages.

use crate::server::WebState;
use crate::session;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use maud::{DOCTYPE, Markup, html};

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
pub fn message_page(status: StatusCode, title: &str, message: &str) -> Response {
    (status, layout(title, html! { div.card { h1 { (title) } p { (message) } a.button href="/login" { "Log in" } } })).into_response()
}

/// The page for a failure on our side.
pub fn error_page() -> Response {
    message_page(
        StatusCode::INTERNAL_SERVER_ERROR,
        "Something went wrong",
        "Something went wrong on our side. Please try again in a moment.",
    )
}

/// The home page: a login button, or the servers the user administers where the bot is present.
pub async fn index(State(state): State<WebState>, headers: HeaderMap) -> Response {
    let Some(session) = session::current(&state, &headers).await else {
        return layout(
            "Log in",
            html! { div.card {
                h1 { "Support tickets for your Discord server" }
                p { "Log in with Discord to configure the servers you administer." }
                a.button href="/login" { "Log in with Discord" }
            } },
        )
        .into_response();
    };
    let mut servers = Vec::new();
    for guild in &session.owned_guilds {
        match state.core.db().guilds().get(*guild).await {
            Ok(Some(known)) => servers.push((guild.to_string(), known.name)),
            Ok(None) => {}
            Err(error) => {
                tracing::warn!(%error, "could not read a guild");
                return error_page();
            }
        }
    }
    servers.sort_by(|a, b| a.1.cmp(&b.1));
    layout(
        "Your servers",
        html! {
            div.card {
                h1 { "Your servers" }
                p { "Signed in as " strong { (session.username) } "." }
                @if servers.is_empty() {
                    p id="no-servers" { "No server to show: you are not an admin of a server the bot is in. Invite the bot, or ask the server owner to make you an admin, then log in again." }
                } @else {
                    ul.servers id="servers" {
                        @for (id, name) in &servers {
                            li.card data-guild-id=(id) {
                                a href={"/guilds/" (id) "/settings"} { (name) }
                            }
                        }
                    }
                }
                form method="post" action="/logout" { button.button type="submit" { "Log out" } }
            }
        },
    )
    .into_response()
}
