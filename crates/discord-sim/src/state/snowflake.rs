//! Snowflake ids with Discord's layout: milliseconds since Discord's epoch in the top 42 bits,
//! then worker, process and a 12-bit increment.

use std::time::{SystemTime, UNIX_EPOCH};

/// Discord's epoch, the first second of 2015, in Unix milliseconds.
pub const DISCORD_EPOCH_MS: u64 = 1_420_070_400_000;

/// Hands out increasing snowflakes.
///
/// With a seed the generator never reads the clock: ids then depend only on the order of the
/// operations, so a scenario seeded twice yields the same ids (handy for docs and snapshots).
#[derive(Debug, Clone)]
pub struct Snowflakes {
    seeded: bool,
    last_ms: u64,
    increment: u64,
    /// How far the simulator's clock was moved ahead of the wall clock (`POST /_sim/clock/advance`).
    advanced_ms: u64,
}

impl Snowflakes {
    /// A generator following the wall clock (`None`), or a deterministic one starting at `seed`
    /// Unix milliseconds.
    #[must_use]
    pub fn new(seed: Option<u64>) -> Self {
        Self {
            seeded: seed.is_some(),
            last_ms: seed.unwrap_or(0).max(DISCORD_EPOCH_MS),
            increment: 0,
            advanced_ms: 0,
        }
    }

    /// The simulator's time in Unix milliseconds: the wall clock plus every advance; a seeded
    /// generator's time is that of its last id, which advances move too.
    #[must_use]
    pub fn now_ms(&self) -> u64 {
        if self.seeded {
            self.last_ms
        } else {
            now_ms().saturating_add(self.advanced_ms).max(self.last_ms)
        }
    }

    /// The ISO 8601 timestamp of the simulator's now.
    #[must_use]
    pub fn iso_now(&self) -> String {
        iso_from_ms(self.now_ms())
    }

    /// Moves the simulator's clock forward: ids and timestamps made from now on are that much
    /// later.
    pub fn advance(&mut self, ms: u64) {
        self.advanced_ms = self.advanced_ms.saturating_add(ms);
        if self.seeded {
            self.last_ms = self.last_ms.saturating_add(ms);
            self.increment = 0;
        }
    }

    /// The next id; always greater than every id handed out before.
    pub fn next_id(&mut self) -> u64 {
        let now = if self.seeded {
            self.last_ms
        } else {
            now_ms().saturating_add(self.advanced_ms)
        };
        if now > self.last_ms {
            self.last_ms = now;
            self.increment = 0;
        } else {
            self.increment += 1;
            // 4096 ids in one millisecond: borrow the next millisecond, as Discord's workers wait.
            if self.increment >= 1 << 12 {
                self.last_ms += 1;
                self.increment = 0;
            }
        }
        ((self.last_ms - DISCORD_EPOCH_MS) << 22) | (1 << 17) | (1 << 12) | self.increment
    }
}

/// The Unix time in milliseconds a snowflake was made at.
#[must_use]
pub fn timestamp_ms(id: u64) -> u64 {
    (id >> 22) + DISCORD_EPOCH_MS
}

/// The current Unix time in milliseconds.
#[must_use]
pub fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

/// An ISO 8601 timestamp (`2024-01-01T00:00:00.000000+00:00`) for Unix milliseconds.
#[must_use]
pub fn iso_from_ms(ms: u64) -> String {
    let micros = i64::try_from(ms).unwrap_or(i64::MAX).saturating_mul(1000);
    twilight_model::util::Timestamp::from_micros(micros)
        .map(|t| t.iso_8601().to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_advance_moves_ids_and_timestamps_forward() {
        for seed in [None, Some(1_700_000_000_000)] {
            let mut ids = Snowflakes::new(seed);
            let before = timestamp_ms(ids.next_id());
            ids.advance(3 * 3_600_000);
            let after = timestamp_ms(ids.next_id());
            assert!(
                after >= before + 3 * 3_600_000,
                "{seed:?}: {before} then {after}"
            );
            assert!(ids.now_ms() >= before + 3 * 3_600_000);
        }
    }

    #[test]
    fn seeded_ids_are_reproducible_and_increasing() {
        let mut a = Snowflakes::new(Some(1_700_000_000_000));
        let mut b = Snowflakes::new(Some(1_700_000_000_000));
        let first: Vec<u64> = (0..5000).map(|_| a.next_id()).collect();
        let second: Vec<u64> = (0..5000).map(|_| b.next_id()).collect();
        assert_eq!(first, second);
        assert!(first.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(timestamp_ms(first[0]), 1_700_000_000_000);
    }

    #[test]
    fn clock_ids_carry_the_current_time() {
        let mut ids = Snowflakes::new(None);
        let id = ids.next_id();
        assert!(now_ms().abs_diff(timestamp_ms(id)) < 5_000);
        assert!(iso_from_ms(timestamp_ms(id)).ends_with("+00:00"));
    }
}
