//! The placeholder template engine: `%name%` markers in text written by server admins (welcome
//! messages, naming schemes, later tags and integrations) replaced by values at render time.
//!
//! Safety by construction: a template is parsed once into literal runs and names; rendering
//! inserts each value verbatim and never scans it again, so a value that itself contains
//! `%user%` cannot expand, recursion and loops are impossible, and the output is cut at a
//! caller-given length.

use std::borrow::Cow;

/// Longest placeholder name; longer `%...%` runs are plain text.
pub const MAX_NAME_LEN: usize = 64;

/// Every placeholder a welcome message understands.
pub const BUILT_IN: &[&str] = &[
    "user",
    "username",
    "ticket_id",
    "open_tickets",
    "total_tickets",
    "user_open_tickets",
    "user_total_tickets",
    "ticket_limit",
    "channel",
    "rating_count",
    "average_rating",
    "time",
    "date",
    "datetime",
    "first_response_time_weekly",
    "first_response_time_monthly",
    "first_response_time_all_time",
    "discord_account_creation_date",
    "discord_account_age",
    "server",
    "user_id",
    "guild_id",
    "claimed_by",
];

#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Text(String),
    Name(String),
}

/// A parsed template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    segments: Vec<Segment>,
}

fn is_name(candidate: &str) -> bool {
    !candidate.is_empty()
        && candidate.len() <= MAX_NAME_LEN
        && candidate
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

impl Template {
    /// Parses text; it never fails: whatever is not a well-formed `%name%` is literal text.
    #[must_use]
    pub fn parse(text: &str) -> Self {
        let mut segments = Vec::new();
        let mut literal = String::new();
        let mut rest = text;
        while let Some(start) = rest.find('%') {
            literal.push_str(&rest[..start]);
            let after = &rest[start + 1..];
            match after.find('%') {
                Some(end) if is_name(&after[..end]) => {
                    if !literal.is_empty() {
                        segments.push(Segment::Text(std::mem::take(&mut literal)));
                    }
                    segments.push(Segment::Name(after[..end].to_owned()));
                    rest = &after[end + 1..];
                }
                _ => {
                    // Not a placeholder: keep the `%` and look for the next one right after it,
                    // so that "50% %user%" still finds `%user%`.
                    literal.push('%');
                    rest = after;
                }
            }
        }
        literal.push_str(rest);
        if !literal.is_empty() {
            segments.push(Segment::Text(literal));
        }
        Self { segments }
    }

    /// The placeholder names used, in order, repeats included.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.segments.iter().filter_map(|s| match s {
            Segment::Name(name) => Some(name.as_str()),
            Segment::Text(_) => None,
        })
    }

    /// Renders the template: a name the resolver knows is replaced by its value, an unknown one
    /// stays as written; the result has at most `max_chars` characters and is cut where no
    /// mention, emoji or link is split ([`crate::text::truncate_at_boundary`]).
    pub fn render<'v>(
        &self,
        resolve: impl Fn(&str) -> Option<Cow<'v, str>>,
        max_chars: usize,
    ) -> String {
        // Rendering goes a little past the limit so that the cut can see whether the unit at the
        // limit is whole; a unit longer than this look-ahead cannot show in any Discord text.
        const LOOK_AHEAD: usize = 4096;
        let mut out = String::new();
        let mut room = max_chars.saturating_add(LOOK_AHEAD);
        let mut push = |piece: &str, out: &mut String| -> bool {
            for c in piece.chars() {
                if room == 0 {
                    return false;
                }
                out.push(c);
                room -= 1;
            }
            true
        };
        for segment in &self.segments {
            let more = match segment {
                Segment::Text(text) => push(text, &mut out),
                Segment::Name(name) => match resolve(name) {
                    Some(value) => push(&value, &mut out),
                    None => push("%", &mut out) && push(name, &mut out) && push("%", &mut out),
                },
            };
            if !more {
                break;
            }
        }
        let keep = crate::text::truncate_at_boundary(&out, max_chars).len();
        out.truncate(keep);
        out
    }
}

/// Discord's epoch (2015-01-01T00:00:00Z) in Unix milliseconds.
pub const DISCORD_EPOCH_MS: i64 = 1_420_070_400_000;

/// When a snowflake (a user, a channel...) was created, in Unix milliseconds.
#[must_use]
pub fn snowflake_created_at_ms(id: u64) -> i64 {
    DISCORD_EPOCH_MS + i64::try_from(id >> 22).unwrap_or(0)
}

