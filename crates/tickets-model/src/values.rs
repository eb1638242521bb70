//! Validated values: untrusted input becomes one of these at the edge, so the rest of the code
//! cannot hold an invalid one.

use std::fmt;

pub use crate::time_span::TimeSpan;

/// Why a value was refused, with what a user needs to fix it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ValueError {
    /// The text is longer than allowed.
    #[error("{field} is {actual} characters long; the limit is {max}")]
    TooLong {
        /// The field's stable name.
        field: &'static str,
        /// The limit, in characters.
        max: usize,
        /// The length given.
        actual: usize,
    },
    /// The number is outside its range.
    #[error("{field} must be between {min} and {max}")]
    OutOfRange {
        /// The field's stable name.
        field: &'static str,
        /// Smallest allowed value.
        min: i64,
        /// Largest allowed value.
        max: i64,
    },
    /// The field must not be blank.
    #[error("{field} must not be empty")]
    Empty {
        /// The field's stable name.
        field: &'static str,
    },
    /// The text is not of the expected form.
    #[error("{field} is not valid: {problem}")]
    Invalid {
        /// The field's stable name.
        field: &'static str,
        /// What is wrong, as a stable code with its own catalog message.
        problem: Problem,
    },
    /// A list has more entries than allowed.
    #[error("{field} has more than {max} entries")]
    TooMany {
        /// The field's stable name.
        field: &'static str,
        /// The most entries allowed.
        max: usize,
    },
}

/// Why a text is not of the expected form; each has a message in the catalog.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    /// Not a colour such as `#5865F2`.
    #[error("not a colour")]
    Colour,
    /// Not one of the offered choices.
    #[error("not a known choice")]
    Choice,
    /// Not a web address of an image.
    #[error("not an image URL")]
    ImageUrl,
    /// Not an emoji.
    #[error("not an emoji")]
    Emoji,
    /// Not a mention of a role, a user or @here.
    #[error("not a mention")]
    Mention,
    /// A minimum above its maximum.
    #[error("minimum above maximum")]
    MinAboveMax,
    /// Already used by another record of the server.
    #[error("already in use")]
    Taken,
    /// The same entry twice in a list.
    #[error("repeated")]
    Duplicate,
    /// A name the bot keeps for itself.
    #[error("reserved")]
    Reserved,
    /// @everyone, where a specific member or role is needed.
    #[error("@everyone is not allowed")]
    Everyone,
    /// Not a web address (`http://` or `https://`).
    #[error("not a web address")]
    WebUrl,
    /// Not a date and time.
    #[error("not a date and time")]
    DateTime,
    /// The bot itself, where a person or a role is meant.
    #[error("the bot itself")]
    TheBot,
    /// Not a Discord id (a number from 1 to 2^63 - 1).
    #[error("not a Discord id")]
    Snowflake,
    /// Only invisible characters (zero-width spaces, joiners, fillers): it would show as nothing.
    #[error("only invisible characters")]
    Invisible,
    /// A user who is not a member of the server, where a member is meant.
    #[error("not a member of the server")]
    NotMember,
    /// Another bot, where a person is meant.
    #[error("a bot")]
    ABot,
    /// Not a length of time such as `90m`, `2h` or `1d 6h` within its limits.
    #[error("not a length of time")]
    Duration,
}

impl ValueError {
    /// The same error shown next to another field (one value type used by two fields of a page,
    /// such as the server's and `/open`'s welcome messages).
    #[must_use]
    pub fn for_field(self, name: &'static str) -> Self {
        match self {
            Self::TooLong { max, actual, .. } => Self::TooLong {
                field: name,
                max,
                actual,
            },
            Self::OutOfRange { min, max, .. } => Self::OutOfRange {
                field: name,
                min,
                max,
            },
            Self::Empty { .. } => Self::Empty { field: name },
            Self::Invalid { problem, .. } => Self::Invalid {
                field: name,
                problem,
            },
            Self::TooMany { max, .. } => Self::TooMany { field: name, max },
        }
    }

    /// The field the error belongs to, so a form can show it next to that field.
    #[must_use]
    pub fn field(&self) -> &'static str {
        match self {
            Self::TooLong { field, .. }
            | Self::OutOfRange { field, .. }
            | Self::Empty { field }
            | Self::Invalid { field, .. }
            | Self::TooMany { field, .. } => field,
        }
    }
}

/// A name or a label typed by a person: trimmed of spaces and of invisible characters at both
/// ends; blank gives an empty string (each type decides what blank means), while text made only
/// of invisible characters is refused, since it would show as an empty name.
pub(crate) fn bounded_text(
    field: &'static str,
    max: usize,
    text: &str,
) -> Result<String, ValueError> {
    let trimmed = text.trim();
    let visible = crate::text::trim_invisible(trimmed);
    if visible.is_empty() && !trimmed.is_empty() {
        return Err(ValueError::Invalid {
            field,
            problem: Problem::Invisible,
        });
    }
    let actual = visible.chars().count();
    if actual > max {
        return Err(ValueError::TooLong { field, max, actual });
    }
    Ok(visible.to_owned())
}

