//! Discord's "Invalid Form Body" error (code 50035) and the field paths it nests by.

use std::fmt;

use serde_json::{Map, Value, json};

/// The JSON error code Discord answers with when a request body or query string is invalid.
pub const INVALID_FORM_BODY: u32 = 50035;

/// Field error codes Discord uses inside `_errors`, as far as they are known.
///
/// Codes marked "approximate" are our best reconstruction: the spec does not list them and we
/// have not seen Discord produce them verbatim.
pub mod codes {
    /// A required field is missing, or `null` where the field does not allow it.
    pub const BASE_TYPE_REQUIRED: &str = "BASE_TYPE_REQUIRED";
    /// A string, array or map is longer than allowed.
    pub const BASE_TYPE_MAX_LENGTH: &str = "BASE_TYPE_MAX_LENGTH";
    /// A string, array or map is shorter than allowed.
    pub const BASE_TYPE_MIN_LENGTH: &str = "BASE_TYPE_MIN_LENGTH";
    /// A length outside an interval with both ends set.
    pub const BASE_TYPE_BAD_LENGTH: &str = "BASE_TYPE_BAD_LENGTH";
    /// A value outside an enumeration.
    pub const BASE_TYPE_CHOICES: &str = "BASE_TYPE_CHOICES";
    /// A number above its maximum.
    pub const NUMBER_TYPE_MAX: &str = "NUMBER_TYPE_MAX";
    /// A number below its minimum.
    pub const NUMBER_TYPE_MIN: &str = "NUMBER_TYPE_MIN";
    /// A value that cannot be read as an integer, a float or a snowflake.
    pub const NUMBER_TYPE_COERCE: &str = "NUMBER_TYPE_COERCE";
    /// A value that is not a string (approximate code, Discord's message).
    pub const STRING_TYPE_CONVERT: &str = "STRING_TYPE_CONVERT";
    /// A string that does not match the pattern the spec gives.
    pub const STRING_TYPE_REGEX: &str = "STRING_TYPE_REGEX";
    /// A value that is not a boolean (approximate).
    pub const BOOLEAN_TYPE_CONVERT: &str = "BOOLEAN_TYPE_CONVERT";
    /// A value that is not an object where a model (an object with known fields) is expected.
    pub const MODEL_TYPE_CONVERT: &str = "MODEL_TYPE_CONVERT";
    /// A value that is not an object where a map is expected (also the body itself).
    pub const DICT_TYPE_CONVERT: &str = "DICT_TYPE_CONVERT";
    /// A value that is not an array.
    pub const LIST_TYPE_CONVERT: &str = "LIST_TYPE_CONVERT";
    /// A `null` item in an array whose items may not be `null`.
    pub const LIST_ITEM_VALUE_REQUIRED: &str = "LIST_ITEM_VALUE_REQUIRED";
    /// Two equal items in an array whose items must be unique (approximate).
    pub const LIST_ITEM_VALUE_DUPLICATED: &str = "LIST_ITEM_VALUE_DUPLICATED";
    /// A union (`oneOf`/`anyOf` of models) whose discriminating field has an unknown value.
    pub const UNION_TYPE_CHOICES: &str = "UNION_TYPE_CHOICES";
    /// A string that is not a URL.
    pub const URL_TYPE_INVALID_URL: &str = "URL_TYPE_INVALID_URL";
    /// A string that is not an ISO 8601 timestamp.
    pub const DATE_TIME_TYPE_PARSE: &str = "DATE_TIME_TYPE_PARSE";
    /// A field the schema forbids (`additionalProperties: false`; approximate).
    pub const BASE_TYPE_UNKNOWN_FIELD: &str = "BASE_TYPE_UNKNOWN_FIELD";
    /// A value nested deeper than the validator follows (approximate).
    pub const BASE_TYPE_MAX_DEPTH: &str = "BASE_TYPE_MAX_DEPTH";
}

/// One step of the path to a field: an object key or an array index.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PathSegment {
    /// An object key.
    Key(String),
    /// An array index.
    Index(usize),
}

