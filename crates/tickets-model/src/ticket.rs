//! The ticket state machine.

use std::fmt;
use std::str::FromStr;

/// Where a ticket is in its life.
///
/// `Opening` is recorded before any Discord call, so that a crash in the middle of opening leaves
/// a row the sweeper can find; only `Opening` and `Open` count against a member's limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TicketStatus {
    /// Intent recorded, the channel may or may not exist yet.
    Opening,
    /// The channel exists and the ticket is being worked.
    Open,
    /// Closed by someone; the channel is gone or going (a thread is archived, and may reopen).
    Closed,
    /// Opening failed; nothing counts it.
    Failed,
}

impl TicketStatus {
    /// The stored spelling.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Opening => "opening",
            Self::Open => "open",
            Self::Closed => "closed",
            Self::Failed => "failed",
        }
    }

    /// Whether the ticket counts against the opener's limit.
    #[must_use]
    pub const fn counts_as_open(self) -> bool {
        matches!(self, Self::Opening | Self::Open)
    }

    /// Whether moving to `next` is allowed.
    #[must_use]
    pub const fn can_become(self, next: Self) -> bool {
        matches!(
            (self, next),
            (Self::Opening, Self::Open | Self::Failed)
                | (Self::Open, Self::Closed)
                | (Self::Closed, Self::Open)
        )
    }
}

impl fmt::Display for TicketStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A stored status that is not one of ours.
#[derive(Debug, thiserror::Error)]
#[error("unknown ticket status {0:?}")]
pub struct UnknownStatus(pub String);

impl FromStr for TicketStatus {
    type Err = UnknownStatus;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s {
            "opening" => Self::Opening,
            "open" => Self::Open,
            "closed" => Self::Closed,
            "failed" => Self::Failed,
            other => return Err(UnknownStatus(other.to_owned())),
        })
    }
}

/// The name of a ticket's channel under the default naming scheme.
#[must_use]
pub fn channel_name(number: i64) -> String {
    format!("ticket-{number}")
}

#[cfg(test)]
mod tests {
    use super::TicketStatus::{self, *};

    #[test]
    fn status_round_trips_through_its_stored_spelling() {
        for s in [Opening, Open, Closed, Failed] {
            assert_eq!(s.as_str().parse::<TicketStatus>().unwrap(), s);
        }
        assert!("deleted".parse::<TicketStatus>().is_err());
    }

    #[test]
    fn only_forward_transitions_and_reopening() {
        assert!(Opening.can_become(Open));
        assert!(Opening.can_become(Failed));
        assert!(Open.can_become(Closed));
        assert!(Closed.can_become(Open), "a thread ticket reopens");
        assert!(!Closed.can_become(Opening));
        assert!(!Failed.can_become(Open));
        assert!(!Opening.can_become(Closed));
    }

    #[test]
    fn only_live_tickets_count() {
        assert!(Opening.counts_as_open() && Open.counts_as_open());
        assert!(!Closed.counts_as_open() && !Failed.counts_as_open());
    }
}
