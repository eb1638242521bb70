//! The fake world the gateway tests run against, its payloads, and the gateway served on a
//! loopback port.

use discord_sim::dispatch::{Audience, Dispatch};
use discord_sim::gateway::{BotIdentity, Gateway, GatewayOptions, GatewayWorld};
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::broadcast;
use twilight_gateway::{ConfigBuilder, Intents, Shard, ShardId};

pub(crate) const TOKEN: &str = "sim-bot-token";
pub(crate) const APPLICATION: u64 = 1_100_000_000_000_000_001;
pub(crate) const BOT_USER: u64 = 1_100_000_000_000_000_002;
pub(crate) const OWNER: u64 = 1_100_000_000_000_000_003;
/// Owned by shard 0 of 2.
pub(crate) const GUILD_A: u64 = 2_000_000 << 22;
/// Owned by shard 1 of 2.
pub(crate) const GUILD_B: u64 = 2_000_001 << 22;
/// GATEWAY_PRESENCE_LIMITED | GATEWAY_GUILD_MEMBERS_LIMITED | GATEWAY_MESSAGE_CONTENT_LIMITED.
pub(crate) const PRIVILEGED_FLAGS: u64 = 1 << 13 | 1 << 15 | 1 << 19;
/// How long one step of a test may take.
pub(crate) const STEP: Duration = Duration::from_secs(10);
/// How long a whole test may take.
pub(crate) const TEST: Duration = Duration::from_secs(60);

/// A world with one application whose bot is in two guilds.
pub(crate) struct FakeWorld {
    flags: u64,
    resume_url: Mutex<String>,
    sender: broadcast::Sender<Dispatch>,
}

pub(crate) fn user(id: u64, name: &str, bot: bool) -> Value {
    json!({
        "id": id.to_string(), "username": name, "discriminator": "0", "global_name": null,
        "avatar": null, "bot": bot, "public_flags": 0,
    })
}

impl GatewayWorld for FakeWorld {
    fn identify(&self, token: &str) -> Option<BotIdentity> {
        let mut user = user(BOT_USER, "Tickets", true);
        user["mfa_enabled"] = json!(false);
        user["verified"] = json!(true);
        user["flags"] = json!(0);
        (token == TOKEN).then_some(BotIdentity {
            application_id: APPLICATION,
            flags: self.flags,
            user,
        })
    }

    fn bot_guilds(&self, application_id: u64) -> Vec<u64> {
        if application_id == APPLICATION {
            vec![GUILD_A, GUILD_B]
        } else {
            Vec::new()
        }
    }

    fn guild_create(&self, application_id: u64, guild_id: u64) -> Option<Value> {
        self.bot_in_guild(application_id, guild_id)
            .then(|| guild(guild_id))
    }

    fn guild_members(&self, application_id: u64, guild_id: u64) -> Option<Vec<Value>> {
        self.bot_in_guild(application_id, guild_id).then(|| {
            guild(guild_id)["members"]
                .as_array()
                .cloned()
                .unwrap_or_default()
        })
    }

    fn bot_in_guild(&self, application_id: u64, guild_id: u64) -> bool {
        application_id == APPLICATION && [GUILD_A, GUILD_B].contains(&guild_id)
    }

    fn subscribe(&self) -> broadcast::Receiver<Dispatch> {
        self.sender.subscribe()
    }

    fn resume_gateway_url(&self) -> String {
        self.resume_url
            .lock()
            .map(|url| url.clone())
            .unwrap_or_default()
    }
}

pub(crate) fn member(user_value: Value) -> Value {
    json!({
        "user": user_value, "roles": [], "joined_at": "2024-01-01T00:00:00.000000+00:00",
        "deaf": false, "mute": false, "flags": 0, "pending": false, "nick": null,
        "communication_disabled_until": null,
    })
}

