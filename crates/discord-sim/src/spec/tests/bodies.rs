//! Request bodies: lengths, required fields, nulls, leniencies and formats.

use serde_json::{Value, json};

use super::{check, create_message, one, row, spec};
use crate::spec::codes;

#[test]
fn a_typical_create_message_body_passes() {
    let body = json!({
        "content": "Ticket opened by <@200>",
        "embeds": [{
            "title": "Support",
            "description": "Click below to open a ticket.",
            "color": 5_793_266,
            "timestamp": "2024-05-01T12:30:00.000000+00:00",
            "url": "https://example.com/help",
            "fields": [{"name": "Opened by", "value": "<@200>", "inline": true}],
            "footer": {"text": "tickets"},
            "author": {"name": "Staff", "icon_url": "https://cdn.example.com/a.png"}
        }],
        "components": [row(2), {"type": 1, "components": [{
            "type": 3, "custom_id": "panel:select", "placeholder": "Pick one",
            "options": [{"label": "Billing", "value": "billing"}, {"label": "Other", "value": "other"}]
        }]}],
        "allowed_mentions": {"parse": [], "users": ["200"]},
        "flags": 4096,
        "nonce": "123",
        "tts": false
    });
    assert_eq!(create_message(body), Vec::new());
}

#[test]
fn an_embed_title_of_257_characters_fails_at_its_nested_path() {
    let errors = create_message(json!({"embeds": [{"title": "x".repeat(257)}]}));
    assert_eq!(
        errors,
        one(
            "embeds.0.title",
            codes::BASE_TYPE_MAX_LENGTH,
            "Must be 256 or fewer in length."
        )
    );
    let spec = spec();
    let op = spec.find_operation("POST", "/channels/1/messages").unwrap();
    let body = json!({"embeds": [{"title": "x".repeat(257)}]});
    let json = op.validate_request(&[], Some(&body)).unwrap_err().to_json();
    assert_eq!(
        json,
        json!({"code": 50035, "message": "Invalid Form Body", "errors": {"embeds": {"0": {"title": {"_errors": [
            {"code": "BASE_TYPE_MAX_LENGTH", "message": "Must be 256 or fewer in length."}
        ]}}}}})
    );
}

#[test]
fn lengths_count_unicode_scalar_values_not_bytes() {
    assert_eq!(
        create_message(json!({"embeds": [{"title": "é".repeat(256)}]})),
        Vec::new()
    );
    let errors = create_message(json!({"embeds": [{"title": "🎫".repeat(257)}]}));
    assert_eq!(errors[0].1, codes::BASE_TYPE_MAX_LENGTH);
}

#[test]
fn missing_required_fields_are_reported_where_they_belong() {
    let errors = check("POST", "/guilds/1/channels", &[], Some(json!({"type": 0})));
    assert_eq!(
        errors,
        one("name", codes::BASE_TYPE_REQUIRED, "This field is required")
    );
    let errors = create_message(json!({"embeds": [{"fields": [{"name": "a"}]}]}));
    assert_eq!(
        errors,
        one(
            "embeds.0.fields.0.value",
            codes::BASE_TYPE_REQUIRED,
            "This field is required"
        )
    );
    // A required body that is absent is read as `{}`, so its required fields are reported.
    let errors = check("POST", "/guilds/1/channels", &[], None);
    assert_eq!(errors[0].0, "name");
}

#[test]
fn int_parseable_strings_pass_as_integers_and_others_do_not() {
    let overwrite = |allow: Value| json!({"name": "t", "permission_overwrites": [{"id": "5", "type": 0, "allow": allow, "deny": "0"}]});
    assert_eq!(
        check(
            "POST",
            "/guilds/1/channels",
            &[],
            Some(overwrite(json!("1024")))
        ),
        Vec::new()
    );
    assert_eq!(
        check(
            "POST",
            "/guilds/1/channels",
            &[],
            Some(overwrite(json!(1024)))
        ),
        Vec::new()
    );
    let errors = check(
        "POST",
        "/guilds/1/channels",
        &[],
        Some(overwrite(json!("12a"))),
    );
    assert_eq!(
        errors,
        one(
            "permission_overwrites.0.allow",
            codes::NUMBER_TYPE_COERCE,
            "Value \"12a\" is not int."
        )
    );
    // Coerced strings still face the bounds: a rate limit of "21601" is too high.
    let errors = check(
        "POST",
        "/guilds/1/channels",
        &[],
        Some(json!({"name": "t", "rate_limit_per_user": "21601"})),
    );
    assert_eq!(errors[0].1, codes::NUMBER_TYPE_MAX);
}

