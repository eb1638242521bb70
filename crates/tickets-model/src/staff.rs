//! Staff: who the bot's admins and support are, the teams tickets are handled by, and what
//! claiming a ticket does to the other staff.

use crate::values::{Problem, ValueError, bounded_text};
use crate::{GuildId, RoleId, UserId};
use std::fmt;
use std::str::FromStr;

/// A member or a role: what staff entries, team members and ticket members are made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MemberOrRole {
    /// One member.
    User(UserId),
    /// Everyone holding a role.
    Role(RoleId),
}

impl MemberOrRole {
    /// Refuses @everyone (the role whose id is the server's): it would mean every member.
    ///
    /// # Errors
    ///
    /// [`Problem::Everyone`] on `field`.
    pub fn specific(self, guild: GuildId, field: &'static str) -> Result<Self, ValueError> {
        match self {
            Self::Role(role) if role.get() == guild.get() => Err(ValueError::Invalid {
                field,
                problem: Problem::Everyone,
            }),
            other => Ok(other),
        }
    }

    /// How Discord shows it in a message: `<@id>` or `<@&id>`.
    #[must_use]
    pub fn mention(self) -> String {
        match self {
            Self::User(user) => format!("<@{user}>"),
            Self::Role(role) => format!("<@&{role}>"),
        }
    }

    /// Whether a member with these roles is this entry.
    #[must_use]
    pub fn covers(self, user: UserId, roles: &[RoleId]) -> bool {
        match self {
            Self::User(id) => id == user,
            Self::Role(role) => roles.contains(&role),
        }
    }
}

/// A staff team's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamName(String);

impl TeamName {
    /// Longest name.
    pub const MAX: usize = 32;
    /// The name of the team every server has, made of its admins and support.
    pub const DEFAULT: &'static str = "Default";

    /// Validates a name: not blank, at most [`Self::MAX`] characters, not "Default".
    ///
    /// # Errors
    ///
    /// [`ValueError`] on `team-name`.
    pub fn parse(text: &str) -> Result<Self, ValueError> {
        const FIELD: &str = "team-name";
        let name = bounded_text(FIELD, Self::MAX, text)?;
        if name.is_empty() {
            return Err(ValueError::Empty { field: FIELD });
        }
        if name.eq_ignore_ascii_case(Self::DEFAULT) {
            return Err(ValueError::Invalid {
                field: FIELD,
                problem: Problem::Reserved,
            });
        }
        Ok(Self(name))
    }

    /// The name.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What claiming a ticket does to the other staff who can see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ClaimMode {
    /// Everyone keeps seeing and typing: the claim only says who handles it.
    ViewAndType,
    /// Everyone keeps seeing, only the claimer types (the reference's default).
    #[default]
    ViewOnly,
    /// Only the claimer (and the bot's admins) see the ticket.
    Hidden,
}

impl ClaimMode {
    /// Every mode, in the order a settings page lists them.
    pub const ALL: [Self; 3] = [Self::ViewOnly, Self::ViewAndType, Self::Hidden];

    /// The stored spelling.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::ViewAndType => "view_and_type",
            Self::ViewOnly => "view_only",
            Self::Hidden => "hidden",
        }
    }
}

impl fmt::Display for ClaimMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ClaimMode {
    type Err = ValueError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|mode| mode.as_str() == s)
            .ok_or(ValueError::Invalid {
                field: "claim-mode",
                problem: Problem::Choice,
            })
    }
}

/// A ticket channel's new name, as `/rename` takes it: normalised as Discord names text
/// channels, at most 100 characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChannelName(String);

impl ChannelName {
    /// Discord's limit.
    pub const MAX: usize = 100;

    /// Normalises and checks a name.
    ///
    /// # Errors
    ///
    /// [`ValueError`] on `channel-name`: too long, only invisible characters, or nothing left
    /// after normalising.
    pub fn parse(text: &str) -> Result<Self, ValueError> {
        let visible = Self::checked(text)?;
        let name = crate::naming::normalise_text_channel_name(visible);
        if name.is_empty() {
            return Err(ValueError::Empty { field: Self::FIELD });
        }
        Ok(Self(name))
    }

