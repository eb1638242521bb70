//! Validated values of panels (ticket types): what their message shows and how their tickets
//! open. Each comes from a dashboard or API form through `parse`.

use crate::values::{Problem, ValueError, bounded_content, bounded_text};
use crate::{RoleId, UserId};
use std::fmt;

/// The bold title of a panel's embed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PanelTitle(String);

impl PanelTitle {
    /// Longest title.
    pub const MAX: usize = 255;
    /// The title of a panel created with the field left blank.
    pub const DEFAULT: &'static str = "Open a ticket!";

    /// Parses a title; blank text gives the default.
    ///
    /// # Errors
    ///
    /// [`ValueError::TooLong`] above 255 characters.
    pub fn parse(raw: &str) -> Result<Self, ValueError> {
        let title = bounded_text("panel-title", Self::MAX, raw)?;
        Ok(Self(if title.is_empty() {
            Self::DEFAULT.to_owned()
        } else {
            title
        }))
    }

    /// The title.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The description of a panel's embed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PanelContent(String);

impl PanelContent {
    /// Longest content.
    pub const MAX: usize = 1024;

    /// Parses the content; it may be empty.
    ///
    /// # Errors
    ///
    /// [`ValueError::TooLong`] above 1024 characters.
    pub fn parse(raw: &str) -> Result<Self, ValueError> {
        bounded_content("panel-content", Self::MAX, raw).map(Self)
    }

    /// The content.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An embed colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Colour(u32);

impl Colour {
    /// Discord's blurple, the default.
    pub const DEFAULT: Self = Self(0x0058_65F2);

    /// Parses `#5865F2` or `5865f2`.
    ///
    /// # Errors
    ///
    /// [`ValueError::Invalid`] for anything else.
    pub fn parse(raw: &str) -> Result<Self, ValueError> {
        let hex = raw.trim().trim_start_matches('#');
        if hex.len() != 6 {
            return Err(Self::invalid());
        }
        u32::from_str_radix(hex, 16)
            .map(Self)
            .map_err(|_| Self::invalid())
    }

    fn invalid() -> ValueError {
        ValueError::Invalid {
            field: "colour",
            problem: Problem::Colour,
        }
    }

    /// A stored colour; out-of-range values keep their low 24 bits.
    #[must_use]
    pub const fn from_u32(value: u32) -> Self {
        Self(value & 0x00FF_FFFF)
    }

    /// The colour as Discord's integer.
    #[must_use]
    pub const fn get(self) -> u32 {
        self.0
    }
}

impl fmt::Display for Colour {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{:06x}", self.0)
    }
}

/// The colour of a panel's button.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ButtonStyle {
    /// Blurple.
    #[default]
    Primary,
    /// Grey.
    Secondary,
    /// Green.
    Success,
    /// Red.
    Danger,
}

impl ButtonStyle {
    /// Every style, in the order a form offers them.
    pub const ALL: [Self; 4] = [Self::Primary, Self::Secondary, Self::Success, Self::Danger];

    /// The stored spelling.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Primary => "primary",
            Self::Secondary => "secondary",
            Self::Success => "success",
            Self::Danger => "danger",
        }
    }

    /// Parses a stored or submitted spelling.
    ///
    /// # Errors
    ///
    /// [`ValueError::Invalid`] for an unknown style.
    pub fn parse(raw: &str) -> Result<Self, ValueError> {
        Self::ALL
            .into_iter()
            .find(|s| s.as_str() == raw.trim())
            .ok_or(ValueError::Invalid {
                field: "button-style",
                problem: Problem::Choice,
            })
    }

    /// Twilight's style.
    #[must_use]
    pub const fn to_discord(self) -> twilight_model::channel::message::component::ButtonStyle {
        use twilight_model::channel::message::component::ButtonStyle as D;
        match self {
            Self::Primary => D::Primary,
            Self::Secondary => D::Secondary,
            Self::Success => D::Success,
            Self::Danger => D::Danger,
        }
    }
}

/// The text of a panel's button.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ButtonLabel(String);

impl ButtonLabel {
    /// Discord's limit for button labels.
    pub const MAX: usize = 80;

    /// Parses a label; blank text gives `None` (the caller uses the panel title).
    ///
    /// # Errors
    ///
    /// [`ValueError::TooLong`] above 80 characters.
    pub fn parse(raw: &str) -> Result<Option<Self>, ValueError> {
        let label = bounded_text("button-label", Self::MAX, raw)?;
        Ok((!label.is_empty()).then_some(Self(label)))
    }

    /// The label.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A panel's own welcome message, replacing the server's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WelcomeMessage(String);

impl WelcomeMessage {
    /// Discord's limit for an embed description.
    pub const MAX: usize = 4096;

