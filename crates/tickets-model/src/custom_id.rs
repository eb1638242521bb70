//! The typed `custom_id`s of our buttons, select menus and modals.
//!
//! Discord hands a component's `custom_id` back to us untouched when a user clicks it, so it is
//! the only state a button carries. Every id we emit is one variant of [`CustomId`], encoded
//! compactly (Discord allows 100 characters) and parsed back at the edge; anything else is refused.

use crate::permissions::PermissionLevel;
use crate::staff::MemberOrRole;
use crate::{CloseRequestId, GuildId, MultiPanelId, PanelId};
use std::fmt;
use std::str::FromStr;

/// Longest `custom_id` Discord accepts.
pub const MAX_LEN: usize = 100;

/// Every component or modal id the bot emits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CustomId {
    /// The confirmation button of `/addadmin` and `/addsupport`: grants the level on click.
    StaffConfirm {
        /// Admin or support.
        level: PermissionLevel,
        /// Who gets it.
        who: MemberOrRole,
    },
    /// A page of `/viewstaff`, from 0.
    StaffPage(u16),
    /// The select menu of `/language`.
    LanguageSelect,
    /// Accept on a close request: the opener agrees to close.
    CloseRequestAccept(CloseRequestId),
    /// Deny on a close request: the ticket stays open.
    CloseRequestDeny(CloseRequestId),
    /// The Close button on a ticket's welcome message.
    Close,
    /// The confirmation button shown when close confirmation is on.
    CloseConfirm,
    /// The button of a panel's message: opens a ticket of that panel.
    OpenPanel(PanelId),
    /// The Close With Reason button: shows a modal asking for the reason.
    CloseWithReason,
    /// The modal of Close With Reason; its text input is [`REASON_INPUT`].
    CloseReasonModal,
    /// The Claim button on a ticket's welcome message.
    Claim,
    /// The modal of a panel's form; submitting it opens the ticket.
    PanelForm(PanelId),
    /// A multi-panel's select menu; its option values are panel ids.
    MultiPanelSelect(MultiPanelId),
    /// Join Ticket on a thread ticket's notification: adds the staff member to the thread of the
    /// ticket with this number.
    JoinTicket(i64),
    /// A rating button of a closed ticket. It is pressed in a DM, where Discord names no server,
    /// so it carries the server and the ticket's number.
    Rate {
        /// The ticket's server.
        guild: GuildId,
        /// The ticket's number.
        number: i64,
        /// 1 to 5.
        stars: Stars,
    },
    /// The exit survey's modal of a rated ticket (shown in a DM, like the rating buttons).
    ExitSurvey {
        /// The ticket's server.
        guild: GuildId,
        /// The ticket's number.
        number: i64,
    },
    /// Keep it open on an automatic closing's warning: the ticket's timers start again.
    KeepOpen,
}

/// A rating: 1 to 5 stars.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Stars(u8);

impl Stars {
    /// Every rating a button offers, from the lowest.
    pub const ALL: [Self; 5] = [Self(1), Self(2), Self(3), Self(4), Self(5)];

    /// Stars from a number, when it is 1 to 5.
    #[must_use]
    pub fn new(stars: u8) -> Option<Self> {
        (1..=5).contains(&stars).then_some(Self(stars))
    }

    /// The number of stars.
    #[must_use]
    pub fn get(self) -> u8 {
        self.0
    }
}