    /// Checks a thread ticket's name: threads keep spaces and capitals, so only runs of
    /// whitespace become one space.
    ///
    /// # Errors
    ///
    /// As [`ChannelName::parse`].
    pub fn parse_thread(text: &str) -> Result<Self, ValueError> {
        let visible = Self::checked(text)?;
        let name = visible.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.is_empty() {
            return Err(ValueError::Empty { field: Self::FIELD });
        }
        Ok(Self(name))
    }

    const FIELD: &'static str = "channel-name";

    /// The visible part of a name, refused when it shows nothing or is too long.
    fn checked(text: &str) -> Result<&str, ValueError> {
        const FIELD: &str = ChannelName::FIELD;
        let text = text.trim();
        let visible = crate::text::trim_invisible(text);
        if visible.is_empty() && !text.is_empty() {
            return Err(ValueError::Invalid {
                field: FIELD,
                problem: Problem::Invisible,
            });
        }
        let actual = visible.chars().count();
        if actual > Self::MAX {
            return Err(ValueError::TooLong {
                field: FIELD,
                max: Self::MAX,
                actual,
            });
        }
        Ok(visible)
    }

    /// The normalised name.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression: `/rename` took a name of zero-width spaces, and a team could be named so.
    #[test]
    fn names_that_show_nothing_are_refused() {
        let invisible = |field| ValueError::Invalid {
            field,
            problem: Problem::Invisible,
        };
        for text in ["\u{200B}\u{200C}\u{FEFF}", " \u{2060} ", "\u{3164}"] {
            assert_eq!(ChannelName::parse(text), Err(invisible("channel-name")));
            assert_eq!(TeamName::parse(text), Err(invisible("team-name")));
        }
        assert_eq!(
            ChannelName::parse("\u{200B}Billing").unwrap().as_str(),
            "billing"
        );
        assert_eq!(
            TeamName::parse("\u{FEFF}Billing ").unwrap().as_str(),
            "Billing"
        );
    }

    #[test]
    fn everyone_is_refused_other_roles_and_members_are_not() {
        let guild = GuildId::new(10);
        let everyone = MemberOrRole::Role(RoleId::new(10));
        assert!(everyone.specific(guild, "target").is_err());
        assert!(
            MemberOrRole::Role(RoleId::new(11))
                .specific(guild, "target")
                .is_ok()
        );
        assert!(
            MemberOrRole::User(UserId::new(10))
                .specific(guild, "target")
                .is_ok()
        );
    }

    #[test]
    fn team_names_are_bounded_and_default_is_reserved() {
        assert_eq!(TeamName::parse("  Billing ").unwrap().as_str(), "Billing");
        assert!(matches!(
            TeamName::parse("default"),
            Err(ValueError::Invalid {
                problem: Problem::Reserved,
                ..
            })
        ));
        assert!(matches!(
            TeamName::parse(" "),
            Err(ValueError::Empty { .. })
        ));
        assert!(matches!(
            TeamName::parse(&"x".repeat(33)),
            Err(ValueError::TooLong { max: 32, .. })
        ));
    }

    #[test]
    fn claim_modes_round_trip() {
        for mode in ClaimMode::ALL {
            assert_eq!(mode.as_str().parse::<ClaimMode>().unwrap(), mode);
        }
        assert!("nobody".parse::<ClaimMode>().is_err());
    }

    #[test]
    fn channel_names_are_normalised_and_bounded() {
        assert_eq!(
            ChannelName::parse("Billing Issue").unwrap().as_str(),
            "billing-issue"
        );
        assert!(ChannelName::parse(&"a".repeat(101)).is_err());
        assert!(ChannelName::parse("   ").is_err());
        assert_eq!(
            ChannelName::parse_thread("  Billing   Issue #2 ")
                .unwrap()
                .as_str(),
            "Billing Issue #2",
            "a thread keeps spaces and capitals"
        );
        assert!(ChannelName::parse_thread(&"a".repeat(101)).is_err());
        assert!(ChannelName::parse_thread("\u{200B}").is_err());
    }

    #[test]
    fn a_member_is_covered_by_their_id_or_a_role() {
        let (user, role) = (UserId::new(5), RoleId::new(7));
        assert!(MemberOrRole::User(user).covers(user, &[]));
        assert!(MemberOrRole::Role(role).covers(UserId::new(6), &[role]));
        assert!(!MemberOrRole::Role(role).covers(user, &[]));
    }
}
