//! When a ticket's automatic closing timers fall due: pure arithmetic over the ticket's facts, so
//! the job that fires (late, early or twice) decides again from the facts, never from a time it
//! was given.

use serde::{Deserialize, Serialize};
use tickets_model::values::TimeSpan;
use tickets_store::autoclose::{
    AutocloseSettings, Override, PanelAutoclose, TicketTimers, WarnedRule,
};

/// A timer's rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// The opener has written nothing since the ticket opened.
    SinceOpen,
    /// Nobody has written anything since the last message (or since opening, without any).
    SinceLastMessage,
}

impl Rule {
    /// Both rules.
    pub const ALL: [Self; 2] = [Self::SinceOpen, Self::SinceLastMessage];

    pub(crate) fn warned(self) -> WarnedRule {
        match self {
            Self::SinceOpen => WarnedRule::SinceOpen,
            Self::SinceLastMessage => WarnedRule::SinceLastMessage,
        }
    }
}

/// The rules that apply to one ticket: the server's, with its panel's overrides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TicketRules {
    /// Since open with no response.
    pub since_open: Option<TimeSpan>,
    /// Since last message.
    pub since_last_message: Option<TimeSpan>,
    /// Close on the opener leaving.
    pub on_user_leave: bool,
    /// The configured warning lead, if any.
    pub warning: Option<TimeSpan>,
}

impl TicketRules {
    /// The server's rules with a panel's overrides; nothing applies when the server turned
    /// automatic closing off.
    #[must_use]
    pub fn of(server: &AutocloseSettings, panel: &PanelAutoclose) -> Self {
        if !server.enabled {
            return Self::default();
        }
        let span = |own: Override<u32>, server: Option<u32>| match own {
            Override::Server => server.and_then(TimeSpan::from_minutes),
            Override::Off => None,
            Override::Set(minutes) => TimeSpan::from_minutes(minutes),
        };
        Self {
            since_open: span(panel.since_open, server.since_open_minutes),
            since_last_message: span(panel.since_last_message, server.since_last_message_minutes),
            on_user_leave: match panel.on_user_leave {
                Override::Server => server.on_user_leave,
                Override::Off => false,
                Override::Set(on) => on,
            },
            warning: server.warning_minutes.and_then(TimeSpan::from_minutes),
        }
    }

    /// A rule's time, when it applies.
    #[must_use]
    pub fn span(&self, rule: Rule) -> Option<TimeSpan> {
        match rule {
            Rule::SinceOpen => self.since_open,
            Rule::SinceLastMessage => self.since_last_message,
        }
    }
}

/// What a ticket's timers go by (Unix milliseconds).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Facts {
    /// When it opened.
    pub opened_at: i64,
    /// The newest message by a person.
    pub last_message_at: Option<i64>,
    /// The newest message by its opener.
    pub opener_last_message_at: Option<i64>,
    /// Its timer facts: kept open, warnings posted.
    pub timers: TicketTimers,
}

/// What a rule's timer does next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Nothing, ever (until the facts change): the rule does not apply any more.
    Off,
    /// Nothing until then.
    WaitUntil(i64),
    /// Post the warning for this deadline now.
    Warn {
        /// When the ticket closes.
        deadline: i64,
    },
    /// Close the ticket now.
    Close,
}

/// Longest default warning lead: a day.
const MAX_DEFAULT_LEAD_MS: i64 = 24 * 3_600_000;

/// How long before the deadline the warning comes: the configured lead, else a quarter of the
/// rule's time (at most a day); never more than half the rule's time, so that a warning does
/// not arrive the moment the timer starts.
#[must_use]
pub fn lead_ms(span: TimeSpan, configured: Option<TimeSpan>) -> i64 {
    let rule = span.millis();
    let wanted = configured.map_or((rule / 4).min(MAX_DEFAULT_LEAD_MS), TimeSpan::millis);
    wanted.min(rule / 2)
}

/// When the rule closes the ticket, if it still can: since open with no response stops once the
/// opener wrote; both start again when someone kept the ticket open.
#[must_use]
pub fn deadline(rule: Rule, span: TimeSpan, facts: &Facts) -> Option<i64> {
    let kept = facts.timers.kept_open_at.unwrap_or(i64::MIN);
    let anchor = match rule {
        Rule::SinceOpen => {
            if facts.opener_last_message_at.is_some() {
                return None;
            }
            facts.opened_at
        }
        Rule::SinceLastMessage => facts.last_message_at.unwrap_or(facts.opened_at),
    };
    Some(anchor.max(kept).saturating_add(span.millis()))
}

