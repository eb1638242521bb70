//! Counting the interactions being handled, so that stopping can wait for them (with a bound).

use std::time::Duration;
use tokio::sync::watch;

/// How many interactions are being handled; cheap to clone, shared by the router's clones.
#[derive(Debug, Clone)]
pub struct InFlight {
    count: std::sync::Arc<watch::Sender<usize>>,
}

impl Default for InFlight {
    fn default() -> Self {
        Self {
            count: std::sync::Arc::new(watch::Sender::new(0)),
        }
    }
}

/// Held while one interaction is handled; counts it out when dropped, even on a panic.
#[derive(Debug)]
pub struct Working {
    count: std::sync::Arc<watch::Sender<usize>>,
}

impl Drop for Working {
    fn drop(&mut self) {
        self.count.send_modify(|n| *n = n.saturating_sub(1));
    }
}

impl InFlight {
    /// Counts one interaction in until the guard is dropped.
    #[must_use]
    pub fn enter(&self) -> Working {
        self.count.send_modify(|n| *n += 1);
        Working {
            count: std::sync::Arc::clone(&self.count),
        }
    }

    /// How many are being handled now.
    #[must_use]
    pub fn count(&self) -> usize {
        *self.count.borrow()
    }

    /// Waits until none is being handled, or `limit` passed; returns whether all finished.
    pub async fn finished_within(&self, limit: Duration) -> bool {
        let mut changes = self.count.subscribe();
        tokio::time::timeout(limit, changes.wait_for(|n| *n == 0))
            .await
            .is_ok_and(|done| done.is_ok())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn waiting_ends_when_the_last_guard_goes_or_at_the_limit() {
        let in_flight = InFlight::default();
        assert!(in_flight.finished_within(Duration::ZERO).await);
        let first = in_flight.enter();
        let second = in_flight.enter();
        assert_eq!(in_flight.count(), 2);
        assert!(!in_flight.finished_within(Duration::from_millis(10)).await);
        drop(first);
        let waiter = {
            let in_flight = in_flight.clone();
            tokio::spawn(async move { in_flight.finished_within(Duration::from_secs(30)).await })
        };
        drop(second);
        assert!(waiter.await.unwrap_or(false));
    }
}
