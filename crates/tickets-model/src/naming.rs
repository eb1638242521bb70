//! How ticket channels are named: by number, by the opener's name, or by a custom scheme with
//! placeholders, normalised the way Discord normalises text-channel names.

use crate::placeholder::Template;
use crate::values::ValueError;
use std::borrow::Cow;

/// Longest channel name Discord accepts.
pub const CHANNEL_NAME_MAX: usize = 100;

/// The placeholders a custom naming scheme understands.
pub const NAMING_PLACEHOLDERS: &[&str] = &["id", "id_padded", "username", "nickname", "claimed"];

/// A server's or a panel's naming scheme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NamingScheme {
    /// `ticket-<number>`.
    TicketNumber,
    /// `ticket-<opener's username>`.
    Username,
    /// A scheme written by an admin, e.g. `support-%id_padded%`.
    Custom(NamingTemplate),
}

/// A custom naming scheme: at most 100 characters, not blank.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamingTemplate(String);

impl NamingTemplate {
    /// Parses a custom scheme.
    ///
    /// # Errors
    ///
    /// [`ValueError::Empty`] for blank text, [`ValueError::TooLong`] above 100 characters,
    /// [`crate::values::Problem::Invisible`] for text that shows nothing.
    pub fn parse(text: &str) -> Result<Self, ValueError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(ValueError::Empty {
                field: "naming-scheme",
            });
        }
        let text = crate::text::trim_invisible(text);
        if text.is_empty() {
            return Err(ValueError::Invalid {
                field: "naming-scheme",
                problem: crate::values::Problem::Invisible,
            });
        }
        let actual = text.chars().count();
        if actual > CHANNEL_NAME_MAX {
            return Err(ValueError::TooLong {
                field: "naming-scheme",
                max: CHANNEL_NAME_MAX,
                actual,
            });
        }
        Ok(Self(text.to_owned()))
    }

    /// The scheme as written.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl NamingScheme {
    /// The stored spelling: `number`, `username` or `custom:<scheme>`.
    #[must_use]
    pub fn to_stored(&self) -> String {
        match self {
            Self::TicketNumber => "number".to_owned(),
            Self::Username => "username".to_owned(),
            Self::Custom(template) => format!("custom:{}", template.as_str()),
        }
    }

    /// Reads a stored spelling back; anything unreadable is the default (by number).
    #[must_use]
    pub fn from_stored(stored: &str) -> Self {
        match stored {
            "username" => Self::Username,
            other => other
                .strip_prefix("custom:")
                .and_then(|scheme| NamingTemplate::parse(scheme).ok())
                .map_or(Self::TicketNumber, Self::Custom),
        }
    }
}

/// What a channel name can be made of.
#[derive(Debug, Clone, Copy)]
pub struct NamingContext<'a> {
    /// The ticket's number.
    pub number: i64,
    /// The opener's username.
    pub username: &'a str,
    /// The opener's nickname in the server, if any.
    pub nickname: Option<&'a str>,
    /// Who claimed the ticket, if anyone.
    pub claimed_by: Option<&'a str>,
}

/// The channel name for a ticket, exactly as Discord will show it.
#[must_use]
pub fn channel_name(scheme: &NamingScheme, context: &NamingContext<'_>) -> String {
    let name = normalise_text_channel_name(&rendered_name(scheme, context, "ticket-"));
    if crate::text::has_visible(&name) {
        name
    } else {
        normalise_text_channel_name(&format!("ticket-{}", context.number))
    }
}

/// A thread ticket's name: threads keep spaces and capitals, so the built-in schemes read
/// "Ticket 12" and "Ticket alice"; at most 100 characters, as Discord allows.
#[must_use]
pub fn thread_name(scheme: &NamingScheme, context: &NamingContext<'_>) -> String {
    let rendered = rendered_name(scheme, context, "Ticket ");
    let spaced = rendered.split_whitespace().collect::<Vec<_>>().join(" ");
    let name = crate::text::truncate_at_boundary(&spaced, CHANNEL_NAME_MAX).trim_end();
    if crate::text::has_visible(name) {
        name.to_owned()
    } else {
        format!("Ticket {}", context.number)
    }
}

/// The name a scheme gives before Discord's rules for the kind of channel apply; the built-in
/// schemes start with `prefix`.
fn rendered_name(scheme: &NamingScheme, context: &NamingContext<'_>, prefix: &str) -> String {
    match scheme {
        NamingScheme::TicketNumber => format!("{prefix}{}", context.number),
        NamingScheme::Username => format!("{prefix}{}", context.username),
        NamingScheme::Custom(template) => Template::parse(template.as_str()).render(
            |name| -> Option<Cow<'_, str>> {
                Some(match name {
                    "id" => context.number.to_string().into(),
                    "id_padded" => format!("{:04}", context.number).into(),
                    "username" => context.username.into(),
                    "nickname" => context.nickname.unwrap_or(context.username).into(),
                    "claimed" => context.claimed_by.unwrap_or("unclaimed").into(),
                    _ => return None,
                })
            },
            CHANNEL_NAME_MAX * 2,
        ),
    }
}

