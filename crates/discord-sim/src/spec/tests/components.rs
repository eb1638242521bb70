//! Unions: message components and interaction callbacks told apart by `type`.

use serde_json::{Value, json};

use super::{check, create_message, one, row};
use crate::spec::codes;

#[test]
fn components_are_told_apart_by_their_type_field() {
    let mut long_id = row(1);
    long_id["components"][0]["custom_id"] = json!("x".repeat(101));
    let errors = create_message(json!({"components": [long_id]}));
    assert_eq!(
        errors,
        one(
            "components.0.components.0.custom_id",
            codes::BASE_TYPE_BAD_LENGTH,
            "Must be between 1 and 100 in length."
        )
    );
    let errors = create_message(json!({"components": [{"type": 99}]}));
    assert_eq!(errors.len(), 1);
    assert_eq!(
        (errors[0].0.as_str(), errors[0].1.as_str()),
        ("components.0", codes::UNION_TYPE_CHOICES)
    );
    assert!(
        errors[0]
            .2
            .starts_with("Value of field \"type\" must be one of (1, "),
        "{}",
        errors[0].2
    );
    let errors = create_message(json!({"components": [{"components": []}]}));
    assert_eq!(errors[0].0, "components.0");
    assert_eq!(
        errors[0].2,
        "Field \"type\" is required to determine the model type."
    );
    // The discriminator accepts an int-parseable string, like every integer field.
    assert_eq!(
        create_message(
            json!({"components": [{"type": "1", "components": [row(1)["components"][0]]}]})
        ),
        Vec::new()
    );
}

#[test]
fn a_sixth_button_fails_but_a_sixth_action_row_is_left_to_the_simulator() {
    let errors = create_message(json!({"components": [row(6)]}));
    assert_eq!(
        errors,
        one(
            "components.0.components",
            codes::BASE_TYPE_BAD_LENGTH,
            "Must be between 1 and 5 in length."
        )
    );
    // The spec caps top-level components at 40 (the Components V2 total), not at 5 action rows;
    // the 5-row limit of classic messages is one of the checks the spec omits.
    let rows: Vec<Value> = (0..6).map(|_| row(1)).collect();
    assert_eq!(create_message(json!({"components": rows})), Vec::new());
    let rows: Vec<Value> = (0..41).map(|_| row(1)).collect();
    assert_eq!(
        create_message(json!({"components": rows}))[0].1,
        codes::BASE_TYPE_MAX_LENGTH
    );
}

#[test]
fn interaction_callbacks_are_checked_per_callback_type() {
    let callback = |body: Value| check("POST", "/interactions/1/tok/callback", &[], Some(body));
    assert_eq!(
        callback(json!({"type": 4, "data": {"content": "hi", "flags": 64}})),
        Vec::new()
    );
    assert_eq!(callback(json!({"type": 5})), Vec::new());
    let errors = callback(json!({"type": 4, "data": {"content": "x".repeat(2001)}}));
    assert_eq!(
        errors,
        one(
            "data.content",
            codes::BASE_TYPE_MAX_LENGTH,
            "Must be 2000 or fewer in length."
        )
    );
    let modal = json!({"type": 9, "data": {"custom_id": "form", "title": "x".repeat(46), "components": [
        {"type": 1, "components": [{"type": 4, "custom_id": "a", "style": 1, "label": "Name"}]}
    ]}});
    assert_eq!(
        callback(modal),
        one(
            "data.title",
            codes::BASE_TYPE_BAD_LENGTH,
            "Must be between 1 and 45 in length."
        )
    );
    let label = json!({"type": 9, "data": {"custom_id": "form", "title": "Open a ticket", "components": [
        {"type": 18, "label": "Why?", "component": {"type": 4, "custom_id": "why", "style": 2, "max_length": 4000}}
    ]}});
    assert_eq!(callback(label), Vec::new());
    assert_eq!(
        callback(json!({"type": 99}))[0].1,
        codes::UNION_TYPE_CHOICES
    );
}
