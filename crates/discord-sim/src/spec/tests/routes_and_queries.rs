//! Route matching and query-string validation.

use serde_json::json;

use super::{check, one, spec};
use crate::spec::codes;

#[test]
fn routes_prefer_literal_segments_and_capture_parameters() {
    let spec = spec();
    let me = spec.find_operation("GET", "/users/@me").unwrap();
    assert_eq!(me.operation_id(), "get_my_user");
    let user = spec.find_operation("GET", "/users/42").unwrap();
    assert_eq!(user.operation_id(), "get_user");
    assert_eq!(user.path_param("user_id"), Some("42"));
    let original = spec
        .find_operation("patch", "/webhooks/1/tok/messages/@original")
        .unwrap();
    assert_eq!(original.operation_id(), "update_original_webhook_message");
    assert_eq!(
        original.template(),
        "/webhooks/{webhook_id}/{webhook_token}/messages/@original"
    );
    assert_eq!(original.method(), "PATCH");
    let followup = spec
        .find_operation("PATCH", "/webhooks/1/tok/messages/55")
        .unwrap();
    assert_eq!(followup.operation_id(), "update_webhook_message");
    assert_eq!(
        followup.path_params(),
        &[
            ("webhook_id", "1".to_owned()),
            ("webhook_token", "tok".to_owned()),
            ("message_id", "55".to_owned())
        ]
    );
    let search = spec
        .find_operation("GET", "/guilds/1/members/search")
        .unwrap();
    assert_eq!(search.operation_id(), "search_guild_members");
}

#[test]
fn unknown_routes_and_methods_find_nothing() {
    let spec = spec();
    assert!(spec.find_operation("GET", "/nope").is_none());
    assert!(
        spec.find_operation("GET", "/channels/abc/messages")
            .is_none()
    );
    assert!(
        spec.find_operation("GET", "/channels/1/messages/")
            .is_none()
    );
    assert!(spec.find_operation("GET", "channels/1").is_none());
    assert!(spec.find_operation("PUT", "/channels/1").is_none());
    assert!(
        spec.find_operation("POST", "/guilds/1/members/search")
            .is_none()
    );
    assert_eq!(
        spec.find_operation("GET", "/channels/1?x=1")
            .unwrap()
            .operation_id(),
        "get_channel"
    );
}

#[test]
fn query_parameters_are_coerced_and_bounded() {
    let list = |query: &[(&str, &str)]| check("GET", "/channels/1/messages", query, None);
    assert_eq!(
        list(&[("limit", "100"), ("before", "99"), ("unknown", "x")]),
        Vec::new()
    );
    assert_eq!(
        list(&[("limit", "101")]),
        one(
            "limit",
            codes::NUMBER_TYPE_MAX,
            "int value should be less than or equal to 100."
        )
    );
    assert_eq!(
        list(&[("limit", "0")]),
        one(
            "limit",
            codes::NUMBER_TYPE_MIN,
            "int value should be greater than or equal to 1."
        )
    );
    assert_eq!(
        list(&[("limit", "ten")]),
        one(
            "limit",
            codes::NUMBER_TYPE_COERCE,
            "Value \"ten\" is not int."
        )
    );
    assert_eq!(
        list(&[("around", "abc")])[0].2,
        "Value \"abc\" is not snowflake."
    );
    let callback = |value: &str| {
        check(
            "POST",
            "/interactions/1/tok/callback",
            &[("with_response", value)],
            Some(json!({"type": 1})),
        )
    };
    assert_eq!(callback("true"), Vec::new());
    assert_eq!(callback("maybe")[0].1, codes::BOOLEAN_TYPE_CONVERT);
    let search = |query: &[(&str, &str)]| check("GET", "/guilds/1/members/search", query, None);
    assert_eq!(
        search(&[("limit", "5")]),
        one("query", codes::BASE_TYPE_REQUIRED, "This field is required")
    );
    assert_eq!(search(&[("query", "al")]), Vec::new());
}
