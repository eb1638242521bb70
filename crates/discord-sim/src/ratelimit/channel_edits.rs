//! Discord's limit on renaming and moving a channel: at most `limit` changes of its name or
//! parent per channel in a sliding window (2 per 10 minutes), whoever makes them. The limit is
//! separate from the channel-edit bucket: overwrites and topic edits do not count.

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

/// The recent name and parent changes of every channel.
#[derive(Debug)]
pub struct ChannelEdits {
    limit: u32,
    window: Duration,
    changes: HashMap<u64, VecDeque<Instant>>,
}

impl ChannelEdits {
    #[must_use]
    pub fn new(limit: u32, window: Duration) -> Self {
        Self {
            limit,
            window,
            changes: HashMap::new(),
        }
    }

    /// Records a change of `channel` at `now`.
    ///
    /// # Errors
    ///
    /// When `limit` changes already fall in the window: how long until the oldest leaves it
    /// (nothing is recorded then).
    pub fn record(&mut self, channel: u64, now: Instant) -> Result<(), Duration> {
        let window = self.window;
        let recent = self.changes.entry(channel).or_default();
        while recent
            .front()
            .is_some_and(|at| now.duration_since(*at) >= window)
        {
            recent.pop_front();
        }
        if recent.len() >= usize::try_from(self.limit).unwrap_or(usize::MAX) {
            let oldest = recent.front().copied().unwrap_or(now);
            return Err(window.saturating_sub(now.duration_since(oldest)));
        }
        recent.push_back(now);
        Ok(())
    }

    /// Forgets channels whose changes all left the window, once more than `at` are tracked.
    pub fn prune(&mut self, now: Instant, at: usize) {
        if self.changes.len() >= at {
            let window = self.window;
            self.changes.retain(|_, recent| {
                recent
                    .back()
                    .is_some_and(|last| now.duration_since(*last) < window)
            });
        }
    }
}
