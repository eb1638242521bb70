//! Scalar parsing and `format`/`pattern` checks, without a regex engine.

use serde_json::Value;

use super::schema::{Number, Pattern};

/// Parses an integer written as Discord accepts it in a string: optional `-`, then digits.
pub(crate) fn parse_int(text: &str) -> Option<i128> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    // 39 digits would overflow i128; Discord's integers are at most 64-bit anyway.
    if digits.is_empty() || digits.len() > 38 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// Parses a decimal number; rejects `inf`, `NaN` and other spellings Rust accepts but JSON does not.
pub(crate) fn parse_float(text: &str) -> Option<f64> {
    let first = text.trim_start_matches('-').bytes().next()?;
    if !first.is_ascii_digit() {
        return None;
    }
    text.parse::<f64>().ok().filter(|f| f.is_finite())
}

/// Parses a number given as a string: an integer when it is one, a float otherwise.
pub(crate) fn parse_number(text: &str) -> Option<Number> {
    parse_int(text)
        .map(Number::Int)
        .or_else(|| parse_float(text).map(Number::Float))
}

/// Parses a boolean in a query string, the spellings Discord's query parser accepts.
pub(crate) fn parse_bool(text: &str) -> Option<bool> {
    match text {
        "true" | "True" | "1" => Some(true),
        "false" | "False" | "0" => Some(false),
        _ => None,
    }
}

/// Whether a string is a snowflake: decimal digits that fit in 64 bits.
pub(crate) fn is_snowflake(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) && text.parse::<u64>().is_ok()
}

/// Whether a string matches one of the spec's patterns.
pub(crate) fn matches_pattern(pattern: Pattern, text: &str) -> bool {
    match pattern {
        Pattern::Snowflake => text == "0" || (is_snowflake(text) && !text.starts_with('0')),
        Pattern::HexColor => text.strip_prefix('#').is_some_and(|hex| {
            (hex.len() == 6 || hex.len() == 3) && hex.bytes().all(|b| b.is_ascii_hexdigit())
        }),
    }
}

/// Whether a string is a well-formed absolute URL (RFC 3986 scheme, no spaces or controls).
///
/// Which schemes a field accepts (`http`/`https`, `attachment://`, `discord://`) depends on the
/// field and is left to the simulator's own checks.
pub(crate) fn is_uri(text: &str) -> bool {
    let Some((scheme, rest)) = text.split_once(':') else {
        return false;
    };
    let mut scheme_chars = scheme.chars();
    let scheme_ok = scheme_chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && scheme_chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    let forbidden = |c: char| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"');
    if !scheme_ok || rest.is_empty() || text.chars().any(forbidden) {
        return false;
    }
    match rest.strip_prefix("//") {
        Some(after) => {
            let authority = after.split(['/', '?', '#']).next().unwrap_or_default();
            !authority.is_empty()
        }
        None => !matches!(scheme.to_ascii_lowercase().as_str(), "http" | "https"),
    }
}

/// Whether a string is an ISO 8601 date or date-time as Discord parses them
/// (`2024-01-31`, `2024-01-31T12:00:00`, optional fraction, `Z` or `±HH:MM` offset).
pub(crate) fn is_date_time(text: &str) -> bool {
    let bytes = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| -> Option<u32> {
        let part = bytes.get(range)?;
        if !part.iter().all(u8::is_ascii_digit) {
            return None;
        }
        std::str::from_utf8(part).ok()?.parse().ok()
    };
    let date_ok = bytes.get(4) == Some(&b'-')
        && bytes.get(7) == Some(&b'-')
        && digits(0..4).is_some()
        && digits(5..7).is_some_and(|m| (1..=12).contains(&m))
        && digits(8..10).is_some_and(|d| (1..=31).contains(&d));
    if !date_ok {
        return false;
    }
    if bytes.len() == 10 {
        return true;
    }
    if !matches!(bytes.get(10), Some(b'T' | b't' | b' ')) {
        return false;
    }
    let time_ok = bytes.get(13) == Some(&b':')
        && digits(11..13).is_some_and(|h| h < 24)
        && digits(14..16).is_some_and(|m| m < 60);
    if !time_ok {
        return false;
    }
    let mut rest = &text[16..];
    if let Some(after) = rest.strip_prefix(':') {
        let seconds_ok = after.len() >= 2
            && after.as_bytes()[..2].iter().all(u8::is_ascii_digit)
            && after[..2].parse::<u32>().is_ok_and(|s| s <= 60);
        if !seconds_ok {
            return false;
        }
        rest = &after[2..];
        if let Some(fraction) = rest.strip_prefix('.') {
            let len = fraction.bytes().take_while(u8::is_ascii_digit).count();
            if len == 0 {
                return false;
            }
            rest = &fraction[len..];
        }
    }
    is_offset(rest)
}

