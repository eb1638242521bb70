//! `/healthz` and `/metrics`.

use crate::server::WebState;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;

/// 200 when the database answers, 503 otherwise.
pub async fn healthz(State(state): State<WebState>) -> impl IntoResponse {
    match state.core.check_health().await {
        Ok(()) => (StatusCode::OK, "ok"),
        Err(error) => {
            tracing::warn!(%error, "health check: database unavailable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
    }
}

/// The Prometheus metrics.
pub async fn metrics(State(state): State<WebState>) -> impl IntoResponse {
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        state.core.metrics().encode(),
    )
}
