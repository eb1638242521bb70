//! The simulated gateway against the real twilight-gateway 0.18 client.
//!
//! The world here is a small fake (one application, two guilds, a broadcast channel), so that the
//! gateway is tested on its own; tests of the whole simulator belong in other test binaries.
//! Where new gateway tests go: `twilight.rs` for anything the twilight client can express (the
//! default), `raw.rs` for what only a hand-written client can send (payloads before IDENTIFY,
//! silence instead of heartbeats, invalid shards), and `fake.rs` for the world and its payloads.

#![expect(
    clippy::expect_used,
    reason = "test helpers fail the test by panicking, like the tests themselves"
)]

mod fake;
mod raw;
mod twilight;
