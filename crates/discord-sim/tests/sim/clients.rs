//! What widely used client libraries other than twilight send at login and when they answer
//! interactions, each request as such a library makes it.

use discord_sim::spec::Spec;
use serde_json::{Value, json};

use crate::common::{Env, bounded};

/// Checks an answer against the spec's response schema for its route.
fn assert_in_spec(method: &str, path: &str, status: u16, answer: &Value) {
    let spec = Spec::shared().unwrap();
    let operation = spec.find_operation(method, path).unwrap();
    if let Err(errors) = operation.validate_response(status, answer) {
        panic!(
            "{method} {path} answered {status} {answer}: {}",
            errors.join("\n")
        );
    }
}

// Regression: discord.py's login reads the application at once, and this route answered 501.
#[tokio::test]
async fn the_bot_reads_its_own_application_as_discord_py_does_at_login() {
    bounded(async {
        let env = Env::start().await;
        let (status, app) = env.api("GET", "/oauth2/applications/@me", None).await;
        assert_eq!(status, 200, "{app}");
        assert_in_spec("GET", "/oauth2/applications/@me", status, &app);
        assert_eq!(app["id"], env.app.to_string());
        assert_eq!(app["bot"]["id"], env.bot.to_string());
        assert_eq!(app["verify_key"], env.public_key);
        assert_eq!(app["approximate_guild_count"], 1);
        assert_eq!(app["interactions_endpoint_url"], Value::Null);
        // discord.py indexes these without a default.
        for field in [
            "name",
            "description",
            "icon",
            "bot_public",
            "bot_require_code_grant",
            "owner",
        ] {
            assert!(app.get(field).is_some(), "{field} missing from {app}");
        }
        let (status, _) = env
            .call("GET", "/oauth2/applications/@me", None, None)
            .await;
        assert_eq!(status, 401);
        env.assert_log_conforms();
    })
    .await;
}

// Regression: only the literal `true` returned the callback body; discord.py sends `1`.
#[tokio::test]
async fn every_spelling_of_true_for_with_response_returns_the_callback_body() {
    bounded(async {
        let env = Env::start().await;
        env.register_commands().await;
        let mut endpoint = env.endpoint(|_| None).await;
        for (spelling, wanted) in [
            ("1", true),
            ("True", true),
            ("true", true),
            ("0", false),
            ("false", false),
        ] {
            let act = env.open_as(env.alice, spelling);
            let interaction = endpoint.next().await;
            let path = format!(
                "/interactions/{}/{}/callback?with_response={spelling}",
                interaction["id"].as_str().unwrap(),
                interaction["token"].as_str().unwrap()
            );
            let body = json!({"type": 4, "data": {"content": format!("answered {spelling}")}});
            let (status, answer) = env.call("POST", &path, Some(body), None).await;
            if wanted {
                assert_eq!(status, 200, "with_response={spelling}: {answer}");
                assert_in_spec("POST", &path, status, &answer);
                assert_eq!(answer["interaction"]["id"], interaction["id"]);
                assert_eq!(
                    answer["resource"]["message"]["content"],
                    format!("answered {spelling}")
                );
            } else {
                assert_eq!(
                    (status, answer),
                    (204, Value::Null),
                    "with_response={spelling}"
                );
            }
            assert_eq!(act.await.unwrap().content(), format!("answered {spelling}"));
        }
        env.assert_log_conforms();
    })
    .await;
}
