//! Translations: Fluent catalogs embedded in the binary and the choice of a language.
//!
//! Every user-facing string lives in `locales/<lang>/*.ftl`. A message is looked up in the chosen
//! language first and in English when that language lacks it, so a partial translation still
//! shows complete sentences.

mod catalog;
mod locale;

pub use catalog::{Args, Catalog, I18nError};
pub use fluent_bundle::FluentValue;
pub use locale::Locale;
