//! The live view of an open ticket: its messages as the transcript renderer shows them, a reply
//! box, Close and Close with reason, and a stream of Server-Sent Events that brings each new
//! message as a rendered item, which the page's small script appends. Without JavaScript the
//! page works the same, by reloading it.

use super::Staff;
use super::view::{Submitted, failure_page, see_other, t};
use crate::server::WebState;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use maud::html;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;
use tickets_core::UseCaseError;
use tickets_core::ticket_view::{LiveTicket, LiveUpdate, MESSAGE_MAX_CHARS};
use tickets_model::MessageId;
use tickets_model::values::CloseReason;
use tickets_transcripts::format::{Attachment, Author, Message};
use tickets_transcripts::render::{Assets, RenderOptions, render_live_page, render_message_item};
use tokio::sync::watch;

/// What the page may load and where its forms may go: its own style, script, event stream and
/// form posts only.
const PAGE_POLICY: &str = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; \
                           script-src 'unsafe-inline'; connect-src 'self'; base-uri 'none'; \
                           form-action 'self'; frame-ancestors 'none'";

/// Appends each streamed message to the list; shows the reload notice when told the page is
/// stale; marks the controls while the stream is connected. Only our own rendered, escaped
/// markup comes over the stream.
const SCRIPT: &str = "(function(){var c=document.getElementById('live');\
if(!c||!window.EventSource)return;var l=document.querySelector('ol.l'),\
s=new EventSource(c.getAttribute('data-events'));\
s.onopen=function(){c.setAttribute('data-connected','')};\
s.onerror=function(){c.removeAttribute('data-connected')};\
s.onmessage=function(e){l.insertAdjacentHTML('beforeend',e.data);\
var i=l.lastElementChild;if(i&&i.scrollIntoView)i.scrollIntoView()};\
s.addEventListener('stale',function(){document.getElementById('stale').hidden=false})})();";

/// How often an idle stream says it is alive, so that proxies keep it open.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// Tells event streams that the server is stopping, so that they end and the graceful
/// shutdown does not wait for viewers to leave.
#[derive(Debug, Clone)]
pub(crate) struct Stopping(pub(crate) watch::Receiver<bool>);

/// `GET /guilds/{guild}/tickets/{ticket}`.
pub async fn show(
    State(state): State<WebState>,
    staff: Staff,
    Path((_, number)): Path<(String, String)>,
) -> Response {
    let Some(number) = ticket_number(&number) else {
        return super::not_found(&state, &staff.view.locale);
    };
    view_page(&state, &staff, number, None, "").await
}

/// `GET /guilds/{guild}/tickets/{ticket}/events`.
///
/// `?after=ID`, or the `Last-Event-ID` a reconnecting browser sends, names the newest message
/// the page has; what came since is sent first.
pub async fn events(
    State(state): State<WebState>,
    staff: Staff,
    stopping: Option<axum::Extension<Stopping>>,
    Path((_, number)): Path<(String, String)>,
    Query(query): Query<Submitted>,
    headers: HeaderMap,
) -> Response {
    let Some(number) = ticket_number(&number) else {
        return super::not_found(&state, &staff.view.locale);
    };
    let after = headers
        .get("last-event-id")
        .and_then(|value| value.to_str().ok())
        .or(query.get("after").map(String::as_str))
        .and_then(|raw| raw.parse::<u64>().ok())
        .and_then(MessageId::new_checked);
    let live = match state
        .core
        .watch_ticket(&staff.view.caller, number, after)
        .await
    {
        Ok(live) => live,
        Err(error) => return refusal(&state, &staff, &error),
    };
    let labels = Arc::new(super::transcript_view::labels(&state, &staff.view.locale));
    let stopping = stopping.map(|axum::Extension(Stopping(stop))| stop);
    let stream = futures_util::stream::unfold(
        (live, labels, stopping),
        |(mut live, labels, mut stopping)| async move {
            let update = next_or_stop(&mut live, stopping.as_mut()).await?;
            let event = match update {
                LiveUpdate::Posted(message) => {
                    let options = RenderOptions {
                        assets: &LiveAssets,
                        labels: &labels,
                    };
                    let item = Event::default().data(render_message_item(
                        &message,
                        live.content_intent(),
                        &options,
                    ));
                    // The id lets a reconnecting browser say what it has; only a plain
                    // snowflake goes in the field.
                    if message.id.bytes().all(|b| b.is_ascii_digit()) {
                        item.id(message.id.clone())
                    } else {
                        item
                    }
                }
                LiveUpdate::Stale => Event::default().event("stale").data("reload"),
            };
            Some((Ok::<_, Infallible>(event), (live, labels, stopping)))
        },
    );
    let mut response = Sse::new(stream)
        .keep_alive(KeepAlive::new().interval(KEEP_ALIVE))
        .into_response();
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    response
}

