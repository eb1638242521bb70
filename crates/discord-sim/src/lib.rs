//! A strict local Discord simulator: REST v10, Gateway v10, signed HTTP interactions, OAuth2 and a
//! control API for tests. It knows nothing about tickets.
//!
//! ```no_run
//! # async fn demo() -> Result<(), discord_sim::SimError> {
//! use discord_sim::{Scenario, SimConfig, Simulator};
//!
//! let sim = Simulator::start(SimConfig {
//!     scenario: Scenario::demo(discord_sim::scenario::demo_bot_permissions()),
//!     ..SimConfig::default()
//! })
//! .await?;
//! println!("REST at {}, control API at {}/_sim/state", sim.api_url(), sim.base_url());
//! sim.shutdown().await;
//! # Ok(())
//! # }
//! ```

mod cdn;
pub mod config;
pub mod control;
pub mod dispatch;
mod errors;
pub mod faults;
pub mod gateway;
mod handle;
mod oauth;
mod ratelimit;
mod requests;
mod rest;
pub mod scenario;
mod server;
mod signing;
mod sim;
pub mod spec;
mod state;

pub use config::{RateLimitConfig, SimConfig, Timing, WorldLimits};
pub use control::api::ActResult;
pub use scenario::Scenario;
pub use server::{SimError, SimHandle, Simulator};
