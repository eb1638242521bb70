//! Each interaction runs at most once: a captured signed request replayed to `/interactions`,
//! and an INTERACTION_CREATE the gateway delivers twice, open no second ticket.

use crate::helpers::*;
use serde_json::Value;
use std::time::Duration;
use tickets_testkit::{Backend, Delivery, Env, EnvOptions, finish, run_guarded};

/// Runs `body` on SQLite and (when configured) on PostgreSQL, with interactions delivered `how`.
async fn on_both_backends<F>(how: Delivery, body: F)
where
    F: for<'a> Fn(&'a mut Env) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()> + 'a>>,
{
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let options = EnvOptions {
            backend,
            delivery: how,
            public_key: None,
        };
        let Some(mut env) = Env::start(options).await else {
            eprintln!("notice: TICKETS_TEST_POSTGRES_URL is not set; skipped on PostgreSQL");
            continue;
        };
        let outcome = run_guarded(body(&mut env)).await;
        env.stop().await;
        finish(outcome);
    }
}

/// How many interactions of `kind` the application counted as repeated (its `/metrics`).
async fn repeated(env: &Env, kind: &str) -> u64 {
    let text = reqwest::get(format!("{}/metrics", env.web_url()))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let wanted = format!("tickets_interactions_total{{kind=\"{kind}\",outcome=\"repeated\"}} ");
    text.lines()
        .find_map(|line| line.strip_prefix(&wanted))
        .map_or(0, |n| n.trim().parse().unwrap())
}

async fn ticket_channels(env: &Env) -> usize {
    env.sim
        .channels(&env.ids.guild)
        .await
        .iter()
        .filter(|c| c["name"].as_str().is_some_and(|n| n.starts_with("ticket-")))
        .count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_replayed_signed_interaction_gets_the_first_answer_and_opens_no_second_ticket() {
    on_both_backends(Delivery::Http, |env| {
        Box::pin(async move {
            let first = open(env, &env.ids.alice, Some("once")).await;
            let channel = first.mentioned_channel().expect("a ticket opened");
            assert_eq!(ticket_channels(env).await, 1);

            // What went over the wire, sent again as captured: same body, same headers, well
            // within the 300-second window.
            let seen = env.sim.interaction(&first.interaction_id).await;
            let captured = &seen["signed_request"];
            assert!(captured["body"].is_string(), "{seen}");
            for _ in 0..2 {
                let response = reqwest::Client::new()
                    .post(format!("{}/interactions", env.web_url()))
                    .header("content-type", "application/json")
                    .header(
                        "x-signature-ed25519",
                        captured["signature"].as_str().unwrap(),
                    )
                    .header(
                        "x-signature-timestamp",
                        captured["timestamp"].as_str().unwrap(),
                    )
                    .body(captured["body"].as_str().unwrap().to_owned())
                    .send()
                    .await
                    .unwrap();
                assert_eq!(response.status().as_u16(), 200);
                let answer: Value = response.json().await.unwrap();
                assert_eq!(
                    Some(&answer),
                    first.response.as_ref(),
                    "the original answer"
                );
            }
            assert_eq!(repeated(env, "command").await, 2);
            assert_eq!(ticket_channels(env).await, 1, "no second channel");
            assert_eq!(open_count(env, &env.ids.alice).await, 1, "no second ticket");
            assert!(channel_of(env, &channel).await["name"].is_string());
        })
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_interaction_delivered_twice_over_the_gateway_runs_once() {
    on_both_backends(Delivery::Gateway, |env| {
        Box::pin(async move {
            let first = open(env, &env.ids.bob, None).await;
            assert!(first.mentioned_channel().is_some(), "{:?}", first.response);
            let after = env.sim.last_request_seq().await;

            env.sim.redeliver(&first.interaction_id).await;
            let mut seen = 0;
            for _ in 0..250 {
                seen = repeated(env, "command").await;
                if seen > 0 {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            assert_eq!(seen, 1, "the bot recognised the second delivery");
            assert_eq!(ticket_channels(env).await, 1, "no second channel");
            assert_eq!(open_count(env, &env.ids.bob).await, 1, "no second ticket");
            // Not even a second answer: Discord would refuse it.
            let since = env.sim.requests_after(after).await;
            assert!(
                !since
                    .iter()
                    .any(|r| r["path"].as_str().is_some_and(|p| p.contains("/callback"))),
                "{since:#?}"
            );
        })
    })
    .await;
}