impl fmt::Display for Stars {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// The `custom_id` of the reason's text input in the Close With Reason modal.
pub const REASON_INPUT: &str = "reason";

impl CustomId {
    /// The compact wire form.
    #[must_use]
    pub fn encode(self) -> String {
        self.to_string()
    }
}

impl fmt::Display for CustomId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Stable spellings: changing one breaks the buttons of every message already posted.
        match self {
            Self::Close => f.write_str("t:close"),
            Self::CloseConfirm => f.write_str("t:close:ok"),
            Self::OpenPanel(panel) => write!(f, "t:p:{panel}"),
            Self::CloseWithReason => f.write_str("t:close:r"),
            Self::CloseReasonModal => f.write_str("t:close:rm"),
            Self::Claim => f.write_str("t:claim"),
            Self::PanelForm(panel) => write!(f, "t:f:{panel}"),
            Self::MultiPanelSelect(multi) => write!(f, "t:mp:{multi}"),
            Self::StaffConfirm { level, who } => {
                let level = if *level == PermissionLevel::Admin {
                    "a"
                } else {
                    "s"
                };
                match who {
                    MemberOrRole::User(user) => write!(f, "t:st:{level}:u:{user}"),
                    MemberOrRole::Role(role) => write!(f, "t:st:{level}:r:{role}"),
                }
            }
            Self::StaffPage(page) => write!(f, "t:vs:{page}"),
            Self::LanguageSelect => f.write_str("t:lang"),
            Self::CloseRequestAccept(request) => write!(f, "t:cr:ok:{request}"),
            Self::CloseRequestDeny(request) => write!(f, "t:cr:no:{request}"),
            Self::JoinTicket(number) => write!(f, "t:join:{number}"),
            Self::Rate {
                guild,
                number,
                stars,
            } => write!(f, "t:rate:{guild}:{number}:{stars}"),
            Self::ExitSurvey { guild, number } => write!(f, "t:es:{guild}:{number}"),
            Self::KeepOpen => f.write_str("t:keep"),
        }
    }
}

/// A `custom_id` that none of our versions ever emitted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown component id {0:?}")]
pub struct UnknownCustomId(pub String);

impl FromStr for CustomId {
    type Err = UnknownCustomId;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "t:close" => Ok(Self::Close),
            "t:close:ok" => Ok(Self::CloseConfirm),
            "t:close:r" => Ok(Self::CloseWithReason),
            "t:close:rm" => Ok(Self::CloseReasonModal),
            "t:claim" => Ok(Self::Claim),
            "t:lang" => Ok(Self::LanguageSelect),
            "t:keep" => Ok(Self::KeepOpen),
            other => {
                let panel =
                    |prefix: &str| other.strip_prefix(prefix).and_then(|id| id.parse().ok());
                let multi = other
                    .strip_prefix("t:mp:")
                    .and_then(|id| id.parse().ok())
                    .map(Self::MultiPanelSelect);
                panel("t:p:")
                    .map(Self::OpenPanel)
                    .or_else(|| panel("t:f:").map(Self::PanelForm))
                    .or(multi)
                    .or_else(|| parse_staff_confirm(other))
                    .or_else(|| {
                        let request = |prefix: &str| {
                            other.strip_prefix(prefix).and_then(|id| id.parse().ok())
                        };
                        request("t:cr:ok:")
                            .map(Self::CloseRequestAccept)
                            .or_else(|| request("t:cr:no:").map(Self::CloseRequestDeny))
                    })
                    .or_else(|| {
                        other
                            .strip_prefix("t:join:")
                            .and_then(|n| n.parse::<i64>().ok().filter(|n| *n > 0))
                            .map(Self::JoinTicket)
                    })
                    .or_else(|| parse_rate(other))
                    .or_else(|| parse_exit_survey(other))
                    .or_else(|| {
                        other
                            .strip_prefix("t:vs:")
                            .and_then(|page| {
                                page.parse::<u16>().ok().filter(|n| n.to_string() == page)
                            })
                            .map(Self::StaffPage)
                    })
                    .ok_or_else(|| UnknownCustomId(other.chars().take(MAX_LEN).collect()))
            }
        }
    }
}

/// A positive number as we spell it: no sign, no leading zero, within the databases' range.
fn canonical_positive(text: &str) -> Option<i64> {
    text.parse::<i64>()
        .ok()
        .filter(|n| *n > 0 && n.to_string() == text)
}

/// `<guild>:<number>`.
fn guild_and_number(text: &str) -> Option<(GuildId, i64)> {
    let (guild, number) = text.split_once(':')?;
    let guild = GuildId::new(canonical_positive(guild)?.unsigned_abs());
    Some((guild, canonical_positive(number)?))
}

/// `t:rate:<guild>:<number>:<stars>`.
fn parse_rate(text: &str) -> Option<CustomId> {
    let (ticket, stars) = text.strip_prefix("t:rate:")?.rsplit_once(':')?;
    let (guild, number) = guild_and_number(ticket)?;
    let stars = Stars::new(u8::try_from(canonical_positive(stars)?).ok()?)?;
    Some(CustomId::Rate {
        guild,
        number,
        stars,
    })
}

/// `t:es:<guild>:<number>`.
fn parse_exit_survey(text: &str) -> Option<CustomId> {
    let (guild, number) = guild_and_number(text.strip_prefix("t:es:")?)?;
    Some(CustomId::ExitSurvey { guild, number })
}

