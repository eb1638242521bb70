//! Discord's JSON errors: `{"code": 10003, "message": "Unknown Channel"}` with Discord's status.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use crate::ratelimit::BucketHeaders;
use crate::spec::FormErrors;

/// JSON error codes the simulator answers with (Discord's numbers).
pub mod code {
    pub const UNKNOWN_APPLICATION: u32 = 10002;
    pub const UNKNOWN_CHANNEL: u32 = 10003;
    pub const UNKNOWN_GUILD: u32 = 10004;
    pub const UNKNOWN_MEMBER: u32 = 10007;
    pub const UNKNOWN_MESSAGE: u32 = 10008;
    pub const UNKNOWN_OVERWRITE: u32 = 10009;
    pub const UNKNOWN_ROLE: u32 = 10011;
    pub const UNKNOWN_USER: u32 = 10013;
    pub const UNKNOWN_WEBHOOK: u32 = 10015;
    pub const UNKNOWN_INTERACTION: u32 = 10062;
    pub const UNKNOWN_COMMAND: u32 = 10063;
    pub const MAX_GUILD_CHANNELS: u32 = 30013;
    pub const MAX_PINS: u32 = 30003;
    pub const MAX_GUILD_ROLES: u32 = 30005;
    pub const ALREADY_ACKNOWLEDGED: u32 = 40060;
    pub const MISSING_ACCESS: u32 = 50001;
    pub const CANNOT_SEND_EMPTY: u32 = 50006;
    pub const CANNOT_MESSAGE_USER: u32 = 50007;
    pub const CANNOT_EDIT_OTHERS_MESSAGE: u32 = 50005;
    pub const INVALID_CHANNEL_TYPE: u32 = 50024;
    pub const MISSING_PERMISSIONS: u32 = 50013;
    pub const THREAD_ARCHIVED: u32 = 50083;
    pub const THREAD_LOCKED: u32 = 160005;
    pub const MAX_ACTIVE_THREADS: u32 = 160006;
    pub const INVALID_JSON: u32 = 50109;
}

/// An error answer, ready to send.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    pub status: StatusCode,
    pub body: Value,
    /// Extra headers (`Retry-After` on 429s).
    pub headers: Vec<(&'static str, String)>,
}

impl ApiError {
    /// An error with a JSON code and message.
    #[must_use]
    pub fn new(status: StatusCode, code: u32, message: &str) -> Self {
        Self {
            status,
            body: json!({"message": message, "code": code}),
            headers: Vec::new(),
        }
    }

    /// The JSON error code (0 for routing and auth errors).
    #[must_use]
    pub fn code(&self) -> u64 {
        self.body["code"].as_u64().unwrap_or(0)
    }

    /// 401 for a missing or unknown token.
    #[must_use]
    pub fn unauthorized() -> Self {
        Self::new(StatusCode::UNAUTHORIZED, 0, "401: Unauthorized")
    }

    /// 404 for a route Discord does not have.
    #[must_use]
    pub fn route_not_found() -> Self {
        Self::new(StatusCode::NOT_FOUND, 0, "404: Not Found")
    }

    /// 405 for a known path with another method.
    #[must_use]
    pub fn method_not_allowed() -> Self {
        Self::new(StatusCode::METHOD_NOT_ALLOWED, 0, "405: Method Not Allowed")
    }

    /// 400 50035 with field errors.
    #[must_use]
    pub fn form(errors: &FormErrors) -> Self {
        Self {
            status: StatusCode::BAD_REQUEST,
            body: errors.to_json(),
            headers: Vec::new(),
        }
    }

    /// 400 50035 with one field error.
    #[must_use]
    pub fn field(path: &[&str], field_code: &str, message: &str) -> Self {
        Self::form(&FormErrors::default().push(path, field_code, message))
    }

