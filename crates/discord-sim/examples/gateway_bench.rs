//! Prints how many dispatches per second the simulated gateway delivers to one twilight shard.
//!
//! Run with `cargo run --release -p discord-sim --example gateway_bench [-- COUNT]`. The figure
//! covers the whole path a bot sees: publishing, filtering, numbering, zstd-stream compression,
//! the loopback WebSocket, and twilight decompressing and deserialising each CHANNEL_CREATE.

use discord_sim::dispatch::{Audience, Dispatch};
use discord_sim::gateway::{BotIdentity, Gateway, GatewayOptions, GatewayWorld};
use serde_json::{Value, json};
use std::error::Error;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use tokio::net::TcpListener;
use tokio::sync::broadcast;
use twilight_gateway::{ConfigBuilder, Event, EventTypeFlags, Intents, Shard, ShardId, StreamExt};

const TOKEN: &str = "bench-token";
const APPLICATION: u64 = 1_200_000_000_000_000_001;
const BOT_USER: u64 = 1_200_000_000_000_000_002;
const GUILD: u64 = 1_200_000_000_000_000_003;
/// Dispatches in flight at most: the publisher waits for the shard beyond this, so the figure
/// measures sustained delivery rather than how fast a channel fills.
const WINDOW: u64 = 4096;

/// A world with one bot in one guild.
struct BenchWorld {
    url: String,
    sender: broadcast::Sender<Dispatch>,
}

impl GatewayWorld for BenchWorld {
    fn identify(&self, token: &str) -> Option<BotIdentity> {
        (token == TOKEN).then(|| BotIdentity {
            application_id: APPLICATION,
            flags: 0,
            user: json!({
                "id": BOT_USER.to_string(), "username": "bench", "discriminator": "0",
                "avatar": null, "bot": true, "mfa_enabled": false,
            }),
        })
    }

    fn bot_guilds(&self, _application_id: u64) -> Vec<u64> {
        vec![GUILD]
    }

    fn guild_create(&self, _application_id: u64, guild_id: u64) -> Option<Value> {
        Some(json!({
            "id": guild_id.to_string(), "name": "Bench", "owner_id": BOT_USER.to_string(),
            "afk_timeout": 300, "default_message_notifications": 0, "explicit_content_filter": 0,
            "features": [], "mfa_level": 0, "nsfw_level": 0, "preferred_locale": "en-US",
            "premium_progress_bar_enabled": false, "system_channel_flags": 0,
            "verification_level": 0, "roles": [], "channels": [], "members": [],
        }))
    }

    fn guild_members(&self, _application_id: u64, guild_id: u64) -> Option<Vec<Value>> {
        (guild_id == GUILD).then(Vec::new)
    }

    fn bot_in_guild(&self, _application_id: u64, guild_id: u64) -> bool {
        guild_id == GUILD
    }

    fn subscribe(&self) -> broadcast::Receiver<Dispatch> {
        self.sender.subscribe()
    }

    fn resume_gateway_url(&self) -> String {
        self.url.clone()
    }
}

fn channel_create(id: u64) -> Dispatch {
    Dispatch {
        audience: Audience::Guild(GUILD),
        event: "CHANNEL_CREATE",
        data: json!({
            "id": id.to_string(), "type": 0, "guild_id": GUILD.to_string(),
            "name": format!("ticket-{id}"), "position": 3, "parent_id": "1200000000000000010",
            "topic": "Support ticket opened by a user", "nsfw": false, "rate_limit_per_user": 0,
            "permission_overwrites": [
                {"id": GUILD.to_string(), "type": 0, "allow": "0", "deny": "1024"},
                {"id": BOT_USER.to_string(), "type": 1, "allow": "3072", "deny": "0"},
            ],
        }),
    }
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> Result<(), Box<dyn Error>> {
    let count: u64 = match std::env::args().nth(1) {
        Some(argument) => argument.parse()?,
        None => 200_000,
    };
    // twilight-gateway needs a provider even for ws://; an error only means one is installed.
    _ = rustls::crypto::ring::default_provider().install_default();

    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("ws://{}/gateway", listener.local_addr()?);
    let world = Arc::new(BenchWorld {
        url: url.clone(),
        sender: broadcast::channel(4 * usize::try_from(WINDOW)?).0,
    });
    let gateway = Gateway::new(world.clone(), GatewayOptions::default());
    let router = gateway.router();
    tokio::spawn(async move { axum::serve(listener, router).await });

    let config = ConfigBuilder::new(TOKEN.to_owned(), Intents::GUILDS)
        .proxy_url(url)
        .build();
    let mut shard = Shard::with_config(ShardId::ONE, config);
    loop {
        match tokio::time::timeout(
            Duration::from_secs(10),
            shard.next_event(EventTypeFlags::all()),
        )
        .await?
        {
            Some(Ok(Event::GuildCreate(_))) => break,
            Some(Ok(_)) => {}
            Some(Err(error)) => return Err(error.into()),
            None => return Err("the shard stopped before GUILD_CREATE".into()),
        }
    }

    let received = Arc::new(AtomicU64::new(0));
    let publisher = {
        let received = Arc::clone(&received);
        tokio::spawn(async move {
            for id in 0..count {
                while id - received.load(Ordering::Relaxed) >= WINDOW {
                    tokio::task::yield_now().await;
                }
                if world.sender.send(channel_create(1_000 + id)).is_err() {
                    return;
                }
            }
        })
    };

    let start = Instant::now();
    let mut seen = 0;
    while seen < count {
        let next = shard.next_event(EventTypeFlags::CHANNEL_CREATE);
        match tokio::time::timeout(Duration::from_secs(10), next).await? {
            Some(Ok(Event::ChannelCreate(_))) => {
                seen += 1;
                received.store(seen, Ordering::Relaxed);
            }
            Some(Ok(_)) => {}
            Some(Err(error)) => return Err(error.into()),
            None => return Err("the shard stopped".into()),
        }
    }
    let elapsed = start.elapsed();
    publisher.await?;

    let rate = count as f64 / elapsed.as_secs_f64();
    println!(
        "gateway: {count} CHANNEL_CREATE dispatches to one twilight shard (zstd-stream) in \
         {:.2} s: {rate:.0} dispatches/s",
        elapsed.as_secs_f64()
    );
    println!("gateway stats: {:?}", gateway.stats());
    Ok(())
}
