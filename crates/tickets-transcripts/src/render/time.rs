//! Times: RFC 3339 stamps of the document and Unix seconds of `<t:…>` markdown, written as
//! `<time>` elements whose text is UTC (readable without JavaScript) and which the page's script
//! rewrites in the viewer's zone and language.

use std::fmt::Write as _;

/// A moment, in seconds since the Unix epoch, UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Instant(pub(crate) i64);

impl Instant {
    /// Reads an RFC 3339 stamp (`2026-01-02T03:04:05.678+02:00`); `None` when it is not one.
    pub(crate) fn parse(stamp: &str) -> Option<Self> {
        let bytes = stamp.as_bytes();
        let number = |range: std::ops::Range<usize>| -> Option<i64> {
            let digits = stamp.get(range)?;
            if digits.bytes().all(|b| b.is_ascii_digit()) {
                digits.parse().ok()
            } else {
                None
            }
        };
        let separators = bytes.get(4) == Some(&b'-')
            && bytes.get(7) == Some(&b'-')
            && matches!(bytes.get(10), Some(b'T' | b't' | b' '))
            && bytes.get(13) == Some(&b':')
            && bytes.get(16) == Some(&b':');
        if !separators {
            return None;
        }
        let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
        let (hour, minute, second) = (number(11..13)?, number(14..16)?, number(17..19)?);
        if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || minute > 59 {
            return None;
        }
        let mut rest = &stamp[19..];
        if let Some(fraction) = rest.strip_prefix('.') {
            let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
            rest = &fraction[digits..];
        }
        let offset = match rest {
            "Z" | "z" | "" => 0,
            _ => {
                let sign = match rest.as_bytes().first() {
                    Some(b'+') => 1,
                    Some(b'-') => -1,
                    _ => return None,
                };
                let hours: i64 = rest.get(1..3)?.parse().ok()?;
                let minutes: i64 = rest.get(4..6)?.parse().ok()?;
                sign * (hours * 3600 + minutes * 60)
            }
        };
        let days = tickets_model::calendar::days_from_civil(year, month, day);
        Some(Self(
            days * 86_400 + hour * 3600 + minute * 60 + second.min(59) - offset,
        ))
    }

    /// Days since 1970-01-01, UTC.
    pub(crate) fn day(self) -> i64 {
        self.0.div_euclid(86_400)
    }

    /// The moment as an HTML date-time (`2026-01-02T01:04:05Z`, or `2026-01-02T01:04Z` on
    /// the minute, as `<t:…>` stamps usually are).
    fn write_iso(self, out: &mut String) {
        let (year, month, day, hour, minute, second) = self.civil();
        let _ = write!(out, "{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}");
        if second != 0 {
            let _ = write!(out, ":{second:02}");
        }
        out.push('Z');
    }

    fn civil(self) -> (i64, i64, i64, i64, i64, i64) {
        let days = self.0.div_euclid(86_400);
        let seconds = self.0.rem_euclid(86_400);
        let (year, month, day) = tickets_model::calendar::civil_from_days(days);
        (
            year,
            month,
            day,
            seconds / 3600,
            seconds / 60 % 60,
            seconds % 60,
        )
    }
}

/// How a time is shown: Discord's `<t:…:style>` letters, which the page's script follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    /// `t`: 16:20.
    ShortTime,
    /// `T`: 16:20:30.
    LongTime,
    /// `d`: 20/04/2021.
    ShortDate,
    /// `D`: 20 April 2021.
    LongDate,
    /// `f` (the default): 20 April 2021 16:20.
    ShortDateTime,
    /// `F`: Tuesday, 20 April 2021 16:20.
    LongDateTime,
    /// `R`: 2 months ago.
    Relative,
}

impl Style {
    /// The style of a `<t:…:x>` letter; `None` for a letter Discord does not know.
    pub(crate) fn from_letter(letter: &str) -> Option<Self> {
        Some(match letter {
            "t" => Self::ShortTime,
            "T" => Self::LongTime,
            "d" => Self::ShortDate,
            "D" => Self::LongDate,
            "" | "f" => Self::ShortDateTime,
            "F" => Self::LongDateTime,
            "R" => Self::Relative,
            _ => return None,
        })
    }

    fn letter(self) -> char {
        match self {
            Self::ShortTime => 't',
            Self::LongTime => 'T',
            Self::ShortDate => 'd',
            Self::LongDate => 'D',
            Self::ShortDateTime => 'f',
            Self::LongDateTime => 'F',
            Self::Relative => 'R',
        }
    }
}

