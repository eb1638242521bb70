//! Text as people see it: which characters show nothing, and where a text may be shortened
//! without breaking what Discord draws from it (mentions, custom emojis, masked links, emojis
//! made of several code points).

use unicode_segmentation::UnicodeSegmentation;

/// The longest Discord markup token (`<@&id>`, `<a:name:id>`, `</name sub:id>`, `<t:secs:R>`)
/// looked for, in bytes: a name of 32 characters of up to 4 bytes, an id of 20 digits, the marks.
const MARKUP_MAX: usize = 200;

/// Whether `c` shows nothing by itself: spaces, control characters, and the code points Unicode
/// calls default-ignorable (zero-width spaces and joiners, direction marks, the byte order mark,
/// variation selectors, tag characters...), plus the fillers and the blank Braille pattern that
/// fonts draw as empty and that people use to fake an empty name.
#[must_use]
pub fn is_invisible(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(
            u32::from(c),
            0x00AD
                | 0x034F
                | 0x061C
                | 0x115F..=0x1160
                | 0x17B4..=0x17B5
                | 0x180B..=0x180F
                | 0x200B..=0x200F
                | 0x202A..=0x202E
                | 0x2060..=0x206F
                | 0x2800
                | 0x3164
                | 0xFE00..=0xFE0F
                | 0xFEFF
                | 0xFFA0
                | 0xFFF0..=0xFFF8
                | 0x1BCA0..=0x1BCA3
                | 0x1D173..=0x1D17A
                | 0xE0000..=0xE0FFF
        )
}

/// Whether the text shows at least one character.
#[must_use]
pub fn has_visible(text: &str) -> bool {
    text.chars().any(|c| !is_invisible(c))
}

/// The text without the invisible graphemes at its start and end. Whole graphemes are removed,
/// never single code points, so that an emoji ending in a variation selector or a tag sequence
/// (the flags of England or Scotland) stays whole; invisible characters between visible ones are
/// kept, since a zero-width joiner there can be part of an emoji.
#[must_use]
pub fn trim_invisible(text: &str) -> &str {
    let shows = |g: &&str| has_visible(g);
    let mut graphemes = text.grapheme_indices(true);
    let Some((start, _)) = graphemes.by_ref().find(|(_, g)| shows(g)) else {
        return "";
    };
    let end = text
        .grapheme_indices(true)
        .rev()
        .find(|(_, g)| shows(g))
        .map_or(text.len(), |(at, g)| at + g.len());
    &text[start..end]
}

/// The longest start of `text` with at most `max` characters that ends between two units that
/// Discord shows: a user, role or channel mention, a custom emoji, a timestamp or command mention,
/// a masked link `[text](url)`, or else one grapheme (a letter with its accents, an emoji of
/// several code points). A unit that does not fit is left out whole.
#[must_use]
pub fn truncate_at_boundary(text: &str, max: usize) -> &str {
    let mut end = 0;
    let mut used = 0;
    while end < text.len() {
        let len = unit_len(&text[end..]);
        let chars = text[end..end + len].chars().count();
        if used + chars > max {
            break;
        }
        used += chars;
        end += len;
    }
    &text[..end]
}

/// `text` cut to at most `max` characters at a boundary (see [`truncate_at_boundary`]), with `…`
/// at the end when something was cut, so a reader knows there was more.
#[must_use]
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let Some(room) = max.checked_sub(1) else {
        return String::new();
    };
    let mut out = truncate_at_boundary(text, room).trim_end().to_owned();
    out.push('…');
    out
}

/// The length in bytes of the unit `rest` starts with; `rest` is not empty.
fn unit_len(rest: &str) -> usize {
    let markup = match rest.as_bytes().first() {
        Some(b'<') => markup_len(rest),
        Some(b'[') => masked_link_len(rest),
        _ => None,
    };
    // Whole graphemes always, so that an accent after a mention's `>` stays with it.
    let at_least = markup.unwrap_or(1);
    let mut len = 0;
    for grapheme in rest.graphemes(true) {
        len += grapheme.len();
        if len >= at_least {
            break;
        }
    }
    len
}

/// `<@id>`, `<@!id>`, `<@&id>`, `<#id>`, `<:name:id>`, `<a:name:id>`, `<t:secs>`, `<t:secs:S>`,
/// `</name:id>`: the length of the token `rest` starts with, if it starts with one.
fn markup_len(rest: &str) -> Option<usize> {
    let close = rest.bytes().take(MARKUP_MAX).position(|b| b == b'>')?;
    let inner = &rest[1..close];
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let name = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '-' || c == ' ')
    };
    let shaped = if let Some(id) = inner
        .strip_prefix("@&")
        .or_else(|| inner.strip_prefix("@!"))
        .or_else(|| inner.strip_prefix('@'))
        .or_else(|| inner.strip_prefix('#'))
    {
        digits(id)
    } else if let Some(emoji) = inner
        .strip_prefix("a:")
        .or_else(|| inner.strip_prefix(':'))
        .or_else(|| inner.strip_prefix('/'))
    {
        emoji
            .rsplit_once(':')
            .is_some_and(|(n, id)| name(n) && digits(id))
    } else if let Some(time) = inner.strip_prefix("t:") {
        match time.split_once(':') {
            Some((secs, style)) => {
                digits(secs) && style.len() == 1 && style.bytes().all(|b| b.is_ascii_alphabetic())
            }
            None => digits(time),
        }
    } else {
        false
    };
    shaped.then_some(close + 1)
}

