//! Tests of the validator against the committed Discord spec. Checks of hand-made specs live
//! in `mod.rs`, of scalar formats in `formats.rs`, of the error builder in `errors.rs`.
//!
//! Where new tests belong: request bodies in `bodies.rs`, unions and components in
//! `components.rs`, routing and query strings in `routes_and_queries.rs`, responses in
//! `responses.rs`.

mod bodies;
mod components;
mod responses;
mod routes_and_queries;

use std::sync::Arc;
use std::time::Instant;

use serde_json::{Value, json};

use super::*;

fn spec() -> Arc<Spec> {
    Spec::shared().unwrap()
}

/// Validates a request and returns its errors as `(path, code, message)`, empty when valid.
fn check(
    method: &str,
    path: &str,
    query: &[(&str, &str)],
    body: Option<Value>,
) -> Vec<(String, String, String)> {
    let spec = spec();
    let operation = spec.find_operation(method, path).unwrap();
    let query: Vec<(String, String)> = query
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    match operation.validate_request(&query, body.as_ref()) {
        Ok(()) => Vec::new(),
        Err(errors) => errors
            .iter()
            .map(|e| {
                (
                    format_path(e.path()),
                    e.code().to_owned(),
                    e.message().to_owned(),
                )
            })
            .collect(),
    }
}

fn create_message(body: Value) -> Vec<(String, String, String)> {
    check("POST", "/channels/100/messages", &[], Some(body))
}

fn one(path: &str, code: &str, message: &str) -> Vec<(String, String, String)> {
    vec![(path.to_owned(), code.to_owned(), message.to_owned())]
}

fn row(buttons: usize) -> Value {
    let buttons: Vec<Value> = (0..buttons)
        .map(|i| json!({"type": 2, "style": 1, "label": "Open", "custom_id": format!("open:{i}")}))
        .collect();
    json!({"type": 1, "components": buttons})
}

#[test]
fn the_embedded_spec_loads_and_reports_its_load_time() {
    let start = Instant::now();
    let spec = Spec::load().unwrap();
    eprintln!(
        "spec load: {:?} ({} operations, {} schema nodes)",
        start.elapsed(),
        spec.operation_count(),
        spec.schema_count()
    );
    assert!(spec.operation_count() > 200);
    assert!(spec.operation_by_id("create_message").is_some());
}
