//! Opens and closes tickets through the simulator and prints throughput, the latency of the
//! first answer, and Discord REST calls per ticket, on SQLite and (with
//! `TICKETS_TEST_POSTGRES_URL`) PostgreSQL.
//!
//! Run: `cargo bench -p tickets-testkit --bench tickets` (`TICKETS_BENCH_TICKETS`,
//! `TICKETS_BENCH_WORKERS` change the load; `TICKETS_BENCH_ONLY=threads` runs thread mode alone). It measures; it asserts nothing about speed.
//!
//! The bot's Discord client keeps Discord's global limit of 50 requests per second, as it must
//! against the real Discord, so throughput is bounded by 50 divided by the REST calls a ticket
//! costs outside interaction answers (which that limit does not count).
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

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * (sorted.len() - 1) as f64).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

/// Polls the simulator until `channel` no longer exists (at most 10 s).
async fn wait_until_deleted(sim: &tickets_testkit::SimClient, guild: &str, channel: &str) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while sim
        .channels(guild)
        .await
        .iter()
        .any(|c| c["id"].as_str() == Some(channel))
    {
        assert!(
            Instant::now() < deadline,
            "channel {channel} was never deleted"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn run(backend: Backend, delivery: Delivery, tickets: usize, workers: usize) {
    let options = EnvOptions {
        backend,
        delivery,
        public_key: None,
    };
    let Some(env) = Env::start(options).await else {
        println!("{backend:?}: skipped (TICKETS_TEST_POSTGRES_URL is not set)");
        return;
    };
    let users = [
        env.ids.alice.clone(),
        env.ids.bob.clone(),
        env.ids.staff.clone(),
        env.ids.owner.clone(),
    ];
    let first_seq = env.sim.last_request_seq().await;
    let started = Instant::now();
    let per_worker = tickets.div_ceil(workers);
    let mut tasks = Vec::new();
    for worker in 0..workers {
        let sim = env.sim.clone();
        let guild = env.ids.guild.clone();
        let general = env.ids.general.clone();
        let user = users[worker % users.len()].clone();
        tasks.push(tokio::spawn(async move {
            let mut open_latency = Vec::new();
            let mut close_latency = Vec::new();
            for _ in 0..per_worker {
                let t = Instant::now();
                let opened = sim
                    .command(&guild, &general, &user, "open", json!([]))
                    .await;
                open_latency.push(t.elapsed());
                let channel = opened
                    .mentioned_channel()
                    .unwrap_or_else(|| panic!("open failed: {:?}", opened.response));
                let t = Instant::now();
                let closed = sim
                    .command(&guild, &channel, &user, "close", json!([]))
                    .await;
                close_latency.push(t.elapsed());
                assert!(closed.error.is_none(), "{:?}", closed.error);
                // A ticket's life ends when its channel is gone. Waiting for that keeps the
                // category below Discord's 50 channels however fast members close tickets, and
                // makes the request count below complete.
                wait_until_deleted(&sim, &guild, &channel).await;
            }
            (open_latency, close_latency)
        }));
    }
    let mut opens = Vec::new();
    let mut closes = Vec::new();
    for task in tasks {
        let (o, c) = task.await.unwrap();
        opens.extend(o);
        closes.extend(c);
    }
    let elapsed = started.elapsed();
    let calls = env.sim.requests_after(first_seq).await.len();
    opens.sort();
    closes.sort();
    let done = opens.len();
    println!(
        "{backend:?}/{delivery:?}: {done} tickets opened, closed and their channels deleted in {:.2} s = {:.1} tickets/s ({workers} concurrent members)",
        elapsed.as_secs_f64(),
        done as f64 / elapsed.as_secs_f64()
    );
    println!(
        "  first answer to /open:  p50 {:.1} ms, p99 {:.1} ms",
        percentile(&opens, 50.0).as_secs_f64() * 1e3,
        percentile(&opens, 99.0).as_secs_f64() * 1e3
    );
    println!(
        "  first answer to /close: p50 {:.1} ms, p99 {:.1} ms",
        percentile(&closes, 50.0).as_secs_f64() * 1e3,
        percentile(&closes, 99.0).as_secs_f64() * 1e3
    );
    println!(
        "  Discord REST calls: {:.2} per ticket (open + close)",
        calls as f64 / done as f64
    );
    env.stop().await;
}

/// Polls the simulator until thread `channel` is archived and locked (at most 10 s).
async fn wait_until_archived(sim: &tickets_testkit::SimClient, guild: &str, channel: &str) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while !sim
        .channels(guild)
        .await
        .iter()
        .any(|c| c["id"].as_str() == Some(channel) && c["thread_metadata"]["locked"] == true)
    {
        assert!(
            Instant::now() < deadline,
            "thread {channel} was never archived"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// The ticket `/open` linked to: in its first answer, or in the edit of a deferred one.
async fn opened_channel(sim: &tickets_testkit::SimClient, opened: &tickets_testkit::Act) -> String {
    if let Some(channel) = opened.mentioned_channel() {
        return channel;
    }
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let shown = sim.interaction(&opened.interaction_id).await;
        let content = shown["original"]["content"].as_str().unwrap_or_default();
        if let Some(start) = content.find("<#") {
            let rest = &content[start + 2..];
            return rest[..rest.find('>').unwrap_or(rest.len())].to_owned();
        }
        assert!(Instant::now() < deadline, "open failed: {shown}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Thread mode: `tickets` tickets opened with `/open` as private threads of `#general`, each
/// announced in a notification channel, closed, and their thread archived and locked, by
/// `workers` members at once.
async fn run_threads(backend: Backend, tickets: usize, workers: usize) {
    let options = EnvOptions {
        backend,
        delivery: Delivery::Gateway,
        public_key: None,
    };
    let Some(env) = Env::start(options).await else {
        println!("{backend:?}: skipped (TICKETS_TEST_POSTGRES_URL is not set)");
        return;
    };
    let alerts = env
        .sim
        .create_channel(&env.ids.guild, "ticket-alerts", 0, None)
        .await;

    let mut settings = env.db().settings().get(env.guild_id()).await.unwrap();
    settings.thread_mode = true;
    settings.ticket_notification_channel_id = Some(tickets_testkit::parse(&alerts));
    settings.open_command_thread_channel_id = Some(tickets_testkit::parse(&env.ids.general));
    env.db().settings().save(&settings).await.unwrap();
    let users = [
        env.ids.alice.clone(),
        env.ids.bob.clone(),
        env.ids.staff.clone(),
        env.ids.owner.clone(),
    ];
    let first_seq = env.sim.last_request_seq().await;
    let started = Instant::now();
    let per_worker = tickets.div_ceil(workers);
    let mut tasks = Vec::new();
    for worker in 0..workers {
        let sim = env.sim.clone();
        let guild = env.ids.guild.clone();
        let general = env.ids.general.clone();
        let user = users[worker % users.len()].clone();
        tasks.push(tokio::spawn(async move {
            let mut open_latency = Vec::new();
            for _ in 0..per_worker {
                let t = Instant::now();
                let opened = sim
                    .command(&guild, &general, &user, "open", json!([]))
                    .await;
                open_latency.push(t.elapsed());
                let thread = opened_channel(&sim, &opened).await;
                let closed = sim
                    .command(&guild, &thread, &user, "close", json!([]))
                    .await;
                assert!(closed.error.is_none(), "{:?}", closed.error);
                wait_until_archived(&sim, &guild, &thread).await;
            }
            open_latency
        }));
    }
    let mut opens = Vec::new();
    for task in tasks {
        opens.extend(task.await.unwrap());
    }
    let elapsed = started.elapsed();
    let log = env.sim.requests_after(first_seq).await;
    let calls = log.len();
    // Every ticket posts and later edits a message in the one notification channel, from
    // several tasks at once: the client may overrun the edit bucket before an answer tells it
    // the bucket's state, and then waits out the 429 as Discord asks. Counted, not hidden.
    let limited = log.iter().filter(|r| r["status"] == 429).count();
    if limited > 0 {
        env.expect_refusal("PATCH", "/channels/{channel_id}/messages/{message_id}", 429);
    }
    opens.sort();
    let done = opens.len();
    println!(
        "{backend:?}/threads: {done} thread tickets opened, announced, closed and archived in {:.2} s = {:.1} tickets/s ({workers} concurrent members)",
        elapsed.as_secs_f64(),
        done as f64 / elapsed.as_secs_f64()
    );
    println!(
        "  first answer to /open: p50 {:.1} ms, p99 {:.1} ms; Discord REST calls: {:.2} per ticket; 429s: {limited}",
        percentile(&opens, 50.0).as_secs_f64() * 1e3,
        percentile(&opens, 99.0).as_secs_f64() * 1e3,
        calls as f64 / done as f64
    );
    let mut by_operation: std::collections::BTreeMap<String, usize> = Default::default();
    for request in &log {
        let operation = request["operation"].as_str().unwrap_or("?").to_owned();
        *by_operation.entry(operation).or_default() += 1;
    }
    let per_ticket: Vec<String> = by_operation
        .iter()
        .map(|(operation, n)| format!("{operation} {:.2}", *n as f64 / done as f64))
        .collect();
    println!("  per ticket by operation: {}", per_ticket.join(", "));
    env.stop().await;
}

/// Opening with a long history: `samples` tickets opened and closed one after another (no
/// queueing behind the rate limit) in a server that already stores `stored` closed tickets.
async fn run_with_history(backend: Backend, stored: u64, samples: usize) {
    let options = EnvOptions {
        backend,
        delivery: Delivery::Gateway,
        public_key: None,
    };
    let Some(env) = Env::start(options).await else {
        println!("{backend:?}: skipped (TICKETS_TEST_POSTGRES_URL is not set)");
        return;
    };
    let seeding = Instant::now();
    tickets_store::testing::seed_closed_tickets(env.db(), env.guild_id(), stored)
        .await
        .unwrap();
    let seeded_in = seeding.elapsed();
    let mut opens = Vec::new();
    for _ in 0..samples {
        let t = Instant::now();
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
        opens.push(t.elapsed());
        let channel = opened.mentioned_channel().expect("opened");
        env.sim
            .command(&env.ids.guild, &channel, &env.ids.alice, "close", json!([]))
            .await;
        wait_until_deleted(&env.sim, &env.ids.guild, &channel).await;
    }
    opens.sort();
    println!(
        "{backend:?} with {stored} stored tickets (seeded in {:.1} s): first answer to /open p50 {:.1} ms, p99 {:.1} ms over {samples} tickets",
        seeded_in.as_secs_f64(),
        percentile(&opens, 50.0).as_secs_f64() * 1e3,
        percentile(&opens, 99.0).as_secs_f64() * 1e3
    );
    env.stop().await;
}

fn main() {
    let tickets = setting("TICKETS_BENCH_TICKETS", 1000);
    let workers = setting("TICKETS_BENCH_WORKERS", 8);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        if std::env::var("TICKETS_BENCH_ONLY").as_deref() == Ok("threads") {
            run_threads(Backend::Sqlite, tickets, workers).await;
            return;
        }
        for backend in [Backend::Sqlite, Backend::Postgres] {
            run(backend, Delivery::Gateway, tickets, workers).await;
        }
        run(Backend::Sqlite, Delivery::Http, tickets, workers).await;
        run_threads(Backend::Sqlite, tickets, workers).await;
        let history = setting("TICKETS_BENCH_HISTORY", 100_000) as u64;
        let samples = setting("TICKETS_BENCH_HISTORY_SAMPLES", 200);
        for backend in [Backend::Sqlite, Backend::Postgres] {
            for stored in [100, history] {
                run_with_history(backend, stored, samples).await;
            }
        }
    });
}
