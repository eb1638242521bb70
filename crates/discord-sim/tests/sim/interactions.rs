//! Interactions: payloads, signed HTTP delivery, the one initial response and its deadline,
//! deferred responses, followups, ephemeral messages, components and modals.

use std::time::Duration;

use discord_sim::control::api::{ActCommand, ActComponent, ActModal, Snowflake};
use discord_sim::{SimConfig, Timing};
use serde_json::{Value, json};

use crate::common::{Endpoint, Env, bounded, config};

fn short_timings() -> SimConfig {
    SimConfig {
        timing: Timing {
            initial_response: Duration::from_millis(300),
            token_lifetime: Duration::from_millis(900),
            act_wait: Duration::from_millis(1500),
            ..Timing::default()
        },
        ..config()
    }
}

#[tokio::test]
async fn a_signed_http_interaction_carries_what_discord_sends_and_its_answer_is_the_response() {
    bounded(async {
        let env = Env::start().await;
        env.register_commands().await;
        let mut endpoint = env
            .endpoint(|i| Some(json!({"type": 4, "data": {"content": format!("Opened: {}", i["data"]["options"][0]["value"].as_str().unwrap())}})))
            .await;
        let act = env.open_as(env.alice, "Billing").await.unwrap();
        assert_eq!(act.error, None);
        assert_eq!(act.content(), "Opened: Billing");
        let payload = endpoint.next().await;
        assert_eq!(payload["type"], 2);
        assert_eq!(payload["application_id"], env.app.to_string());
        assert_eq!(payload["guild_id"], env.guild.to_string());
        assert_eq!(payload["channel_id"], env.general.to_string());
        assert_eq!(payload["channel"]["id"], env.general.to_string());
        assert_eq!(payload["member"]["user"]["id"], env.alice.to_string());
        assert!(payload["member"]["permissions"].as_str().unwrap().parse::<u64>().unwrap() & (1 << 10) != 0);
        assert!(payload["app_permissions"].as_str().is_some());
        assert_eq!(payload["version"], 1);
        assert_eq!(payload["locale"], "en-US");
        assert_eq!(payload["guild_locale"], "en-US");
        assert_eq!(payload["entitlements"], json!([]));
        assert_eq!(payload["authorizing_integration_owners"]["0"], env.guild.to_string());
        assert_eq!(payload["context"], 0);
        assert_eq!(payload["data"]["options"], json!([{"name": "subject", "type": 3, "value": "Billing"}]));
        let messages = env.sim.messages(env.general, None).unwrap();
        let last = messages.last().unwrap();
        assert_eq!(last["content"], "Opened: Billing");
        assert_eq!(last["interaction_metadata"]["user"]["id"], env.alice.to_string());
        assert_eq!(last["type"], 20);
        env.assert_log_conforms();
    })
    .await;
}

#[tokio::test]
async fn setting_an_endpoint_needs_a_pong_and_a_refusal_of_forged_signatures() {
    bounded(async {
        let env = Env::start().await;
        let wrong = hex::encode(
            ed25519_dalek::SigningKey::from_bytes(&[9; 32])
                .verifying_key()
                .to_bytes(),
        );
        let misconfigured = Endpoint::start(&wrong, |_| None).await;
        let refused = env
            .sim
            .set_interactions_endpoint(env.app, Some(&misconfigured.url))
            .await;
        assert_eq!(
            refused.unwrap_err().status,
            400,
            "a valid PING rejected by the endpoint"
        );
        let gullible = Endpoint::start(&env.public_key, |_| None).await;
        gullible
            .verify
            .store(false, std::sync::atomic::Ordering::SeqCst);
        let refused = env
            .sim
            .set_interactions_endpoint(env.app, Some(&gullible.url))
            .await;
        assert!(refused.unwrap_err().message.contains("invalid signature"));
        let good = Endpoint::start(&env.public_key, |_| None).await;
        let (status, _) = env
            .control(
                "PATCH",
                &format!("/applications/{}", env.app),
                Some(json!({"interactions_endpoint_url": good.url})),
            )
            .await;
        assert_eq!(status, 200);
        assert_eq!(
            env.sim.application()["interactions_endpoint_url"],
            good.url.as_str()
        );
    })
    .await;
}