/// A longer text (a message, a reason): trimmed of spaces only, so that a zero-width space put
/// on purpose to keep an empty first line stays; blank gives an empty string, and text that
/// shows nothing is refused like an invisible name.
pub(crate) fn bounded_content(
    field: &'static str,
    max: usize,
    text: &str,
) -> Result<String, ValueError> {
    let trimmed = text.trim();
    if !trimmed.is_empty() && !crate::text::has_visible(trimmed) {
        return Err(ValueError::Invalid {
            field,
            problem: Problem::Invisible,
        });
    }
    let actual = trimmed.chars().count();
    if actual > max {
        return Err(ValueError::TooLong { field, max, actual });
    }
    Ok(trimmed.to_owned())
}

/// The subject a member gives when opening a ticket; shown as the welcome embed's title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subject(String);

impl Subject {
    /// Longest subject, in characters (the `/open` option's limit).
    pub const MAX: usize = 100;

    /// Parses a subject; blank text means no subject.
    ///
    /// # Errors
    ///
    /// [`ValueError::TooLong`] above [`Subject::MAX`] characters, [`Problem::Invisible`] for text
    /// that shows nothing.
    pub fn parse(text: &str) -> Result<Option<Self>, ValueError> {
        let text = bounded_text("subject", Self::MAX, text)?;
        Ok((!text.is_empty()).then_some(Self(text)))
    }

    /// The subject's text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The reason given when closing a ticket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CloseReason(String);

impl CloseReason {
    /// Longest reason, in characters (it is shown in an embed field, limited to 1024).
    pub const MAX: usize = 1024;

    /// Parses a reason; blank text means no reason.
    ///
    /// # Errors
    ///
    /// [`ValueError::TooLong`] above [`CloseReason::MAX`] characters, [`Problem::Invisible`] for
    /// text that shows nothing.
    pub fn parse(text: &str) -> Result<Option<Self>, ValueError> {
        let text = bounded_content("reason", Self::MAX, text)?;
        Ok((!text.is_empty()).then_some(Self(text)))
    }

    /// The reason's text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// How many tickets one member may have open at once in a server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TicketLimit(u8);

impl TicketLimit {
    /// The limit of a server that never changed it.
    pub const DEFAULT: Self = Self(5);

    /// Parses a limit between 1 and 50.
    ///
    /// # Errors
    ///
    /// [`ValueError::OutOfRange`] outside 1..=50.
    pub fn new(value: i64) -> Result<Self, ValueError> {
        u8::try_from(value)
            .ok()
            .filter(|v| (1..=50).contains(v))
            .map(Self)
            .ok_or(ValueError::OutOfRange {
                field: "ticket-limit",
                min: 1,
                max: 50,
            })
    }

    /// The limit as a number.
    #[must_use]
    pub fn get(self) -> u32 {
        u32::from(self.0)
    }
}

impl Default for TicketLimit {
    fn default() -> Self {
        Self::DEFAULT
    }
}

impl fmt::Display for TicketLimit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subject_is_trimmed_and_blank_means_none() {
        assert_eq!(Subject::parse("   ").unwrap(), None);
        assert_eq!(
            Subject::parse("  Refund ").unwrap().unwrap().as_str(),
            "Refund"
        );
    }

    #[test]
    fn subject_over_the_limit_names_both_lengths() {
        let long = "é".repeat(101);
        let err = Subject::parse(&long).unwrap_err();
        assert_eq!(
            err,
            ValueError::TooLong {
                field: "subject",
                max: 100,
                actual: 101
            }
        );
        assert!(Subject::parse(&"é".repeat(100)).is_ok());
    }

    #[test]
    fn invisible_subjects_and_reasons_are_refused() {
        let invisible = ValueError::Invalid {
            field: "subject",
            problem: Problem::Invisible,
        };
        assert_eq!(Subject::parse("\u{200B}\u{200D}"), Err(invisible));
        assert_eq!(
            Subject::parse("\u{FEFF}Refund\u{200B}")
                .unwrap()
                .unwrap()
                .as_str(),
            "Refund"
        );
        assert!(CloseReason::parse(" \u{2800} ").is_err());
        assert_eq!(
            CloseReason::parse("\u{200B}\nDone")
                .unwrap()
                .unwrap()
                .as_str(),
            "\u{200B}\nDone"
        );
    }

    #[test]
    fn ticket_limit_range() {
        assert!(TicketLimit::new(0).is_err());
        assert!(TicketLimit::new(51).is_err());
        assert_eq!(TicketLimit::new(1).unwrap().get(), 1);
        assert_eq!(TicketLimit::default().get(), 5);
    }
}
