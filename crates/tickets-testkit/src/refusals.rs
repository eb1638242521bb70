//! Refused requests in the simulator's log: every 4xx or 5xx the bot received fails the test
//! unless the test declared it, because a refusal the bot only logs would otherwise pass
//! unnoticed (a missing permission, a 429, a request Discord would reject).

use serde_json::Value;
use std::sync::{Arc, Mutex, PoisonError};

/// A refusal a test expects: `method` (`*` for any), a path pattern matched segment by segment
/// (`{name}` matches any segment; with or without `/api/v10`), and the status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expected {
    method: String,
    path: String,
    status: u16,
}

impl Expected {
    /// A declared refusal.
    #[must_use]
    pub fn new(method: &str, path: &str, status: u16) -> Self {
        Self {
            method: method.to_owned(),
            path: path.to_owned(),
            status,
        }
    }

    fn matches(&self, request: &Value) -> bool {
        let method = request["method"].as_str().unwrap_or_default();
        let path = request["path"].as_str().unwrap_or_default();
        request["status"].as_u64() == Some(u64::from(self.status))
            && (self.method == "*" || self.method.eq_ignore_ascii_case(method))
            && path_matches(&self.path, path)
    }
}

fn segments(path: &str) -> Vec<&str> {
    let path = path.split('?').next().unwrap_or_default();
    let path = path.strip_prefix("/api/v10").unwrap_or(path);
    path.split('/').filter(|s| !s.is_empty()).collect()
}

/// Whether `path` matches `pattern`, segment by segment.
#[must_use]
pub fn path_matches(pattern: &str, path: &str) -> bool {
    let (pattern, path) = (segments(pattern), segments(path));
    pattern.len() == path.len()
        && pattern
            .iter()
            .zip(&path)
            .all(|(p, s)| (p.starts_with('{') && p.ends_with('}')) || p == s)
}

/// The refusals a test declared, shared by the environment and its simulator client (an
/// injected fault declares its own).
#[derive(Debug, Clone, Default)]
pub struct Expectations(Arc<Mutex<Vec<Expected>>>);

impl Expectations {
    /// Declares a refusal.
    pub fn add(&self, expected: Expected) {
        let mut list = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if !list.contains(&expected) {
            list.push(expected);
        }
    }

    /// What is wrong with `log` (the simulator's request log): refusals nobody declared, and
    /// declarations nothing matched (a test that claims a refusal must provoke it). Empty when
    /// all is well.
    #[must_use]
    pub fn check(&self, log: &[Value]) -> Vec<String> {
        let expected = self
            .0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        let refused: Vec<&Value> = log
            .iter()
            .filter(|r| r["status"].as_u64().is_some_and(|s| s >= 400))
            .collect();
        let mut problems: Vec<String> = refused
            .iter()
            .filter(|r| !expected.iter().any(|e| e.matches(r)))
            .map(|r| {
                format!(
                    "unexpected {} {} {} (code {}, operation {})",
                    r["status"],
                    r["method"].as_str().unwrap_or_default(),
                    r["path"].as_str().unwrap_or_default(),
                    r["error_code"],
                    r["operation"].as_str().unwrap_or("?"),
                )
            })
            .collect();
        problems.extend(
            expected
                .iter()
                .filter(|e| !refused.iter().any(|r| e.matches(r)))
                .map(|e| {
                    format!(
                        "declared {} {} {} never happened",
                        e.status, e.method, e.path
                    )
                }),
        );
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn braces_match_any_segment_and_the_api_prefix_is_optional() {
        assert!(path_matches(
            "/channels/{channel_id}/messages",
            "/api/v10/channels/1/messages"
        ));
        assert!(path_matches("/guilds/7/channels", "/guilds/7/channels?x=1"));
        assert!(!path_matches(
            "/guilds/7/channels",
            "/api/v10/guilds/8/channels"
        ));
        assert!(!path_matches("/channels/{c}", "/channels/1/messages"));
    }

    #[test]
    fn undeclared_refusals_and_unmatched_declarations_are_reported() {
        let log = [
            json!({"method": "POST", "path": "/api/v10/channels/1/messages", "status": 500}),
            json!({"method": "GET", "path": "/api/v10/guilds/2/members/3", "status": 404}),
            json!({"method": "GET", "path": "/api/v10/guilds/2", "status": 200}),
        ];
        let expectations = Expectations::default();
        assert_eq!(expectations.check(&log).len(), 2);
        expectations.add(Expected::new("POST", "/channels/{id}/messages", 500));
        expectations.add(Expected::new("*", "/guilds/{g}/members/{u}", 404));
        assert!(expectations.check(&log).is_empty());
        expectations.add(Expected::new("DELETE", "/channels/{id}", 403));
        let problems = expectations.check(&log);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].contains("never happened"), "{problems:?}");
    }
}
