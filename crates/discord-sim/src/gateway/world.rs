//! What the gateway needs from the simulated world: the contract between the gateway sessions and
//! the state that the REST and control APIs mutate.

use crate::dispatch::Dispatch;
use serde_json::Value;
use tokio::sync::broadcast;

/// The bot an IDENTIFY token belongs to.
#[derive(Debug, Clone)]
pub struct BotIdentity {
    /// The application's id.
    pub application_id: u64,
    /// The application's flags (`application.flags` in READY). As on Discord, each privileged
    /// intent needs its `GATEWAY_*` or `GATEWAY_*_LIMITED` flag, or IDENTIFY is closed with 4014.
    pub flags: u64,
    /// The bot user object, as Discord sends it in READY (`id`, `username`, `bot: true`, ...).
    pub user: Value,
}

/// The simulated world as seen by gateway sessions.
pub trait GatewayWorld: Send + Sync + 'static {
    /// Resolves a bot token (without the `Bot ` prefix) to its application, or `None` when the
    /// token is unknown (the session is then closed with 4004).
    fn identify(&self, token: &str) -> Option<BotIdentity>;

    /// Ids of the guilds the application's bot is a member of.
    fn bot_guilds(&self, application_id: u64) -> Vec<u64>;

    /// The full GUILD_CREATE payload of a guild for this application (with `channels`, `threads`,
    /// `members`, `roles`, `member_count`, `joined_at`, ...), or `None` when the bot is not in it.
    fn guild_create(&self, application_id: u64, guild_id: u64) -> Option<Value>;

    /// Every member of a guild as Discord's member objects (with `user`), for Request Guild
    /// Members; `None` when the application's bot is not in the guild.
    fn guild_members(&self, application_id: u64, guild_id: u64) -> Option<Vec<Value>>;

    /// Whether the application's bot is currently a member of the guild.
    fn bot_in_guild(&self, application_id: u64, guild_id: u64) -> bool;

    /// Subscribes to every dispatch published from now on, in publication order.
    ///
    /// Each gateway session reads its receiver continuously (no I/O in between), so a channel of
    /// a few thousand dispatches is ample; a session that still falls behind is invalidated
    /// (op 9, `d: false`) and identifies again, rather than silently missing events.
    fn subscribe(&self) -> broadcast::Receiver<Dispatch>;

    /// The URL sessions should resume on (`resume_gateway_url` in READY), e.g. `ws://127.0.0.1:8090/gateway`.
    fn resume_gateway_url(&self) -> String;
}
