//! Injected faults and rate limits.

use std::time::Duration;

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
            rate_limits: RateLimitConfig {
                route_limit: 2,
                route_window: Duration::from_secs(30),
                ..RateLimitConfig::discord()
            },
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
        let first = send().await.unwrap();
        assert_eq!(first.status(), 200);
        assert_eq!(first.headers()["x-ratelimit-limit"], "2");
        assert_eq!(first.headers()["x-ratelimit-remaining"], "1");
        assert!(first.headers().contains_key("x-ratelimit-reset"));
        assert!(first.headers().contains_key("x-ratelimit-reset-after"));
        assert!(first.headers().contains_key("x-ratelimit-bucket"));
        assert_eq!(send().await.unwrap().status(), 200);
        let limited = send().await.unwrap();
        assert_eq!(limited.status(), 429);
        assert!(limited.headers().contains_key("retry-after"));
        let body: serde_json::Value = limited.json().await.unwrap();
        assert_eq!(body["message"], "You are being rate limited.");
        assert_eq!(body["global"], false);
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
    })
    .await;
}

#[tokio::test]
async fn the_global_limit_answers_a_global_429() {
    bounded(async {
        let env = Env::with(SimConfig {
            rate_limits: RateLimitConfig {
                global_per_second: 3,
                route_limit: 100,
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
