//! Response validation against the spec's response schemas.

use serde_json::{Value, json};

use super::spec;
use crate::spec::{FormErrors, codes};

fn text_channel() -> Value {
    json!({
        "id": "300", "type": 0, "guild_id": "1", "name": "general", "position": 0, "flags": 0,
        "parent_id": null, "topic": null, "nsfw": false, "last_message_id": null,
        "rate_limit_per_user": 0, "permission_overwrites": [
            {"id": "1", "type": 0, "allow": "0", "deny": "1024"}
        ]
    })
}

#[test]
fn a_hand_written_channel_response_passes_and_a_wrong_typed_one_fails_with_paths() {
    let spec = spec();
    let get = spec.find_operation("GET", "/channels/300").unwrap();
    assert_eq!(get.validate_response(200, &text_channel()), Ok(()));
    let mut wrong = text_channel();
    wrong["id"] = json!(300);
    wrong["position"] = json!("0");
    wrong["permission_overwrites"][0]["allow"] = json!(0);
    let lines = get.validate_response(200, &wrong).unwrap_err();
    assert_eq!(lines.len(), 3, "{lines:#?}");
    assert!(lines[0].starts_with("id[NUMBER_TYPE_COERCE]"), "{lines:#?}");
    assert!(
        lines.iter().any(|l| l.starts_with("position[")),
        "{lines:#?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("permission_overwrites.0.allow[")),
        "{lines:#?}"
    );
    let mut missing = text_channel();
    missing.as_object_mut().unwrap().remove("name");
    assert_eq!(
        get.validate_response(200, &missing).unwrap_err(),
        vec!["name[BASE_TYPE_REQUIRED]: This field is required"]
    );
}

#[test]
fn responses_are_matched_by_status_then_class() {
    let spec = spec();
    let delete = spec
        .find_operation("DELETE", "/channels/1/messages/2")
        .unwrap();
    assert_eq!(delete.validate_response(204, &Value::Null), Ok(()));
    assert!(delete.validate_response(204, &json!({})).is_err());
    assert!(delete.validate_response(302, &Value::Null).is_err());
    // Our own 50035 bodies match the 4XX schema (with string codes, see `patches`).
    let errors = FormErrors::default().push(
        &["content"],
        codes::BASE_TYPE_MAX_LENGTH,
        "Must be 2000 or fewer in length.",
    );
    assert_eq!(delete.validate_response(400, &errors.to_json()), Ok(()));
    let unknown = json!({"code": 10003, "message": "Unknown Channel"});
    assert_eq!(delete.validate_response(404, &unknown), Ok(()));
    let stray = json!({"code": 50035, "message": "x", "errors": {"a": {"_errors": [], "b": 1}}});
    assert!(delete.validate_response(400, &stray).is_err());
    let limited = json!({"code": 0, "message": "You are being rate limited.", "retry_after": 1.5, "global": false});
    assert_eq!(delete.validate_response(429, &limited), Ok(()));
}
