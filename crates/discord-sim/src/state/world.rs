//! The world all APIs read and change: one value behind one `std::sync::Mutex`, never held
//! across an `.await`.

use std::collections::{BTreeMap, HashMap};

use serde_json::Value;
use tokio::sync::broadcast;

use super::grants::{AuthCode, Grant};
use super::interaction::{Interaction, PendingModal};
use super::model::{Application, Channel, Guild, Member, Message, User};
use super::snowflake::Snowflakes;
use crate::dispatch::{Audience, Dispatch};
use crate::errors::ApiError;

/// Everything the simulator knows.
#[derive(Debug)]
pub struct World {
    pub ids: Snowflakes,
    pub users: BTreeMap<u64, User>,
    pub applications: BTreeMap<u64, Application>,
    pub guilds: BTreeMap<u64, Guild>,
    /// Every channel: guild channels, categories, threads and DMs.
    pub channels: BTreeMap<u64, Channel>,
    /// Messages per channel, by id (ids grow with time, so chronological). Kept apart from the
    /// channels so that reading or copying a channel never touches its history.
    pub messages: HashMap<u64, BTreeMap<u64, Message>>,
    pub interactions: HashMap<u64, Interaction>,
    pub interaction_tokens: HashMap<String, u64>,
    pub modals: Vec<PendingModal>,
    /// DM channel per (lower user id, higher user id).
    pub dm_channels: HashMap<(u64, u64), u64>,
    pub auth_codes: HashMap<String, AuthCode>,
    pub access_tokens: HashMap<String, Grant>,
    pub refresh_tokens: HashMap<String, Grant>,
    /// Limits a test may lower (active threads per guild).
    pub limits: super::limits::WorldLimits,
    events: broadcast::Sender<Dispatch>,
}

impl World {
    /// An empty world publishing on `events`.
    #[must_use]
    pub fn new(ids: Snowflakes, events: broadcast::Sender<Dispatch>) -> Self {
        Self {
            ids,
            users: BTreeMap::new(),
            applications: BTreeMap::new(),
            guilds: BTreeMap::new(),
            channels: BTreeMap::new(),
            messages: HashMap::new(),
            interactions: HashMap::new(),
            interaction_tokens: HashMap::new(),
            modals: Vec::new(),
            dm_channels: HashMap::new(),
            auth_codes: HashMap::new(),
            access_tokens: HashMap::new(),
            refresh_tokens: HashMap::new(),
            limits: super::limits::WorldLimits::default(),
            events,
        }
    }

    /// A new snowflake.
    pub fn next_id(&mut self) -> u64 {
        self.ids.next_id()
    }

    /// Subscribes to every dispatch published from now on.
    #[must_use]
    pub fn subscribe(&self) -> broadcast::Receiver<Dispatch> {
        self.events.subscribe()
    }

    /// Publishes a dispatch to the gateway sessions (none listening is fine).
    pub fn publish(&self, audience: Audience, event: &'static str, data: Value) {
        let _ = self.events.send(Dispatch {
            audience,
            event,
            data,
        });
    }

    /// Publishes a dispatch to every bot in a guild.
    pub fn publish_guild(&self, guild_id: u64, event: &'static str, data: Value) {
        self.publish(Audience::Guild(guild_id), event, data);
    }

    pub fn user(&self, id: u64) -> Result<&User, ApiError> {
        self.users.get(&id).ok_or_else(ApiError::unknown_user)
    }

    pub fn guild(&self, id: u64) -> Result<&Guild, ApiError> {
        self.guilds.get(&id).ok_or_else(ApiError::unknown_guild)
    }

    pub fn guild_mut(&mut self, id: u64) -> Result<&mut Guild, ApiError> {
        self.guilds.get_mut(&id).ok_or_else(ApiError::unknown_guild)
    }

    pub fn channel(&self, id: u64) -> Result<&Channel, ApiError> {
        self.channels.get(&id).ok_or_else(ApiError::unknown_channel)
    }

    pub fn channel_mut(&mut self, id: u64) -> Result<&mut Channel, ApiError> {
        self.channels
            .get_mut(&id)
            .ok_or_else(ApiError::unknown_channel)
    }

    pub fn application(&self, id: u64) -> Result<&Application, ApiError> {
        self.applications
            .get(&id)
            .ok_or_else(ApiError::unknown_application)
    }

    pub fn member(&self, guild_id: u64, user_id: u64) -> Result<&Member, ApiError> {
        self.guild(guild_id)?
            .members
            .get(&user_id)
            .ok_or_else(ApiError::unknown_member)
    }

    /// A message visible through the channel routes (ephemeral messages are not).
    pub fn message(&self, channel_id: u64, message_id: u64) -> Result<&Message, ApiError> {
        self.channel(channel_id)?;
        self.stored_message(channel_id, message_id)
            .filter(|m| m.origin.ephemeral_viewer.is_none())
            .ok_or_else(ApiError::unknown_message)
    }

    /// Any stored message of a channel, ephemeral ones included.
    #[must_use]
    pub fn stored_message(&self, channel_id: u64, message_id: u64) -> Option<&Message> {
        self.messages.get(&channel_id)?.get(&message_id)
    }

    /// The stored messages of a channel, oldest first, ephemeral ones included.
    pub fn messages_of(
        &self,
        channel_id: u64,
    ) -> impl DoubleEndedIterator<Item = &Message> + Clone {
        self.messages
            .get(&channel_id)
            .into_iter()
            .flat_map(BTreeMap::values)
    }

    /// The application a bot token belongs to.
    #[must_use]
    pub fn application_by_token(&self, token: &str) -> Option<&Application> {
        self.applications.values().find(|a| a.token == token)
    }

    /// The application whose bot user this is.
    #[must_use]
    pub fn application_of_bot(&self, bot_user_id: u64) -> Option<&Application> {
        self.applications
            .values()
            .find(|a| a.bot_user_id == bot_user_id)
    }

    /// Channels of a guild (threads included), in id order.
    pub fn guild_channels(&self, guild_id: u64) -> impl Iterator<Item = &Channel> {
        self.channels
            .values()
            .filter(move |c| c.guild_id == Some(guild_id))
    }

    /// The channel whose permissions apply: a thread's parent, or the channel itself.
    pub fn permission_channel<'a>(&'a self, channel: &'a Channel) -> Result<&'a Channel, ApiError> {
        match (&channel.thread, channel.parent_id) {
            (Some(_), Some(parent)) => self.channel(parent),
            _ => Ok(channel),
        }
    }

    /// Drops interactions and modals older than `keep` (their tokens expired long ago), so a
    /// long-running simulator does not grow without bound.
    pub fn forget_interactions_older_than(&mut self, keep: std::time::Duration) {
        let stale: Vec<u64> = self
            .interactions
            .values()
            .filter(|i| i.created.elapsed() > keep)
            .map(|i| i.id)
            .collect();
        for id in stale {
            if let Some(interaction) = self.interactions.remove(&id) {
                self.interaction_tokens.remove(&interaction.token);
            }
        }
    }
}
