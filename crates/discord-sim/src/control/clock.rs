//! `POST /_sim/clock/advance`: moves the simulator's clock forward, so that ids and timestamps
//! made afterwards are that much later, and tells whoever listens (the demo moves its bot's
//! clock with it and runs the jobs that became due) — a close request's delay or an
//! inactivity timer can then be watched without waiting hours.

use std::sync::Arc;
use std::time::Duration;

use serde::Deserialize;
use serde_json::{Value, json};

use super::api::ControlError;
use crate::sim::{Sim, lock};
use crate::state::snowflake::iso_from_ms;

/// The longest single advance: a year.
const MAX_ADVANCE_SECONDS: u64 = 366 * 86_400;

/// Something to do each time the clock moves, given how far.
pub type ClockListener = Arc<dyn Fn(Duration) + Send + Sync>;

/// The body of `POST /_sim/clock/advance`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Advance {
    /// How far to move, in seconds.
    pub seconds: u64,
}

/// Moves the clock and tells the listeners; answers with the simulator's new time.
pub fn advance(sim: &Sim, input: &Advance) -> Result<Value, ControlError> {
    if input.seconds == 0 || input.seconds > MAX_ADVANCE_SECONDS {
        return Err(ControlError::bad_request(format!(
            "seconds must be between 1 and {MAX_ADVANCE_SECONDS}, not {}",
            input.seconds
        )));
    }
    let now = {
        let mut world = sim.world();
        world.ids.advance(input.seconds * 1000);
        world.ids.now_ms()
    };
    let listeners: Vec<ClockListener> = lock(&sim.clock_listeners).clone();
    for listener in &listeners {
        listener(Duration::from_secs(input.seconds));
    }
    Ok(json!({
        "advanced_seconds": input.seconds,
        "now": iso_from_ms(now),
        "listeners": listeners.len(),
    }))
}

/// The simulator's time, for `GET /_sim/clock`.
pub fn now(sim: &Sim) -> Value {
    json!({ "now": iso_from_ms(sim.world().ids.now_ms()) })
}
