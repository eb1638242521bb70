//! Our one door to Discord's REST API: every call is counted by route and status, and every
//! failure becomes a [`DiscordError`] that says what a user should be told.

use crate::metrics::Metrics;
use std::future::IntoFuture;
use std::sync::Arc;
use twilight_http::Client;
use twilight_http::api_error::ApiError;
use twilight_http::error::ErrorType;
use twilight_http::response::Response;
use twilight_http::response::marker::ListBody;

/// The Discord REST client with our bookkeeping around it.
#[derive(Debug, Clone)]
pub struct Discord {
    http: Arc<Client>,
    metrics: Arc<Metrics>,
}

/// A Discord call that failed, with what Discord said.
#[derive(Debug, Clone, thiserror::Error)]
#[error("Discord {route}: status {status:?}, code {code:?}: {message}")]
pub struct DiscordError {
    /// Our name of the route.
    pub route: &'static str,
    /// HTTP status, when Discord answered.
    pub status: Option<u16>,
    /// Discord's JSON error code, when it sent one.
    pub code: Option<u64>,
    /// Discord's message or the transport error.
    pub message: String,
    /// The raw JSON error body, for the form errors Discord nests in it.
    pub body: String,
}

/// What a failed call means for the person who caused it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiscordFailure {
    /// The bot lacks a permission (50013) or access (50001).
    MissingPermission,
    /// The category holds Discord's maximum of 50 channels.
    CategoryFull,
    /// The server holds Discord's maximum of 500 channels (30013).
    GuildFull,
    /// The server has as many active threads as Discord allows (160006).
    ThreadsFull,
    /// The thing is gone (10003 Unknown Channel and friends).
    Unknown,
    /// Anything else: an outage, a rate limit, a bug.
    Unavailable,
}

/// Discord's cap on channels in one category.
pub const MAX_CHANNELS_PER_CATEGORY: u32 = 50;
/// Discord's cap on channels in one server.
pub const MAX_CHANNELS_PER_GUILD: u32 = 500;

impl DiscordError {
    /// Classifies the failure by Discord's error code.
    #[must_use]
    pub fn failure(&self) -> DiscordFailure {
        match self.code {
            Some(50013 | 50001) => DiscordFailure::MissingPermission,
            Some(30013) => DiscordFailure::GuildFull,
            Some(160_006) => DiscordFailure::ThreadsFull,
            Some(50035) if self.body.contains("CHANNEL_PARENT_MAX_CHANNELS") => {
                DiscordFailure::CategoryFull
            }
            Some(10003 | 10004 | 10007 | 10008 | 10013 | 10062 | 10015) => DiscordFailure::Unknown,
            _ => DiscordFailure::Unavailable,
        }
    }

    /// A short description for the user: the status and code, never a stack of internals.
    #[must_use]
    pub fn short(&self) -> String {
        match (self.status, self.code) {
            (Some(status), Some(code)) => format!("HTTP {status}, code {code}"),
            (Some(status), None) => format!("HTTP {status}"),
            _ => "no answer".to_owned(),
        }
    }
}

impl Discord {
    /// Wraps a twilight client.
    #[must_use]
    pub fn new(http: Arc<Client>, metrics: Arc<Metrics>) -> Self {
        Self { http, metrics }
    }

    /// The underlying client, to build a request; pass the request to [`Discord::call`].
    #[must_use]
    pub fn http(&self) -> &Client {
        &self.http
    }

    /// Sends a request built on [`Discord::http`] and counts it under `route`.
    ///
    /// # Errors
    ///
    /// [`DiscordError`] when Discord refuses or does not answer.
    pub async fn call<T, R>(
        &self,
        route: &'static str,
        request: R,
    ) -> Result<Response<T>, DiscordError>
    where
        R: IntoFuture<Output = Result<Response<T>, twilight_http::Error>>,
    {
        match request.await {
            Ok(response) => {
                self.metrics.discord_call(route, response.status().get());
                Ok(response)
            }
            Err(error) => {
                let failure = describe(route, &error);
                self.metrics
                    .discord_call(route, failure.status.unwrap_or(0));
                tracing::warn!(%failure, "Discord call failed");
                Err(failure)
            }
        }
    }

    /// Sends a request and decodes its body.
    ///
    /// # Errors
    ///
    /// [`DiscordError`] when Discord refuses, does not answer, or answers something undecodable.
    pub async fn model<T, R>(&self, route: &'static str, request: R) -> Result<T, DiscordError>
    where
        T: serde::de::DeserializeOwned + Unpin + Send,
        R: IntoFuture<Output = Result<Response<T>, twilight_http::Error>>,
    {
        let response = self.call(route, request).await?;
        response
            .model()
            .await
            .map_err(|error| undecodable(route, &error))
    }

    /// Sends a request whose answer is a list and decodes it.
    ///
    /// # Errors
    ///
    /// [`DiscordError`] when Discord refuses, does not answer, or answers something undecodable.
    pub async fn models<T, R>(
        &self,
        route: &'static str,
        request: R,
    ) -> Result<Vec<T>, DiscordError>
    where
        T: serde::de::DeserializeOwned + Unpin + Send,
        R: IntoFuture<Output = Result<Response<ListBody<T>>, twilight_http::Error>>,
    {
        let response = self.call(route, request).await?;
        response
            .models()
            .await
            .map_err(|error| undecodable(route, &error))
    }
}

fn undecodable(route: &'static str, error: &dyn std::fmt::Display) -> DiscordError {
    DiscordError {
        route,
        status: None,
        code: None,
        message: format!("undecodable response: {error}"),
        body: String::new(),
    }
}

fn describe(route: &'static str, error: &twilight_http::Error) -> DiscordError {
    match error.kind() {
        ErrorType::Response {
            body,
            error: api,
            status,
        } => {
            let (code, message) = match api {
                ApiError::General(general) => (Some(general.code), general.message.clone()),
                ApiError::Ratelimited(limited) => (None, limited.message.clone()),
                ApiError::Message(message) => (None, format!("{message:?}")),
                other => (None, other.to_string()),
            };
            DiscordError {
                route,
                status: Some(status.get()),
                code,
                message,
                body: String::from_utf8_lossy(body).into_owned(),
            }
        }
        other => DiscordError {
            route,
            status: None,
            code: None,
            message: format!("{other:?}: {error}"),
            body: String::new(),
        },
    }
}