#[test]
fn snowflakes_must_be_digits_and_may_be_json_integers_in_requests() {
    let channel = |parent: Value| {
        check(
            "POST",
            "/guilds/1/channels",
            &[],
            Some(json!({"name": "t", "parent_id": parent})),
        )
    };
    assert_eq!(channel(json!("123")), Vec::new());
    assert_eq!(channel(json!(123)), Vec::new());
    assert_eq!(channel(Value::Null), Vec::new());
    assert_eq!(
        channel(json!("12x")),
        one(
            "parent_id",
            codes::NUMBER_TYPE_COERCE,
            "Value \"12x\" is not snowflake."
        )
    );
    assert_eq!(channel(json!(-1))[0].1, codes::NUMBER_TYPE_COERCE);
}

#[test]
fn null_is_refused_where_the_schema_does_not_allow_it() {
    let errors = check(
        "POST",
        "/guilds/1/channels",
        &[],
        Some(json!({"name": null})),
    );
    assert_eq!(
        errors,
        one("name", codes::BASE_TYPE_REQUIRED, "This field is required")
    );
    assert_eq!(
        create_message(json!({"content": null, "embeds": null})),
        Vec::new()
    );
    let errors = create_message(json!({"embeds": [null]}));
    assert_eq!(errors[0].0, "embeds.0");
    assert_eq!(errors[0].1, codes::LIST_ITEM_VALUE_REQUIRED);
    let errors = create_message(json!({"embeds": [{"fields": [{"name": "a", "value": null}]}]}));
    assert_eq!(
        errors,
        one(
            "embeds.0.fields.0.value",
            codes::BASE_TYPE_REQUIRED,
            "This field is required"
        )
    );
}

#[test]
fn wrong_json_types_get_discords_conversion_errors() {
    let errors = create_message(json!({"embeds": {"title": "x"}}));
    assert_eq!(errors[0].1, codes::LIST_TYPE_CONVERT);
    let errors = create_message(json!({"embeds": ["title"]}));
    assert_eq!(errors[0].0, "embeds.0");
    assert_eq!(errors[0].1, codes::MODEL_TYPE_CONVERT);
    let errors = create_message(json!({"tts": "yes"}));
    assert_eq!(errors[0].1, codes::BOOLEAN_TYPE_CONVERT);
    let errors = create_message(json!([1]));
    assert_eq!(
        errors,
        one(
            "(root)",
            codes::DICT_TYPE_CONVERT,
            "Only dictionaries may be used in a DictType"
        )
    );
}

#[test]
fn maps_and_formats_are_validated() {
    let command = |body: Value| check("POST", "/applications/1/commands", &[], Some(body));
    let ok = json!({"name": "ticket", "description": "Open a ticket", "name_localizations": {"fr": "billet"}});
    assert_eq!(command(ok), Vec::new());
    let long =
        json!({"name": "ticket", "description": "d", "name_localizations": {"fr": "x".repeat(33)}});
    assert_eq!(command(long)[0].0, "name_localizations.fr");
    let errors =
        create_message(json!({"embeds": [{"timestamp": "yesterday", "url": "not a url"}]}));
    let mut found: Vec<(&str, &str)> = errors
        .iter()
        .map(|e| (e.0.as_str(), e.1.as_str()))
        .collect();
    found.sort_unstable();
    assert_eq!(
        found,
        vec![
            ("embeds.0.timestamp", codes::DATE_TIME_TYPE_PARSE),
            ("embeds.0.url", codes::URL_TYPE_INVALID_URL)
        ]
    );
    let errors = check(
        "POST",
        "/guilds/1/channels",
        &[],
        Some(json!({"name": "t", "position": 3_000_000_000_u64})),
    );
    assert_eq!(
        errors,
        one(
            "position",
            codes::NUMBER_TYPE_MAX,
            "int value should be less than or equal to 2147483647."
        )
    );
}

#[test]
fn a_nonce_matching_two_union_branches_passes_and_a_long_one_fails() {
    assert_eq!(create_message(json!({"nonce": 42})), Vec::new());
    let errors = create_message(json!({"nonce": "n".repeat(26)}));
    assert_eq!(
        errors,
        one(
            "nonce",
            codes::BASE_TYPE_MAX_LENGTH,
            "Must be 25 or fewer in length."
        )
    );
}
