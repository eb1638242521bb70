//! Control routes for what thread mode needs from the outside: a user archiving or locking a
//! thread (`POST /_sim/act/thread`), a role deleted by the server's staff
//! (`DELETE /_sim/guilds/{guild}/roles/{role}`), and lowering the world's limits
//! (`PATCH /_sim/limits`) so a test reaches them cheaply.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use twilight_model::guild::Permissions as P;

use super::api::{ControlError, Snowflake};
use crate::sim::Sim;
use crate::state::permissions;

/// `POST /_sim/act/thread`: a user archives, unarchives, locks or unlocks a thread.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ActThread {
    pub channel_id: Snowflake,
    pub user_id: Snowflake,
    pub archived: Option<bool>,
    pub locked: Option<bool>,
}

/// Applies a user's archive or lock change with Discord's rules: locking, and anything on a
/// locked thread, needs Manage Threads; archiving needs Manage Threads or the thread's
/// creator; unarchiving an unlocked thread needs only being in it. Answers the thread.
///
/// # Errors
///
/// 404 for an unknown thread or user, 400 for a channel that is not a thread or a full guild
/// (160006), 403 when the user may not make the change.
pub fn act(sim: &Sim, input: ActThread) -> Result<Value, ControlError> {
    let (thread_id, user_id) = (input.channel_id.0, input.user_id.0);
    let mut world = sim.world();
    world.user(user_id)?;
    let channel = world.channel(thread_id)?;
    let Some(state) = &channel.thread else {
        return Err(ControlError::bad_request("the channel is not a thread"));
    };
    let perms = permissions::in_channel(&world, channel, user_id);
    if !permissions::has(perms, P::VIEW_CHANNEL) {
        return Err(ControlError::forbidden("the user cannot see this thread"));
    }
    let manage = permissions::has(perms, P::MANAGE_THREADS);
    let moderators_only = state.locked || input.locked.is_some();
    let creator_or_member = match input.archived {
        Some(true) => state.owner_id == user_id,
        Some(false) => state.members.contains_key(&user_id),
        None => true,
    };
    if !manage && (moderators_only || !creator_or_member) {
        return Err(ControlError::forbidden(
            "the user may not archive or lock this thread",
        ));
    }
    Ok(world.set_thread_flags(thread_id, input.archived, input.locked)?)
}

/// `DELETE /_sim/guilds/{guild}/roles/{role}`: GUILD_ROLE_DELETE; members lose the role.
///
/// # Errors
///
/// 404 for an unknown guild or role (or @everyone).
pub fn delete_role(sim: &Sim, guild_id: u64, role_id: u64) -> Result<(), ControlError> {
    Ok(sim.world().delete_role(guild_id, role_id)?)
}

/// `PATCH /_sim/limits`: the world's limits a test may lower.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct PatchLimits {
    /// Active threads per guild (Discord: 1000).
    pub active_threads: Option<usize>,
}

/// Changes the limits given and answers them all.
#[must_use]
pub fn set_limits(sim: &Sim, input: &PatchLimits) -> Value {
    let mut world = sim.world();
    if let Some(active_threads) = input.active_threads {
        world.limits.active_threads = active_threads;
    }
    json!({"active_threads": world.limits.active_threads})
}