impl From<&str> for PathSegment {
    fn from(key: &str) -> Self {
        Self::Key(key.to_owned())
    }
}

impl From<String> for PathSegment {
    fn from(key: String) -> Self {
        Self::Key(key)
    }
}

impl From<usize> for PathSegment {
    fn from(index: usize) -> Self {
        Self::Index(index)
    }
}

impl From<&PathSegment> for PathSegment {
    fn from(segment: &PathSegment) -> Self {
        segment.clone()
    }
}

impl fmt::Display for PathSegment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Key(key) => f.write_str(key),
            Self::Index(index) => write!(f, "{index}"),
        }
    }
}

/// Renders a path the way client libraries print Discord's errors: `embeds.0.title`.
///
/// The empty path (the body itself) renders as `(root)`.
#[must_use]
pub fn format_path(path: &[PathSegment]) -> String {
    if path.is_empty() {
        return "(root)".to_owned();
    }
    let mut out = String::new();
    for (i, segment) in path.iter().enumerate() {
        if i > 0 {
            out.push('.');
        }
        out.push_str(&segment.to_string());
    }
    out
}

/// One failed check: where, Discord's code, and the human-readable message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    path: Vec<PathSegment>,
    code: String,
    message: String,
    /// Set when the value had the wrong JSON type, which tells union branches apart.
    pub(crate) type_mismatch: bool,
}

impl FieldError {
    /// The path to the field, empty for the body itself.
    #[must_use]
    pub fn path(&self) -> &[PathSegment] {
        &self.path
    }

    /// Discord's error code, e.g. `BASE_TYPE_MAX_LENGTH`.
    #[must_use]
    pub fn code(&self) -> &str {
        &self.code
    }

    /// The message, e.g. `Must be 256 or fewer in length.`.
    #[must_use]
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}[{}]: {}",
            format_path(&self.path),
            self.code,
            self.message
        )
    }
}

/// A set of field errors that becomes Discord's `{"code": 50035, "errors": {...}}` body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FormErrors {
    errors: Vec<FieldError>,
}

impl FormErrors {
    /// Adds an error and returns the set, for building one in an expression.
    #[must_use]
    pub fn push<P>(mut self, path: &[P], code: &str, message: impl Into<String>) -> Self
    where
        P: Clone + Into<PathSegment>,
    {
        self.add(path, code, message);
        self
    }

    /// Adds an error in place.
    pub fn add<P>(&mut self, path: &[P], code: &str, message: impl Into<String>)
    where
        P: Clone + Into<PathSegment>,
    {
        let path = path.iter().cloned().map(Into::into).collect();
        self.insert(FieldError {
            path,
            code: code.to_owned(),
            message: message.into(),
            type_mismatch: false,
        });
    }

    /// Adds a fully built error, skipping exact duplicates (allOf branches can repeat a check).
    pub(crate) fn insert(&mut self, error: FieldError) {
        if !self.errors.contains(&error) {
            self.errors.push(error);
        }
    }

    /// Adds an error found by the validator.
    pub(crate) fn report(
        &mut self,
        path: &[PathSegment],
        code: &str,
        message: String,
        type_mismatch: bool,
    ) {
        self.insert(FieldError {
            path: path.to_vec(),
            code: code.to_owned(),
            message,
            type_mismatch,
        });
    }

    /// Moves every error of `other` into this set.
    pub fn extend(&mut self, other: Self) {
        for error in other.errors {
            self.insert(error);
        }
    }

    /// Whether no error was recorded.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    /// How many errors were recorded.
    #[must_use]
    pub fn len(&self) -> usize {
        self.errors.len()
    }

    /// The errors, in the order they were found.
    pub fn iter(&self) -> impl Iterator<Item = &FieldError> {
        self.errors.iter()
    }

    /// `Ok(())` when empty, otherwise `Err(self)`.
    ///
    /// # Errors
    ///
    /// Returns the set itself when it holds at least one error.
    pub fn into_result(self) -> Result<(), Self> {
        if self.is_empty() { Ok(()) } else { Err(self) }
    }