/// The next update of the ticket; `None` once the server stops (or the bus does).
async fn next_or_stop(
    live: &mut LiveTicket,
    stopping: Option<&mut watch::Receiver<bool>>,
) -> Option<LiveUpdate> {
    match stopping {
        Some(stop) => tokio::select! {
            update = live.next() => update,
            _ = stop.wait_for(|stop| *stop) => None,
        },
        None => live.next().await,
    }
}

/// `POST /guilds/{guild}/tickets/{ticket}/reply`: `text`.
pub async fn reply(
    State(state): State<WebState>,
    staff: Staff,
    Path((_, number)): Path<(String, String)>,
    Form(form): Form<Submitted>,
) -> Response {
    let Some(number) = ticket_number(&number) else {
        return super::not_found(&state, &staff.view.locale);
    };
    let text = form.get("text").map_or("", String::as_str);
    match state
        .core
        .reply_in_ticket(&staff.view.caller, number, text)
        .await
    {
        Ok(()) => see_other(&view_path(&staff, number)),
        Err(error @ UseCaseError::Invalid(_)) => {
            let message = error.user_message(state.core.catalog(), &staff.view.locale);
            let mut page = view_page(&state, &staff, number, Some(&message), text).await;
            if page.status() == StatusCode::OK {
                *page.status_mut() = StatusCode::BAD_REQUEST;
            }
            page
        }
        Err(error) => refusal(&state, &staff, &error),
    }
}

/// `POST /guilds/{guild}/tickets/{ticket}/close`: an optional `reason`.
pub async fn close(
    State(state): State<WebState>,
    staff: Staff,
    Path((_, number)): Path<(String, String)>,
    Form(form): Form<Submitted>,
) -> Response {
    let Some(number) = ticket_number(&number) else {
        return super::not_found(&state, &staff.view.locale);
    };
    let reason = form.get("reason").map(String::as_str);
    match state
        .core
        .close_from_view(&staff.view.caller, number, reason)
        .await
    {
        Ok(closed) => {
            // The transcript and the channel's removal are a durable job: the visitor need not
            // wait for them, and a crash resumes them.
            let core = state.core.clone();
            tokio::spawn(async move { core.finish_close(closed).await });
            let notice = t(&state, &staff.view, "dash-ticket-view-closing");
            crate::pages::message_page(
                state.core.catalog(),
                StatusCode::OK,
                &t(&state, &staff.view, "dash-nav-tickets"),
                &notice,
            )
        }
        Err(error @ UseCaseError::Invalid(_)) => {
            let message = error.user_message(state.core.catalog(), &staff.view.locale);
            let mut page = view_page(&state, &staff, number, Some(&message), "").await;
            if page.status() == StatusCode::OK {
                *page.status_mut() = StatusCode::BAD_REQUEST;
            }
            page
        }
        Err(error) => refusal(&state, &staff, &error),
    }
}