    /// 400 50109 for a body that is not JSON.
    #[must_use]
    pub fn invalid_json() -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            code::INVALID_JSON,
            "The request body contains invalid JSON.",
        )
    }

    #[must_use]
    pub fn unknown_channel() -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            code::UNKNOWN_CHANNEL,
            "Unknown Channel",
        )
    }

    #[must_use]
    pub fn unknown_guild() -> Self {
        Self::new(StatusCode::NOT_FOUND, code::UNKNOWN_GUILD, "Unknown Guild")
    }

    #[must_use]
    pub fn unknown_member() -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            code::UNKNOWN_MEMBER,
            "Unknown Member",
        )
    }

    #[must_use]
    pub fn unknown_message() -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            code::UNKNOWN_MESSAGE,
            "Unknown Message",
        )
    }

    #[must_use]
    pub fn unknown_overwrite() -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            code::UNKNOWN_OVERWRITE,
            "Unknown Overwrite",
        )
    }

    #[must_use]
    pub fn unknown_role() -> Self {
        Self::new(StatusCode::NOT_FOUND, code::UNKNOWN_ROLE, "Unknown Role")
    }

    #[must_use]
    pub fn unknown_user() -> Self {
        Self::new(StatusCode::NOT_FOUND, code::UNKNOWN_USER, "Unknown User")
    }

    #[must_use]
    pub fn unknown_webhook() -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            code::UNKNOWN_WEBHOOK,
            "Unknown Webhook",
        )
    }

    #[must_use]
    pub fn unknown_interaction() -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            code::UNKNOWN_INTERACTION,
            "Unknown interaction",
        )
    }

    #[must_use]
    pub fn unknown_application() -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            code::UNKNOWN_APPLICATION,
            "Unknown Application",
        )
    }

    #[must_use]
    pub fn unknown_command() -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            code::UNKNOWN_COMMAND,
            "Unknown application command",
        )
    }

    #[must_use]
    pub fn already_acknowledged() -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            code::ALREADY_ACKNOWLEDGED,
            "Interaction has already been acknowledged.",
        )
    }

    #[must_use]
    pub fn missing_access() -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            code::MISSING_ACCESS,
            "Missing Access",
        )
    }

    #[must_use]
    pub fn missing_permissions() -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            code::MISSING_PERMISSIONS,
            "Missing Permissions",
        )
    }

    #[must_use]
    pub fn empty_message() -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            code::CANNOT_SEND_EMPTY,
            "Cannot send an empty message",
        )
    }

    #[must_use]
    pub fn max_guild_channels() -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            code::MAX_GUILD_CHANNELS,
            "Maximum number of guild channels reached (500)",
        )
    }

    #[must_use]
    pub fn max_guild_roles() -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            code::MAX_GUILD_ROLES,
            "Maximum number of server roles reached (250)",
        )
    }

    /// 403 50007: the user does not accept direct messages from the bot.
    #[must_use]
    pub fn cannot_message_user() -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            code::CANNOT_MESSAGE_USER,
            "Cannot send messages to this user",
        )
    }

    #[must_use]
    pub fn max_pins() -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            code::MAX_PINS,
            "Maximum number of pins reached for the channel (50)",
        )
    }

    #[must_use]
    pub fn invalid_channel_type() -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            code::INVALID_CHANNEL_TYPE,
            "Cannot execute action on this channel type",
        )
    }

    #[must_use]
    pub fn cannot_edit_others_message() -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            code::CANNOT_EDIT_OTHERS_MESSAGE,
            "Cannot edit a message authored by another user",
        )
    }

    #[must_use]
    pub fn thread_archived() -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            code::THREAD_ARCHIVED,
            "Thread is archived",
        )
    }

    /// 400 160005: only those who can manage threads may post in a locked thread.
    #[must_use]
    pub fn thread_locked() -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            code::THREAD_LOCKED,
            "Thread is locked",
        )
    }

    /// 400 160006: the guild holds as many active threads as it may.
    #[must_use]
    pub fn max_active_threads() -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            code::MAX_ACTIVE_THREADS,
            "Maximum number of active threads reached",
        )
    }

    /// A 429 with Discord's body and `Retry-After` (whole seconds, rounded up). `code` is 0:
    /// Discord's own spec requires one in every error body.
    #[must_use]
    pub fn rate_limited(retry_after: f64, global: bool) -> Self {
        let mut error = Self {
            status: StatusCode::TOO_MANY_REQUESTS,
            body: json!({
                "message": "You are being rate limited.",
                "retry_after": retry_after,
                "global": global,
                "code": 0,
            }),
            headers: vec![("retry-after", format!("{}", retry_after.ceil().max(0.0)))],
        };
        if global {
            error
                .headers
                .push(("x-ratelimit-global", "true".to_owned()));
        }
        error.headers.push((
            "x-ratelimit-scope",
            if global { "global" } else { "user" }.to_owned(),
        ));
        error
    }

    /// The 429 of a limit on a resource rather than on the caller (renaming or moving a
    /// channel): scope `shared`, with the bucket so that clients hold that route back.
    #[must_use]
    pub fn resource_rate_limited(retry_after: f64, bucket: &BucketHeaders) -> Self {
        let mut error = Self::rate_limited(retry_after, false);
        error.body["message"] = json!("The resource is being rate limited.");
        error.headers.retain(|(name, _)| *name == "retry-after");
        error.headers.extend(
            bucket
                .pairs()
                .into_iter()
                .filter(|(name, _)| *name != "x-ratelimit-scope"),
        );
        error
            .headers
            .push(("x-ratelimit-scope", "shared".to_owned()));
        error
    }

    /// A server error as a gateway in front of Discord would send it.
    #[must_use]
    pub fn server_error(status: StatusCode) -> Self {
        let message = format!(
            "{}: {}",
            status.as_u16(),
            status.canonical_reason().unwrap_or("Server Error")
        );
        Self::new(status, 0, &message)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (self.status, axum::Json(self.body)).into_response();
        for (name, value) in self.headers {
            if let Ok(value) = value.parse() {
                response.headers_mut().insert(name, value);
            }
        }
        response
    }
}
