//! Rust shortcuts to the control API for tests: the same operations as the `/_sim` routes,
//! without writing JSON by hand.

use serde_json::Value;

use crate::control::api::{
    ActCommand, ActComponent, ActEdit, ActMessage, ActModal, ActReaction, ActResult, ControlError,
};
use crate::control::setup::{Install, NewChannel, NewUser, PatchApplication, PutMember};
use crate::control::{act, inspect, setup};
use crate::faults::Fault;
use crate::scenario::{Bits, Snowflake};
use crate::server::SimHandle;
use crate::sim::lock;

impl SimHandle {
    /// Calls `listener` with the distance each time the clock is moved
    /// (`POST /_sim/clock/advance`), after the simulator's own clock moved and before the route
    /// answers: the demo moves its bot's clock with it this way.
    pub fn on_clock_advance(&self, listener: impl Fn(std::time::Duration) + Send + Sync + 'static) {
        crate::sim::lock(&self.sim.clock_listeners).push(std::sync::Arc::new(listener));
    }

    /// Everything the simulator holds, as `GET /_sim/state` returns it.
    #[must_use]
    pub fn state(&self) -> Value {
        inspect::state(&self.sim.world())
    }

    /// The first application's credentials (`id`, `token`, `public_key`, ...), as in `state()`.
    #[must_use]
    pub fn application(&self) -> Value {
        self.state()["applications"][0].clone()
    }

    /// Runs a command as a user (`POST /_sim/act/command`).
    ///
    /// # Errors
    ///
    /// The control API's error (unknown command, bad options ...).
    pub async fn act_command(&self, input: ActCommand) -> Result<ActResult, ControlError> {
        act::command(&self.sim, input).await
    }

    /// Clicks a component (`POST /_sim/act/component`).
    ///
    /// # Errors
    ///
    /// The control API's error.
    pub async fn act_component(&self, input: ActComponent) -> Result<ActResult, ControlError> {
        act::click(&self.sim, input).await
    }

    /// Submits a modal (`POST /_sim/act/modal`).
    ///
    /// # Errors
    ///
    /// The control API's error.
    pub async fn act_modal(&self, input: ActModal) -> Result<ActResult, ControlError> {
        act::submit(&self.sim, input).await
    }

    /// Posts a message as a user (`POST /_sim/act/message`); returns the message.
    ///
    /// # Errors
    ///
    /// The control API's error.
    pub fn act_message(&self, input: ActMessage) -> Result<Value, ControlError> {
        act::message(&self.sim, input)
    }

    /// A user edits their message (`POST /_sim/act/edit`); returns the message.
    ///
    /// # Errors
    ///
    /// The control API's error (not the author, empty text ...).
    pub fn act_edit(&self, input: ActEdit) -> Result<Value, ControlError> {
        act::edit(&self.sim, input)
    }

    /// A user adds or removes a reaction (`POST /_sim/act/reaction`); returns the message.
    ///
    /// # Errors
    ///
    /// The control API's error (unknown emoji, missing permission ...).
    pub fn act_reaction(&self, input: ActReaction) -> Result<Value, ControlError> {
        act::react(&self.sim, input)
    }

    /// Turns privileged intents on or off, as the developer portal's toggles do
    /// (`PATCH /_sim/applications/{application}/intents`).
    ///
    /// # Errors
    ///
    /// 404 for an unknown application.
    pub fn set_privileged_intents(
        &self,
        application: u64,
        intents: setup::PrivilegedIntents,
    ) -> Result<Value, ControlError> {
        setup::set_intents(&self.sim, application, intents)
    }

    /// Creates a user (`POST /_sim/users`).
    ///
    /// # Errors
    ///
    /// 400 for an empty username.
    pub fn create_user(&self, username: &str) -> Result<Value, ControlError> {
        setup::create_user(
            &self.sim,
            NewUser {
                username: username.to_owned(),
                ..NewUser::default()
            },
        )
    }

    /// Adds or changes a member (`PUT /_sim/guilds/{guild}/members/{user}`).
    ///
    /// # Errors
    ///
    /// 404 for an unknown guild, user or role.
    pub fn put_member(
        &self,
        guild: u64,
        user: u64,
        roles: Option<Vec<u64>>,
    ) -> Result<Value, ControlError> {
        let input = PutMember {
            roles: roles.map(|r| r.into_iter().map(Snowflake).collect()),
            nick: None,
        };
        setup::put_member(&self.sim, guild, user, input)
    }