/// `[text](url)` on one line: the length of the masked link `rest` starts with, if it does.
fn masked_link_len(rest: &str) -> Option<usize> {
    let line = rest.split('\n').next().unwrap_or(rest);
    let text_end = line.find("](")?;
    if line[1..text_end].contains('[') {
        return None;
    }
    let url_start = text_end + 2;
    let url_len = line[url_start..].find(')')?;
    let url = &line[url_start..url_start + url_len];
    (!url.is_empty() && !url.contains(char::is_whitespace)).then_some(url_start + url_len + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn invisible_only_texts_show_nothing() {
        for text in [
            "",
            " \t\n",
            "\u{200B}",
            "\u{200B}\u{200C}\u{200D}",
            "\u{FEFF}",
            "\u{2060}\u{2063}",
            "\u{3164}",
            "\u{2800}",
            "\u{0007}\u{001B}",
            "\u{00A0}\u{3000}",
            "\u{E0020}\u{E007F}",
        ] {
            assert!(!has_visible(text), "{text:?}");
            assert_eq!(trim_invisible(text), "", "{text:?}");
        }
    }

    #[test]
    fn trimming_keeps_whole_emojis_and_inner_joiners() {
        assert_eq!(trim_invisible("\u{200B} Support\u{FEFF} "), "Support");
        assert_eq!(trim_invisible("❤\u{FE0F}"), "❤\u{FE0F}");
        let england = "🏴\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}";
        assert_eq!(trim_invisible(england), england);
        let family = "👨\u{200D}👩\u{200D}👧";
        assert_eq!(trim_invisible(&format!(" {family}\u{200B}")), family);
    }

    #[test]
    fn cuts_never_split_markup() {
        // The welcome message of the report: a cap of 14 once gave `…<@135173><`.
        assert_eq!(
            truncate_at_boundary("Hi <@135173><@42>", 14),
            "Hi <@135173>"
        );
        assert_eq!(truncate_at_boundary("<@&77> x", 5), "");
        assert_eq!(truncate_at_boundary("see <#9>!", 7), "see ");
        assert_eq!(truncate_at_boundary("<:wave:123> hi", 12), "<:wave:123> ");
        assert_eq!(truncate_at_boundary("<a:dance:5>", 10), "");
        assert_eq!(truncate_at_boundary("[docs](https://x.io) ok", 10), "");
        assert_eq!(truncate_at_boundary("at <t:1700000000:R>.", 18), "at ");
        assert_eq!(truncate_at_boundary("é́ x", 1), "");
        assert_eq!(truncate_at_boundary("🇫🇷🇩🇪", 3), "🇫🇷");
        // What only looks like markup is cut as plain text.
        assert_eq!(truncate_at_boundary("<@me> and [a] (b)", 3), "<@m");
    }

    #[test]
    fn shortening_marks_the_cut() {
        assert_eq!(shorten("short", 5), "short");
        assert_eq!(shorten("hello <@123456>", 10), "hello…");
        assert_eq!(shorten("abc", 0), "");
        assert_eq!(shorten("abcdef", 1), "…");
    }

    /// Pieces that each show as one thing; plain pieces cannot start markup by accident.
    fn piece() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-z ]",
            (1u64..u64::MAX).prop_map(|id| format!("<@{id}>")),
            (1u64..u64::MAX).prop_map(|id| format!("<@&{id}>")),
            (1u64..u64::MAX).prop_map(|id| format!("<#{id}>")),
            ("[a-z_]{1,32}", 1u64..u64::MAX).prop_map(|(n, id)| format!("<:{n}:{id}>")),
            ("[a-z_]{1,32}", 1u64..u64::MAX).prop_map(|(n, id)| format!("<a:{n}:{id}>")),
            ("[a-z ]{1,20}", "[a-z/.:]{1,30}").prop_map(|(t, u)| format!("[{t}](https://{u})")),
            Just("👨\u{200D}👩\u{200D}👧".to_owned()),
            Just("🇫🇷".to_owned()),
            Just("❤\u{FE0F}".to_owned()),
            Just("e\u{0301}".to_owned()),
            Just("🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}".to_owned()),
        ]
    }

    proptest! {
        #[test]
        fn cuts_fall_between_whole_pieces_and_keep_all_that_fits(
            pieces in proptest::collection::vec(piece(), 0..30),
            max in 0usize..200,
        ) {
            let text: String = pieces.concat();
            let cut = truncate_at_boundary(&text, max);
            let mut expected = String::new();
            for piece in &pieces {
                if expected.chars().count() + piece.chars().count() > max {
                    break;
                }
                expected.push_str(piece);
            }
            prop_assert_eq!(cut, expected.as_str());
        }

        #[test]
        fn any_text_is_cut_to_a_grapheme_prefix_within_the_limit(
            text in ".{0,120}",
            max in 0usize..150,
        ) {
            let cut = truncate_at_boundary(&text, max);
            prop_assert!(text.starts_with(cut));
            prop_assert!(cut.chars().count() <= max);
            prop_assert!(
                cut.len() == text.len()
                    || text.grapheme_indices(true).any(|(at, _)| at == cut.len())
            );
            if text.chars().count() <= max {
                prop_assert_eq!(cut, text.as_str());
            }
            let short = shorten(&text, max);
            prop_assert!(short.chars().count() <= max);
        }

        #[test]
        fn trimming_leaves_visible_ends_or_nothing(text in "[a \u{200B}\u{FEFF}\u{2800}é]{0,20}") {
            let trimmed = trim_invisible(&text);
            prop_assert_eq!(trimmed.is_empty(), !has_visible(&text));
            if let (Some(first), Some(last)) = (trimmed.chars().next(), trimmed.chars().last()) {
                prop_assert!(!is_invisible(first) && !is_invisible(last));
            }
        }
    }
}
