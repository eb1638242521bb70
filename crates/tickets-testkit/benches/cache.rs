//! Memory of the cache of Discord facts: the bytes the heap holds for 10,000 servers (and for
//! 100,000 members), counted by an instrumented global allocator in this binary only.
//!
//! Run: `cargo bench -p tickets-testkit --bench cache` (`TICKETS_BENCH_GUILDS` changes the
//! number of servers). It measures; it asserts nothing.
//!
//! The servers are copies of the GUILD_CREATE the simulator's gateway sends the bot for the demo
//! server, each with its own ids and names, plus a larger variant (50 channels, 25 roles) for a
//! busier community. Everything is built before counting starts and nothing else runs while the
//! cache is filled, so the difference in live heap bytes is the cache's alone.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "benchmark")]

use serde_json::{Value, json};
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};
use std::alloc::System;
use tickets_core::cache::{CacheLimits, FactCache, Observed};
use tickets_model::{GuildId, RoleId, UserId};
use tickets_testkit::{SimClient, simulator};
use twilight_gateway::{ConfigBuilder, Event, EventTypeFlags, Intents, Shard, ShardId, StreamExt};
use twilight_model::gateway::payload::incoming::GuildCreate;
use twilight_model::guild::Guild;

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

fn setting(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The demo server's GUILD_CREATE, as the bot's shard receives it from the simulator.
async fn demo_guild_create() -> Value {
    tickets::app::install_crypto();
    let sim = simulator::start_demo().await;
    let state = SimClient::new(&simulator::base_url(&sim)).state().await;
    let token = state["applications"][0]["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let config = ConfigBuilder::new(token, Intents::GUILDS)
        .proxy_url(sim.gateway_url().trim_end_matches('/').to_owned())
        .build();
    let mut shard = Shard::with_config(ShardId::ONE, config);
    let guild = loop {
        let event = shard
            .next_event(EventTypeFlags::GUILD_CREATE)
            .await
            .unwrap()
            .unwrap();
        if let Event::GuildCreate(created) = event
            && let GuildCreate::Available(guild) = *created
        {
            break guild;
        }
    };
    simulator::stop(sim).await;
    serde_json::to_value(&guild).unwrap()
}

/// A copy of `template` as server number `n`, every id and name its own.
fn copy(template: &Value, n: u64, extra_channels: u64, extra_roles: u64) -> Guild {
    let base = 1_000_000_000_000 + n * 1_000;
    let mut guild = template.clone();
    guild["id"] = json!(base.to_string());
    guild["name"] = json!(format!("Community server {n}"));
    let mut channels: Vec<Value> = guild["channels"].as_array().cloned().unwrap_or_default();
    for k in 0..extra_channels {
        let mut channel = channels[k as usize % channels.len()].clone();
        channel["name"] = json!(format!(
            "{}-{k}",
            channel["name"].as_str().unwrap_or("channel")
        ));
        channels.push(channel);
    }
    for (k, channel) in channels.iter_mut().enumerate() {
        channel["id"] = json!((base + 1 + k as u64).to_string());
        channel["guild_id"] = json!(base.to_string());
        channel["parent_id"] = Value::Null;
    }
    guild["channels"] = json!(channels);
    let mut roles: Vec<Value> = guild["roles"].as_array().cloned().unwrap_or_default();
    for k in 0..extra_roles {
        let mut role = roles[k as usize % roles.len()].clone();
        role["name"] = json!(format!("Helpers team {k}"));
        role["managed"] = json!(false);
        roles.push(role);
    }
    for (k, role) in roles.iter_mut().enumerate() {
        let id = if k == 0 { base } else { base + 500 + k as u64 };
        role["id"] = json!(id.to_string());
    }
    guild["roles"] = json!(roles);
    serde_json::from_value(guild).unwrap()
}

/// Live heap bytes added while `fill` runs.
fn heap_growth(fill: impl FnOnce()) -> i64 {
    let region = Region::new(GLOBAL);
    fill();
    let change = region.change();
    // A reallocation is already counted in the allocated or deallocated bytes by its difference.
    change.bytes_allocated as i64 - change.bytes_deallocated as i64
}

fn guilds_run(label: &str, template: &Value, count: usize, channels: u64, roles: u64) {
    let guilds: Vec<Guild> = (0..count as u64)
        .map(|n| copy(template, n, channels, roles))
        .collect();
    let payload = serde_json::to_string(&guilds[0]).unwrap().len();
    let (kept_channels, kept_roles) = (guilds[0].channels.len(), guilds[0].roles.len());
    let cache = FactCache::new(CacheLimits {
        guilds: count,
        ..CacheLimits::default()
    });
    let bytes = heap_growth(|| {
        for guild in &guilds {
            cache.observe(0, Observed::GuildAvailable(guild));
        }
    });
    assert_eq!(cache.len().0, count, "every server is held");
    println!(
        "{label}: {count} servers of {kept_channels} channels and {kept_roles} roles \
         (GUILD_CREATE of {payload} bytes): {bytes} bytes, {:.0} bytes per server",
        bytes as f64 / count as f64
    );
}

fn members_run(count: usize) {
    let cache = FactCache::new(CacheLimits {
        members: count,
        ..CacheLimits::default()
    });
    let roles = [
        RoleId::new(1_000_000_000_001),
        RoleId::new(1_000_000_000_002),
    ];
    let bytes = heap_growth(|| {
        for n in 0..count as u64 {
            let guild = GuildId::new(1_000_000_000_000 + n % 1_000);
            cache.remember_member(0, guild, UserId::new(2_000_000_000_000 + n), Some(&roles));
        }
    });
    println!(
        "members: {count} members of two roles: {bytes} bytes, {:.0} bytes per member",
        bytes as f64 / count as f64
    );
}

fn main() {
    let template = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
        .block_on(demo_guild_create());
    // The runtime and the simulator are gone: nothing else allocates while counting.
    let count = setting("TICKETS_BENCH_GUILDS", 10_000);
    guilds_run("demo-sized", &template, count, 0, 0);
    guilds_run("larger", &template, count, 46, 23);
    members_run(100_000);
}
