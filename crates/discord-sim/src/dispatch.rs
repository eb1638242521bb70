//! Gateway dispatches produced by the simulated world and consumed by gateway sessions.
//!
//! Every change a bot could observe (a channel created, a member added, an interaction) is
//! published once on a broadcast channel; each gateway session filters what concerns it.

use serde_json::Value;

/// Who should receive a dispatch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Audience {
    /// Every application whose bot user is a member of this guild, on the shard owning the guild.
    Guild(u64),
    /// One application only (interactions). `guild_id` selects the shard; `None` means shard 0.
    Application {
        /// The receiving application.
        application_id: u64,
        /// The guild the event happened in, if any.
        guild_id: Option<u64>,
    },
}

/// One gateway event, as Discord would send it in the `t` and `d` fields of an op 0 payload.
#[derive(Debug, Clone)]
pub struct Dispatch {
    /// Who receives it.
    pub audience: Audience,
    /// The event name, e.g. `CHANNEL_CREATE`.
    pub event: &'static str,
    /// The event payload.
    pub data: Value,
}
