//! `POST /interactions`: Discord's HTTP delivery of interactions.

use crate::server::WebState;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// Verifies, dispatches and answers one interaction.
pub async fn receive(State(state): State<WebState>, headers: HeaderMap, body: Bytes) -> Response {
    let Some(endpoint) = &state.interactions else {
        return (
            StatusCode::NOT_FOUND,
            "interactions endpoint not configured",
        )
            .into_response();
    };
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let reply = endpoint
        .handle(
            header("x-signature-ed25519"),
            header("x-signature-timestamp"),
            &body,
        )
        .await;
    let status = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        reply.body,
    )
        .into_response()
}
