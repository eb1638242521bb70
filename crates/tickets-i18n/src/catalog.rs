//! The embedded Fluent catalogs.

use crate::locale::Locale;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::collections::HashMap;

/// The catalogs compiled into the binary: (language tag, file name, content).
const SOURCES: &[(&str, &str, &str)] = &[
    (
        "en",
        "tickets.ftl",
        include_str!("../locales/en/tickets.ftl"),
    ),
    ("en", "values.ftl", include_str!("../locales/en/values.ftl")),
    ("en", "web.ftl", include_str!("../locales/en/web.ftl")),
    (
        "en",
        "dashboard.ftl",
        include_str!("../locales/en/dashboard.ftl"),
    ),
    ("en", "staff.ftl", include_str!("../locales/en/staff.ftl")),
    ("en", "close.ftl", include_str!("../locales/en/close.ftl")),
    (
        "en",
        "threads.ftl",
        include_str!("../locales/en/threads.ftl"),
    ),
    (
        "en",
        "feedback.ftl",
        include_str!("../locales/en/feedback.ftl"),
    ),
    (
        "en",
        "autoclose.ftl",
        include_str!("../locales/en/autoclose.ftl"),
    ),
];

/// Named arguments of a message.
pub type Args<'a> = &'a [(&'a str, FluentValue<'a>)];

/// A catalog that failed to load: a bug in a `.ftl` file, caught by the tests.
#[derive(Debug, thiserror::Error)]
pub enum I18nError {
    /// A file does not parse.
    #[error("{lang}/{file} has {count} syntax error(s)")]
    Syntax {
        /// Language tag.
        lang: &'static str,
        /// File name.
        file: &'static str,
        /// Number of errors.
        count: usize,
    },
    /// A message is defined twice.
    #[error("{lang}/{file} defines a message twice")]
    Duplicate {
        /// Language tag.
        lang: &'static str,
        /// File name.
        file: &'static str,
    },
    /// A language tag is invalid.
    #[error("{0} is not a valid language tag")]
    Tag(&'static str),
}

/// Every language's messages.
pub struct Catalog {
    bundles: HashMap<String, FluentBundle<FluentResource>>,
}

impl std::fmt::Debug for Catalog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Catalog")
            .field("languages", &self.bundles.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl Catalog {
    /// Loads the embedded catalogs.
    ///
    /// # Errors
    ///
    /// A syntax error or duplicate message in a catalog file.
    pub fn embedded() -> Result<Self, I18nError> {
        let mut bundles: HashMap<String, FluentBundle<FluentResource>> = HashMap::new();
        for &(lang, file, source) in SOURCES {
            let resource = FluentResource::try_new(source.to_owned()).map_err(|(_, errors)| {
                I18nError::Syntax {
                    lang,
                    file,
                    count: errors.len(),
                }
            })?;
            let id = Locale::parse(lang).ok_or(I18nError::Tag(lang))?;
            let bundle = bundles.entry(lang.to_owned()).or_insert_with(|| {
                let mut bundle = FluentBundle::new_concurrent(vec![id.id().clone()]);
                // Isolation marks (U+2068/U+2069) show up as garbage in channel names and some
                // Discord clients; our values are short and never mix directions on purpose.
                bundle.set_use_isolating(false);
                bundle
            });
            bundle
                .add_resource(resource)
                .map_err(|_| I18nError::Duplicate { lang, file })?;
        }
        Ok(Self { bundles })
    }

    /// The languages that have a catalog, as tags.
    #[must_use]
    pub fn languages(&self) -> Vec<&str> {
        let mut languages: Vec<&str> = self.bundles.keys().map(String::as_str).collect();
        languages.sort_unstable();
        languages
    }

    /// Chooses the language: the server's setting, else the user's Discord locale, else English.
    #[must_use]
    pub fn resolve(&self, guild_setting: Option<&str>, interaction_locale: Option<&str>) -> Locale {
        [guild_setting, interaction_locale]
            .into_iter()
            .flatten()
            .filter_map(Locale::parse)
            .find(|locale| self.bundles.contains_key(locale.language()))
            .unwrap_or_else(Locale::english)
    }

    /// Whether `key` exists in English (every key used by the code must).
    #[must_use]
    pub fn has(&self, key: &str) -> bool {
        self.bundles
            .get("en")
            .is_some_and(|bundle| bundle.has_message(key))
    }

    /// Formats a message in `locale`, falling back to English, then to the key itself.
    ///
    /// A missing key is a bug the tests catch; at run time showing the key beats showing nothing.
    #[must_use]
    pub fn text(&self, locale: &Locale, key: &str, args: Args<'_>) -> String {
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            fluent_args.set(*name, value.clone());
        }
        for lang in [locale.language(), "en"] {
            let Some(bundle) = self.bundles.get(lang) else {
                continue;
            };
            let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
                continue;
            };
            let mut errors = Vec::new();
            let text = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
            if !errors.is_empty() {
                tracing::warn!(key, lang, ?errors, "message formatted with errors");
            }
            return text.into_owned();
        }
        tracing::error!(key, "message missing from every catalog");
        key.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_loads_and_formats_plurals() {
        let catalog = Catalog::embedded().unwrap();
        let en = Locale::english();
        let one = catalog.text(
            &en,
            "error-ticket-limit",
            &[("open", 1.into()), ("limit", 1.into())],
        );
        assert!(one.contains("1 open ticket;"), "{one}");
        let many = catalog.text(
            &en,
            "error-ticket-limit",
            &[("open", 5.into()), ("limit", 5.into())],
        );
        assert!(many.contains("5 open tickets;"), "{many}");
        assert!(!many.contains('\u{2068}'), "no isolation marks");
    }

    #[test]
    fn resolution_prefers_guild_then_user_then_english() {
        let catalog = Catalog::embedded().unwrap();
        assert_eq!(catalog.resolve(Some("en"), Some("fr")).language(), "en");
        assert_eq!(catalog.resolve(None, Some("en-GB")).language(), "en");
        // A language without a catalog falls back to English rather than failing.
        assert_eq!(
            catalog.resolve(Some("xx-invalid!"), Some("ja")).language(),
            "en"
        );
    }

    #[test]
    fn missing_key_shows_the_key() {
        let catalog = Catalog::embedded().unwrap();
        assert_eq!(
            catalog.text(&Locale::english(), "no-such-key", &[]),
            "no-such-key"
        );
        assert!(!catalog.has("no-such-key"));
        assert!(catalog.has("ticket-opened"));
    }
}
