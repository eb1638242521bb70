//! Discord's rate limits: a fixed window per route group and major parameter (channel, guild,
//! webhook and token) for each bot, a global limit per bot per second, and the limit Discord
//! puts on renaming or moving a channel (2 per 10 minutes per channel).
//!
//! Every check takes the current [`Instant`] from its caller, so the unit tests below move time
//! by hand; the simulator passes `Instant::now()` (it has no clock of its own to move).

mod channel_edits;
pub mod routes;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use crate::config::RateLimitConfig;
use crate::errors::ApiError;
use crate::state::snowflake::now_ms;

pub use channel_edits::ChannelEdits;

/// How long the simulator's global second is shorter than a second. A client that keeps the
/// global limit by its own clock starts its second when it sends the first request, a little
/// before the simulator sees it (twilight does); without this margin its next second's first
/// requests could arrive while the simulator's second still runs, and be refused although the
/// client kept the limit.
const GLOBAL_MARGIN: Duration = Duration::from_millis(100);

/// Windows older than this are dropped when the table grows (no route window is longer).
const PRUNE_AFTER: Duration = Duration::from_secs(60);
/// How many windows the limiter keeps before it drops expired ones.
const PRUNE_AT: usize = 10_000;

#[derive(Debug, Clone, Copy)]
struct Window {
    started: Instant,
    used: u32,
}

impl Window {
    /// The window at `now`: a new one once `period` has passed.
    fn current(&mut self, now: Instant, period: Duration) -> &mut Self {
        if now.duration_since(self.started) >= period {
            *self = Window {
                started: now,
                used: 0,
            };
        }
        self
    }
}

/// The state of every bucket.
#[derive(Debug)]
pub struct RateLimiter {
    config: RateLimitConfig,
    buckets: HashMap<String, Window>,
    global: HashMap<String, Window>,
    channel_edits: ChannelEdits,
}

/// The rate-limit headers of one response.
#[derive(Debug, Clone, PartialEq)]
pub struct BucketHeaders {
    pub limit: u32,
    pub remaining: u32,
    /// Seconds until the window resets, rounded up to the millisecond.
    pub reset_after: f64,
    /// The opaque `X-RateLimit-Bucket`, shared by the routes of one group.
    pub bucket: String,
}

impl BucketHeaders {
    /// `(name, value)` pairs for the response. `X-RateLimit-Scope` is sent on every answer, not
    /// only on a 429: twilight reads a bucket's headers only when a scope comes with them.
    #[must_use]
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        #[expect(
            clippy::cast_precision_loss,
            reason = "Unix milliseconds fit in an f64 mantissa until the year 287396"
        )]
        let reset = (now_ms() as f64) / 1000.0 + self.reset_after;
        vec![
            ("x-ratelimit-limit", self.limit.to_string()),
            ("x-ratelimit-remaining", self.remaining.to_string()),
            ("x-ratelimit-reset", format!("{reset:.3}")),
            (
                "x-ratelimit-reset-after",
                format!("{:.3}", self.reset_after),
            ),
            ("x-ratelimit-bucket", self.bucket.clone()),
            ("x-ratelimit-scope", "user".to_owned()),
        ]
    }
}

/// A short, stable bucket hash, as Discord's opaque `X-RateLimit-Bucket`.
fn bucket_hash(group: &str) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(&Sha256::digest(group.as_bytes())[..16])
}

/// Seconds, rounded up to the millisecond (a client that waits that long is never early).
fn seconds(duration: Duration) -> f64 {
    #[expect(
        clippy::cast_precision_loss,
        reason = "windows are minutes at most: far below an f64 mantissa in milliseconds"
    )]
    let millis = duration.as_micros().div_ceil(1000) as f64;
    millis / 1000.0
}

impl RateLimiter {
    #[must_use]
    pub fn new(config: RateLimitConfig) -> Self {
        Self {
            config,
            buckets: HashMap::new(),
            global: HashMap::new(),
            channel_edits: ChannelEdits::new(config.channel_edits, config.channel_edit_window),
        }
    }

    /// Whether limits are enforced at all.
    #[must_use]
    pub fn enabled(&self) -> bool {
        self.config.enabled
    }

    /// Counts a request of `identity` (a token) on `method template` with `params` at `now`.
    /// `Ok(None)`: the route has no per-route limit (no bucket headers).
    ///
    /// # Errors
    ///
    /// A 429 when the global or the route limit is exhausted (with the route's headers).
    pub fn check(
        &mut self,
        identity: &str,
        method: &str,
        template: &str,
        params: &[(&str, String)],
        now: Instant,
    ) -> Result<Option<BucketHeaders>, (ApiError, Option<BucketHeaders>)> {
        self.prune(now);
        if !routes::global_exempt(template) && !identity.is_empty() {
            let second = Duration::from_secs(1) - GLOBAL_MARGIN;
            let window = self
                .global
                .entry(identity.to_owned())
                .or_insert(Window {
                    started: now,
                    used: 0,
                })
                .current(now, second);
            if window.used >= self.config.global_per_second {
                let retry = second.saturating_sub(now.duration_since(window.started));
                return Err((ApiError::rate_limited(seconds(retry), true), None));
            }
            window.used += 1;
        }
        let Some(route) = routes::route_limit(&self.config, method, template) else {
            return Ok(None);
        };
        let group = if route.group.is_empty() {
            format!("{method} {template}")
        } else {
            route.group.to_owned()
        };
        let key = format!("{identity} {group} {}", routes::major(params));
        let window = self
            .buckets
            .entry(key)
            .or_insert(Window {
                started: now,
                used: 0,
            })
            .current(now, route.per);
        let reset_after = seconds(route.per.saturating_sub(now.duration_since(window.started)));
        let headers = |remaining| BucketHeaders {
            limit: route.limit,
            remaining,
            reset_after,
            bucket: bucket_hash(&group),
        };
        if window.used >= route.limit {
            return Err((ApiError::rate_limited(reset_after, false), Some(headers(0))));
        }
        window.used += 1;
        Ok(Some(headers(route.limit - window.used)))
    }

    /// Counts a change of a channel's name or parent at `now`.
    ///
    /// # Errors
    ///
    /// The 429 Discord answers to the third change within the window, with `retry_after` the
    /// time until the oldest change leaves it.
    pub fn channel_edit(&mut self, channel_id: u64, now: Instant) -> Result<(), ApiError> {
        self.channel_edits.record(channel_id, now).map_err(|wait| {
            let retry = seconds(wait);
            let bucket = BucketHeaders {
                limit: self.config.channel_edits,
                remaining: 0,
                reset_after: retry,
                bucket: bucket_hash("channel-edit"),
            };
            ApiError::resource_rate_limited(retry, &bucket)
        })
    }

    /// Drops expired windows once the tables grow large, so memory stays bounded however many
    /// channels a long run touches.
    fn prune(&mut self, now: Instant) {
        if self.buckets.len() >= PRUNE_AT {
            self.buckets
                .retain(|_, w| now.duration_since(w.started) < PRUNE_AFTER);
        }
        if self.global.len() >= PRUNE_AT {
            self.global
                .retain(|_, w| now.duration_since(w.started) < PRUNE_AFTER);
        }
        self.channel_edits.prune(now, PRUNE_AT);
    }
}

#[cfg(test)]
mod tests;
