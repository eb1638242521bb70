//! The world as the gateway sees it ([`GatewayWorld`]).

use std::sync::{Mutex, MutexGuard, PoisonError};

use serde_json::Value;
use tokio::sync::broadcast;

use super::render;
use super::world::World;
use crate::dispatch::Dispatch;
use crate::gateway::{BotIdentity, GatewayWorld};

/// The world behind its lock, plus what the gateway needs to know about the server.
#[derive(Debug)]
pub struct SharedWorld {
    world: Mutex<World>,
    gateway_url: String,
}

impl SharedWorld {
    /// Wraps a world; `gateway_url` is the `ws://` URL sessions resume on.
    #[must_use]
    pub fn new(world: World, gateway_url: String) -> Self {
        Self {
            world: Mutex::new(world),
            gateway_url,
        }
    }

    /// Locks the world. A panic while it was held leaves the data usable (every change is
    /// applied field by field), so a poisoned lock is taken over rather than propagated.
    pub fn lock(&self) -> MutexGuard<'_, World> {
        self.world.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl GatewayWorld for SharedWorld {
    fn identify(&self, token: &str) -> Option<BotIdentity> {
        let world = self.lock();
        let app = world.application_by_token(token)?;
        let user = world.users.get(&app.bot_user_id)?;
        Some(BotIdentity {
            application_id: app.id,
            flags: app.flags,
            user: render::user_private(user),
        })
    }

    fn bot_guilds(&self, application_id: u64) -> Vec<u64> {
        let world = self.lock();
        let Some(bot) = world
            .applications
            .get(&application_id)
            .map(|a| a.bot_user_id)
        else {
            return Vec::new();
        };
        world
            .guilds
            .values()
            .filter(|g| g.members.contains_key(&bot))
            .map(|g| g.id)
            .collect()
    }

    fn guild_create(&self, application_id: u64, guild_id: u64) -> Option<Value> {
        let world = self.lock();
        let bot = world.applications.get(&application_id)?.bot_user_id;
        let guild = world.guilds.get(&guild_id)?;
        guild
            .members
            .contains_key(&bot)
            .then(|| render::guild_create(&world, guild, application_id))
    }

    fn guild_members(&self, application_id: u64, guild_id: u64) -> Option<Vec<Value>> {
        let world = self.lock();
        let bot = world.applications.get(&application_id)?.bot_user_id;
        let guild = world.guilds.get(&guild_id)?;
        guild.members.contains_key(&bot).then(|| {
            guild
                .members
                .values()
                .map(|member| render::member(&world, member))
                .collect()
        })
    }

    fn bot_in_guild(&self, application_id: u64, guild_id: u64) -> bool {
        let world = self.lock();
        world
            .applications
            .get(&application_id)
            .zip(world.guilds.get(&guild_id))
            .is_some_and(|(app, guild)| guild.members.contains_key(&app.bot_user_id))
    }

    fn subscribe(&self) -> broadcast::Receiver<Dispatch> {
        self.lock().subscribe()
    }

    fn resume_gateway_url(&self) -> String {
        self.gateway_url.clone()
    }
}
