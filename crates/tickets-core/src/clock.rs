//! The time the use cases go by. In production it is the system's; tests move it forward to make
//! hours pass for timers (a close request's delay) without waiting, including across restarts.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

/// A clock: the system time plus an offset that only tests change.
#[derive(Debug, Clone, Default)]
pub struct Clock {
    offset_ms: Arc<AtomicI64>,
}

impl Clock {
    /// The system's time.
    #[must_use]
    pub fn system() -> Self {
        Self::default()
    }

    /// Milliseconds since the Unix epoch.
    #[must_use]
    pub fn now_ms(&self) -> i64 {
        crate::now_ms().saturating_add(self.offset_ms.load(Ordering::Relaxed))
    }

    /// Moves this clock (and every copy of it) forward.
    pub fn advance(&self, by: std::time::Duration) {
        let ms = i64::try_from(by.as_millis()).unwrap_or(i64::MAX);
        self.offset_ms.fetch_add(ms, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_share_the_advance() {
        let clock = Clock::system();
        let copy = clock.clone();
        let before = copy.now_ms();
        clock.advance(std::time::Duration::from_secs(3 * 3600));
        assert!(copy.now_ms() >= before + 3 * 3600 * 1000);
    }
}
