//! The state every HTTP handler shares: the world, the spec, the request log, faults, rate
//! limits and the outbound HTTP client. One `Arc<Sim>` per running simulator; no globals.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use crate::config::{RateLimitConfig, Timing};
use crate::faults::Faults;
use crate::gateway::Gateway;
use crate::ratelimit::RateLimiter;
use crate::requests::RequestLog;
use crate::spec::Spec;
use crate::state::World;
use crate::state::gateway_world::SharedWorld;

/// Shared simulator state.
pub struct Sim {
    pub world: Arc<SharedWorld>,
    pub spec: Arc<Spec>,
    pub timing: Timing,
    pub rate_limits: RateLimitConfig,
    pub check_responses: bool,
    pub log: Mutex<RequestLog>,
    pub faults: Mutex<Faults>,
    pub limiter: Mutex<RateLimiter>,
    /// Client for signed interaction deliveries.
    pub http: reqwest::Client,
    /// `http://host:port`.
    pub base_url: String,
    pub gateway: Gateway,
    /// Told each time `POST /_sim/clock/advance` moves the clock.
    pub clock_listeners: Mutex<Vec<crate::control::clock::ClockListener>>,
}

impl std::fmt::Debug for Sim {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sim")
            .field("base_url", &self.base_url)
            .finish_non_exhaustive()
    }
}

/// Locks a mutex, taking over a poisoned one (see [`SharedWorld::lock`]).
pub fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Sim {
    /// Locks the world.
    pub fn world(&self) -> MutexGuard<'_, World> {
        self.world.lock()
    }

    /// The `ws://` URL of the gateway.
    #[must_use]
    pub fn gateway_url(&self) -> String {
        format!("{}/gateway", self.base_url.replacen("http", "ws", 1))
    }
}
