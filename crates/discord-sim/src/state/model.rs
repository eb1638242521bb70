//! The simulated world's entities. Fields hold what Discord stores; the JSON Discord sends is
//! rendered from them in `render.rs`.

use std::collections::BTreeMap;

use ed25519_dalek::SigningKey;
use serde_json::Value;

/// Reads a snowflake from a JSON string or number.
#[must_use]
pub fn snowflake(value: &Value) -> Option<u64> {
    match value {
        Value::String(s) => s.parse().ok(),
        Value::Number(n) => n.as_u64(),
        _ => None,
    }
}

/// Channel types the simulator knows (Discord's numbers).
pub mod kind {
    /// A guild text channel.
    pub const TEXT: u8 = 0;
    /// A direct message.
    pub const DM: u8 = 1;
    /// A guild voice channel.
    pub const VOICE: u8 = 2;
    /// A category.
    pub const CATEGORY: u8 = 4;
    /// An announcement channel.
    pub const ANNOUNCEMENT: u8 = 5;
    /// A thread in an announcement channel.
    pub const ANNOUNCEMENT_THREAD: u8 = 10;
    /// A public thread.
    pub const PUBLIC_THREAD: u8 = 11;
    /// A private thread.
    pub const PRIVATE_THREAD: u8 = 12;
    /// A forum channel.
    pub const FORUM: u8 = 15;

    /// Whether a channel of this type is a thread.
    #[must_use]
    pub fn is_thread(kind: u8) -> bool {
        matches!(kind, ANNOUNCEMENT_THREAD | PUBLIC_THREAD | PRIVATE_THREAD)
    }

    /// Whether messages can be sent in a channel of this type.
    #[must_use]
    pub fn is_textual(kind: u8) -> bool {
        matches!(kind, TEXT | DM | VOICE | ANNOUNCEMENT) || is_thread(kind)
    }
}

/// A Discord user (a person or a bot).
#[derive(Debug, Clone)]
pub struct User {
    pub id: u64,
    pub username: String,
    pub global_name: Option<String>,
    pub bot: bool,
    /// The client locale sent in interactions.
    pub locale: String,
    /// Whether the user accepts direct messages from server members' bots (a privacy setting):
    /// when not, a bot's DM is refused with 50007.
    pub accepts_dms: bool,
}

/// An application with its bot user and credentials.
#[derive(Debug, Clone)]
pub struct Application {
    pub id: u64,
    pub name: String,
    pub bot_user_id: u64,
    pub token: String,
    pub signing_key: SigningKey,
    pub client_secret: String,
    pub interactions_endpoint_url: Option<String>,
    pub flags: u64,
    /// OAuth2 redirect URIs; empty accepts any (a simulator convenience, documented).
    pub redirect_uris: Vec<String>,
    /// Global application commands.
    pub commands: Vec<Command>,
}

impl Application {
    /// The hex public key, as the developer portal shows it.
    #[must_use]
    pub fn public_key_hex(&self) -> String {
        hex::encode(self.signing_key.verifying_key().to_bytes())
    }
}

/// A registered application command.
#[derive(Debug, Clone)]
pub struct Command {
    pub id: u64,
    pub application_id: u64,
    pub guild_id: Option<u64>,
    pub version: u64,
    /// 1 chat input, 2 user, 3 message.
    pub kind: u8,
    pub name: String,
    /// The definition as sent, used for options and rendering.
    pub definition: Value,
}

/// A guild.
#[derive(Debug, Clone)]
pub struct Guild {
    pub id: u64,
    pub name: String,
    pub owner_id: u64,
    pub preferred_locale: String,
    /// Roles by id; the @everyone role has the guild's id.
    pub roles: BTreeMap<u64, Role>,
    pub members: BTreeMap<u64, Member>,
    /// Guild commands per application.
    pub commands: BTreeMap<u64, Vec<Command>>,
}

/// A role.
#[derive(Debug, Clone)]
pub struct Role {
    pub id: u64,
    pub name: String,
    pub permissions: u64,
    pub position: i64,
    pub color: u32,
    pub hoist: bool,
    pub mentionable: bool,
    /// The bot this managed role belongs to (the role Discord creates when a bot joins).
    pub bot_id: Option<u64>,
}

/// A guild member.
#[derive(Debug, Clone)]
pub struct Member {
    pub user_id: u64,
    pub roles: Vec<u64>,
    pub nick: Option<String>,
    pub joined_at: String,
}

/// A permission overwrite on a channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Overwrite {
    pub id: u64,
    /// 0 role, 1 member.
    pub kind: u8,
    pub allow: u64,
    pub deny: u64,
}

