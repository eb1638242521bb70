//! The emoji on a panel's button: a Unicode emoji, or a custom emoji of the server.

use crate::values::{Problem, ValueError};
use std::fmt;
use twilight_model::channel::message::EmojiReactionType;
use twilight_model::id::Id;
use twilight_model::id::marker::EmojiMarker;

/// A validated button emoji.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PanelEmoji {
    /// A Unicode emoji such as 📩.
    Unicode(String),
    /// A custom emoji of the server, written `<:name:id>` (or `<a:name:id>` when animated).
    Custom {
        /// Its name.
        name: String,
        /// Its id.
        id: Id<EmojiMarker>,
        /// Whether it is animated.
        animated: bool,
    },
}

fn invalid() -> ValueError {
    ValueError::Invalid {
        field: "emoji",
        problem: Problem::Emoji,
    }
}

impl PanelEmoji {
    /// Parses what an admin typed or what was stored; blank text means no emoji.
    ///
    /// # Errors
    ///
    /// [`ValueError::Invalid`] for text that is neither a short Unicode emoji nor `<:name:id>`.
    pub fn parse(raw: &str) -> Result<Option<Self>, ValueError> {
        let text = raw.trim();
        if text.is_empty() {
            return Ok(None);
        }
        if let Some(inner) = text.strip_prefix('<').and_then(|t| t.strip_suffix('>')) {
            let (animated, rest) = match inner.strip_prefix("a:") {
                Some(rest) => (true, rest),
                None => (false, inner.strip_prefix(':').ok_or_else(invalid)?),
            };
            let (name, id) = rest.split_once(':').ok_or_else(invalid)?;
            let name_ok = (2..=32).contains(&name.len())
                && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
            let id = id.parse::<u64>().ok().and_then(Id::new_checked);
            return match (name_ok, id) {
                (true, Some(id)) => Ok(Some(Self::Custom {
                    name: name.to_owned(),
                    id,
                    animated,
                })),
                _ => Err(invalid()),
            };
        }
        // A Unicode emoji is a few code points (skin tones and joiners included), none of them
        // plain ASCII letters, digits or spaces: that keeps words and shortcodes out.
        let plain = text
            .chars()
            .any(|c| c.is_ascii_alphanumeric() || c.is_whitespace() || c == ':');
        if plain || text.chars().count() > 10 || text.is_ascii() {
            return Err(invalid());
        }
        Ok(Some(Self::Unicode(text.to_owned())))
    }

    /// The emoji as a button shows it.
    #[must_use]
    pub fn to_discord(&self) -> EmojiReactionType {
        match self {
            Self::Unicode(name) => EmojiReactionType::Unicode { name: name.clone() },
            Self::Custom { name, id, animated } => EmojiReactionType::Custom {
                animated: *animated,
                id: *id,
                name: Some(name.clone()),
            },
        }
    }
}

impl fmt::Display for PanelEmoji {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unicode(name) => f.write_str(name),
            Self::Custom { name, id, animated } => {
                write!(f, "<{}:{name}:{id}>", if *animated { "a" } else { "" })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unicode_and_custom_emoji_round_trip() {
        for written in ["📩", "👍🏽", "<:ticket:123456789012345678>", "<a:wave_2:42>"] {
            let emoji = PanelEmoji::parse(written).unwrap().unwrap();
            assert_eq!(emoji.to_string(), written);
        }
        assert_eq!(PanelEmoji::parse("  ").unwrap(), None);
    }

    #[test]
    fn words_shortcodes_and_broken_custom_emoji_are_refused() {
        for bad in [
            "envelope",
            ":envelope:",
            "a b",
            "<:x:1>",
            "<:name:>",
            "<:name:abc>",
            "<name:1>",
            "📩📩📩📩📩📩📩📩📩📩📩",
        ] {
            assert!(PanelEmoji::parse(bad).is_err(), "{bad}");
        }
    }
}
