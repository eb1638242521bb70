//! One test per Discord rule: a request Discord would reject, and the error code it answers.

use serde_json::{Value, json};

use crate::common::{Env, bounded};

fn code(body: &Value) -> Option<u64> {
    body["code"].as_u64()
}

#[tokio::test]
async fn an_embed_title_over_256_characters_is_invalid_form_body() {
    bounded(async {
        let env = Env::start().await;
        let body = json!({"embeds": [{"title": "t".repeat(257)}]});
        let (status, error) = env
            .api(
                "POST",
                &format!("/channels/{}/messages", env.general),
                Some(body),
            )
            .await;
        assert_eq!((status, code(&error)), (400, Some(50035)));
        assert_eq!(
            error["errors"]["embeds"]["0"]["title"]["_errors"][0]["code"],
            "BASE_TYPE_MAX_LENGTH"
        );
    })
    .await;
}

#[tokio::test]
async fn embeds_over_6000_characters_in_total_are_refused() {
    bounded(async {
        let env = Env::start().await;
        let embed = json!({"description": "d".repeat(4000)});
        let body = json!({"embeds": [embed.clone(), embed]});
        let (status, error) = env
            .api(
                "POST",
                &format!("/channels/{}/messages", env.general),
                Some(body),
            )
            .await;
        assert_eq!((status, code(&error)), (400, Some(50035)));
        assert!(error["errors"]["embeds"]["_errors"].is_array(), "{error}");
    })
    .await;
}

#[tokio::test]
async fn message_content_of_2001_characters_is_refused() {
    bounded(async {
        let env = Env::start().await;
        let path = format!("/channels/{}/messages", env.general);
        let (status, error) = env
            .api("POST", &path, Some(json!({"content": "x".repeat(2001)})))
            .await;
        assert_eq!((status, code(&error)), (400, Some(50035)));
        assert!(error["errors"]["content"].is_object());
        let (status, _) = env
            .api("POST", &path, Some(json!({"content": "x".repeat(2000)})))
            .await;
        assert_eq!(status, 200);
    })
    .await;
}

#[tokio::test]
async fn an_empty_message_is_refused() {
    bounded(async {
        let env = Env::start().await;
        let (status, error) = env
            .api(
                "POST",
                &format!("/channels/{}/messages", env.general),
                Some(json!({"content": ""})),
            )
            .await;
        assert_eq!((status, code(&error)), (400, Some(50006)));
    })
    .await;
}

/// An action row of `n` buttons; `row` keeps custom ids unique across the message.
fn row(row: usize, n: usize) -> Value {
    let buttons: Vec<Value> = (0..n)
        .map(|i| json!({"type": 2, "style": 1, "label": "b", "custom_id": format!("b{row}-{i}")}))
        .collect();
    json!({"type": 1, "components": buttons})
}

#[tokio::test]
async fn a_sixth_action_row_and_a_sixth_button_in_a_row_are_refused() {
    bounded(async {
        let env = Env::start().await;
        let path = format!("/channels/{}/messages", env.general);
        let rows: Vec<Value> = (0..6).map(|r| row(r, 1)).collect();
        let (status, error) = env.api("POST", &path, Some(json!({"content": "x", "components": rows}))).await;
        assert_eq!((status, code(&error)), (400, Some(50035)), "{error}");
        assert!(error["errors"]["components"].is_object());
        let (status, error) = env.api("POST", &path, Some(json!({"content": "x", "components": [row(0, 6)]}))).await;
        assert_eq!((status, code(&error)), (400, Some(50035)), "{error}");
        let long_id = json!({"type": 1, "components": [{"type": 2, "style": 1, "label": "b", "custom_id": "c".repeat(101)}]});
        let (status, error) = env.api("POST", &path, Some(json!({"content": "x", "components": [long_id]}))).await;
        assert_eq!((status, code(&error)), (400, Some(50035)), "{error}");
        let rows: Vec<Value> = (0..5).map(|r| row(r, 5)).collect();
        let (status, body) = env.api("POST", &path, Some(json!({"content": "x", "components": rows}))).await;
        assert_eq!(status, 200, "five rows of five are fine: {body}");
    })
    .await;
}

#[tokio::test]
async fn the_51st_channel_of_a_category_is_refused() {
    bounded(async {
        let env = Env::start().await;
        let path = format!("/guilds/{}/channels", env.guild);
        // The demo's Support category already holds two channels.
        for n in 0..48 {
            let (status, body) = env
                .api(
                    "POST",
                    &path,
                    Some(json!({"name": format!("t{n}"), "parent_id": env.support.to_string()})),
                )
                .await;
            assert_eq!(status, 201, "{body}");
        }
        let (status, error) = env
            .api(
                "POST",
                &path,
                Some(json!({"name": "one-too-many", "parent_id": env.support.to_string()})),
            )
            .await;
        assert_eq!((status, code(&error)), (400, Some(50035)));
        assert_eq!(
            error["errors"]["parent_id"]["_errors"][0]["code"],
            "CHANNEL_PARENT_MAX_CHANNELS"
        );
    })
    .await;
}

