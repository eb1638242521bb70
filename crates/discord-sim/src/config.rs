//! How a simulator runs: address, starting world, timings, rate limits.

use std::net::SocketAddr;
use std::time::Duration;

use crate::gateway::GatewayOptions;
use crate::scenario::Scenario;
pub use crate::state::limits::WorldLimits;

/// Settings of [`crate::Simulator::start`].
#[derive(Debug, Clone)]
pub struct SimConfig {
    /// Where to listen; `127.0.0.1:0` picks a free port.
    pub listen: SocketAddr,
    /// The starting world.
    pub scenario: Scenario,
    /// Deterministic snowflakes starting at this Unix millisecond (`None`: the clock).
    pub id_seed: Option<u64>,
    /// Interaction timings.
    pub timing: Timing,
    /// Rate limits; Discord's unless changed.
    pub rate_limits: RateLimitConfig,
    /// Validate every REST response against the spec and record mismatches in the request log
    /// (`response_errors`); meant for tests, it costs time per request.
    pub check_responses: bool,
    /// How many REST requests the log keeps (oldest dropped first).
    pub request_log_capacity: usize,
    /// Gateway settings.
    pub gateway: GatewayOptions,
    /// Limits of the world (Discord's unless lowered, e.g. active threads per guild).
    pub limits: WorldLimits,
}

impl Default for SimConfig {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            scenario: Scenario::default(),
            id_seed: None,
            timing: Timing::default(),
            rate_limits: RateLimitConfig::default(),
            check_responses: false,
            request_log_capacity: 10_000,
            gateway: GatewayOptions::default(),
            limits: WorldLimits::default(),
        }
    }
}

/// Interaction deadlines (Discord's by default; tests shorten them instead of sleeping).
#[derive(Debug, Clone, Copy)]
pub struct Timing {
    /// How long after its creation an interaction accepts its initial response (3 s).
    pub initial_response: Duration,
    /// How long an interaction token works for followups and `@original` (15 min).
    pub token_lifetime: Duration,
    /// How long an act call waits for the initial response (3 s).
    pub act_wait: Duration,
    /// How long the PING check and HTTP deliveries may take before they count as failed.
    pub delivery_timeout: Duration,
}

impl Default for Timing {
    fn default() -> Self {
        Self {
            initial_response: Duration::from_secs(3),
            token_lifetime: Duration::from_secs(15 * 60),
            act_wait: Duration::from_secs(3),
            delivery_timeout: Duration::from_secs(3),
        }
    }
}

/// Discord's rate limits (see `ratelimit` for the per-route table).
#[derive(Debug, Clone, Copy)]
pub struct RateLimitConfig {
    /// Whether limits are enforced and `X-RateLimit-*` headers sent. On by default, as on
    /// Discord: a client tested here must keep Discord's limits.
    pub enabled: bool,
    /// Requests per second across all routes per bot, except interaction callbacks and
    /// webhooks (Discord: 50).
    pub global_per_second: u32,
    /// Requests per window of a route Discord's table does not list, per major parameter.
    pub route_limit: u32,
    /// The window of such a route.
    pub route_window: Duration,
    /// Changes of a channel's name or parent per channel per [`Self::channel_edit_window`]
    /// (Discord: 2).
    pub channel_edits: u32,
    /// Discord: 10 minutes.
    pub channel_edit_window: Duration,
}

impl Default for RateLimitConfig {
    fn default() -> Self {
        Self::discord()
    }
}

impl RateLimitConfig {
    /// Discord's limits, enforced.
    #[must_use]
    pub fn discord() -> Self {
        Self {
            enabled: true,
            global_per_second: 50,
            route_limit: 10,
            route_window: Duration::from_secs(1),
            channel_edits: 2,
            channel_edit_window: Duration::from_secs(10 * 60),
        }
    }

    /// No limits at all (for tests of something else that send many requests at once; say why
    /// where you use it).
    #[must_use]
    pub fn off() -> Self {
        Self {
            enabled: false,
            ..Self::discord()
        }
    }
}
