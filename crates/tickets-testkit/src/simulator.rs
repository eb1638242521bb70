//! Starting and stopping the simulator for a test.

use discord_sim::{RateLimitConfig, Scenario, SimConfig, SimHandle, Simulator};

/// Starts the simulator on a random loopback port, seeded with the demo scenario.
pub async fn start_demo() -> SimHandle {
    let config = SimConfig {
        listen: "127.0.0.1:0".parse().unwrap_or_else(|e| panic!("{e}")),
        scenario: Scenario::demo(tickets_bot::invite::required_permissions().bits()),
        // Discord's rate limits in every end-to-end test: the bot must keep them (twilight
        // waits when a bucket is empty), and a 429 it provokes fails the test.
        rate_limits: RateLimitConfig::discord(),
        ..SimConfig::default()
    };
    Simulator::start(config)
        .await
        .unwrap_or_else(|e| panic!("simulator start: {e}"))
}

/// The simulator's base URL.
#[must_use]
pub fn base_url(handle: &SimHandle) -> String {
    handle.base_url()
}

/// Stops the simulator.
pub async fn stop(handle: SimHandle) {
    handle.shutdown().await;
}
