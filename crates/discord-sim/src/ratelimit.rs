//! Discord-style rate limits: a fixed window per bucket (route template plus its major
//! parameter: channel, guild or webhook) and a global per-second limit per bot.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use crate::config::RateLimitConfig;
use crate::errors::ApiError;
use crate::state::snowflake::now_ms;

#[derive(Debug)]
struct Window {
    started: Instant,
    used: u32,
}

/// The state of every bucket.
#[derive(Debug)]
pub struct RateLimiter {
    config: RateLimitConfig,
    buckets: HashMap<String, Window>,
    global: HashMap<String, Window>,
}

/// The headers of one response.
#[derive(Debug, Clone)]
pub struct BucketHeaders {
    pub limit: u32,
    pub remaining: u32,
    pub reset_after: f64,
    pub bucket: String,
}

impl BucketHeaders {
    /// `(name, value)` pairs for the response.
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
        ]
    }
}

/// The major parameter of a route: requests for different channels do not share a bucket.
fn major(params: &[(&str, String)]) -> String {
    params
        .iter()
        .find(|(k, _)| matches!(*k, "channel_id" | "guild_id" | "webhook_id"))
        .map(|(k, v)| {
            if *k == "webhook_id" {
                let token = params
                    .iter()
                    .find(|(k, _)| *k == "webhook_token")
                    .map_or("", |(_, v)| v.as_str());
                format!("{v}/{token}")
            } else {
                v.clone()
            }
        })
        .unwrap_or_default()
}

/// A short, stable bucket hash, as Discord's opaque `X-RateLimit-Bucket`.
fn bucket_hash(route: &str) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(&Sha256::digest(route.as_bytes())[..8])
}

impl RateLimiter {
    #[must_use]
    pub fn new(config: RateLimitConfig) -> Self {
        Self {
            config,
            buckets: HashMap::new(),
            global: HashMap::new(),
        }
    }

    /// Whether limits are enforced at all.
    #[must_use]
    pub fn enabled(&self) -> bool {
        self.config.enabled
    }

    /// Counts a request of `identity` (a token) on `method template` with `params`.
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
        global_exempt: bool,
    ) -> Result<BucketHeaders, (ApiError, Option<BucketHeaders>)> {
        let now = Instant::now();
        if !global_exempt && !identity.is_empty() {
            let window = self.global.entry(identity.to_owned()).or_insert(Window {
                started: now,
                used: 0,
            });
            if now.duration_since(window.started) >= Duration::from_secs(1) {
                *window = Window {
                    started: now,
                    used: 0,
                };
            }
            if window.used >= self.config.global_per_second {
                let retry =
                    (Duration::from_secs(1) - now.duration_since(window.started)).as_secs_f64();
                return Err((ApiError::rate_limited(round(retry), true), None));
            }
            window.used += 1;
        }
        let route = format!("{method} {template}");
        let key = format!("{identity} {route} {}", major(params));
        let limit = self.config.route_limit;
        let period = self.config.route_window;
        let window = self.buckets.entry(key).or_insert(Window {
            started: now,
            used: 0,
        });
        if now.duration_since(window.started) >= period {
            *window = Window {
                started: now,
                used: 0,
            };
        }
        let reset_after = round((period - now.duration_since(window.started)).as_secs_f64());
        let headers = |remaining| BucketHeaders {
            limit,
            remaining,
            reset_after,
            bucket: bucket_hash(&route),
        };
        if window.used >= limit {
            return Err((ApiError::rate_limited(reset_after, false), Some(headers(0))));
        }
        window.used += 1;
        Ok(headers(limit - window.used))
    }
}

fn round(seconds: f64) -> f64 {
    (seconds * 1000.0).ceil() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bucket_allows_its_limit_then_answers_429() {
        let mut limiter = RateLimiter::new(RateLimitConfig {
            route_limit: 2,
            ..RateLimitConfig::discord()
        });
        let params = [("channel_id", "1".to_owned())];
        let first = limiter
            .check(
                "t",
                "POST",
                "/channels/{channel_id}/messages",
                &params,
                false,
            )
            .unwrap();
        assert_eq!(first.remaining, 1);
        limiter
            .check(
                "t",
                "POST",
                "/channels/{channel_id}/messages",
                &params,
                false,
            )
            .unwrap();
        let (error, headers) = limiter
            .check(
                "t",
                "POST",
                "/channels/{channel_id}/messages",
                &params,
                false,
            )
            .unwrap_err();
        assert_eq!(error.status, 429);
        assert_eq!(headers.unwrap().remaining, 0);
        let other = [("channel_id", "2".to_owned())];
        assert!(
            limiter
                .check(
                    "t",
                    "POST",
                    "/channels/{channel_id}/messages",
                    &other,
                    false
                )
                .is_ok()
        );
    }
}
