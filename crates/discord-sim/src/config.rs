//! How a simulator runs: address, starting world, timings, rate limits.

use std::net::SocketAddr;
use std::time::Duration;

use crate::gateway::GatewayOptions;
use crate::scenario::Scenario;

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
    /// Rate limits; off unless enabled.
    pub rate_limits: RateLimitConfig,
    /// Validate every REST response against the spec and record mismatches in the request log
    /// (`response_errors`); meant for tests, it costs time per request.
    pub check_responses: bool,
    /// How many REST requests the log keeps (oldest dropped first).
    pub request_log_capacity: usize,
    /// Gateway settings.
    pub gateway: GatewayOptions,
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

/// Discord-style rate limits.
#[derive(Debug, Clone, Copy)]
pub struct RateLimitConfig {
    /// Whether limits are enforced and `X-RateLimit-*` headers sent.
    pub enabled: bool,
    /// Requests per second across all routes per bot (Discord: 50).
    pub global_per_second: u32,
    /// Requests per bucket per window.
    pub route_limit: u32,
    /// The window of a route bucket.
    pub route_window: Duration,
}

impl Default for RateLimitConfig {
    fn default() -> Self {
        Self {
            enabled: false,
            global_per_second: 50,
            route_limit: 5,
            route_window: Duration::from_secs(5),
        }
    }
}

impl RateLimitConfig {
    /// Discord's usual limits, enforced.
    #[must_use]
    pub fn discord() -> Self {
        Self {
            enabled: true,
            ..Self::default()
        }
    }
}
