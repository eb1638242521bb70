//! Every implemented route, called with a valid request: each response must validate against
//! the spec's response schema, and the request log must show that every request the tests made
//! passed the spec's request validation or was refused with 50035.

use discord_sim::spec::Spec;
use serde_json::{Value, json};

use crate::common::{Env, bounded};

/// Calls a route and checks the response against the spec; returns the body.
async fn check(env: &Env, method: &str, path: &str, body: Option<Value>, auth: bool) -> Value {
    let spec = Spec::shared().unwrap();
    let bot = format!("Bot {}", env.token);
    let (status, answer) = env
        .call(method, path, body, auth.then_some(bot.as_str()))
        .await;
    let operation = spec
        .find_operation(method, path)
        .unwrap_or_else(|| panic!("{method} {path} is not in the spec"));
    if let Err(errors) = operation.validate_response(status, &answer) {
        panic!(
            "{method} {path} answered {status} {answer}\nwhich does not match the spec:\n{}",
            errors.join("\n")
        );
    }
    assert!(status < 300, "{method} {path}: {status} {answer}");
    answer
}

fn id(value: &Value) -> String {
    value["id"]
        .as_str()
        .unwrap_or_else(|| panic!("no id in {value}"))
        .to_owned()
}

#[tokio::test]
async fn every_implemented_route_answers_what_the_spec_describes() {
    bounded(async {
        let env = Env::start().await;
        let (app, guild, alice) = (env.app, env.guild, env.alice);
        check(&env, "GET", "/gateway", None, false).await;
        check(&env, "GET", "/gateway/bot", None, true).await;
        check(&env, "GET", "/users/@me", None, true).await;
        check(&env, "GET", &format!("/users/{alice}"), None, true).await;
        let dm = check(&env, "POST", "/users/@me/channels", Some(json!({"recipient_id": alice.to_string()})), true).await;
        check(&env, "GET", "/users/@me/guilds", None, true).await;

        let command = json!({"name": "open", "description": "Open a ticket", "options": [
            {"name": "subject", "description": "About", "type": 3, "required": true},
            {"name": "who", "description": "Who", "type": 6},
            {"name": "sub", "description": "Nested", "type": 1, "options": []}
        ]});
        let simple = json!({"name": "close", "description": "Close", "default_member_permissions": "8192"});
        for base in [format!("/applications/{app}/commands"), format!("/applications/{app}/guilds/{guild}/commands")] {
            check(&env, "PUT", &base, Some(json!([command.clone()])), true).await;
            check(&env, "GET", &base, None, true).await;
            let created = check(&env, "POST", &base, Some(simple.clone()), true).await;
            check(&env, "GET", &format!("{base}/{}", id(&created)), None, true).await;
            check(&env, "DELETE", &format!("{base}/{}", id(&created)), None, true).await;
        }

        check(&env, "GET", &format!("/guilds/{guild}?with_counts=true"), None, true).await;
        check(&env, "GET", &format!("/guilds/{guild}/channels"), None, true).await;
        check(&env, "GET", &format!("/guilds/{guild}/roles"), None, true).await;
        check(&env, "POST", &format!("/guilds/{guild}/roles"), Some(json!({"name": "Tickets Support", "permissions": "0", "mentionable": true})), true).await;
        check(&env, "GET", &format!("/guilds/{guild}/members?limit=10"), None, true).await;
        check(&env, "GET", &format!("/guilds/{guild}/members/search?query=a&limit=5"), None, true).await;
        check(&env, "GET", &format!("/guilds/{guild}/members/{alice}"), None, true).await;
        let category = check(&env, "POST", &format!("/guilds/{guild}/channels"), Some(json!({"name": "Tickets", "type": 4})), true).await;
        let overwrites = json!([{"id": guild.to_string(), "type": 0, "allow": "0", "deny": "1024"}, {"id": alice.to_string(), "type": 1, "allow": "3072", "deny": "0"}, {"id": env.bot.to_string(), "type": 1, "allow": "3072", "deny": "0"}]);
        let channel = check(&env, "POST", &format!("/guilds/{guild}/channels"), Some(json!({"name": "ticket 1", "parent_id": id(&category), "permission_overwrites": overwrites, "topic": "t"})), true).await;
        let voice = check(&env, "POST", &format!("/guilds/{guild}/channels"), Some(json!({"name": "Voice", "type": 2})), true).await;
        let c = id(&channel);
        check(&env, "PATCH", &format!("/guilds/{guild}/channels"), Some(json!([{"id": c, "position": 3}])), true).await;
        check(&env, "GET", &format!("/channels/{c}"), None, true).await;
        check(&env, "GET", &format!("/channels/{}", id(&voice)), None, true).await;
        check(&env, "GET", &format!("/channels/{}", id(&dm)), None, true).await;
        check(&env, "PATCH", &format!("/channels/{c}"), Some(json!({"name": "Renamed", "topic": "new"})), true).await;
        check(&env, "PUT", &format!("/channels/{c}/permissions/{}", env.bob), Some(json!({"type": 1, "allow": "1024", "deny": "0"})), true).await;
        check(&env, "DELETE", &format!("/channels/{c}/permissions/{}", env.bob), None, true).await;

        let message = json!({"content": "hello <@{alice}>", "embeds": [{"title": "T", "description": "D", "fields": [{"name": "a", "value": "b"}], "footer": {"text": "f"}, "author": {"name": "n"}, "color": 5, "timestamp": "2024-01-01T00:00:00Z"}],
            "components": [{"type": 1, "components": [{"type": 2, "style": 1, "label": "Go", "custom_id": "go"}, {"type": 2, "style": 5, "label": "Docs", "url": "https://example.com"}]},
                           {"type": 1, "components": [{"type": 3, "custom_id": "pick", "options": [{"label": "A", "value": "a"}]}]}]});
        let posted = check(&env, "POST", &format!("/channels/{c}/messages"), Some(message), true).await;
        let m = id(&posted);
        check(&env, "POST", &format!("/channels/{c}/messages"), Some(json!({"content": "reply", "message_reference": {"message_id": m}})), true).await;
        check(&env, "GET", &format!("/channels/{c}/messages?limit=5"), None, true).await;
        check(&env, "GET", &format!("/channels/{c}/messages/{m}"), None, true).await;
        check(&env, "PATCH", &format!("/channels/{c}/messages/{m}"), Some(json!({"content": "edited"})), true).await;
        let reactions = format!("/channels/{c}/messages/{m}/reactions");
        check(&env, "PUT", &format!("{reactions}/%F0%9F%91%8D/@me"), None, true).await;
        check(&env, "PUT", &format!("{reactions}/%F0%9F%8E%89/@me"), None, true).await;
        check(&env, "GET", &format!("/channels/{c}/messages/{m}"), None, true).await;
        check(&env, "GET", &format!("{reactions}/%F0%9F%91%8D?limit=10"), None, true).await;
        check(&env, "DELETE", &format!("{reactions}/%F0%9F%91%8D/@me"), None, true).await;
        check(&env, "DELETE", &format!("{reactions}/%F0%9F%8E%89/{}", env.bot), None, true).await;
        check(&env, "PUT", &format!("{reactions}/%F0%9F%91%8D/@me"), None, true).await;
        check(&env, "DELETE", &format!("{reactions}/%F0%9F%91%8D"), None, true).await;
        check(&env, "DELETE", &reactions, None, true).await;
        check(&env, "PUT", &format!("/channels/{c}/messages/pins/{m}"), None, true).await;
        check(&env, "GET", &format!("/channels/{c}/messages/pins"), None, true).await;
        check(&env, "GET", &format!("/channels/{c}/pins"), None, true).await;
        check(&env, "DELETE", &format!("/channels/{c}/pins/{m}"), None, true).await;
        check(&env, "DELETE", &format!("/channels/{c}/messages/{m}"), None, true).await;

        let thread = check(&env, "POST", &format!("/channels/{}/threads", env.general), Some(json!({"name": "Ticket", "type": 12, "invitable": false})), true).await;
        let t = id(&thread);
        check(&env, "PUT", &format!("/channels/{t}/thread-members/@me"), None, true).await;
        check(&env, "PUT", &format!("/channels/{t}/thread-members/{alice}"), None, true).await;
        check(&env, "GET", &format!("/channels/{t}/thread-members?with_member=true"), None, true).await;
        check(&env, "GET", &format!("/channels/{t}/thread-members/{alice}?with_member=true"), None, true).await;
        check(&env, "GET", &format!("/channels/{t}"), None, true).await;
        check(&env, "DELETE", &format!("/channels/{t}/thread-members/{alice}"), None, true).await;
        check(&env, "PATCH", &format!("/channels/{t}"), Some(json!({"archived": true, "locked": true})), true).await;
        check(&env, "DELETE", &format!("/channels/{t}"), None, true).await;
        check(&env, "DELETE", &format!("/channels/{c}"), None, true).await;

        env.register_commands().await;
        let mut endpoint = env.endpoint(|_| None).await;
        let act = env.open_as(alice, "x");
        let interaction = endpoint.next().await;
        let callback = format!("/interactions/{}/{}/callback?with_response=true", id(&interaction), interaction["token"].as_str().unwrap());
        check(&env, "POST", &callback, Some(json!({"type": 4, "data": {"content": "Opened", "embeds": [{"title": "x"}]}})), false).await;
        act.await.unwrap();
        let hook = format!("/webhooks/{app}/{}", interaction["token"].as_str().unwrap());
        let followup = check(&env, "POST", &hook, Some(json!({"content": "f", "flags": 64})), false).await;
        let f = id(&followup);
        check(&env, "GET", &format!("{hook}/messages/@original"), None, false).await;
        check(&env, "PATCH", &format!("{hook}/messages/@original"), Some(json!({"content": "Opened!"})), false).await;
        check(&env, "GET", &format!("{hook}/messages/{f}"), None, false).await;
        check(&env, "PATCH", &format!("{hook}/messages/{f}"), Some(json!({"content": "g"})), false).await;
        check(&env, "DELETE", &format!("{hook}/messages/{f}"), None, false).await;
        check(&env, "DELETE", &format!("{hook}/messages/@original"), None, false).await;

        // Error answers are documented too.
        let spec = Spec::shared().unwrap();
        for (method, path, body) in [
            ("GET", "/channels/1".to_owned(), None),
            ("POST", format!("/channels/{}/messages", env.general), Some(json!({"content": 1}))),
            ("POST", format!("/guilds/{guild}/channels"), Some(json!({"name": "x", "permission_overwrites": [{"id": alice.to_string(), "type": 1, "allow": "8"}]}))),
        ] {
            let (status, answer) = env.api(method, &path, body).await;
            assert!(status >= 400);
            spec.find_operation(method, &path).unwrap().validate_response(status, &answer).unwrap();
        }
    })
    .await;
}

