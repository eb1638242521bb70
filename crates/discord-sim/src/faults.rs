//! Injected failures: the next N requests matching a method and path answer a chosen status.
//!
//! A fault's `path` is matched segment by segment against the request path (without
//! `/api/v10`): literal segments must be equal, and a segment in braces (`{guild_id}`, `{any}`)
//! matches any value. So `/guilds/{guild_id}/channels` hits every guild, and
//! `/guilds/123/channels` only guild 123. The method `*` matches every method.

use axum::http::StatusCode;
use serde::Deserialize;

use crate::errors::ApiError;

/// A fault as posted to `POST /_sim/faults`.
#[derive(Debug, Clone, Deserialize)]
pub struct Fault {
    pub method: String,
    pub path: String,
    pub status: u16,
    pub count: u32,
    /// Seconds, for 429s (default 1).
    pub retry_after: Option<f64>,
}

/// The armed faults.
#[derive(Debug, Default)]
pub struct Faults {
    armed: Vec<Fault>,
}

fn path_matches(pattern: &str, path: &str) -> bool {
    let pattern = pattern.strip_prefix("/api/v10").unwrap_or(pattern);
    let pattern: Vec<&str> = pattern.trim_matches('/').split('/').collect();
    let path: Vec<&str> = path.trim_matches('/').split('/').collect();
    pattern.len() == path.len()
        && pattern
            .iter()
            .zip(&path)
            .all(|(p, s)| (p.starts_with('{') && p.ends_with('}')) || p == s)
}

impl Faults {
    /// Arms a fault.
    ///
    /// # Errors
    ///
    /// A message when the status is not an error status.
    pub fn add(&mut self, fault: Fault) -> Result<(), String> {
        if !(400..=599).contains(&fault.status) {
            return Err(format!("status {} is not an error status", fault.status));
        }
        self.armed.push(fault);
        Ok(())
    }

    /// Disarms every fault.
    pub fn clear(&mut self) {
        self.armed.clear();
    }

    /// Consumes one use of the first fault matching the request, if any.
    pub fn take(&mut self, method: &str, path: &str) -> Option<ApiError> {
        let index = self.armed.iter().position(|f| {
            f.count > 0
                && (f.method == "*" || f.method.eq_ignore_ascii_case(method))
                && path_matches(&f.path, path)
        })?;
        let fault = &mut self.armed[index];
        fault.count -= 1;
        let status =
            StatusCode::from_u16(fault.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let error = if status == StatusCode::TOO_MANY_REQUESTS {
            ApiError::rate_limited(fault.retry_after.unwrap_or(1.0), false)
        } else {
            ApiError::server_error(status)
        };
        if fault.count == 0 {
            self.armed.remove(index);
        }
        Some(error)
    }

    /// The armed faults, for the control API.
    #[must_use]
    pub fn list(&self) -> Vec<serde_json::Value> {
        self.armed
            .iter()
            .map(|f| {
                serde_json::json!({
                    "method": f.method, "path": f.path, "status": f.status,
                    "count": f.count, "retry_after": f.retry_after,
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_and_concrete_paths_match() {
        assert!(path_matches(
            "/guilds/{guild_id}/channels",
            "/guilds/1/channels"
        ));
        assert!(path_matches(
            "/api/v10/guilds/1/channels",
            "/guilds/1/channels"
        ));
        assert!(!path_matches("/guilds/2/channels", "/guilds/1/channels"));
        assert!(!path_matches("/guilds/{g}", "/guilds/1/channels"));
    }

    #[test]
    fn a_fault_fires_count_times() {
        let mut faults = Faults::default();
        faults
            .add(Fault {
                method: "GET".into(),
                path: "/channels/{c}".into(),
                status: 500,
                count: 1,
                retry_after: None,
            })
            .unwrap();
        assert!(faults.take("POST", "/channels/1").is_none());
        assert_eq!(faults.take("get", "/channels/1").unwrap().status, 500);
        assert!(faults.take("GET", "/channels/1").is_none());
    }
}