/// Discord's normalisation of text-channel names: lower case, runs of whitespace and hyphens
/// become one hyphen, at most 100 characters. What we store must equal what Discord shows.
#[must_use]
pub fn normalise_text_channel_name(name: &str) -> String {
    let trimmed = name.trim();
    let mut out = String::new();
    let mut gap = false;
    for c in trimmed.chars() {
        if c.is_whitespace() || c == '-' {
            gap = true;
            continue;
        }
        if gap && !out.is_empty() {
            out.push('-');
        }
        gap = false;
        out.extend(c.to_lowercase());
    }
    if gap && trimmed.ends_with('-') && !out.is_empty() {
        out.push('-');
    }
    let keep = crate::text::truncate_at_boundary(&out, CHANNEL_NAME_MAX).len();
    out.truncate(keep);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn context() -> NamingContext<'static> {
        NamingContext {
            number: 7,
            username: "Alice Smith",
            nickname: Some("Ali"),
            claimed_by: None,
        }
    }

    #[test]
    fn the_built_in_schemes() {
        assert_eq!(
            channel_name(&NamingScheme::TicketNumber, &context()),
            "ticket-7"
        );
        assert_eq!(
            channel_name(&NamingScheme::Username, &context()),
            "ticket-alice-smith"
        );
    }

    #[test]
    fn thread_names_keep_spaces_and_capitals() {
        assert_eq!(
            thread_name(&NamingScheme::TicketNumber, &context()),
            "Ticket 7"
        );
        assert_eq!(
            thread_name(&NamingScheme::Username, &context()),
            "Ticket Alice Smith"
        );
        let scheme = |s: &str| NamingScheme::Custom(NamingTemplate::parse(s).unwrap());
        assert_eq!(
            thread_name(&scheme("Help  for %nickname% #%id_padded%"), &context()),
            "Help for Ali #0007"
        );
        let name = "Ab ".repeat(60);
        let long_name = NamingContext {
            username: &name,
            ..context()
        };
        let long = thread_name(&NamingScheme::Username, &long_name);
        assert_eq!(long.chars().count(), 99, "cut at 100 and trimmed: {long:?}");
        let invisible = NamingContext {
            username: "\u{200B}",
            ..context()
        };
        assert_eq!(thread_name(&scheme("%username%"), &invisible), "Ticket 7");
    }

    #[test]
    fn custom_schemes_use_their_placeholders() {
        let scheme = |s: &str| NamingScheme::Custom(NamingTemplate::parse(s).unwrap());
        let cases = [
            ("%id%", "7"),
            ("support-%id_padded%", "support-0007"),
            ("%username%", "alice-smith"),
            ("%nickname% %id%", "ali-7"),
            ("%claimed%-%id%", "unclaimed-7"),
            ("%unknown%", "%unknown%"),
        ];
        for (written, expected) in cases {
            assert_eq!(channel_name(&scheme(written), &context()), expected);
        }
    }

    #[test]
    fn a_name_that_normalises_to_nothing_falls_back_to_the_number() {
        let scheme = NamingScheme::Custom(NamingTemplate::parse("---").unwrap());
        assert_eq!(channel_name(&scheme, &context()), "ticket-7");
    }

    #[test]
    fn names_that_show_nothing_are_refused_or_fall_back() {
        assert!(NamingTemplate::parse("\u{200B}\u{FEFF}").is_err());
        let scheme = NamingScheme::Custom(NamingTemplate::parse("%username%").unwrap());
        let invisible = NamingContext {
            username: "\u{200B}\u{200D}",
            ..context()
        };
        assert_eq!(channel_name(&scheme, &invisible), "ticket-7");
    }

    #[test]
    fn long_names_are_cut_between_graphemes() {
        let family = "👨\u{200D}👩\u{200D}👧";
        let name = normalise_text_channel_name(&format!("{}{family}", "a".repeat(97)));
        assert_eq!(name, "a".repeat(97));
    }

    #[test]
    fn schemes_round_trip_through_their_stored_spelling() {
        for scheme in [
            NamingScheme::TicketNumber,
            NamingScheme::Username,
            NamingScheme::Custom(NamingTemplate::parse("t-%id%").unwrap()),
        ] {
            assert_eq!(NamingScheme::from_stored(&scheme.to_stored()), scheme);
        }
        assert_eq!(
            NamingScheme::from_stored("garbage"),
            NamingScheme::TicketNumber
        );
    }

    #[test]
    fn custom_schemes_are_bounded() {
        assert!(NamingTemplate::parse("  ").is_err());
        assert!(NamingTemplate::parse(&"a".repeat(101)).is_err());
        assert!(NamingTemplate::parse(&"a".repeat(100)).is_ok());
    }

    proptest! {
        #[test]
        fn names_are_never_longer_than_discord_allows(
            username in ".{0,80}",
            template in "[a-z%_ -]{1,100}",
            number in 1i64..i64::MAX,
        ) {
            let Ok(template) = NamingTemplate::parse(&template) else { return Ok(()) };
            let context = NamingContext { number, username: &username, nickname: None, claimed_by: None };
            let name = channel_name(&NamingScheme::Custom(template), &context);
            prop_assert!(!name.is_empty());
            prop_assert!(name.chars().count() <= CHANNEL_NAME_MAX);
            prop_assert!(!name.contains(' '));
        }
    }
}
