//! Capturing a long ticket: 10,000 messages sent through the simulator, then the close, timed from
//! the `/close` until the channel is gone (every message read in pages of 100, written into the
//! compressed document, sealed and stored, the close announced). Prints the time, the Discord REST
//! calls, the stored size, and the process's peak resident memory during the close over its
//! resident memory before it (the simulator serving the pages shares the process, so this bounds
//! the capture's own from above).
//!
//! Run: `cargo bench -p tickets-testkit --bench capture` (`TICKETS_BENCH_MESSAGES` changes the
//! count). It measures; it asserts nothing about speed.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "benchmark")]

use serde_json::json;
use std::time::{Duration, Instant};
use tickets_testkit::{Backend, Delivery, Env, EnvOptions};

fn setting(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A line of `/proc/self/status` in kB (`VmRSS`, `VmHWM`).
fn status_kb(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find(|line| line.starts_with(field))
        .and_then(|line| line.split_whitespace().nth(1))
        .and_then(|kb| kb.parse().ok())
        .unwrap_or(0)
}

#[tokio::main]
async fn main() {
    let count = setting("TICKETS_BENCH_MESSAGES", 10_000);
    let options = EnvOptions {
        backend: Backend::Sqlite,
        delivery: Delivery::Gateway,
        public_key: None,
    };
    let env = Env::start(options).await.unwrap();
    let opened = env
        .sim
        .command(
            &env.ids.guild,
            &env.ids.general,
            &env.ids.alice,
            "open",
            json!([]),
        )
        .await;
    let channel = opened.mentioned_channel().unwrap();
    let sending = Instant::now();
    for n in 0..count {
        let user = if n % 3 == 0 {
            &env.ids.owner
        } else {
            &env.ids.alice
        };
        let text = format!(
            "Message {n}: **the order** <@{}> was _late_, see <#{}> `#{n}`",
            env.ids.bob, env.ids.general
        );
        env.sim.act_message(&channel, user, &text).await;
    }
    println!(
        "sent {count} messages through the simulator in {:.1?}",
        sending.elapsed()
    );

    let before_kb = status_kb("VmRSS:");
    // Resets the peak to the current size, so that the peak below is the close's.
    std::fs::write("/proc/self/clear_refs", "5").unwrap();
    let first = env.sim.last_request_seq().await;
    let started = Instant::now();
    env.sim
        .command(&env.ids.guild, &channel, &env.ids.owner, "close", json!([]))
        .await;
    let deadline = Instant::now() + Duration::from_secs(600);
    while env
        .sim
        .channels(&env.ids.guild)
        .await
        .iter()
        .any(|c| c["id"].as_str() == Some(channel.as_str()))
    {
        assert!(Instant::now() < deadline, "the channel was never deleted");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let took = started.elapsed();
    let peak_kb = status_kb("VmHWM:");
    let calls = env.sim.requests_after(first).await.len();
    let stored = env
        .db()
        .transcripts()
        .get(env.guild_id(), 1)
        .await
        .unwrap()
        .expect("the transcript is recorded");
    println!(
        "captured {} messages in {:.2?} ({:.0} messages/s), {calls} Discord REST calls",
        stored.transcript.message_count,
        took,
        stored.transcript.message_count as f64 / took.as_secs_f64()
    );
    println!(
        "stored {:.1} KiB sealed ({:.1} bytes a message)",
        stored.transcript.size_bytes as f64 / 1024.0,
        stored.transcript.size_bytes as f64 / stored.transcript.message_count as f64
    );
    println!(
        "resident memory: {:.1} MiB before the close, peak {:.1} MiB during it (+{:.1} MiB)",
        before_kb as f64 / 1024.0,
        peak_kb as f64 / 1024.0,
        peak_kb.saturating_sub(before_kb) as f64 / 1024.0
    );
    env.stop().await;
}
