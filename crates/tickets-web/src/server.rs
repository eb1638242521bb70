//! Binding and serving the web application.

use axum::Router;
use axum::routing::{get, post};
use std::net::SocketAddr;
use tickets_bot::HttpInteractions;
use tickets_core::Core;
use tokio::net::TcpListener;
use tokio::sync::watch;

/// What the web server needs to know about its surroundings.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// URL users reach us at, without a trailing slash.
    pub public_url: String,
    /// Base URL of Discord (or the simulator), for OAuth2.
    pub discord_url: String,
    /// OAuth2 client id (the application id).
    pub client_id: u64,
    /// OAuth2 client secret; the login is disabled without it.
    pub client_secret: Option<String>,
}

/// The state every handler receives.
#[derive(Debug, Clone)]
pub struct WebState {
    /// The use cases.
    pub core: Core,
    /// The interactions endpoint, when the application uses one.
    pub interactions: Option<HttpInteractions>,
    /// The configuration.
    pub config: WebConfig,
    /// Client for Discord's OAuth2 endpoints.
    pub http: reqwest::Client,
}

/// A web server bound to its address, not yet serving.
#[derive(Debug)]
pub struct BoundWeb {
    listener: TcpListener,
}

fn routes(state: WebState, shutdown: watch::Receiver<bool>) -> Router {
    Router::new()
        .route("/healthz", get(crate::health::healthz))
        .route("/metrics", get(crate::health::metrics))
        .route("/interactions", post(crate::interactions::receive))
        .route("/", get(crate::pages::index))
        .route("/login", get(crate::oauth::login))
        .route("/login/callback", get(crate::oauth::callback))
        .route("/logout", post(crate::oauth::logout))
        .merge(crate::dashboard::routes())
        .layer(axum::Extension(crate::dashboard::Stopping(shutdown)))
        .with_state(state)
}

impl BoundWeb {
    /// Binds the address (port 0 picks a free one; see [`BoundWeb::local_addr`]).
    ///
    /// # Errors
    ///
    /// The address is taken or not ours.
    pub async fn bind(listen: SocketAddr) -> std::io::Result<Self> {
        Ok(Self {
            listener: TcpListener::bind(listen).await?,
        })
    }

    /// The address actually bound.
    ///
    /// # Errors
    ///
    /// The socket is gone.
    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Serves until `shutdown` turns true, then finishes the requests under way.
    ///
    /// # Errors
    ///
    /// The listener failing.
    pub async fn serve(
        self,
        state: WebState,
        mut shutdown: watch::Receiver<bool>,
    ) -> std::io::Result<()> {
        axum::serve(self.listener, routes(state, shutdown.clone()))
            .with_graceful_shutdown(async move {
                let _ = shutdown.wait_for(|stop| *stop).await;
            })
            .await
    }
}