#[tokio::test]
async fn the_request_log_shows_every_request_passed_the_spec_or_got_50035() {
    bounded(async {
        let env = Env::start().await;
        let spec = Spec::shared().unwrap();
        let path = format!("/channels/{}/messages", env.general);
        env.api("POST", &path, Some(json!({"content": "ok"}))).await;
        env.api("POST", &path, Some(json!({"content": 5}))).await;
        env.api("GET", &format!("{path}?limit=500"), None).await;
        env.api(
            "POST",
            &format!("/guilds/{}/channels", env.guild),
            Some(json!({"name": "x", "type": 0})),
        )
        .await;
        let log = env.sim.requests(0);
        assert_eq!(log.len(), 4);
        for entry in &log {
            let method = entry["method"].as_str().unwrap();
            let path = entry["path"]
                .as_str()
                .unwrap()
                .trim_start_matches("/api/v10");
            let query: Vec<(String, String)> = entry["query"]
                .as_str()
                .unwrap()
                .split('&')
                .filter(|p| !p.is_empty())
                .filter_map(|p| p.split_once('='))
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect();
            let body = Some(&entry["body"]).filter(|b| !b.is_null());
            let valid = spec
                .find_operation(method, path)
                .unwrap()
                .validate_request(&query, body)
                .is_ok();
            assert!(valid || entry["error_code"] == 50035, "{entry}");
            assert_eq!(valid, entry["error_code"] != 50035, "{entry}");
            assert!(entry.get("response_errors").is_none(), "{entry}");
        }
        assert_eq!(log.iter().filter(|e| e["error_code"] == 50035).count(), 2);
    })
    .await;
}
