//! Language identifiers and the order in which a language is chosen.

use unic_langid::LanguageIdentifier;

/// A language the catalog may answer in.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Locale(LanguageIdentifier);

impl Locale {
    /// English, the language every message exists in.
    #[must_use]
    pub fn english() -> Self {
        Self(unic_langid::langid!("en"))
    }

    /// Parses a Discord locale tag such as `en-US`, `pt-BR` or `fr`; `None` when unparsable.
    #[must_use]
    pub fn parse(tag: &str) -> Option<Self> {
        tag.parse::<LanguageIdentifier>().ok().map(Self)
    }

    /// The language alone, without region (`pt-BR` becomes `pt`).
    #[must_use]
    pub fn language(&self) -> &str {
        self.0.language.as_str()
    }

    pub(crate) fn id(&self) -> &LanguageIdentifier {
        &self.0
    }
}
