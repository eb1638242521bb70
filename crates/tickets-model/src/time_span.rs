//! Lengths of time as people write them: `90m`, `2h`, `1d 6h`, `1h30m`. Timers run to the minute,
//! so a span is a whole number of minutes, from one minute to [`TimeSpan::MAX_MINUTES`].

use crate::values::{Problem, ValueError};
use std::fmt;

/// A length of time of at least a minute, in whole minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TimeSpan(u32);

const HOUR: u32 = 60;
const DAY: u32 = 24 * HOUR;
const WEEK: u32 = 7 * DAY;

impl TimeSpan {
    /// The longest span: 90 days.
    pub const MAX_MINUTES: u32 = 90 * DAY;

    /// A span of `minutes`, when within 1..=[`Self::MAX_MINUTES`].
    #[must_use]
    pub fn from_minutes(minutes: u32) -> Option<Self> {
        (1..=Self::MAX_MINUTES)
            .contains(&minutes)
            .then_some(Self(minutes))
    }

    /// Its length in minutes.
    #[must_use]
    pub fn minutes(self) -> u32 {
        self.0
    }

    /// Its length in milliseconds.
    #[must_use]
    pub fn millis(self) -> i64 {
        i64::from(self.0) * 60_000
    }

    /// Its days, hours and minutes, for showing it.
    #[must_use]
    pub fn parts(self) -> (u32, u32, u32) {
        (self.0 / DAY, self.0 % DAY / HOUR, self.0 % HOUR)
    }

    /// Reads a span such as `90m`, `2h`, `1d 6h` or `1w`: numbers each followed by a unit (`m`,
    /// `min`, `h`, `hr`, `d`, `w`, or their English words), with or without spaces between.
    /// Blank, `0` and `off` mean no span (a rule turned off). Errors are shown next to `field`.
    ///
    /// # Errors
    ///
    /// [`Problem::Duration`] for text of another form, for a span shorter than a minute or longer
    /// than [`Self::MAX_MINUTES`].
    pub fn parse_optional(field: &'static str, text: &str) -> Result<Option<Self>, ValueError> {
        let text = text.trim().to_lowercase();
        if text.is_empty() || text == "0" || text == "off" {
            return Ok(None);
        }
        let refused = ValueError::Invalid {
            field,
            problem: Problem::Duration,
        };
        let mut total: u64 = 0;
        let mut rest = text.as_str();
        while !rest.is_empty() {
            rest = rest.trim_start();
            let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            if digits == 0 || digits > 6 {
                return Err(refused);
            }
            let amount: u64 = rest[..digits].parse().map_err(|_| refused.clone())?;
            rest = rest[digits..].trim_start();
            let letters = rest.len()
                - rest
                    .trim_start_matches(|c: char| c.is_ascii_alphabetic())
                    .len();
            let unit = match &rest[..letters] {
                "m" | "min" | "mins" | "minute" | "minutes" => 1,
                "h" | "hr" | "hrs" | "hour" | "hours" => HOUR,
                "d" | "day" | "days" => DAY,
                "w" | "week" | "weeks" => WEEK,
                _ => return Err(refused),
            };
            rest = rest[letters..].trim_start_matches([' ', ',']);
            total = total.saturating_add(amount.saturating_mul(u64::from(unit)));
        }
        u32::try_from(total)
            .ok()
            .and_then(Self::from_minutes)
            .map(Some)
            .ok_or(refused)
    }
}

impl fmt::Display for TimeSpan {
    /// The short form the parser reads back, e.g. `1d 6h`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (days, hours, minutes) = self.parts();
        let mut parts = Vec::new();
        if days > 0 {
            parts.push(format!("{days}d"));
        }
        if hours > 0 {
            parts.push(format!("{hours}h"));
        }
        if minutes > 0 {
            parts.push(format!("{minutes}m"));
        }
        f.write_str(&parts.join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn minutes(text: &str) -> Option<u32> {
        TimeSpan::parse_optional("since-last-message", text)
            .unwrap()
            .map(TimeSpan::minutes)
    }

    #[test]
    fn reads_spans_as_people_write_them() {
        assert_eq!(minutes("90m"), Some(90));
        assert_eq!(minutes("2h"), Some(120));
        assert_eq!(minutes("1d 6h"), Some(30 * 60));
        assert_eq!(minutes("1h30m"), Some(90));
        assert_eq!(minutes(" 2 Hours, 15 minutes "), Some(135));
        assert_eq!(minutes("1w"), Some(7 * 24 * 60));
        assert_eq!(minutes("90d"), Some(TimeSpan::MAX_MINUTES));
    }

    #[test]
    fn blank_zero_and_off_turn_a_rule_off() {
        for text in ["", "  ", "0", "off", "OFF"] {
            assert_eq!(minutes(text), None, "{text:?}");
        }
    }

    #[test]
    fn other_forms_and_out_of_range_spans_are_refused() {
        for text in [
            "90", "h", "2x", "1d6", "-1h", "1.5h", "0m", "91d", "13w", "9999999h", "2h-",
            "one hour",
        ] {
            let error = TimeSpan::parse_optional("since-open", text).unwrap_err();
            assert_eq!(
                error,
                ValueError::Invalid {
                    field: "since-open",
                    problem: Problem::Duration
                },
                "{text:?}"
            );
        }
    }

    #[test]
    fn shows_the_short_form() {
        assert_eq!(
            TimeSpan::from_minutes(30 * 60).unwrap().to_string(),
            "1d 6h"
        );
        assert_eq!(TimeSpan::from_minutes(61).unwrap().to_string(), "1h 1m");
    }

    proptest! {
        #[test]
        fn the_short_form_reads_back(minutes in 1u32..=TimeSpan::MAX_MINUTES) {
            let span = TimeSpan::from_minutes(minutes).unwrap();
            let back = TimeSpan::parse_optional("x", &span.to_string()).unwrap();
            prop_assert_eq!(back, Some(span));
        }

        #[test]
        fn parsing_any_text_never_panics(text in ".{0,40}") {
            let _ = TimeSpan::parse_optional("x", &text);
        }
    }
}