/// Appends a `<time>` element: the UTC text, and the style for the script when not the
/// default (`f`), which keeps the common case short.
pub(crate) fn write_time(out: &mut String, at: Instant, style: Style, class: Option<&str>) {
    out.push_str("<time");
    if let Some(class) = class {
        out.push_str(" class=");
        out.push_str(class);
    }
    out.push_str(" datetime=");
    at.write_iso(out);
    if style != Style::ShortDateTime {
        out.push_str(" data-s=");
        out.push(style.letter());
    }
    out.push('>');
    let (year, month, day, hour, minute, second) = at.civil();
    let _ = match style {
        Style::ShortTime => write!(out, "{hour:02}:{minute:02}"),
        Style::LongTime => write!(out, "{hour:02}:{minute:02}:{second:02}"),
        Style::ShortDate | Style::LongDate => write!(out, "{year:04}-{month:02}-{day:02}"),
        // The page's header says its times are UTC; only the long forms repeat it.
        Style::ShortDateTime => write!(out, "{year:04}-{month:02}-{day:02} {hour:02}:{minute:02}"),
        Style::LongDateTime | Style::Relative => write!(
            out,
            "{year:04}-{month:02}-{day:02} {hour:02}:{minute:02} UTC"
        ),
    };
    out.push_str("</time>");
}

/// Appends a message's time of day, to the minute as Discord shows it
/// (`<time datetime=2026-01-02T01:04Z>01:04</time>`); the script knows it by its place.
pub(crate) fn write_clock(out: &mut String, at: Instant) {
    let (year, month, day, hour, minute, _) = at.civil();
    let _ = write!(
        out,
        "<time datetime={year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}Z>{hour:02}:{minute:02}</time>"
    );
}

/// Appends a day (UTC), as the divider between days shows it.
pub(crate) fn write_day(out: &mut String, at: Instant) {
    let (year, month, day, ..) = at.civil();
    let _ = write!(
        out,
        "<time datetime={year:04}-{month:02}-{day:02} data-s=D>{year:04}-{month:02}-{day:02}</time>"
    );
}

/// Appends a document's stamp as a `<time>`, or the stamp as text when it does not read.
pub(crate) fn write_stamp(out: &mut String, stamp: &str, style: Style, class: Option<&str>) {
    match Instant::parse(stamp) {
        Some(at) => write_time(out, at, style, class),
        None => crate::render::escape::text(out, stamp),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(at: Instant, style: Style) -> String {
        let mut out = String::new();
        write_time(&mut out, at, style, None);
        out
    }

    #[test]
    fn stamps_with_offsets_and_fractions_read_as_utc() {
        let utc = Instant::parse("2021-04-20T16:20:30Z").unwrap();
        assert_eq!(utc.0, 1_618_935_630);
        assert_eq!(
            Instant::parse("2021-04-20T18:20:30.123456+02:00"),
            Some(utc)
        );
        assert_eq!(Instant::parse("2021-04-20T11:20:30-05:00"), Some(utc));
        assert_eq!(Instant::parse("1969-12-31T23:59:59Z").unwrap().0, -1);
        assert_eq!(
            Instant::parse("2024-02-29T00:00:00Z").unwrap().0,
            1_709_164_800
        );
        for bad in [
            "yesterday",
            "2021-13-01T00:00:00Z",
            "2021-04-20",
            "2021-04-20T16:20:30+0",
        ] {
            assert_eq!(Instant::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn each_style_has_a_utc_text_and_tells_the_script_its_letter() {
        let at = Instant(1_618_935_630);
        assert_eq!(
            shown(at, Style::ShortDateTime),
            "<time datetime=2021-04-20T16:20:30Z>2021-04-20 16:20</time>"
        );
        assert_eq!(
            shown(at, Style::ShortTime),
            "<time datetime=2021-04-20T16:20:30Z data-s=t>16:20</time>"
        );
        assert!(shown(at, Style::LongTime).contains("data-s=T>16:20:30<"));
        assert!(shown(at, Style::ShortDate).contains("data-s=d>2021-04-20<"));
        assert!(shown(at, Style::LongDate).contains("data-s=D>2021-04-20<"));
        assert!(shown(at, Style::LongDateTime).contains("data-s=F>2021-04-20 16:20 UTC<"));
        assert!(shown(at, Style::Relative).contains("data-s=R>2021-04-20 16:20 UTC<"));
    }
}