pub(crate) fn guild(id: u64) -> Value {
    json!({
        "id": id.to_string(), "name": format!("Guild {id}"), "owner_id": OWNER.to_string(),
        "afk_timeout": 300, "default_message_notifications": 0, "explicit_content_filter": 0,
        "features": [], "mfa_level": 0, "nsfw_level": 0, "preferred_locale": "en-US",
        "premium_progress_bar_enabled": false, "system_channel_flags": 0, "verification_level": 0,
        "joined_at": "2024-01-01T00:00:00.000000+00:00", "large": false, "member_count": 2,
        "roles": [{
            "id": id.to_string(), "name": "@everyone", "color": 0,
            "colors": {"primary_color": 0, "secondary_color": null, "tertiary_color": null},
            "hoist": false, "managed": false, "mentionable": false, "permissions": "104324673",
            "position": 0, "flags": 0,
        }],
        "channels": [], "threads": [], "voice_states": [], "presences": [],
        "members": [member(user(BOT_USER, "Tickets", true)), member(user(OWNER, "owner", false))],
    })
}

pub(crate) fn channel(guild_id: u64, id: u64, name: &str) -> Dispatch {
    Dispatch {
        audience: Audience::Guild(guild_id),
        event: "CHANNEL_CREATE",
        data: json!({
            "id": id.to_string(), "type": 0, "guild_id": guild_id.to_string(), "name": name,
            "position": 0, "permission_overwrites": [], "parent_id": null, "nsfw": false,
        }),
    }
}

pub(crate) fn message(guild_id: u64, id: u64, content: &str, mentions: &[u64]) -> Dispatch {
    Dispatch {
        audience: Audience::Guild(guild_id),
        event: "MESSAGE_CREATE",
        data: json!({
            "id": id.to_string(), "channel_id": "77", "guild_id": guild_id.to_string(),
            "author": user(OWNER, "owner", false), "content": content,
            "timestamp": "2024-01-01T00:00:00.000000+00:00", "edited_timestamp": null,
            "tts": false, "mention_everyone": false, "mention_roles": [],
            "mentions": mentions.iter().map(|id| user(*id, "someone", true)).collect::<Vec<_>>(),
            "attachments": [], "embeds": [{"type": "rich", "title": "an embed"}], "pinned": false,
            "type": 0,
            "flags": 0, "components": [],
        }),
    }
}

/// The gateway served on a loopback port.
pub(crate) struct Sim {
    pub(crate) gateway: Gateway,
    pub(crate) world: Arc<FakeWorld>,
    pub(crate) url: String,
}

impl Sim {
    pub(crate) async fn start(options: GatewayOptions, flags: u64) -> Self {
        Self::with_channel(options, flags, 4096).await
    }

    pub(crate) async fn with_channel(options: GatewayOptions, flags: u64, capacity: usize) -> Self {
        // Another test of this binary may have installed it already.
        _ = rustls::crypto::ring::default_provider().install_default();
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let url = format!("ws://{}/gateway", listener.local_addr().expect("address"));
        let world = Arc::new(FakeWorld {
            flags,
            resume_url: Mutex::new(url.clone()),
            sender: broadcast::channel(capacity).0,
        });
        let gateway = Gateway::new(world.clone(), options);
        let router = gateway.router();
        tokio::spawn(async move { axum::serve(listener, router).await });
        Self {
            gateway,
            world,
            url,
        }
    }

    pub(crate) async fn default() -> Self {
        Self::start(GatewayOptions::default(), PRIVILEGED_FLAGS).await
    }

    pub(crate) fn shard(&self, id: ShardId, intents: Intents) -> Shard {
        self.shard_with_token(id, intents, TOKEN)
    }

    pub(crate) fn shard_with_token(&self, id: ShardId, intents: Intents, token: &str) -> Shard {
        let config = ConfigBuilder::new(token.to_owned(), intents)
            .proxy_url(self.url.clone())
            .build();
        Shard::with_config(id, config)
    }

    pub(crate) fn publish(&self, dispatch: Dispatch) {
        self.world
            .sender
            .send(dispatch)
            .expect("a session is subscribed");
    }
}
