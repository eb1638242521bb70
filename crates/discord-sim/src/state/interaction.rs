//! Interactions the simulator created, the modals bots opened, and what answering them did.

use std::time::Instant;

use serde_json::Value;
use tokio::sync::watch;

/// Interaction types (Discord's numbers).
pub mod interaction_kind {
    /// The endpoint check.
    pub const PING: u8 = 1;
    /// A slash or context-menu command.
    pub const APPLICATION_COMMAND: u8 = 2;
    /// A button or select menu.
    pub const MESSAGE_COMPONENT: u8 = 3;
    /// Autocomplete of a command option.
    pub const AUTOCOMPLETE: u8 = 4;
    /// A submitted modal.
    pub const MODAL_SUBMIT: u8 = 5;
}

/// One interaction and its answers.
#[derive(Debug)]
pub struct Interaction {
    pub id: u64,
    pub application_id: u64,
    pub kind: u8,
    pub token: String,
    pub guild_id: Option<u64>,
    pub channel_id: u64,
    pub user_id: u64,
    pub created: Instant,
    /// The payload delivered to the bot.
    pub payload: Value,
    /// The initial response (`{type, data}`) as the bot sent it.
    pub initial: Option<Value>,
    /// The `@original` message, once there is one.
    pub original: Option<u64>,
    /// Followup message ids, in order.
    pub followups: Vec<u64>,
    /// For component interactions: the message the component is on.
    pub source_message: Option<u64>,
    /// Why delivery to the bot failed, if it did.
    pub delivery_error: Option<String>,
    /// For HTTP delivery: the signed request as sent, so tests can replay it as an attacker
    /// who captured it would.
    pub signed_request: Option<crate::signing::SignedRequest>,
    /// Flips to `true` once the initial response (or a delivery failure) is known.
    pub answered: watch::Sender<bool>,
}

impl Interaction {
    /// Whether the bot already sent its initial response.
    #[must_use]
    pub fn acknowledged(&self) -> bool {
        self.initial.is_some()
    }
}

/// A modal a bot showed to a user, waiting to be submitted.
#[derive(Debug, Clone)]
pub struct PendingModal {
    pub application_id: u64,
    pub user_id: u64,
    pub guild_id: Option<u64>,
    pub channel_id: u64,
    pub custom_id: String,
    /// The message whose component opened the modal, if one did.
    pub source_message: Option<u64>,
    /// The modal's components as sent (rows of text inputs, or labels).
    pub components: Vec<Value>,
}