/// Thread state of a thread channel.
#[derive(Debug, Clone)]
pub struct ThreadState {
    pub owner_id: u64,
    pub archived: bool,
    pub locked: bool,
    pub invitable: bool,
    pub auto_archive_duration: u32,
    pub archive_timestamp: String,
    pub create_timestamp: String,
    /// Thread members by user id, with their join timestamp.
    pub members: BTreeMap<u64, String>,
    pub message_count: u32,
    pub total_message_sent: u32,
}

/// A channel of any type: guild channel, category, DM or thread.
#[derive(Debug, Clone)]
pub struct Channel {
    pub id: u64,
    pub kind: u8,
    pub guild_id: Option<u64>,
    pub name: String,
    pub topic: Option<String>,
    pub parent_id: Option<u64>,
    pub position: i64,
    pub nsfw: bool,
    pub rate_limit_per_user: u32,
    pub overwrites: Vec<Overwrite>,
    /// DM recipients.
    pub recipients: Vec<u64>,
    pub thread: Option<ThreadState>,
    /// Pinned message ids with the pin timestamp, most recent last.
    pub pins: Vec<(u64, String)>,
    pub last_message_id: Option<u64>,
}

impl Channel {
    /// A channel with defaults for everything but the identity.
    #[must_use]
    pub fn new(id: u64, kind: u8, guild_id: Option<u64>, name: String) -> Self {
        Self {
            id,
            kind,
            guild_id,
            name,
            topic: None,
            parent_id: None,
            position: 0,
            nsfw: false,
            rate_limit_per_user: 0,
            overwrites: Vec::new(),
            recipients: Vec::new(),
            thread: None,
            pins: Vec::new(),
            last_message_id: None,
        }
    }
}

/// Who wrote a message and through what.
#[derive(Debug, Clone, Default)]
pub struct MessageOrigin {
    /// Set for interaction responses and followups (Discord sets it to the application id).
    pub webhook_id: Option<u64>,
    pub application_id: Option<u64>,
    /// `interaction_metadata` of a response message.
    pub interaction_metadata: Option<Value>,
    /// The only user who can see this message (ephemeral interaction responses).
    pub ephemeral_viewer: Option<u64>,
}

/// A message. Embeds and components are stored in Discord's response shape.
#[derive(Debug, Clone)]
pub struct Message {
    pub id: u64,
    pub channel_id: u64,
    pub guild_id: Option<u64>,
    pub author_id: u64,
    /// 0 default, 19 reply, 20 chat input command, 23 context menu command.
    pub kind: u8,
    pub content: String,
    pub embeds: Vec<Value>,
    pub components: Vec<Value>,
    pub flags: u64,
    pub tts: bool,
    pub timestamp: String,
    pub edited_timestamp: Option<String>,
    pub pinned: bool,
    pub mention_user_ids: Vec<u64>,
    pub mention_role_ids: Vec<u64>,
    pub mention_everyone: bool,
    pub origin: MessageOrigin,
    /// Uploaded files, in the order of the request's `attachments`.
    pub attachments: Vec<Attachment>,
    /// Reactions in the order their first user added them.
    pub reactions: Vec<Reaction>,
    /// The message this one replies to (`message_reference` of a type 19 message).
    pub reference: Option<MessageReference>,
}

/// A file uploaded with a message, kept in memory and served from the CDN route.
#[derive(Debug, Clone)]
pub struct Attachment {
    pub id: u64,
    pub filename: String,
    pub description: Option<String>,
    pub content_type: Option<String>,
    pub bytes: axum::body::Bytes,
    /// Pixel size, for images whose header tells it.
    pub dimensions: Option<(u32, u32)>,
    /// Where the CDN route serves it (the simulator's own address).
    pub url: String,
}

/// An emoji as a reaction names it: a unicode emoji, or a custom one with its id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Emoji {
    pub name: String,
    pub id: Option<u64>,
}

/// One emoji's reactions on a message.
#[derive(Debug, Clone)]
pub struct Reaction {
    pub emoji: Emoji,
    /// Who reacted, in the order they did.
    pub users: Vec<u64>,
}

/// What a reply points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MessageReference {
    pub channel_id: u64,
    pub message_id: u64,
    pub guild_id: Option<u64>,
}

/// Message flag: only the invoking user sees the message.
pub const EPHEMERAL: u64 = 1 << 6;
/// Message flag: embeds are hidden.
pub const SUPPRESS_EMBEDS: u64 = 1 << 2;
/// Message flag: the message is a "thinking" placeholder of a deferred response.
pub const LOADING: u64 = 1 << 7;
/// Message flag: the message uses components v2.
pub const IS_COMPONENTS_V2: u64 = 1 << 15;