/// `t:st:<a|s>:<u|r>:<id>`.
fn parse_staff_confirm(text: &str) -> Option<CustomId> {
    let rest = text.strip_prefix("t:st:")?;
    let (level, rest) = rest.split_once(':')?;
    let (kind, id) = rest.split_once(':')?;
    let level = match level {
        "a" => PermissionLevel::Admin,
        "s" => PermissionLevel::Support,
        _ => return None,
    };
    // Only the spelling we emit: no sign, no leading zero, not zero, and within the range the
    // databases store (an id beyond it would be clamped to another one).
    let id = id
        .parse::<i64>()
        .ok()
        .filter(|n| *n > 0 && n.to_string() == id)
        .and_then(|n| u64::try_from(n).ok())?;
    let who = match kind {
        "u" => MemberOrRole::User(crate::UserId::new(id)),
        "r" => MemberOrRole::Role(crate::RoleId::new(id)),
        _ => return None,
    };
    Some(CustomId::StaffConfirm { level, who })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn panel_buttons_round_trip(id in 1i64..=i64::MAX) {
            let id = CustomId::OpenPanel(PanelId::new(id).unwrap());
            prop_assert!(id.encode().len() <= MAX_LEN);
            prop_assert_eq!(id.encode().parse::<CustomId>().unwrap(), id);
        }

        #[test]
        fn parsing_any_text_never_panics(text in ".{0,120}") {
            let _ = text.parse::<CustomId>();
        }
    }

    #[test]
    fn every_id_round_trips_and_fits_discord() {
        let panel = PanelId::new(i64::MAX).unwrap();
        for id in [
            CustomId::Close,
            CustomId::CloseConfirm,
            CustomId::OpenPanel(panel),
            CustomId::StaffConfirm {
                level: PermissionLevel::Admin,
                who: MemberOrRole::Role(crate::RoleId::new(i64::MAX.unsigned_abs())),
            },
            CustomId::StaffConfirm {
                level: PermissionLevel::Support,
                who: MemberOrRole::User(crate::UserId::new(7)),
            },
            CustomId::StaffPage(u16::MAX),
            CustomId::LanguageSelect,
            CustomId::CloseRequestAccept(CloseRequestId::new(i64::MAX).unwrap()),
            CustomId::CloseRequestDeny(CloseRequestId::new(1).unwrap()),
            CustomId::JoinTicket(i64::MAX),
            CustomId::Rate {
                guild: GuildId::new(i64::MAX.unsigned_abs()),
                number: i64::MAX,
                stars: Stars::ALL[4],
            },
            CustomId::Rate {
                guild: GuildId::new(1),
                number: 1,
                stars: Stars::ALL[0],
            },
            CustomId::ExitSurvey {
                guild: GuildId::new(i64::MAX.unsigned_abs()),
                number: i64::MAX,
            },
            CustomId::KeepOpen,
        ] {
            let wire = id.encode();
            assert!(wire.len() <= MAX_LEN);
            assert_eq!(wire.parse::<CustomId>().unwrap(), id);
        }
    }

    #[test]
    fn foreign_ids_are_refused() {
        for s in [
            "",
            "close",
            "t:close:",
            "t:close:ok:x",
            "T:CLOSE",
            "t:p:",
            "t:p:0",
            "t:p:-1",
            "t:join:0",
            "t:join:-3",
            "t:p:x",
            "t:st:a:u:0",
            "t:st:x:u:5",
            "t:st:a:x:5",
            "t:st:a:u:+5",
            "t:st:a:u:05",
            "t:st:a:u:9223372036854775808",
            "t:vs:-1",
            "t:vs:+1",
            "t:cr:ok:0",
            "t:cr:no:x",
            "t:rate:1:1:0",
            "t:rate:1:1:6",
            "t:rate:1:1:05",
            "t:rate:0:1:3",
            "t:rate:1:0:3",
            "t:rate:1:-1:3",
            "t:rate:01:1:3",
            "t:rate:1:1",
            "t:rate:1:1:3:4",
            "t:rate:9223372036854775808:1:3",
            "t:es:1",
            "t:es:1:0",
            "t:es:1:2:3",
            "t:es:x:2",
            "t:keep:1",
        ] {
            assert!(s.parse::<CustomId>().is_err(), "{s}");
        }
    }
}
