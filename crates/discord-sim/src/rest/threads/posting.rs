//! Discord's rules for a new message in a thread, for bots and simulated users alike: a locked
//! thread takes posts only from those who manage threads, and a post unarchives an archived
//! thread (Discord: "sending a message will automatically unarchive the thread, unless the
//! thread has been locked by a moderator").

use twilight_model::guild::Permissions as P;

use crate::errors::ApiError;
use crate::state::World;
use crate::state::permissions;

/// Checks that a sender with `perms` in the thread may post there and unarchives it if needed.
/// Nothing happens for a channel that is not a thread.
///
/// # Errors
///
/// 50083 for a locked archived thread, 160005 for a locked active one (both unless the sender
/// manages threads), 160006 when unarchiving would exceed the guild's active threads.
pub fn before_post(world: &mut World, channel_id: u64, perms: u64) -> Result<(), ApiError> {
    let Some(state) = world.channel(channel_id)?.thread.clone() else {
        return Ok(());
    };
    if state.locked && !permissions::has(perms, P::MANAGE_THREADS) {
        return Err(if state.archived {
            ApiError::thread_archived()
        } else {
            ApiError::thread_locked()
        });
    }
    if state.archived {
        world.set_thread_flags(channel_id, Some(false), None)?;
    }
    Ok(())
}