#[tokio::test]
async fn a_bot_verifying_with_the_wrong_key_rejects_delivery_and_the_act_reports_it() {
    bounded(async {
        let env = Env::start().await;
        env.register_commands().await;
        let endpoint = env
            .endpoint(|_| Some(json!({"type": 4, "data": {"content": "never"}})))
            .await;
        *endpoint.key.lock().unwrap() =
            ed25519_dalek::SigningKey::from_bytes(&[3; 32]).verifying_key();
        let act = env.open_as(env.alice, "x").await.unwrap();
        assert_eq!(act.response, None);
        assert!(act.error.as_deref().unwrap().contains("401"), "{act:?}");
        let interaction = env
            .sim
            .interaction(act.interaction_id.parse().unwrap())
            .unwrap();
        assert!(
            interaction["delivery_error"]
                .as_str()
                .unwrap()
                .contains("401")
        );
    })
    .await;
}

#[tokio::test]
async fn only_one_initial_response_is_accepted() {
    bounded(async {
        let env = Env::start().await;
        env.register_commands().await;
        let mut endpoint = env.endpoint(|_| None).await;
        let act = env.open_as(env.alice, "x");
        let interaction = endpoint.next().await;
        let (first, _) = env
            .respond(&interaction, json!({"type": 4, "data": {"content": "one"}}))
            .await;
        assert_eq!(first, 204);
        let (second, body) = env
            .respond(&interaction, json!({"type": 4, "data": {"content": "two"}}))
            .await;
        assert_eq!((second, body["code"].as_u64()), (400, Some(40060)));
        assert_eq!(act.await.unwrap().content(), "one");
        env.assert_log_conforms();
    })
    .await;
}

#[tokio::test]
async fn a_response_after_the_deadline_is_an_unknown_interaction_and_the_act_times_out() {
    bounded(async {
        let env = Env::with(short_timings()).await;
        env.register_commands().await;
        let mut endpoint = env.endpoint(|_| None).await;
        let act = env.open_as(env.alice, "x");
        let interaction = endpoint.next().await;
        tokio::time::sleep(Duration::from_millis(400)).await;
        let (status, body) = env
            .respond(
                &interaction,
                json!({"type": 4, "data": {"content": "late"}}),
            )
            .await;
        assert_eq!((status, body["code"].as_u64()), (404, Some(10062)));
        let act = act.await.unwrap();
        assert_eq!(act.error.as_deref(), Some("timeout"));
    })
    .await;
}

#[tokio::test]
async fn a_deferred_response_is_completed_by_editing_the_original_and_followups_expire() {
    bounded(async {
        let env = Env::with(short_timings()).await;
        env.register_commands().await;
        let mut endpoint = env.endpoint(|_| Some(json!({"type": 5}))).await;
        let act = env.open_as(env.alice, "x").await.unwrap();
        assert_eq!(act.response.as_ref().unwrap()["type"], 5);
        let interaction = endpoint.next().await;
        let hook = format!(
            "/webhooks/{}/{}",
            env.app,
            interaction["token"].as_str().unwrap()
        );
        let thinking = env
            .sim
            .messages(env.general, None)
            .unwrap()
            .last()
            .unwrap()
            .clone();
        assert_eq!(
            thinking["flags"].as_u64().unwrap() & 128,
            128,
            "a loading message"
        );
        let (status, edited) = env
            .call(
                "PATCH",
                &format!("{hook}/messages/@original"),
                Some(json!({"content": "Done"})),
                None,
            )
            .await;
        assert_eq!(status, 200, "{edited}");
        assert_eq!(edited["content"], "Done");
        assert_eq!(edited["flags"].as_u64().unwrap() & 128, 0);
        let (status, followup) = env
            .call(
                "POST",
                &hook,
                Some(json!({"content": "And one more thing"})),
                None,
            )
            .await;
        assert_eq!(status, 200, "{followup}");
        let (status, fetched) = env
            .call(
                "GET",
                &format!("{hook}/messages/{}", followup["id"].as_str().unwrap()),
                None,
                None,
            )
            .await;
        assert_eq!(
            (status, fetched["content"].as_str()),
            (200, Some("And one more thing"))
        );
        let seen = env
            .sim
            .interaction(act.interaction_id.parse().unwrap())
            .unwrap();
        assert_eq!(seen["original"]["content"], "Done");
        assert_eq!(seen["followups"][0]["content"], "And one more thing");
        tokio::time::sleep(Duration::from_millis(1000)).await;
        let (status, body) = env
            .call("POST", &hook, Some(json!({"content": "too late"})), None)
            .await;
        assert_eq!((status, body["code"].as_u64()), (404, Some(10015)));
        env.assert_log_conforms();
    })
    .await;
}