/// How a Discord timestamp markup is shown; each reader sees it in their own time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimestampStyle {
    /// `16:20`
    ShortTime,
    /// `20/04/2021`
    ShortDate,
    /// `20 April 2021 16:20`
    ShortDateTime,
    /// `2 months ago`
    Relative,
}

/// Discord's `<t:SECONDS:STYLE>` markup, rendered by every client in the reader's time zone.
#[must_use]
pub fn discord_timestamp(unix_secs: i64, style: TimestampStyle) -> String {
    let style = match style {
        TimestampStyle::ShortTime => 't',
        TimestampStyle::ShortDate => 'd',
        TimestampStyle::ShortDateTime => 'f',
        TimestampStyle::Relative => 'R',
    };
    format!("<t:{unix_secs}:{style}>")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn known(name: &str) -> Option<Cow<'static, str>> {
        match name {
            "user" => Some("<@1>".into()),
            "ticket_id" => Some("42".into()),
            "loop" => Some("%loop%".into()),
            _ => None,
        }
    }

    #[test]
    fn known_names_are_replaced_and_unknown_ones_kept() {
        let t = Template::parse("Hi %user%, ticket #%ticket_id% (%nope%)");
        assert_eq!(t.render(known, 1000), "Hi <@1>, ticket #42 (%nope%)");
    }

    #[test]
    fn percent_signs_that_are_not_placeholders_stay_text() {
        for text in ["100% sure", "50% %", "%%", "%Not Valid%", "a%b c%d", "%"] {
            assert_eq!(Template::parse(text).render(known, 1000), text);
        }
        assert_eq!(
            Template::parse("50% off, %user%").render(known, 1000),
            "50% off, <@1>"
        );
    }

    #[test]
    fn values_are_never_expanded_again() {
        let t = Template::parse("%loop%%loop%");
        assert_eq!(t.render(known, 1000), "%loop%%loop%");
    }

    #[test]
    fn output_is_cut_at_the_limit() {
        let t = Template::parse("%user% and more text");
        assert_eq!(t.render(known, 6), "<@1> a");
        assert_eq!(t.render(known, 0), "");
    }

    /// Regression: a capped welcome message ended in half a mention (`…<@135173><`).
    #[test]
    fn the_cut_never_splits_a_mention_a_value_brings() {
        let t = Template::parse("Hi %user%%user%");
        assert_eq!(t.render(known, 8), "Hi <@1>");
        assert_eq!(t.render(known, 6), "Hi ");
    }

    #[test]
    fn names_lists_the_placeholders_used() {
        let t = Template::parse("%a% x %b_2% %a%");
        assert_eq!(t.names().collect::<Vec<_>>(), ["a", "b_2", "a"]);
    }

    #[test]
    fn snowflakes_carry_their_creation_time() {
        // A snowflake whose timestamp part is zero was made at Discord's epoch.
        assert_eq!(snowflake_created_at_ms(5), DISCORD_EPOCH_MS);
        assert_eq!(snowflake_created_at_ms(1000 << 22), DISCORD_EPOCH_MS + 1000);
        assert_eq!(
            discord_timestamp(1_700_000_000, TimestampStyle::Relative),
            "<t:1700000000:R>"
        );
    }

    proptest! {
        #[test]
        fn rendering_never_panics_and_respects_the_limit(text in ".{0,300}", max in 0usize..400) {
            let out = Template::parse(&text).render(known, max);
            prop_assert!(out.chars().count() <= max);
        }

        #[test]
        fn text_without_percent_is_unchanged(text in "[^%]{0,200}") {
            prop_assert_eq!(Template::parse(&text).render(known, usize::MAX), text);
        }

        #[test]
        fn unknown_placeholders_round_trip(text in "[a-z %_]{0,200}") {
            let none = |_: &str| -> Option<Cow<'static, str>> { None };
            prop_assert_eq!(Template::parse(&text).render(none, usize::MAX), text);
        }

        #[test]
        fn output_never_explodes(text in "(%user%|%loop%|[a-z ]){0,100}") {
            let template = Template::parse(&text);
            let values: usize = template
                .names()
                .filter_map(known)
                .map(|v| v.chars().count())
                .sum();
            let out = template.render(known, usize::MAX);
            prop_assert!(out.chars().count() <= text.chars().count() + values);
        }
    }
}
