//! Tags: snippets staff send with `/tag <id>`.

use crate::values::{Problem, ValueError};

/// A tag's id, what staff type after `/tag`: lowercase letters, digits, `-` and `_`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct TagId(String);

impl TagId {
    /// Longest id (Discord's limit on an option choice is 100; short ids are easier to type).
    pub const MAX: usize = 32;

    /// Checks an id; letters are lowercased.
    ///
    /// # Errors
    ///
    /// [`ValueError`] on `tag-id`: empty, too long, or with other characters.
    pub fn parse(raw: &str) -> Result<Self, ValueError> {
        const FIELD: &str = "tag-id";
        let id = raw.trim().to_lowercase();
        let actual = id.chars().count();
        if actual == 0 {
            return Err(ValueError::Empty { field: FIELD });
        }
        if !crate::text::has_visible(&id) {
            return Err(ValueError::Invalid {
                field: FIELD,
                problem: Problem::Invisible,
            });
        }
        if actual > Self::MAX {
            return Err(ValueError::TooLong {
                field: FIELD,
                max: Self::MAX,
                actual,
            });
        }
        if !id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
        {
            return Err(ValueError::Invalid {
                field: FIELD,
                problem: Problem::Choice,
            });
        }
        Ok(Self(id))
    }

    /// The id.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A tag's message text (Discord's 2000 characters); blank is `None`.
///
/// # Errors
///
/// [`ValueError::TooLong`] or [`Problem::Invisible`] on `tag-content`.
pub fn tag_content(raw: &str) -> Result<Option<String>, ValueError> {
    let text = crate::values::bounded_content("tag-content", 2000, raw)?;
    Ok((!text.is_empty()).then_some(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_short_lowercase_words() {
        assert_eq!(TagId::parse(" Rules ").unwrap().as_str(), "rules");
        assert_eq!(TagId::parse("how-to_1").unwrap().as_str(), "how-to_1");
        assert!(TagId::parse("two words").is_err());
        assert!(TagId::parse("").is_err());
        assert!(TagId::parse(&"a".repeat(33)).is_err());
        assert!(tag_content(&"x".repeat(2001)).is_err());
        assert_eq!(tag_content("  ").unwrap(), None);
        for invisible in ["\u{200B}", "\u{FEFF}\u{2060}"] {
            let problem = |e: ValueError| {
                matches!(
                    e,
                    ValueError::Invalid {
                        problem: Problem::Invisible,
                        ..
                    }
                )
            };
            assert!(TagId::parse(invisible).is_err_and(problem));
            assert!(tag_content(invisible).is_err_and(problem));
        }
    }
}