    /// Parses a welcome message; blank text gives `None` (the server's message is used).
    ///
    /// # Errors
    ///
    /// [`ValueError::TooLong`] above 4096 characters.
    pub fn parse(raw: &str) -> Result<Option<Self>, ValueError> {
        let message = bounded_content("welcome-message", Self::MAX, raw)?;
        Ok((!message.is_empty()).then_some(Self(message)))
    }

    /// The message as written, placeholders included.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The grey text of a multi-panel's select menu before a choice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SelectPlaceholder(String);

impl SelectPlaceholder {
    /// Discord's limit for select menu placeholders.
    pub const MAX: usize = 150;

    /// Parses a placeholder; blank text gives `None` (Discord's own).
    ///
    /// # Errors
    ///
    /// [`ValueError::TooLong`] above 150 characters.
    pub fn parse(raw: &str) -> Result<Option<Self>, ValueError> {
        let placeholder = bounded_text("select-placeholder", Self::MAX, raw)?;
        Ok((!placeholder.is_empty()).then_some(Self(placeholder)))
    }

    /// The placeholder.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The web address of an image shown in an embed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageUrl(String);

impl ImageUrl {
    /// Longest address accepted.
    pub const MAX: usize = 2048;
    const EXTENSIONS: [&'static str; 5] = [".png", ".jpg", ".jpeg", ".gif", ".webp"];

    /// Parses an http(s) address whose path ends in an image extension; blank gives `None`.
    ///
    /// # Errors
    ///
    /// [`ValueError::TooLong`] or [`ValueError::Invalid`].
    pub fn parse(field: &'static str, raw: &str) -> Result<Option<Self>, ValueError> {
        let url = bounded_content(field, Self::MAX, raw)?;
        if url.is_empty() {
            return Ok(None);
        }
        let invalid = ValueError::Invalid {
            field,
            problem: Problem::ImageUrl,
        };
        let rest = url
            .strip_prefix("https://")
            .or_else(|| url.strip_prefix("http://"))
            .ok_or(invalid.clone())?;
        let (host, path) = rest.split_once('/').ok_or(invalid.clone())?;
        let path = path.split(['?', '#']).next().unwrap_or_default();
        let path_lower = path.to_ascii_lowercase();
        let image = Self::EXTENSIONS.iter().any(|e| path_lower.ends_with(e));
        if host.is_empty() || url.chars().any(char::is_whitespace) || !image {
            return Err(invalid);
        }
        Ok(Some(Self(url)))
    }

    /// The address.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Who is pinged when a ticket opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mention {
    /// Everyone online who can see the channel.
    Here,
    /// A role.
    Role(RoleId),
    /// A member.
    User(UserId),
}

/// An id within the range the databases store: one beyond it is refused, never clamped.
fn snowflake<T>(text: &str) -> Option<twilight_model::id::Id<T>> {
    crate::ids::parse_snowflake("mention-on-open", text)
        .ok()
        .flatten()
}

/// The mentions sent (and deleted at once) when a panel's ticket opens.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MentionOnOpen(Vec<Mention>);

impl MentionOnOpen {
    /// The most mentions one panel may send.
    pub const MAX: usize = 25;

    /// Parses a space-separated list of `here`, `role:<id>` and `user:<id>` (the stored form,
    /// also what the dashboard submits). Mentions written as `@here`, `<@&id>` and `<@id>` are
    /// accepted too.
    ///
    /// # Errors
    ///
    /// [`ValueError::Invalid`] for an unreadable entry, [`ValueError::TooMany`] above 25.
    pub fn parse(raw: &str) -> Result<Self, ValueError> {
        let invalid = ValueError::Invalid {
            field: "mention-on-open",
            problem: Problem::Mention,
        };
        let mut mentions = Vec::new();
        for token in raw.split([' ', ',', '\n']).filter(|t| !t.is_empty()) {
            let mention = if token == "here" || token == "@here" {
                Mention::Here
            } else if let Some(id) = token
                .strip_prefix("role:")
                .or_else(|| token.strip_prefix("<@&")?.strip_suffix('>'))
            {
                Mention::Role(snowflake(id).ok_or_else(|| invalid.clone())?)
            } else if let Some(id) = token.strip_prefix("user:").or_else(|| {
                let inner = token.strip_prefix("<@")?.strip_suffix('>')?;
                Some(inner.strip_prefix('!').unwrap_or(inner))
            }) {
                Mention::User(snowflake(id).ok_or_else(|| invalid.clone())?)
            } else {
                return Err(invalid);
            };
            if !mentions.contains(&mention) {
                mentions.push(mention);
            }
        }
        if mentions.len() > Self::MAX {
            return Err(ValueError::TooMany {
                field: "mention-on-open",
                max: Self::MAX,
            });
        }
        Ok(Self(mentions))
    }

    /// The mentions.
    #[must_use]
    pub fn mentions(&self) -> &[Mention] {
        &self.0
    }

