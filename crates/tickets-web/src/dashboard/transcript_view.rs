//! A transcript's page and its files. The page is the transcript renderer's own self-contained
//! document (no dashboard frame: it must read like Discord and print well), with the words of the
//! visitor's language; files are served only to those who may read the transcript.

use super::Admin;
use super::view::failure_page;
use crate::server::WebState;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use tickets_core::UseCaseError;
use tickets_i18n::Locale;
use tickets_transcripts::format::{Attachment, Author, Message};
use tickets_transcripts::render::{Assets, Labels, RenderOptions, render_to_string};

/// What the page may load: its own inline style and script, and images from here only.
const PAGE_POLICY: &str = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; \
                           script-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; \
                           frame-ancestors 'none'";

/// Media types shown in the browser; anything else is downloaded, so that a file someone posted
/// (an HTML page, an SVG with a script) never runs as part of our site.
const SHOWN_TYPES: [&str; 6] = [
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/webp",
    "video/mp4",
    "text/plain",
];

/// `GET /guilds/{guild}/transcripts/{number}`.
pub async fn show(
    State(state): State<WebState>,
    admin: Admin,
    Path((_, number)): Path<(String, String)>,
) -> Response {
    let Some(number) = ticket_number(&number) else {
        return super::not_found(&state, &admin.locale);
    };
    let view = match state.core.transcript(&admin.caller, number).await {
        Ok(view) => view,
        Err(UseCaseError::TranscriptNotFound) => return super::not_found(&state, &admin.locale),
        Err(error) => return failure_page(&state, &admin, "dash-nav-transcripts", &error),
    };
    let assets = Files {
        base: format!("/guilds/{}/transcripts/{number}/files", admin.guild),
    };
    let labels = labels(&state, &admin.locale);
    let options = RenderOptions {
        assets: &assets,
        labels: &labels,
    };
    let html = render_to_string(&view.document, &options);
    let mut response = ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response();
    guard(&mut response, PAGE_POLICY, "private, no-store");
    response
}

/// `GET /guilds/{guild}/transcripts/{number}/files/{file}`.
pub async fn file(
    State(state): State<WebState>,
    admin: Admin,
    Path((_, number, file)): Path<(String, String, String)>,
) -> Response {
    let Some(number) = ticket_number(&number) else {
        return super::not_found(&state, &admin.locale);
    };
    let found = match state
        .core
        .transcript_file(&admin.caller, number, &file)
        .await
    {
        Ok(found) => found,
        Err(UseCaseError::TranscriptNotFound) => return super::not_found(&state, &admin.locale),
        Err(error) => return failure_page(&state, &admin, "dash-nav-transcripts", &error),
    };
    let declared = found.content_type.as_deref().unwrap_or_default();
    let media = declared.split(';').next().unwrap_or_default().trim();
    let shown = SHOWN_TYPES.contains(&media);
    let content_type = if shown {
        media
    } else {
        "application/octet-stream"
    };
    let disposition = format!(
        "{}; filename=\"{}\"",
        if shown { "inline" } else { "attachment" },
        safe_file_name(&found.file_name)
    );
    let mut response = (StatusCode::OK, found.bytes).into_response();
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(content_type) {
        headers.insert(header::CONTENT_TYPE, value);
    }
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    guard(
        &mut response,
        "default-src 'none'; sandbox",
        "private, max-age=3600",
    );
    response
}

/// What a browser may do with a transcript's response: what it may load (`policy`), no guessing
/// of types, and how long only this visitor's browser may keep it (`cache`).
fn guard(response: &mut Response, policy: &'static str, cache: &'static str) {
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(policy),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
}

/// A ticket number from the path; anything else is a page that does not exist.
fn ticket_number(raw: &str) -> Option<i64> {
    raw.parse().ok().filter(|n: &i64| *n > 0)
}

/// A file name fit for a header: plain characters kept, anything else replaced.
fn safe_file_name(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ' ') {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// The transcript's files, at our own addresses.
struct Files {
    base: String,
}

impl Assets for Files {
    fn attachment_url(&self, _message: &Message, attachment: &Attachment) -> Option<String> {
        let plain = attachment.id.bytes().all(|b| b.is_ascii_digit());
        (attachment.stored && plain).then(|| format!("{}/{}", self.base, attachment.id))
    }

    fn avatar_url(&self, _author: &Author) -> Option<String> {
        None
    }
}

/// The page's words in the visitor's language. The renderer's templates take their parts in
/// braces (`{author}`), so the catalog's messages are given those braces as their arguments.
pub(super) fn labels(state: &WebState, locale: &Locale) -> Labels {
    let catalog = state.core.catalog();
    let text = |key: &str| catalog.text(locale, key, &[]);
    let with = |key: &str, parts: &[&str]| {
        let args: Vec<(&str, tickets_i18n::FluentValue<'_>)> = parts
            .iter()
            .map(|part| (*part, format!("{{{part}}}").into()))
            .collect();
        catalog.text(locale, key, &args)
    };
    Labels {
        lang: locale.language().to_owned(),
        page_title: with("transcript-page-title", &["channel", "server"]),
        ticket_title: with("transcript-page-ticket", &["number"]),
        server: text("transcript-page-server"),
        channel: text("transcript-page-channel"),
        panel: text("transcript-page-panel"),
        opened_by: text("transcript-summary-opened-by"),
        claimed_by: text("transcript-summary-claimed-by"),
        not_claimed: text("transcript-summary-not-claimed"),
        closed_by: text("close-summary-closed-by"),
        close_reason: text("close-summary-reason"),
        no_reason: text("close-summary-no-reason"),
        opened_at: text("close-summary-opened"),
        closed_at: text("close-summary-closed"),
        exported_at: text("transcript-page-exported"),
        message_count: text("transcript-summary-messages"),
        form_answers: text("transcript-page-form-answers"),
        content_withheld: text("transcript-page-content-withheld"),
        content_withheld_message: text("transcript-page-content-withheld-message"),
        attachments_not_stored: with("transcript-page-files-not-kept", &["count"]),
        times_utc: text("transcript-page-times-utc"),
        times_local: text("transcript-page-times-local"),
        original_deleted: text("transcript-page-original-deleted"),
        reply_no_text: text("transcript-page-reply-no-text"),
        edited: text("transcript-page-edited"),
        pinned: text("transcript-page-pinned"),
        bot_tag: text("transcript-page-bot"),
        used_command: with("transcript-page-used-command", &["user", "command"]),
        file_not_stored: text("transcript-page-file-not-kept"),
        file_too_large: text("transcript-page-file-too-large"),
        file_transcript_full: text("transcript-page-file-transcript-full"),
        file_unreachable: text("transcript-page-file-unreachable"),
        sticker: text("transcript-page-sticker"),
        select_default: text("transcript-page-select"),
        system_recipient_add: with("transcript-system-recipient-add", &["author", "target"]),
        system_recipient_remove: with("transcript-system-recipient-remove", &["author", "target"]),
        system_call: with("transcript-system-call", &["author"]),
        system_name_change: with("transcript-system-name-change", &["author", "name"]),
        system_icon_change: with("transcript-system-icon-change", &["author"]),
        system_pin: with("transcript-system-pin", &["author"]),
        system_join: with("transcript-system-join", &["author"]),
        system_thread_created: with("transcript-system-thread-created", &["author", "name"]),
        no_messages: text("transcript-page-no-messages"),
    }
}
