//! Typed ids: twilight-model's snowflakes, so that a role id cannot be passed as a guild id.

use twilight_model::id::Id;
use twilight_model::id::marker::{
    ChannelMarker, GuildMarker, MessageMarker, RoleMarker, UserMarker,
};

/// A Discord server.
pub type GuildId = Id<GuildMarker>;
/// A Discord user.
pub type UserId = Id<UserMarker>;
/// A channel, thread or category.
pub type ChannelId = Id<ChannelMarker>;
/// A message.
pub type MessageId = Id<MessageMarker>;
/// A role.
pub type RoleId = Id<RoleMarker>;

/// Converts a snowflake into the `i64` the databases store.
///
/// Snowflakes fit in 63 bits until the year 2084, so the conversion never loses information in
/// practice; a larger value saturates rather than wrapping into a negative number.
#[must_use]
pub fn to_db<T>(id: Id<T>) -> i64 {
    i64::try_from(id.get()).unwrap_or(i64::MAX)
}

/// Converts a stored `i64` back into a typed id, or `None` for a value that cannot be a snowflake.
#[must_use]
pub fn from_db<T>(value: i64) -> Option<Id<T>> {
    u64::try_from(value).ok().and_then(Id::new_checked)
}
