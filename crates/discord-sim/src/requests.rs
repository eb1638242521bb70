//! The log of REST requests bots made, for tests that check what the bot asked Discord.

use std::collections::VecDeque;

use serde_json::{Value, json};

/// One logged request.
#[derive(Debug, Clone)]
pub struct LoggedRequest {
    pub seq: u64,
    pub method: String,
    pub path: String,
    pub query: String,
    pub body: Value,
    pub status: u16,
    pub error_code: Option<u64>,
    pub application_id: Option<u64>,
    /// The spec operation the request matched.
    pub operation: Option<String>,
    /// Response validation failures (only with `check_responses`).
    pub response_errors: Vec<String>,
}

impl LoggedRequest {
    /// The control API's JSON.
    #[must_use]
    pub fn to_json(&self) -> Value {
        let mut value = json!({
            "seq": self.seq,
            "method": self.method,
            "path": self.path,
            "query": self.query,
            "body": self.body,
            "status": self.status,
            "error_code": self.error_code,
            "application_id": self.application_id.map(|id| id.to_string()),
            "operation": self.operation,
        });
        if !self.response_errors.is_empty() {
            value["response_errors"] = json!(self.response_errors);
        }
        value
    }
}

/// A bounded log.
#[derive(Debug)]
pub struct RequestLog {
    entries: VecDeque<LoggedRequest>,
    capacity: usize,
    next_seq: u64,
}

impl RequestLog {
    #[must_use]
    pub fn new(capacity: usize) -> Self {
        Self {
            entries: VecDeque::new(),
            capacity: capacity.max(1),
            next_seq: 1,
        }
    }

    /// Appends an entry, giving it the next sequence number.
    pub fn push(&mut self, mut entry: LoggedRequest) {
        entry.seq = self.next_seq;
        self.next_seq += 1;
        if self.entries.len() == self.capacity {
            self.entries.pop_front();
        }
        self.entries.push_back(entry);
    }

    /// Entries with a sequence number above `after`, oldest first.
    #[must_use]
    pub fn after(&self, after: u64) -> Vec<Value> {
        self.entries
            .iter()
            .filter(|e| e.seq > after)
            .map(LoggedRequest::to_json)
            .collect()
    }
}
