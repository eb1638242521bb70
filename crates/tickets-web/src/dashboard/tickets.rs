//! The Tickets page: the open tickets a staff member works. Admins see every one; support staff
//! see the tickets of the panels their teams handle (the Default team's when they are in it).
//! Each row opens the ticket's live view.

use super::Staff;
use super::view::{failure_page, page, t};
use crate::server::WebState;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use maud::html;

/// `GET /guilds/{guild}/tickets`.
pub async fn list(State(state): State<WebState>, staff: Staff) -> Response {
    let view = &staff.view;
    let tickets = match state.core.tickets_worked_by(&view.caller).await {
        Ok(tickets) => tickets,
        Err(error) => return failure_page(&state, view, "dash-nav-tickets", &error),
    };
    let tr = |key: &str| t(&state, view, key);
    let guild = view.guild;
    let title = state.core.catalog().text(
        &view.locale,
        "dash-tickets-title",
        &[("server", view.server.as_str().into())],
    );
    let body = html! {
        div.card id="tickets" {
            @if tickets.is_empty() { p { (tr("dash-tickets-empty")) } }
            @else {
                table {
                    thead { tr {
                        th { "#" } th { (tr("dash-tickets-opener")) } th { (tr("dash-tickets-panel")) }
                        th { (tr("dash-tickets-claimed")) } th { (tr("dash-tickets-opened")) } th { }
                    } }
                    tbody {
                        @for (ticket, panel) in &tickets {
                            tr data-ticket=(ticket.number) {
                                td { (ticket.number) }
                                td { (ticket.opener_id) }
                                td { (panel.clone().unwrap_or_else(|| tr("dash-tickets-open-command"))) }
                                td { (ticket.claimed_by.map_or_else(|| "-".to_owned(), |u| u.to_string())) }
                                td { (super::tags::datetime_local(ticket.opened_at.unwrap_or(ticket.created_at) / 1000).replace('T', " ")) " UTC" }
                                td {
                                    a.button href={"/guilds/" (guild) "/tickets/" (ticket.number)} { (tr("dash-tickets-view")) }
                                    " "
                                    @if let Some(channel) = ticket.channel_id {
                                        a href={"https://discord.com/channels/" (guild) "/" (channel)} { (tr("dash-tickets-open-in-discord")) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    page(&state, view, &title, body).into_response()
}