/// The 404 page for a ticket the visitor may not see (or that is closed or absent); the
/// failure page for anything else.
fn refusal(state: &WebState, staff: &Staff, error: &UseCaseError) -> Response {
    match error {
        UseCaseError::TicketNotFound | UseCaseError::NotPermitted { .. } => {
            super::not_found(state, &staff.view.locale)
        }
        _ => failure_page(state, &staff.view, "dash-nav-tickets", error),
    }
}

/// The view's page, with a refusal to show above the forms and the reply typed so far.
async fn view_page(
    state: &WebState,
    staff: &Staff,
    number: i64,
    error: Option<&str>,
    typed: &str,
) -> Response {
    let view = match state.core.ticket_view(&staff.view.caller, number).await {
        Ok(view) => view,
        Err(error) => return refusal(state, staff, &error),
    };
    let admin = &staff.view;
    let tr = |key: &str| t(state, admin, key);
    let base = view_path(staff, number);
    let events = match view.document.messages.last() {
        Some(newest) => format!("{base}/events?after={}", newest.id),
        None => format!("{base}/events"),
    };
    let controls = html! {
        style { (CONTROLS_CSS) }
        section #live data-events=(events) {
            p.live-note { (tr("dash-ticket-view-live")) }
            p #stale role="status" hidden {
                (tr("dash-ticket-view-stale")) " "
                a href=(base) { (tr("dash-ticket-view-reload")) }
            }
            @if let Some(error) = error { p.error role="alert" { (error) } }
            form method="post" action={(base) "/reply"} {
                label {
                    (tr("dash-ticket-view-reply"))
                    textarea name="text" rows="3" maxlength=(MESSAGE_MAX_CHARS) required { (typed) }
                }
                button type="submit" { (tr("dash-ticket-view-send")) }
            }
            div.closing {
                form method="post" action={(base) "/close"} {
                    button.danger type="submit" { (tr("dash-ticket-view-close")) }
                }
                form method="post" action={(base) "/close"} {
                    label {
                        (tr("dash-ticket-view-close-reason"))
                        input name="reason" maxlength=(CloseReason::MAX) required;
                    }
                    button.danger type="submit" { (tr("dash-ticket-view-close-with-reason")) }
                }
            }
            a href={"/guilds/" (admin.guild) "/tickets"} { (tr("dash-ticket-view-back")) }
        }
        script { (maud::PreEscaped(SCRIPT)) }
    };
    let labels = super::transcript_view::labels(state, &admin.locale);
    let options = RenderOptions {
        assets: &LiveAssets,
        labels: &labels,
    };
    let html = render_live_page(&view.document, &options, &controls.into_string());
    let mut response = ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(PAGE_POLICY),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    response
}

/// The controls' look, in the transcript page's colours.
const CONTROLS_CSS: &str = "#live{margin:1rem;display:grid;gap:.75rem}\
#live label{display:grid;gap:.25rem}#live textarea,#live input{font:inherit;padding:.4rem}\
#live .closing{display:flex;flex-wrap:wrap;gap:1rem;align-items:end}\
#live .danger{color:#fff;background:#da373c;border:0;padding:.4rem .8rem;border-radius:4px}\
#live .error{color:#da373c}";

fn view_path(staff: &Staff, number: i64) -> String {
    format!("/guilds/{}/tickets/{number}", staff.view.guild)
}

/// A ticket number from the path; anything else is a page that does not exist.
fn ticket_number(raw: &str) -> Option<i64> {
    raw.parse().ok().filter(|n: &i64| *n > 0)
}

/// An open ticket's files are not kept yet (that happens at close), and Discord's links are
/// not shown: they would tell Discord who reads the ticket. Files are listed by name.
struct LiveAssets;

impl Assets for LiveAssets {
    fn attachment_url(&self, _message: &Message, _attachment: &Attachment) -> Option<String> {
        None
    }

    fn avatar_url(&self, _author: &Author) -> Option<String> {
        None
    }
}