/// The next step of a rule's timer at `now`.
#[must_use]
pub fn next_step(
    rule: Rule,
    span: TimeSpan,
    warning: Option<TimeSpan>,
    facts: &Facts,
    now: i64,
) -> Step {
    let Some(deadline) = deadline(rule, span, facts) else {
        return Step::Off;
    };
    if now >= deadline {
        return Step::Close;
    }
    let warned = match rule {
        Rule::SinceOpen => facts.timers.open_warned_for,
        Rule::SinceLastMessage => facts.timers.message_warned_for,
    } == Some(deadline);
    let warn_at = deadline - lead_ms(span, warning);
    if warned {
        Step::WaitUntil(deadline)
    } else if now >= warn_at {
        Step::Warn { deadline }
    } else {
        Step::WaitUntil(warn_at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: i64 = 60_000;
    const HOUR: i64 = 60 * MIN;

    fn span(minutes: u32) -> TimeSpan {
        TimeSpan::from_minutes(minutes).unwrap()
    }

    fn opened(at: i64) -> Facts {
        Facts {
            opened_at: at,
            ..Facts::default()
        }
    }

    #[test]
    fn the_default_lead_is_a_quarter_of_the_rule_at_most_a_day() {
        assert_eq!(lead_ms(span(4 * 60), None), HOUR);
        assert_eq!(lead_ms(span(8 * 24 * 60), None), 24 * HOUR);
        assert_eq!(lead_ms(span(4 * 60), Some(span(30))), 30 * MIN);
        assert_eq!(
            lead_ms(span(60), Some(span(600))),
            30 * MIN,
            "at most half the rule"
        );
    }

    #[test]
    fn a_ticket_without_messages_warns_then_closes() {
        let facts = opened(0);
        let rule = Rule::SinceLastMessage;
        assert_eq!(
            next_step(rule, span(240), None, &facts, 0),
            Step::WaitUntil(3 * HOUR)
        );
        assert_eq!(
            next_step(rule, span(240), None, &facts, 3 * HOUR),
            Step::Warn { deadline: 4 * HOUR }
        );
        let warned = Facts {
            timers: TicketTimers {
                message_warned_for: Some(4 * HOUR),
                ..TicketTimers::default()
            },
            ..facts
        };
        assert_eq!(
            next_step(rule, span(240), None, &warned, 3 * HOUR),
            Step::WaitUntil(4 * HOUR)
        );
        assert_eq!(
            next_step(rule, span(240), None, &warned, 4 * HOUR),
            Step::Close
        );
    }

    #[test]
    fn a_message_or_keep_open_moves_the_deadline_and_needs_a_new_warning() {
        let facts = Facts {
            last_message_at: Some(2 * HOUR),
            timers: TicketTimers {
                message_warned_for: Some(4 * HOUR),
                ..TicketTimers::default()
            },
            ..opened(0)
        };
        let rule = Rule::SinceLastMessage;
        assert_eq!(
            next_step(rule, span(240), None, &facts, 4 * HOUR),
            Step::WaitUntil(5 * HOUR)
        );
        let kept = Facts {
            timers: TicketTimers {
                kept_open_at: Some(3 * HOUR),
                ..TicketTimers::default()
            },
            ..facts
        };
        assert_eq!(deadline(rule, span(240), &kept), Some(7 * HOUR));
    }

    #[test]
    fn since_open_stops_once_the_opener_writes() {
        let facts = Facts {
            opener_last_message_at: Some(HOUR),
            ..opened(0)
        };
        assert_eq!(
            next_step(Rule::SinceOpen, span(60), None, &facts, 10 * HOUR),
            Step::Off
        );
        // Staff writing does not count as the opener's response.
        let staff = Facts {
            last_message_at: Some(HOUR),
            ..opened(0)
        };
        assert_eq!(
            next_step(Rule::SinceOpen, span(120), None, &staff, 2 * HOUR),
            Step::Close
        );
    }

    #[test]
    fn the_panel_overrides_the_server_and_off_turns_everything_off() {
        let server = AutocloseSettings {
            enabled: true,
            on_user_leave: true,
            since_open_minutes: Some(60),
            since_last_message_minutes: Some(120),
            warning_minutes: None,
        };
        let panel = PanelAutoclose {
            since_open: Override::Off,
            since_last_message: Override::Set(30),
            on_user_leave: Override::Set(false),
        };
        let rules = TicketRules::of(&server, &panel);
        assert_eq!(
            (
                rules.since_open,
                rules.since_last_message,
                rules.on_user_leave
            ),
            (None, Some(span(30)), false)
        );
        let follows = TicketRules::of(&server, &PanelAutoclose::default());
        assert_eq!(follows.since_open, Some(span(60)));
        let off = AutocloseSettings {
            enabled: false,
            ..server
        };
        assert_eq!(
            TicketRules::of(&off, &PanelAutoclose::default()),
            TicketRules::default()
        );
    }
}
