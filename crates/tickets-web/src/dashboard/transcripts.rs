//! The Transcripts page: closed tickets' transcripts a visitor may read, with the reference's
//! filters (ticket id, opener, panel, closed by, claimed by, close reason, date range), newest
//! first, a page at a time; and a bot admin's Delete.

use super::Admin;
use super::view::{FieldErrors, failure_page, page, see_other, t};
use crate::oauth::urlencode;
use crate::server::WebState;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use std::collections::HashMap;
use tickets_core::UseCaseError;
use tickets_core::transcripts::viewer::PAGE_SIZE;
use tickets_model::custom_id::Stars;
use tickets_model::ids::parse_snowflake;
use tickets_model::values::{Problem, ValueError};
use tickets_store::transcripts::TranscriptFilter;

/// The filters as the page's form sends them.
type FilterForm = HashMap<String, String>;

/// `GET /guilds/{guild}/transcripts`.
pub async fn list(
    State(state): State<WebState>,
    admin: Admin,
    Query(form): Query<FilterForm>,
) -> Response {
    let mut errors = FieldErrors::default();
    let filter = read_filter(&state, &admin, &form, &mut errors);
    let listed = if errors.is_empty() {
        match state.core.transcripts(&admin.caller, filter).await {
            Ok(listed) => listed,
            Err(error) => return failure_page(&state, &admin, "dash-nav-transcripts", &error),
        }
    } else {
        Vec::new()
    };
    let tr = |key: &str| t(&state, &admin, key);
    let rating_text = |stars: Stars| {
        tickets_core::feedback::stars_text(state.core.catalog(), &admin.locale, stars)
    };
    let guild = admin.guild;
    let value = |name: &str| form.get(name).cloned().unwrap_or_default();
    let mut next = form.clone();
    let more = listed.len() >= PAGE_SIZE as usize;
    if let Some(last) = listed.last() {
        next.insert("before".to_owned(), last.ticket.number.to_string());
    }
    let next_query = query_string(&next);
    let may_delete = admin.level == tickets_model::permissions::PermissionLevel::Admin;
    let body = html! {
        form.card.filters method="get" action={"/guilds/" (guild) "/transcripts"} {
            div.grid {
                (filter_field(&tr("dash-transcripts-ticket"), "number", &value("number"), "number", &errors, "transcript-number"))
                (filter_field(&tr("dash-transcripts-opener"), "opener", &value("opener"), "text", &errors, "transcript-opener"))
                (filter_field(&tr("dash-transcripts-panel"), "panel", &value("panel"), "number", &errors, "transcript-panel"))
                (filter_field(&tr("dash-transcripts-closed-by"), "closed_by", &value("closed_by"), "text", &errors, "transcript-closed-by"))
                (filter_field(&tr("dash-transcripts-claimed-by"), "claimed_by", &value("claimed_by"), "text", &errors, "transcript-claimed-by"))
                (filter_field(&tr("dash-transcripts-reason"), "reason", &value("reason"), "text", &errors, "transcript-reason"))
                (filter_field(&tr("dash-transcripts-from"), "from", &value("from"), "date", &errors, "transcript-from"))
                (filter_field(&tr("dash-transcripts-until"), "until", &value("until"), "date", &errors, "transcript-until"))
                label {
                    (tr("dash-transcripts-filter-rating"))
                    select name="rating" {
                        option value="" selected[value("rating").is_empty()] { (tr("dash-transcripts-any-rating")) }
                        @for stars in Stars::ALL {
                            option value=(stars.get()) selected[value("rating") == stars.to_string()] { (rating_text(stars)) }
                        }
                    }
                }
                @if let Some(error) = super::view::error_text(&errors, "transcript-rating") { p.error { (error) } }
            }
            button.button type="submit" { (tr("dash-transcripts-filter")) }
            a.button.secondary href={"/guilds/" (guild) "/transcripts"} { (tr("dash-transcripts-clear")) }
        }
        div.card id="transcripts" {
            @if listed.is_empty() { p { (tr("dash-transcripts-empty")) } }
            @else {
                table {
                    thead { tr {
                        th { (tr("dash-transcripts-ticket")) } th { (tr("dash-transcripts-opener")) }
                        th { (tr("dash-transcripts-rating")) } th { (tr("dash-transcripts-reason")) }
                        th { (tr("dash-transcripts-closed")) } th { }
                    } }
                    tbody {
                        @for row in &listed {
                            tr data-ticket=(row.ticket.number) {
                                td { (row.ticket.number) }
                                td { (row.ticket.opener_id) }
                                td.rating { (row.rating.and_then(Stars::new).map_or_else(|| tr("dash-transcripts-no-rating"), rating_text)) }
                                td { (row.ticket.close_reason.clone().unwrap_or_else(|| "-".to_owned())) }
                                td { (row.ticket.closed_at.map_or_else(|| "-".to_owned(), |ms| super::tags::datetime_local(ms / 1000).replace('T', " ") + " UTC")) }
                                td {
                                    a.button href={"/guilds/" (guild) "/transcripts/" (row.ticket.number)} { (tr("dash-transcripts-view")) }
                                    @if may_delete {
                                        form.inline method="post" action={"/guilds/" (guild) "/transcripts/" (row.ticket.number) "/delete"} {
                                            button.button.danger type="submit" { (tr("dash-transcripts-delete")) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                @if more {
                    a.button rel="next" href={"/guilds/" (guild) "/transcripts?" (next_query)} { (tr("dash-transcripts-older")) }
                }
            }
        }
    };
    let title = tr("dash-nav-transcripts");
    page(&state, &admin, &title, body).into_response()
}

/// `POST /guilds/{guild}/transcripts/{number}/delete`.
pub async fn delete(
    State(state): State<WebState>,
    admin: Admin,
    Path((_, number)): Path<(String, String)>,
) -> Response {
    let Ok(number) = number.parse::<i64>() else {
        return super::not_found(&state, &admin.locale);
    };
    match state.core.delete_transcript(&admin.caller, number).await {
        Ok(()) => see_other(&format!("/guilds/{}/transcripts", admin.guild)),
        // Only admins delete; to anyone else a transcript they may not delete is as good as
        // absent, which says nothing of whether it exists.
        Err(UseCaseError::TranscriptNotFound | UseCaseError::NotPermitted { .. }) => {
            super::not_found(&state, &admin.locale)
        }
        Err(error) => failure_page(&state, &admin, "dash-nav-transcripts", &error),
    }
}

fn filter_field(
    label: &str,
    name: &str,
    value: &str,
    kind: &str,
    errors: &FieldErrors,
    field: &str,
) -> Markup {
    html! {
        label {
            (label)
            input type=(kind) name=(name) value=(value);
        }
        @if let Some(error) = super::view::error_text(errors, field) { p.error { (error) } }
    }
}

/// Reads the page's filters; a value that is not what its field takes is shown beside it.
fn read_filter(
    state: &WebState,
    admin: &Admin,
    form: &FilterForm,
    errors: &mut FieldErrors,
) -> TranscriptFilter {
    let text = |name: &str| form.get(name).map_or("", |v| v.trim());
    let number = |field: &'static str, name: &str| -> Result<Option<i64>, ValueError> {
        let raw = text(name);
        if raw.is_empty() {
            return Ok(None);
        }
        match raw.trim_start_matches('#').parse::<i64>() {
            Ok(n) if n > 0 => Ok(Some(n)),
            _ => Err(ValueError::Invalid {
                field,
                problem: Problem::Choice,
            }),
        }
    };
    let date = |field: &'static str, name: &str| -> Result<Option<i64>, ValueError> {
        let raw = text(name);
        if raw.is_empty() {
            return Ok(None);
        }
        parse_date_ms(raw).map(Some).ok_or(ValueError::Invalid {
            field,
            problem: Problem::Choice,
        })
    };
    let until = errors
        .take(state, admin, date("transcript-until", "until"))
        .flatten()
        // The whole day chosen is included.
        .map(|start| start + 86_400_000);
    TranscriptFilter {
        number: errors
            .take(state, admin, number("transcript-number", "number"))
            .flatten(),
        opener: errors
            .take(
                state,
                admin,
                parse_snowflake("transcript-opener", text("opener")),
            )
            .flatten(),
        panel: errors
            .take(state, admin, number("transcript-panel", "panel"))
            .flatten()
            .and_then(tickets_model::PanelId::new),
        closed_by: errors
            .take(
                state,
                admin,
                parse_snowflake("transcript-closed-by", text("closed_by")),
            )
            .flatten(),
        claimed_by: errors
            .take(
                state,
                admin,
                parse_snowflake("transcript-claimed-by", text("claimed_by")),
            )
            .flatten(),
        reason_contains: Some(text("reason").to_owned()).filter(|r| !r.is_empty()),
        closed_from: errors
            .take(state, admin, date("transcript-from", "from"))
            .flatten(),
        closed_until: until,
        before_number: number("transcript-before", "before").ok().flatten(),
        rating: errors.take(state, admin, rating(text("rating"))).flatten(),
        ..TranscriptFilter::default()
    }
}

/// The rating filter: blank for any, else 1 to 5 stars.
fn rating(raw: &str) -> Result<Option<u8>, ValueError> {
    if raw.is_empty() {
        return Ok(None);
    }
    raw.parse::<u8>()
        .ok()
        .and_then(Stars::new)
        .map(|stars| Some(stars.get()))
        .ok_or(ValueError::Invalid {
            field: "transcript-rating",
            problem: Problem::Choice,
        })
}

/// `YYYY-MM-DD` (what a date input sends) as the Unix milliseconds of that day's start, UTC.
fn parse_date_ms(text: &str) -> Option<i64> {
    let mut parts = text.splitn(3, '-');
    let year: i64 = parts.next()?.parse().ok()?;
    let month: i64 = parts.next()?.parse().ok()?;
    let day: i64 = parts.next()?.parse().ok()?;
    if !(1970..=9999).contains(&year) || !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let days = tickets_model::calendar::days_from_civil(year, month, day);
    Some(days * 86_400_000)
}

/// The filters as a query string, for the next page's link.
fn query_string(form: &FilterForm) -> String {
    let mut pairs: Vec<_> = form.iter().filter(|(_, v)| !v.is_empty()).collect();
    pairs.sort();
    pairs
        .into_iter()
        .map(|(name, value)| format!("{}={}", urlencode(name), urlencode(value)))
        .collect::<Vec<_>>()
        .join("&")
}

#[cfg(test)]
mod tests {
    use super::parse_date_ms;

    #[test]
    fn dates_are_read_as_the_start_of_their_day_in_utc() {
        assert_eq!(parse_date_ms("1970-01-01"), Some(0));
        assert_eq!(parse_date_ms("2026-12-02"), Some(1_796_169_600_000));
        assert_eq!(parse_date_ms("2024-02-29"), Some(1_709_164_800_000));
        assert_eq!(parse_date_ms("2026-13-01"), None);
        assert_eq!(parse_date_ms("yesterday"), None);
    }

    #[test]
    fn the_next_page_keeps_the_filters_encoded() {
        let form = [("reason", "100% & more"), ("before", "7"), ("opener", "")]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
        assert_eq!(
            super::query_string(&form),
            "before=7&reason=100%25%20%26%20more"
        );
    }
}