#[tokio::test]
async fn the_501st_channel_of_a_guild_is_refused() {
    bounded(async {
        let env = Env::start().await;
        let path = format!("/guilds/{}/channels", env.guild);
        // The demo has four channels (a category and three text channels).
        for n in 0..496 {
            let (status, body) = env
                .api("POST", &path, Some(json!({"name": format!("c{n}")})))
                .await;
            assert_eq!(status, 201, "{body}");
        }
        let (status, error) = env
            .api("POST", &path, Some(json!({"name": "one-too-many"})))
            .await;
        assert_eq!((status, code(&error)), (400, Some(30013)));
    })
    .await;
}

#[tokio::test]
async fn granting_a_permission_the_bot_lacks_in_an_overwrite_is_missing_permissions() {
    bounded(async {
        let env = Env::start().await;
        let path = format!("/guilds/{}/channels", env.guild);
        let administrator = (1u64 << 3).to_string();
        let body = json!({"name": "x", "permission_overwrites": [{"id": env.alice.to_string(), "type": 1, "allow": administrator, "deny": "0"}]});
        let (status, error) = env.api("POST", &path, Some(body)).await;
        assert_eq!((status, code(&error)), (403, Some(50013)));
        let manage_roles = (1u64 << 28).to_string();
        let body = json!({"name": "x", "permission_overwrites": [{"id": env.alice.to_string(), "type": 1, "allow": manage_roles, "deny": "0"}]});
        let (status, error) = env.api("POST", &path, Some(body)).await;
        assert_eq!((status, code(&error)), (403, Some(50013)), "only administrators put Manage Roles in a new channel");
        let put = format!("/channels/{}/permissions/{}", env.general, env.alice);
        let (status, error) = env.api("PUT", &put, Some(json!({"type": 1, "allow": (1u64 << 5).to_string()}))).await;
        assert_eq!((status, code(&error)), (403, Some(50013)), "Manage Guild is not the bot's to grant");
        let (status, _) = env.api("PUT", &put, Some(json!({"type": 1, "allow": (1u64 << 10).to_string()}))).await;
        assert_eq!(status, 204);
    })
    .await;
}

#[tokio::test]
async fn a_bot_without_manage_channels_cannot_create_or_delete_channels() {
    bounded(async {
        let env = Env::start().await;
        let view_and_send = (1u64 << 10) | (1 << 11);
        env.sim
            .install_bot(env.guild, env.app, view_and_send)
            .unwrap();
        let (status, error) = env
            .api(
                "POST",
                &format!("/guilds/{}/channels", env.guild),
                Some(json!({"name": "x"})),
            )
            .await;
        assert_eq!((status, code(&error)), (403, Some(50013)));
        let (status, error) = env
            .api("DELETE", &format!("/channels/{}", env.general), None)
            .await;
        assert_eq!((status, code(&error)), (403, Some(50013)));
    })
    .await;
}

#[tokio::test]
async fn a_channel_the_bot_cannot_see_is_missing_access_and_an_unknown_one_unknown_channel() {
    bounded(async {
        let env = Env::start().await;
        let hidden = json!({"name": "secret", "type": 0, "permission_overwrites": [{"id": env.guild.to_string(), "type": 0, "allow": "0", "deny": (1u64 << 10).to_string()}]});
        let (status, channel) = env.control("POST", &format!("/guilds/{}/channels", env.guild), Some(hidden)).await;
        assert_eq!(status, 200, "{channel}");
        let (status, error) = env.api("GET", &format!("/channels/{}", channel["id"].as_str().unwrap()), None).await;
        assert_eq!((status, code(&error)), (403, Some(50001)));
        let (status, error) = env.api("GET", "/channels/123456789012345678", None).await;
        assert_eq!((status, code(&error)), (404, Some(10003)));
        let (status, error) = env.api("GET", "/guilds/123456789012345678/channels", None).await;
        assert_eq!((status, code(&error)), (404, Some(10004)));
        let (status, error) = env.api("GET", &format!("/guilds/{}/members/123456789012345678", env.guild), None).await;
        assert_eq!((status, code(&error)), (404, Some(10007)));
        let (status, error) = env.api("GET", "/users/123456789012345678", None).await;
        assert_eq!((status, code(&error)), (404, Some(10013)));
    })
    .await;
}

#[tokio::test]
async fn a_bad_token_is_unauthorized_and_an_unknown_route_not_found() {
    bounded(async {
        let env = Env::start().await;
        let (status, body) = env
            .call("GET", "/users/@me", None, Some("Bot not-a-token"))
            .await;
        assert_eq!(
            (status, body),
            (401, json!({"message": "401: Unauthorized", "code": 0}))
        );
        let (status, _) = env.call("GET", "/users/@me", None, None).await;
        assert_eq!(status, 401);
        let (status, body) = env.api("GET", "/definitely/not/a/route", None).await;
        assert_eq!(
            (status, body),
            (404, json!({"message": "404: Not Found", "code": 0}))
        );
    })
    .await;
}

#[tokio::test]
async fn a_body_that_violates_the_spec_is_invalid_form_body() {
    bounded(async {
        let env = Env::start().await;
        let (status, error) = env
            .api(
                "POST",
                &format!("/guilds/{}/channels", env.guild),
                Some(json!({"name": 42, "type": "text"})),
            )
            .await;
        assert_eq!((status, code(&error)), (400, Some(50035)), "{error}");
        let (status, error) = env
            .api(
                "GET",
                &format!("/channels/{}/messages?limit=101", env.general),
                None,
            )
            .await;
        assert_eq!((status, code(&error)), (400, Some(50035)), "{error}");
    })
    .await;
}
