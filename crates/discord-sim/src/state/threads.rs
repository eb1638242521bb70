//! What the world does for threads beyond storing them: telling bots about a thread the way
//! Discord syncs threads (THREAD_CREATE to those who can see it, with their own thread member),
//! counting active threads against the guild's limit, and archiving or unarchiving.

use serde_json::{Value, json};
use twilight_model::guild::Permissions as P;

use super::permissions;
use super::render;
use super::world::World;
use crate::dispatch::Audience;
use crate::errors::ApiError;

impl World {
    /// The THREAD_CREATE a bot receives: the thread, `newly_created` when it was just made, and
    /// the bot's own thread member when it is in the thread. `None` when the bot cannot see it.
    fn thread_create_for(&self, thread_id: u64, bot: u64, newly_created: bool) -> Option<Value> {
        let channel = self.channels.get(&thread_id)?;
        let state = channel.thread.as_ref()?;
        if !permissions::has(permissions::in_channel(self, channel, bot), P::VIEW_CHANNEL) {
            return None;
        }
        let mut payload = render::channel(self, channel);
        if newly_created {
            payload["newly_created"] = json!(true);
        }
        if let Some(joined) = state.members.get(&bot) {
            payload["member"] = render::thread_member(thread_id, bot, joined);
        }
        Some(payload)
    }

    /// Publishes THREAD_CREATE for a new thread to every bot of its guild that can see it
    /// (a private thread: its members and those who manage threads).
    pub fn publish_thread_create(&self, thread_id: u64) {
        let Some(guild_id) = self.channels.get(&thread_id).and_then(|c| c.guild_id) else {
            return;
        };
        let Some(guild) = self.guilds.get(&guild_id) else {
            return;
        };
        for app in self.applications.values() {
            if !guild.members.contains_key(&app.bot_user_id) {
                continue;
            }
            if let Some(payload) = self.thread_create_for(thread_id, app.bot_user_id, true) {
                self.publish(
                    Audience::Application {
                        application_id: app.id,
                        guild_id: Some(guild_id),
                    },
                    "THREAD_CREATE",
                    payload,
                );
            }
        }
    }

    /// Tells a bot just added to a thread about it (THREAD_CREATE with its member), as Discord
    /// does for every user added to a thread. Nothing for people.
    pub fn sync_thread_to_bot(&self, thread_id: u64, user: u64, newly_created: bool) {
        let Some(app) = self.application_of_bot(user) else {
            return;
        };
        let Some(guild_id) = self.channels.get(&thread_id).and_then(|c| c.guild_id) else {
            return;
        };
        if let Some(payload) = self.thread_create_for(thread_id, user, newly_created) {
            self.publish(
                Audience::Application {
                    application_id: app.id,
                    guild_id: Some(guild_id),
                },
                "THREAD_CREATE",
                payload,
            );
        }
    }

    /// How many threads of a guild are active (not archived).
    #[must_use]
    pub fn active_threads(&self, guild_id: u64) -> usize {
        self.guild_channels(guild_id)
            .filter(|c| c.thread.as_ref().is_some_and(|t| !t.archived))
            .count()
    }

    /// 160006 when the guild already holds as many active threads as its limit allows.
    ///
    /// # Errors
    ///
    /// 160006.
    pub fn ensure_thread_room(&self, guild_id: u64) -> Result<(), ApiError> {
        if self.active_threads(guild_id) >= self.limits.active_threads {
            Err(ApiError::max_active_threads())
        } else {
            Ok(())
        }
    }

    /// Sets a thread's archived and locked flags (`None` leaves one as it is), stamping
    /// `archive_timestamp` when the archived flag changes, and publishes THREAD_UPDATE.
    /// Callers check who may do it; unarchiving checks the guild's room.
    ///
    /// # Errors
    ///
    /// 10003 for an unknown channel, 50024 for one that is not a thread, 160006 when
    /// unarchiving into a full guild.
    pub fn set_thread_flags(
        &mut self,
        thread_id: u64,
        archived: Option<bool>,
        locked: Option<bool>,
    ) -> Result<Value, ApiError> {
        let now_iso = self.ids.iso_now();
        let channel = self.channel(thread_id)?;
        let (Some(state), Some(guild_id)) = (&channel.thread, channel.guild_id) else {
            return Err(ApiError::invalid_channel_type());
        };
        if state.archived && archived == Some(false) {
            self.ensure_thread_room(guild_id)?;
        }
        let channel = self.channel_mut(thread_id)?;
        if let Some(state) = channel.thread.as_mut() {
            if let Some(archived) = archived
                && archived != state.archived
            {
                state.archived = archived;
                state.archive_timestamp = now_iso.clone();
            }
            if let Some(locked) = locked {
                state.locked = locked;
            }
        }
        let body = render::channel(self, self.channel(thread_id)?);
        self.publish_guild(guild_id, "THREAD_UPDATE", body.clone());
        Ok(body)
    }
}