fn is_offset(text: &str) -> bool {
    if text.is_empty() || text == "Z" || text == "z" {
        return true;
    }
    let Some(offset) = text.strip_prefix(['+', '-']) else {
        return false;
    };
    let compact = offset.replacen(':', "", 1);
    compact.len() == 4
        && compact.bytes().all(|b| b.is_ascii_digit())
        && compact[..2].parse::<u32>().is_ok_and(|h| h < 24)
        && compact[2..].parse::<u32>().is_ok_and(|m| m < 60)
}

/// How a value is quoted inside Discord's messages (`Value "abc" is not int.`), kept short.
pub(crate) fn display_value(value: &Value) -> String {
    const LIMIT: usize = 100;
    let text = match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    if text.chars().count() <= LIMIT {
        text
    } else {
        let mut short: String = text.chars().take(LIMIT).collect();
        short.push_str("...");
        short
    }
}

/// Renders the choices of an enumeration the way Discord lists them: `{1, 2, 3}`.
pub(crate) fn display_choices(choices: &[Value]) -> String {
    let items: Vec<String> = choices
        .iter()
        .map(|choice| match choice {
            Value::String(s) => format!("'{s}'"),
            other => other.to_string(),
        })
        .collect();
    items.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_are_digits_with_an_optional_minus() {
        assert_eq!(parse_int("1024"), Some(1024));
        assert_eq!(parse_int("-5"), Some(-5));
        for bad in [
            "",
            "-",
            "+1",
            " 1",
            "1.0",
            "1e3",
            "0x10",
            "9".repeat(39).as_str(),
        ] {
            assert_eq!(parse_int(bad), None, "{bad}");
        }
        assert_eq!(parse_float("1.5"), Some(1.5));
        assert_eq!(parse_float("inf"), None);
        assert_eq!(parse_float("NaN"), None);
    }

    #[test]
    fn snowflakes_and_patterns() {
        assert!(is_snowflake("18446744073709551615"));
        assert!(!is_snowflake("18446744073709551616"));
        assert!(!is_snowflake("-1"));
        assert!(matches_pattern(Pattern::Snowflake, "0"));
        assert!(!matches_pattern(Pattern::Snowflake, "012"));
        assert!(matches_pattern(Pattern::HexColor, "#a0B"));
        assert!(!matches_pattern(Pattern::HexColor, "#abcd"));
    }

    #[test]
    fn urls_need_a_scheme_and_http_needs_a_host() {
        for good in [
            "https://example.com",
            "http://a/b?c#d",
            "attachment://file.png",
            "discord://-/channels/1",
        ] {
            assert!(is_uri(good), "{good}");
        }
        for bad in [
            "",
            "example.com",
            "https://",
            "https:/x",
            "http://a b",
            "1http://x",
            "https:x",
        ] {
            assert!(!is_uri(bad), "{bad}");
        }
    }

    #[test]
    fn iso8601_dates_and_times() {
        for good in [
            "2024-01-31",
            "2024-01-31T12:00",
            "2024-01-31T12:00:00Z",
            "2024-01-31T12:00:00.123456+00:00",
            "2024-01-31 12:00:00-0530",
        ] {
            assert!(is_date_time(good), "{good}");
        }
        for bad in [
            "yesterday",
            "2024-13-01",
            "2024-01-31T25:00",
            "2024-01-31T12:00:00.",
            "2024-01-31T12:00+5",
        ] {
            assert!(!is_date_time(bad), "{bad}");
        }
    }
}