#[tokio::test]
async fn ephemeral_responses_are_seen_only_by_the_invoking_user() {
    bounded(async {
        let env = Env::start().await;
        env.register_commands().await;
        let _endpoint = env
            .endpoint(|_| Some(json!({"type": 4, "data": {"content": "Only you", "flags": 64}})))
            .await;
        let act = env.open_as(env.alice, "x").await.unwrap();
        assert_eq!(act.content(), "Only you");
        let alice_sees = env.sim.messages(env.general, Some(env.alice)).unwrap();
        let bob_sees = env.sim.messages(env.general, Some(env.bob)).unwrap();
        assert_eq!(alice_sees.last().unwrap()["content"], "Only you");
        assert!(bob_sees.iter().all(|m| m["content"] != "Only you"));
        let (status, listed) = env
            .api("GET", &format!("/channels/{}/messages", env.general), None)
            .await;
        assert_eq!(status, 200);
        assert!(
            listed
                .as_array()
                .unwrap()
                .iter()
                .all(|m| m["content"] != "Only you"),
            "bots cannot list ephemeral messages"
        );
    })
    .await;
}

#[tokio::test]
async fn buttons_open_modals_whose_submission_updates_the_message() {
    bounded(async {
        let env = Env::start().await;
        let panel = json!({"content": "Need help?", "components": [{"type": 1, "components": [
            {"type": 2, "style": 1, "label": "Open", "custom_id": "panel:open"},
            {"type": 2, "style": 2, "label": "Off", "custom_id": "panel:off", "disabled": true}
        ]}]});
        let (status, message) = env.api("POST", &format!("/channels/{}/messages", env.general), Some(panel)).await;
        assert_eq!(status, 200, "{message}");
        let message_id: u64 = message["id"].as_str().unwrap().parse().unwrap();
        let mut endpoint = env
            .endpoint(|i| match i["type"].as_u64() {
                Some(3) => Some(json!({"type": 9, "data": {"title": "Open a ticket", "custom_id": "form:open", "components": [
                    {"type": 1, "components": [{"type": 4, "custom_id": "reason", "label": "Why?", "style": 2, "max_length": 100}]}
                ]}})),
                Some(5) => Some(json!({"type": 7, "data": {"content": format!("Thanks: {}", i["data"]["components"][0]["components"][0]["value"].as_str().unwrap()), "components": []}})),
                _ => None,
            })
            .await;
        let click = |custom_id: &str| ActComponent {
            channel_id: Snowflake(env.general),
            message_id: Snowflake(message_id),
            user_id: Snowflake(env.alice),
            custom_id: custom_id.to_owned(),
            values: None,
        };
        let unknown = env.sim.act_component(click("nope")).await.unwrap_err();
        assert_eq!(unknown.status, 404);
        let disabled = env.sim.act_component(click("panel:off")).await.unwrap_err();
        assert_eq!(disabled.status, 400);
        let act = env.sim.act_component(click("panel:open")).await.unwrap();
        assert_eq!(act.response.unwrap()["type"], 9);
        let delivered = endpoint.next().await;
        assert_eq!(delivered["data"]["custom_id"], "panel:open");
        assert_eq!(delivered["data"]["component_type"], 2);
        assert_eq!(delivered["message"]["id"], message_id.to_string());
        let submit = |custom_id: &str, user: u64| ActModal {
            channel_id: Snowflake(env.general),
            user_id: Snowflake(user),
            custom_id: custom_id.to_owned(),
            fields: [("reason".to_owned(), "printer on fire".to_owned())].into(),
        };
        assert_eq!(env.sim.act_modal(submit("form:open", env.bob)).await.unwrap_err().status, 404, "never shown to bob");
        let act = env.sim.act_modal(submit("form:open", env.alice)).await.unwrap();
        assert_eq!(act.error, None);
        let submitted = endpoint.next().await;
        assert_eq!(submitted["type"], 5);
        let updated = env.sim.messages(env.general, None).unwrap().into_iter().find(|m| m["id"] == message_id.to_string().as_str()).unwrap();
        assert_eq!(updated["content"], "Thanks: printer on fire");
        assert_eq!(updated["components"], json!([]));
        assert_eq!(env.sim.act_modal(submit("form:open", env.alice)).await.unwrap_err().status, 404, "a modal is submitted once");
        env.assert_log_conforms();
    })
    .await;
}

