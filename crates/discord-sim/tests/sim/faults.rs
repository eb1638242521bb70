//! Injected faults and rate limits.

use discord_sim::{RateLimitConfig, SimConfig};
use serde_json::json;

use crate::common::{Env, bounded, config};

#[tokio::test]
async fn an_injected_500_fails_one_request_then_the_route_works() {
    bounded(async {
        let env = Env::start().await;
        let (status, _) = env.control("POST", "/faults", Some(json!({"method": "POST", "path": "/channels/{channel_id}/messages", "status": 500, "count": 1}))).await;
        assert_eq!(status, 204);
        let path = format!("/channels/{}/messages", env.general);
        let (status, body) = env.api("POST", &path, Some(json!({"content": "one"}))).await;
        assert_eq!((status, body["message"].as_str()), (500, Some("500: Internal Server Error")));
        let (status, _) = env.api("POST", &path, Some(json!({"content": "two"}))).await;
        assert_eq!(status, 200);
        assert_eq!(env.sim.messages(env.general, None).unwrap().len(), 1, "the failed request changed nothing");
    })
    .await;
}

#[tokio::test]
async fn an_injected_429_carries_retry_after_and_faults_can_be_cleared() {
    bounded(async {
        let env = Env::start().await;
        let concrete = format!("/api/v10/guilds/{}/channels", env.guild);
        let (status, _) = env.control("POST", "/faults", Some(json!({"method": "GET", "path": concrete, "status": 429, "count": 5, "retry_after": 2.5}))).await;
        assert_eq!(status, 204);
        let url = format!("{}{concrete}", env.sim.base_url());
        let response = env.http.get(&url).header("authorization", format!("Bot {}", env.token)).send().await.unwrap();
        assert_eq!(response.status(), 429);
        assert_eq!(response.headers()["retry-after"], "3");
        let body: serde_json::Value = response.json().await.unwrap();
        assert_eq!(body["retry_after"], 2.5);
        assert_eq!(body["global"], false);
        let (status, _) = env.control("DELETE", "/faults", None).await;
        assert_eq!(status, 204);
        let (status, _) = env.api("GET", &format!("/guilds/{}/channels", env.guild), None).await;
        assert_eq!(status, 200);
    })
    .await;
}

#[tokio::test]
async fn rate_limits_send_bucket_headers_and_429_when_exhausted() {
    bounded(async {
        let env = Env::with(SimConfig {
            rate_limits: RateLimitConfig::discord(),
            ..config()
        })
        .await;
        let url = format!("{}/channels/{}/messages", env.sim.api_url(), env.general);
        let send = || {
            env.http
                .post(&url)
                .header("authorization", format!("Bot {}", env.token))
                .json(&json!({"content": "hi"}))
                .send()
        };
        // Discord: 5 messages per 5 seconds per channel.
        let first = send().await.unwrap();
        assert_eq!(first.status(), 200);
        assert_eq!(first.headers()["x-ratelimit-limit"], "5");
        assert_eq!(first.headers()["x-ratelimit-remaining"], "4");
        assert_eq!(first.headers()["x-ratelimit-scope"], "user");
        assert!(first.headers().contains_key("x-ratelimit-reset"));
        let reset_after: f64 = first.headers()["x-ratelimit-reset-after"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!(reset_after > 0.0 && reset_after <= 5.0, "{reset_after}");
        let bucket = first.headers()["x-ratelimit-bucket"].clone();
        for _ in 0..4 {
            assert_eq!(send().await.unwrap().status(), 200);
        }
        let limited = send().await.unwrap();
        assert_eq!(limited.status(), 429);
        assert!(limited.headers().contains_key("retry-after"));
        assert_eq!(limited.headers()["x-ratelimit-remaining"], "0");
        assert_eq!(limited.headers()["x-ratelimit-bucket"], bucket);
        assert_eq!(limited.headers()["x-ratelimit-scope"], "user");
        let body: serde_json::Value = limited.json().await.unwrap();
        assert_eq!(body["message"], "You are being rate limited.");
        assert_eq!(body["global"], false);
        assert!(body["retry_after"].as_f64().unwrap() > 0.0);
        let other = format!(
            "{}/channels/{}/messages",
            env.sim.api_url(),
            env.open_a_ticket
        );
        let response = env
            .http
            .post(&other)
            .header("authorization", format!("Bot {}", env.token))
            .json(&json!({"content": "hi"}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "another channel is another bucket");
        assert_eq!(
            response.headers()["x-ratelimit-bucket"],
            bucket,
            "same route, same hash"
        );
    })
    .await;
}

/// Real time is fine here: the test needs only that the third change within ten minutes is
/// refused, which it sees at once; that a change leaving the window frees a place is proven by
/// the limiter's unit tests, which move time by hand (the simulator has no clock to move).
#[tokio::test]
async fn the_third_rename_or_move_of_a_channel_within_ten_minutes_is_refused() {
    bounded(async {
        let env = Env::with(SimConfig {
            rate_limits: RateLimitConfig::discord(),
            ..config()
        })
        .await;
        let path = format!("/channels/{}", env.general);
        let (status, _) = env.api("PATCH", &path, Some(json!({"name": "one"}))).await;
        assert_eq!(status, 200);
        let (status, _) = env
            .api(
                "PATCH",
                &path,
                Some(json!({"topic": "topics do not count"})),
            )
            .await;
        assert_eq!(status, 200);
        let (status, _) = env
            .api(
                "PATCH",
                &path,
                Some(json!({"parent_id": env.support.to_string()})),
            )
            .await;
        assert_eq!(status, 200, "a move is the second change");
        let (status, _) = env.api("PATCH", &path, Some(json!({"name": "one"}))).await;
        assert_eq!(status, 200, "the same name again changes nothing");
        let response = env
            .http
            .patch(format!("{}{path}", env.sim.api_url()))
            .header("authorization", format!("Bot {}", env.token))
            .json(&json!({"name": "three"}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 429);
        assert_eq!(response.headers()["x-ratelimit-scope"], "shared");
        let retry: u64 = response.headers()["retry-after"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!(retry > 500 && retry <= 600, "{retry}");
        let body: serde_json::Value = response.json().await.unwrap();
        assert_eq!(body["global"], false);
        assert!(body["retry_after"].as_f64().unwrap() > 500.0);
        let (_, channel) = env.api("GET", &path, None).await;
        assert_eq!(channel["name"], "one", "the refused rename changed nothing");
        let other = format!("/channels/{}", env.open_a_ticket);
        let (status, _) = env
            .api("PATCH", &other, Some(json!({"name": "elsewhere"})))
            .await;
        assert_eq!(status, 200, "another channel has its own limit");
    })
    .await;
}

#[tokio::test]
async fn the_global_limit_answers_a_global_429() {
    bounded(async {
        let env = Env::with(SimConfig {
            rate_limits: RateLimitConfig {
                global_per_second: 3,
                ..RateLimitConfig::discord()
            },
            ..config()
        })
        .await;
        let mut statuses = Vec::new();
        for _ in 0..4 {
            statuses.push(env.api("GET", "/users/@me", None).await);
        }
        let (status, body) = statuses.pop().unwrap();
        assert_eq!((status, body["global"].as_bool()), (429, Some(true)));
    })
    .await;
}
