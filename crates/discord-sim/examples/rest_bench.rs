//! REST throughput of the simulator, driven by the real twilight-http client.
//!
//! Run with `cargo run --release -p discord-sim --example rest_bench`. Prints requests per
//! second for "create message" and "get channel" from concurrent tasks. A benchmark, not a
//! test: nothing is asserted.

use std::sync::Arc;
use std::time::{Duration, Instant};

use discord_sim::scenario::demo_bot_permissions;
use discord_sim::{Scenario, SimConfig, Simulator};
use twilight_model::id::Id;
use twilight_model::id::marker::ChannelMarker;

const TASKS: usize = 32;
const DURATION: Duration = Duration::from_secs(5);

#[derive(Clone, Copy)]
enum Kind {
    CreateMessage,
    GetChannel,
}

async fn run(
    client: Arc<twilight_http::Client>,
    channel: Id<ChannelMarker>,
    kind: Kind,
) -> (u64, u64) {
    let started = Instant::now();
    let (mut ok, mut failed) = (0, 0);
    while started.elapsed() < DURATION {
        let result = match kind {
            Kind::CreateMessage => client
                .create_message(channel)
                .content("benchmark")
                .await
                .map(drop),
            Kind::GetChannel => client.channel(channel).await.map(drop),
        };
        if result.is_ok() { ok += 1 } else { failed += 1 }
    }
    (ok, failed)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let sim = Simulator::start(SimConfig {
        scenario: Scenario::demo(demo_bot_permissions()),
        // This measures the simulator's own throughput, far above Discord's limits on purpose.
        rate_limits: discord_sim::RateLimitConfig::off(),
        ..SimConfig::default()
    })
    .await?;
    let state = sim.state();
    let token = state["applications"][0]["token"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let guild = &state["guilds"][0];
    let mut channels = Vec::new();
    for channel in guild["channels"].as_array().into_iter().flatten() {
        if channel["type"] == 0
            && let Some(id) = channel["id"].as_str().and_then(|id| id.parse::<u64>().ok())
        {
            channels.push(Id::<ChannelMarker>::new(id));
        }
    }
    let client = Arc::new(
        twilight_http::Client::builder()
            .token(token)
            .proxy(sim.addr().to_string(), true)
            .ratelimiter(None)
            .build(),
    );
    println!("discord-sim REST benchmark: {TASKS} concurrent tasks, {DURATION:?} per operation");
    for (name, kind) in [
        ("create message", Kind::CreateMessage),
        ("get channel", Kind::GetChannel),
    ] {
        let started = Instant::now();
        let tasks: Vec<_> = (0..TASKS)
            .map(|i| tokio::spawn(run(client.clone(), channels[i % channels.len()], kind)))
            .collect();
        let (mut ok, mut failed) = (0, 0);
        for task in tasks {
            let (o, f) = task.await?;
            ok += o;
            failed += f;
        }
        let seconds = started.elapsed().as_secs_f64();
        #[expect(
            clippy::cast_precision_loss,
            reason = "request counts are far below 2^52"
        )]
        let rate = ok as f64 / seconds;
        println!("{name:>15}: {rate:>9.0} requests/s ({ok} ok, {failed} failed)");
    }
    sim.shutdown().await;
    Ok(())
}