#[tokio::test]
async fn a_modal_over_discord_limits_is_refused() {
    bounded(async {
        let env = Env::start().await;
        env.register_commands().await;
        let mut endpoint = env.endpoint(|_| None).await;
        let act = env.open_as(env.alice, "x");
        let interaction = endpoint.next().await;
        let modal = json!({"type": 9, "data": {"title": "t".repeat(46), "custom_id": "m", "components": [
            {"type": 1, "components": [{"type": 4, "custom_id": "a", "label": "A", "style": 1}]}
        ]}});
        let (status, body) = env.respond(&interaction, modal).await;
        assert_eq!((status, body["code"].as_u64()), (400, Some(50035)), "{body}");
        assert!(body["errors"]["data"]["title"].is_object(), "{body}");
        let (status, _) = env.respond(&interaction, json!({"type": 4, "data": {"content": "ok"}})).await;
        assert_eq!(status, 204, "a refused response does not count as the initial one");
        act.await.unwrap();
    })
    .await;
}

#[tokio::test]
async fn subcommand_and_context_menu_options_are_typed_by_the_registered_definition() {
    bounded(async {
        let env = Env::start().await;
        env.register_commands().await;
        let mut endpoint = env.endpoint(|_| Some(json!({"type": 4, "data": {"content": "ok", "flags": 64}}))).await;
        let command = |name: &str, options: Value| ActCommand {
            channel_id: Snowflake(env.general),
            user_id: Snowflake(env.staff),
            name: name.to_owned(),
            options,
            ..ActCommand::default()
        };
        env.sim
            .act_command(command("ticket", json!([{"name": "add", "options": [{"name": "user", "value": env.bob.to_string()}]}])))
            .await
            .unwrap();
        let payload = endpoint.next().await;
        assert_eq!(payload["data"]["options"][0]["type"], 1);
        assert_eq!(payload["data"]["options"][0]["options"][0], json!({"name": "user", "type": 6, "value": env.bob.to_string()}));
        assert_eq!(payload["data"]["resolved"]["users"][env.bob.to_string()]["username"], "bob");
        assert!(payload["data"]["resolved"]["members"][env.bob.to_string()].is_object());
        let bad = env.sim.act_command(command("open", json!([{"name": "subject", "value": 5}]))).await.unwrap_err();
        assert_eq!(bad.status, 400, "a string option given a number");
        let missing = env.sim.act_command(command("open", json!([]))).await.unwrap_err();
        assert_eq!(missing.status, 400, "the required option is missing");
        let unknown = env.sim.act_command(command("nope", json!([]))).await.unwrap_err();
        assert_eq!(unknown.status, 404);
        let mut report = command("Report user", Value::Null);
        report.target_id = Some(Snowflake(env.bob));
        env.sim.act_command(report).await.unwrap();
        let payload = endpoint.next().await;
        assert_eq!(payload["data"]["type"], 2);
        assert_eq!(payload["data"]["target_id"], env.bob.to_string());
        assert!(payload["data"]["resolved"]["users"][env.bob.to_string()].is_object());
    })
    .await;
}