    /// Whether nobody is to be mentioned.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The stored form, which [`MentionOnOpen::parse`] reads back.
    #[must_use]
    pub fn to_stored(&self) -> String {
        self.0
            .iter()
            .map(|m| match m {
                Mention::Here => "here".to_owned(),
                Mention::Role(id) => format!("role:{id}"),
                Mention::User(id) => format!("user:{id}"),
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The message text that pings everyone listed.
    #[must_use]
    pub fn content(&self) -> String {
        self.0
            .iter()
            .map(|m| match m {
                Mention::Here => "@here".to_owned(),
                Mention::Role(id) => format!("<@&{id}>"),
                Mention::User(id) => format!("<@{id}>"),
            })
            .collect::<Vec<_>>()
            .join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_labels_and_messages_that_show_nothing_are_refused() {
        let text = "\u{200B}\u{200C}\u{FEFF}";
        let problem = |result: Result<(), ValueError>| {
            matches!(
                result,
                Err(ValueError::Invalid {
                    problem: Problem::Invisible,
                    ..
                })
            )
        };
        assert!(problem(PanelTitle::parse(text).map(drop)));
        assert!(problem(ButtonLabel::parse(text).map(drop)));
        assert!(problem(SelectPlaceholder::parse(text).map(drop)));
        assert!(problem(WelcomeMessage::parse(text).map(drop)));
        assert!(problem(PanelContent::parse(text).map(drop)));
        assert_eq!(ButtonLabel::parse(" ").unwrap(), None);
    }

    #[test]
    fn titles_default_and_are_bounded() {
        assert_eq!(PanelTitle::parse(" ").unwrap().as_str(), "Open a ticket!");
        assert_eq!(
            PanelTitle::parse(&"x".repeat(256)).unwrap_err(),
            ValueError::TooLong {
                field: "panel-title",
                max: 255,
                actual: 256
            }
        );
        assert!(PanelTitle::parse(&"x".repeat(255)).is_ok());
        assert!(PanelContent::parse(&"x".repeat(1025)).is_err());
        assert!(WelcomeMessage::parse(&"x".repeat(4097)).is_err());
        assert_eq!(WelcomeMessage::parse("").unwrap(), None);
        assert!(ButtonLabel::parse(&"x".repeat(81)).is_err());
    }

    #[test]
    fn colours_parse_with_or_without_hash() {
        assert_eq!(Colour::parse("#5865F2").unwrap().get(), 0x0058_65F2);
        assert_eq!(Colour::parse("00ff00").unwrap().to_string(), "#00ff00");
        for bad in ["", "#12345", "#1234567", "red", "#gggggg"] {
            assert!(Colour::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn button_styles_round_trip() {
        for style in ButtonStyle::ALL {
            assert_eq!(ButtonStyle::parse(style.as_str()).unwrap(), style);
        }
        assert!(ButtonStyle::parse("link").is_err());
    }

    #[test]
    fn image_urls_must_be_web_images() {
        let ok = [
            "https://cdn.example.org/banner.png",
            "http://example.org/a/b.JPG?size=4",
            "https://example.org/x.webp",
        ];
        for url in ok {
            assert!(
                ImageUrl::parse("large-image-url", url).unwrap().is_some(),
                "{url}"
            );
        }
        let bad = [
            "ftp://example.org/a.png",
            "https:///a.png",
            "https://example.org/a.txt",
            "https://example.org",
            "javascript:alert(1).png",
            "https://exa mple.org/a.png",
        ];
        for url in bad {
            assert!(ImageUrl::parse("large-image-url", url).is_err(), "{url}");
        }
        assert_eq!(ImageUrl::parse("small-image-url", "").unwrap(), None);
    }

    #[test]
    fn mentions_parse_from_stored_and_written_forms() {
        let m = MentionOnOpen::parse("here role:12 <@&13> user:14 <@!15> here").unwrap();
        assert_eq!(m.to_stored(), "here role:12 role:13 user:14 user:15");
        assert_eq!(m.content(), "@here <@&12> <@&13> <@14> <@15>");
        assert_eq!(MentionOnOpen::parse(&m.to_stored()).unwrap(), m);
        assert!(MentionOnOpen::parse("everyone").is_err());
        assert!(MentionOnOpen::parse("role:0").is_err());
        // Regression: an id beyond the stored range was clamped to another id.
        assert!(MentionOnOpen::parse("role:18446744073709551615").is_err());
        assert!(MentionOnOpen::parse("<@9223372036854775808>").is_err());
        let many: Vec<String> = (1..=26).map(|i| format!("user:{i}")).collect();
        assert!(matches!(
            MentionOnOpen::parse(&many.join(" ")),
            Err(ValueError::TooMany { max: 25, .. })
        ));
    }
}
