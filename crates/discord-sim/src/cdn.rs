//! The CDN route: `GET /attachments/{channel_id}/{attachment_id}/{filename}` serves an
//! uploaded file, as `cdn.discordapp.com` does, until its message or channel is deleted.
//! It needs no authorization, like Discord's CDN links.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::sim::Sim;

/// Serves the bytes of an attachment; 404 when the file, its message or its channel is gone,
/// or the name does not match.
pub async fn attachment(
    State(sim): State<Arc<Sim>>,
    Path((channel, attachment, filename)): Path<(String, String, String)>,
) -> Response {
    let (Ok(channel), Ok(attachment)) = (channel.parse::<u64>(), attachment.parse::<u64>()) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let found = sim
        .world()
        .attachment(channel, attachment)
        .filter(|a| a.filename == filename)
        .map(|a| (a.bytes.clone(), a.content_type.clone()));
    let Some((bytes, content_type)) = found else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let content_type = content_type.unwrap_or_else(|| "application/octet-stream".to_owned());
    ([(header::CONTENT_TYPE, content_type)], bytes).into_response()
}