    /// Removes a member (`DELETE /_sim/guilds/{guild}/members/{user}`).
    ///
    /// # Errors
    ///
    /// 404 for an unknown guild or member.
    pub fn remove_member(&self, guild: u64, user: u64) -> Result<(), ControlError> {
        setup::remove_member(&self.sim, guild, user)
    }

    /// Creates a channel as an admin would (`POST /_sim/guilds/{guild}/channels`).
    ///
    /// # Errors
    ///
    /// 404 for an unknown guild or parent; 400 at Discord's limits.
    pub fn create_channel(&self, guild: u64, input: NewChannel) -> Result<Value, ControlError> {
        setup::create_channel(&self.sim, guild, input)
    }

    /// Joins an application's bot to a guild (`PUT /_sim/guilds/{guild}/applications/{app}`).
    ///
    /// # Errors
    ///
    /// 404 for an unknown guild or application.
    pub fn install_bot(
        &self,
        guild: u64,
        application: u64,
        permissions: u64,
    ) -> Result<Value, ControlError> {
        setup::install(
            &self.sim,
            guild,
            application,
            Install {
                permissions: Bits(permissions),
            },
        )
    }

    /// Sets or clears the interactions endpoint (`PATCH /_sim/applications/{app}`), after
    /// Discord's PING checks.
    ///
    /// # Errors
    ///
    /// 400 when the endpoint fails the checks.
    pub async fn set_interactions_endpoint(
        &self,
        application: u64,
        url: Option<&str>,
    ) -> Result<Value, ControlError> {
        let input = PatchApplication {
            interactions_endpoint_url: url.map(str::to_owned),
        };
        setup::set_endpoint(&self.sim, application, input).await
    }

    /// A guild's channels as users see them listed.
    ///
    /// # Errors
    ///
    /// 404 for an unknown guild.
    pub fn guild_channels(&self, guild: u64) -> Result<Vec<Value>, ControlError> {
        inspect::guild_channels(&self.sim.world(), guild).map(into_list)
    }

    /// A channel's messages, oldest first; ephemeral ones only for `viewer`.
    ///
    /// # Errors
    ///
    /// 404 for an unknown channel.
    pub fn messages(&self, channel: u64, viewer: Option<u64>) -> Result<Vec<Value>, ControlError> {
        inspect::messages(&self.sim.world(), channel, viewer).map(into_list)
    }

    /// `{permissions, view_channel, send_messages, ...}` of a user in a channel.
    ///
    /// # Errors
    ///
    /// 404 for an unknown channel or user.
    pub fn permissions(&self, channel: u64, user: u64) -> Result<Value, ControlError> {
        inspect::permissions_of(&self.sim.world(), channel, user)
    }

    /// An interaction with its initial response, `@original` message and followups.
    ///
    /// # Errors
    ///
    /// 404 for an unknown interaction.
    pub fn interaction(&self, id: u64) -> Result<Value, ControlError> {
        inspect::interaction(&self.sim.world(), id)
    }

    /// The REST requests logged after sequence number `after`.
    #[must_use]
    pub fn requests(&self, after: u64) -> Vec<Value> {
        lock(&self.sim.log).after(after)
    }

    /// Arms a fault (`POST /_sim/faults`).
    ///
    /// # Errors
    ///
    /// 400 for a status that is not an error.
    pub fn add_fault(&self, fault: Fault) -> Result<(), ControlError> {
        lock(&self.sim.faults)
            .add(fault)
            .map_err(ControlError::bad_request)
    }

    /// Disarms every fault (`DELETE /_sim/faults`).
    pub fn clear_faults(&self) {
        lock(&self.sim.faults).clear();
    }

    /// Sends op 7 RECONNECT to every gateway connection; returns how many were told.
    #[must_use]
    pub fn reconnect_gateway(&self) -> usize {
        self.sim.gateway.reconnect_all()
    }
}

fn into_list(value: Value) -> Vec<Value> {
    match value {
        Value::Array(items) => items,
        _ => Vec::new(),
    }
}