    /// The dotted path of the first error, for logs (`embeds.0.title`).
    #[must_use]
    pub fn first_path(&self) -> Option<String> {
        self.errors.first().map(|error| format_path(&error.path))
    }

    /// Discord's response body: `{"code": 50035, "errors": {...}, "message": "Invalid Form Body"}`.
    #[must_use]
    pub fn to_json(&self) -> Value {
        let mut tree = Map::new();
        for error in &self.errors {
            insert_at(&mut tree, &error.path, error);
        }
        json!({
            "code": INVALID_FORM_BODY,
            "errors": Value::Object(tree),
            "message": "Invalid Form Body",
        })
    }

    /// One line per error, `path[CODE]: message`, as used in response-validation reports.
    #[must_use]
    pub fn to_lines(&self) -> Vec<String> {
        self.errors.iter().map(ToString::to_string).collect()
    }
}

/// Places one error in the nested `errors` tree, creating the objects on its path.
fn insert_at(node: &mut Map<String, Value>, path: &[PathSegment], error: &FieldError) {
    match path.split_first() {
        None => {
            let list = node
                .entry("_errors")
                .or_insert_with(|| Value::Array(Vec::new()));
            if let Value::Array(list) = list {
                list.push(json!({ "code": error.code, "message": error.message }));
            }
        }
        Some((head, rest)) => {
            let child = node
                .entry(head.to_string())
                .or_insert_with(|| Value::Object(Map::new()));
            // Only a field literally named `_errors` could hold an array here; it is dropped.
            if let Value::Object(child) = child {
                insert_at(child, rest, error);
            }
        }
    }
}

impl fmt::Display for FormErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Invalid Form Body")?;
        for error in &self.errors {
            write!(f, "\n{error}")?;
        }
        Ok(())
    }
}

impl std::error::Error for FormErrors {}

impl<'a> IntoIterator for &'a FormErrors {
    type Item = &'a FieldError;
    type IntoIter = std::slice::Iter<'a, FieldError>;

    fn into_iter(self) -> Self::IntoIter {
        self.errors.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builder_nests_errors_by_path_and_merges_siblings() {
        let errors = FormErrors::default()
            .push(
                &["content"],
                codes::BASE_TYPE_MAX_LENGTH,
                "Must be 2000 or fewer in length.",
            )
            .push(
                &[PathSegment::from("embeds"), 0.into(), "title".into()],
                codes::BASE_TYPE_REQUIRED,
                "This field is required",
            )
            .push(
                &["embeds", "0"],
                "EMBED_TOO_LONG",
                "Embed size exceeds maximum size of 6000",
            )
            .push::<&str>(&[], "BASE", "root");
        assert!(!errors.is_empty());
        assert_eq!(errors.len(), 4);
        assert_eq!(errors.first_path().as_deref(), Some("content"));
        assert_eq!(
            errors.to_json(),
            json!({"code": 50035, "message": "Invalid Form Body", "errors": {
                "_errors": [{"code": "BASE", "message": "root"}],
                "content": {"_errors": [{"code": "BASE_TYPE_MAX_LENGTH", "message": "Must be 2000 or fewer in length."}]},
                "embeds": {"0": {
                    "_errors": [{"code": "EMBED_TOO_LONG", "message": "Embed size exceeds maximum size of 6000"}],
                    "title": {"_errors": [{"code": "BASE_TYPE_REQUIRED", "message": "This field is required"}]}
                }}
            }})
        );
        assert_eq!(errors.clone().into_result(), Err(errors.clone()));
        assert!(
            errors
                .to_string()
                .contains("embeds.0.title[BASE_TYPE_REQUIRED]: This field is required")
        );
    }

    #[test]
    fn an_empty_set_is_ok_and_duplicates_are_kept_once() {
        let mut errors = FormErrors::default();
        assert!(errors.is_empty());
        assert_eq!(errors.first_path(), None);
        assert_eq!(errors.clone().into_result(), Ok(()));
        errors.add(&["a"], "X", "m");
        errors.add(&["a"], "X", "m");
        assert_eq!(errors.len(), 1);
        assert_eq!(format_path(&[]), "(root)");
    }
}
