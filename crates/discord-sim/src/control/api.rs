//! The control API's request and answer types, shared by the HTTP routes and the Rust methods
//! on [`crate::SimHandle`]. Ids are strings in JSON, as in Discord.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::errors::ApiError;
pub use crate::scenario::Snowflake;

/// A control API failure: `{"error": "..."}` with a status.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{status}: {message}")]
pub struct ControlError {
    pub status: StatusCode,
    pub message: String,
}

impl ControlError {
    #[must_use]
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self {
            status: StatusCode::BAD_REQUEST,
            message: message.into(),
        }
    }

    #[must_use]
    pub fn not_found(message: impl Into<String>) -> Self {
        Self {
            status: StatusCode::NOT_FOUND,
            message: message.into(),
        }
    }

    #[must_use]
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self {
            status: StatusCode::FORBIDDEN,
            message: message.into(),
        }
    }
}

impl From<ApiError> for ControlError {
    fn from(error: ApiError) -> Self {
        Self {
            status: error.status,
            message: error.body["message"].as_str().unwrap_or("error").to_owned(),
        }
    }
}

impl IntoResponse for ControlError {
    fn into_response(self) -> Response {
        (self.status, axum::Json(json!({"error": self.message}))).into_response()
    }
}

/// What an act call produced.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ActResult {
    /// The interaction's id (empty for `act/message`).
    pub interaction_id: String,
    /// The initial response the bot sent (`{type, data}`), if it did in time.
    pub response: Option<Value>,
    /// `"timeout"` when the bot did not answer in time, or why delivery failed.
    pub error: Option<String>,
}

impl ActResult {
    /// The content of the initial response, or `""`.
    #[must_use]
    pub fn content(&self) -> &str {
        self.response
            .as_ref()
            .and_then(|r| r.pointer("/data/content"))
            .and_then(Value::as_str)
            .unwrap_or_default()
    }
}

/// `POST /_sim/act/command`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ActCommand {
    /// The guild (defaults to the channel's).
    pub guild_id: Option<Snowflake>,
    pub channel_id: Snowflake,
    pub user_id: Snowflake,
    pub name: String,
    /// Discord-shaped options (`[{"name", "value"}]`, subcommands with nested `options`), or an
    /// object `{"name": value}` for flat commands.
    pub options: Value,
    /// The user or message of a context-menu command.
    pub target_id: Option<Snowflake>,
    /// `1`/`"chat_input"`, `2`/`"user"`, `3`/`"message"` (default: the registered command's).
    pub kind: Value,
    /// Which application's command, when several have one of this name.
    pub application_id: Option<Snowflake>,
    /// The option being typed: sends an autocomplete request instead of the command (the
    /// option must offer autocomplete; its value is the text typed so far).
    pub focused: Option<String>,
}

/// `POST /_sim/act/component`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ActComponent {
    pub channel_id: Snowflake,
    pub message_id: Snowflake,
    pub user_id: Snowflake,
    pub custom_id: String,
    /// Selected values, for select menus.
    pub values: Option<Vec<String>>,
}

/// `POST /_sim/act/modal`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ActModal {
    pub channel_id: Snowflake,
    pub user_id: Snowflake,
    pub custom_id: String,
    /// Text input values by input `custom_id`.
    pub fields: std::collections::BTreeMap<String, String>,
}

/// `POST /_sim/act/message`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ActMessage {
    pub channel_id: Snowflake,
    pub user_id: Snowflake,
    pub content: String,
    /// Files to upload with the message.
    pub attachments: Vec<ActFile>,
    /// The message this one replies to (in the same channel).
    pub reply_to: Option<Snowflake>,
}

/// A file a simulated user uploads.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ActFile {
    pub filename: String,
    /// The media type (guessed from the name when absent).
    pub content_type: Option<String>,
    /// The bytes, base64 (standard alphabet, padded).
    pub data: String,
}

impl ActFile {
    /// A file with these bytes (encoded for the JSON request).
    #[must_use]
    pub fn new(filename: &str, content_type: Option<&str>, bytes: &[u8]) -> Self {
        use base64::Engine as _;
        Self {
            filename: filename.to_owned(),
            content_type: content_type.map(str::to_owned),
            data: base64::engine::general_purpose::STANDARD.encode(bytes),
        }
    }
}

/// `POST /_sim/act/edit`: the author edits their message.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ActEdit {
    pub channel_id: Snowflake,
    pub message_id: Snowflake,
    pub user_id: Snowflake,
    pub content: String,
}

/// `POST /_sim/act/reaction`: a user adds (or, with `remove`, takes back) a reaction.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ActReaction {
    pub channel_id: Snowflake,
    pub message_id: Snowflake,
    pub user_id: Snowflake,
    /// A unicode emoji, as typed (not URL-encoded).
    pub emoji: String,
    pub remove: bool,
}
