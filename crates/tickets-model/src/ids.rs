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

/// Parses a snowflake typed by a person (a form field, an API value): blank is `None`; anything
/// but a number from 1 to 2^63 - 1 (what Discord issues and the databases store) is refused, never
/// clamped to another id.
///
/// # Errors
///
/// [`crate::values::ValueError::Invalid`] naming `field`.
pub fn parse_snowflake<T>(
    field: &'static str,
    text: &str,
) -> Result<Option<Id<T>>, crate::values::ValueError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    text.parse::<i64>()
        .ok()
        .and_then(|n| u64::try_from(n).ok())
        .and_then(Id::new_checked)
        .map(Some)
        .ok_or(crate::values::ValueError::Invalid {
            field,
            problem: crate::values::Problem::Snowflake,
        })
}

/// A record id that is not a positive integer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a valid id")]
pub struct InvalidRecordId(pub String);

/// Declares an id of one of our own records: a database key that cannot be confused with another
/// kind of id, and that the dashboard shows in its URLs.
macro_rules! record_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(i64);

        impl $name {
            /// Wraps a stored key; keys start at 1.
            #[must_use]
            pub const fn new(value: i64) -> Option<Self> {
                if value > 0 { Some(Self(value)) } else { None }
            }

            /// The stored key.
            #[must_use]
            pub const fn get(self) -> i64 {
                self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = InvalidRecordId;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                s.parse::<i64>()
                    .ok()
                    .and_then(Self::new)
                    .ok_or_else(|| InvalidRecordId(s.chars().take(20).collect()))
            }
        }
    };
}

record_id!(
    /// A panel (a ticket type): its message, its button and how its tickets open.
    PanelId
);
record_id!(
    /// A multi-panel: one message offering several panels.
    MultiPanelId
);
record_id!(
    /// A form: the questions asked in a modal before a ticket opens.
    FormId
);
record_id!(
    /// One question of a form.
    FormInputId
);
record_id!(
    /// A staff team (the Default team has no record: it is the bot's admins and support).
    TeamId
);
record_id!(
    /// A close request: staff asking a ticket's opener whether it may be closed.
    CloseRequestId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_ids_are_positive_numbers() {
        assert_eq!("42".parse::<PanelId>().map(PanelId::get), Ok(42));
        for bad in ["0", "-3", "", "x", "1.5", "99999999999999999999"] {
            assert!(bad.parse::<FormId>().is_err(), "{bad}");
        }
    }
}

#[cfg(test)]
mod snowflake_tests {
    use super::{ChannelId, parse_snowflake};

    #[test]
    fn blank_is_none_and_a_number_in_range_is_kept() {
        assert_eq!(
            parse_snowflake::<_>("f", " ").map(|c: Option<ChannelId>| c),
            Ok(None)
        );
        let id: Option<ChannelId> = parse_snowflake("f", "9223372036854775807").ok().flatten();
        assert_eq!(id.map(|i| i.get()), Some(9_223_372_036_854_775_807));
    }

    #[test]
    fn ids_beyond_the_stored_range_or_not_numbers_are_refused() {
        for text in [
            "9223372036854775808",
            "18446744073709551615",
            "0",
            "-5",
            "12a",
            "1e5",
        ] {
            assert!(
                parse_snowflake::<twilight_model::id::marker::ChannelMarker>("f", text).is_err(),
                "{text}"
            );
        }
    }
}
