//! Durations in words, as people say them: "2 hours 5 minutes", "45 seconds", "3 days 4 hours".

use tickets_i18n::{Catalog, FluentValue, Locale};

/// The units, largest first, with their length in seconds and their catalog key.
const UNITS: [(i64, &str); 4] = [
    (86_400, "duration-days"),
    (3_600, "duration-hours"),
    (60, "duration-minutes"),
    (1, "duration-seconds"),
];

/// `ms` in words: its two largest non-zero units, rounded down to the second ("2 hours 5
/// minutes"); under a second it says so.
#[must_use]
pub fn duration_words(catalog: &Catalog, locale: &Locale, ms: i64) -> String {
    let mut left = ms.max(0) / 1000;
    if left == 0 {
        return catalog.text(locale, "duration-under-a-second", &[]);
    }
    let mut parts = Vec::new();
    for (length, key) in UNITS {
        let count = left / length;
        if count > 0 && parts.len() < 2 {
            parts.push(catalog.text(locale, key, &[("n", FluentValue::from(count))]));
            left -= count * length;
        } else if !parts.is_empty() {
            // Two units at most, and only adjacent ones: "1 day 30 seconds" says too little.
            break;
        }
    }
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(ms: i64) -> String {
        let catalog = Catalog::embedded().unwrap();
        duration_words(&catalog, &Locale::english(), ms)
    }

    #[test]
    fn two_largest_units_in_words() {
        assert_eq!(words((2 * 3600 + 5 * 60 + 9) * 1000), "2 hours 5 minutes");
        assert_eq!(words(45_000), "45 seconds");
        assert_eq!(words(61_000), "1 minute 1 second");
        assert_eq!(words((3 * 86_400 + 4 * 3600) * 1000), "3 days 4 hours");
        assert_eq!(words(3_600_000), "1 hour");
        assert_eq!(words(500), "under a second");
    }

    #[test]
    fn a_gap_ends_the_words() {
        // 1 day, 0 hours, 30 seconds: the hours are missing, so only the day is said.
        assert_eq!(words((86_400 + 30) * 1000), "1 day");
    }
}
