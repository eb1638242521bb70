//! Path templates (`/channels/{channel_id}/messages`) compiled into segments and matched.

use std::collections::HashMap;

use super::SpecError;
use super::formats::is_snowflake;

/// One segment of a template.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Literal(Box<str>),
    /// A `{name}` parameter; snowflake parameters only match digits, as Discord's routes do.
    Param {
        name: Box<str>,
        snowflake: bool,
    },
}

/// A compiled path template.
#[derive(Debug, Clone)]
pub(crate) struct Template {
    text: Box<str>,
    segments: Vec<Segment>,
}

impl Template {
    /// Compiles a template; `is_snowflake_param` says which parameters are typed as snowflakes.
    ///
    /// # Errors
    ///
    /// Returns an error when a `{` does not span a whole segment.
    pub(crate) fn parse(
        text: &str,
        is_snowflake_param: impl Fn(&str) -> bool,
    ) -> Result<Self, SpecError> {
        let body = text
            .strip_prefix('/')
            .ok_or_else(|| SpecError::invalid(text, "path template does not start with /"))?;
        let mut segments = Vec::new();
        for part in body.split('/') {
            let segment = match part.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
                Some(name) if !name.is_empty() && !name.contains(['{', '}']) => Segment::Param {
                    name: name.into(),
                    snowflake: is_snowflake_param(name),
                },
                _ if part.contains(['{', '}']) => {
                    return Err(SpecError::invalid(
                        text,
                        "parameter does not span a whole segment",
                    ));
                }
                _ => Segment::Literal(part.into()),
            };
            segments.push(segment);
        }
        Ok(Self {
            text: text.into(),
            segments,
        })
    }

    pub(crate) fn text(&self) -> &str {
        &self.text
    }

    /// Matches decoded request segments, returning the parameters in template order.
    fn capture<'t>(&'t self, parts: &[String]) -> Option<Vec<(&'t str, String)>> {
        if parts.len() != self.segments.len() {
            return None;
        }
        let mut params = Vec::new();
        for (segment, part) in self.segments.iter().zip(parts) {
            match segment {
                Segment::Literal(literal) if **literal == **part => {}
                Segment::Param { name, snowflake }
                    if !part.is_empty() && (!snowflake || is_snowflake(part)) =>
                {
                    params.push((&**name, part.clone()));
                }
                _ => return None,
            }
        }
        Some(params)
    }

    /// Sort key: literals before parameters, position by position, so `@me` beats `{user_id}`.
    fn precedence(&self) -> Vec<bool> {
        self.segments
            .iter()
            .map(|s| matches!(s, Segment::Param { .. }))
            .collect()
    }
}

/// All templates of the spec, bucketed by segment count and ordered by precedence.
#[derive(Debug, Default)]
pub(crate) struct Router {
    templates: Vec<Template>,
    by_length: HashMap<usize, Vec<usize>>,
}

impl Router {
    /// Adds a template and returns its index.
    pub(crate) fn add(&mut self, template: Template) -> usize {
        let index = self.templates.len();
        self.by_length
            .entry(template.segments.len())
            .or_default()
            .push(index);
        self.templates.push(template);
        index
    }

    /// Orders every bucket by precedence; call once after the last [`Self::add`].
    pub(crate) fn seal(&mut self) {
        for bucket in self.by_length.values_mut() {
            bucket.sort_by_cached_key(|&i| self.templates[i].precedence());
        }
    }

    pub(crate) fn template(&self, index: usize) -> &Template {
        &self.templates[index]
    }

    /// The matching templates for a request path, best first, with their captured parameters.
    ///
    /// Several can match (`/users/@me` and `/users/{user_id}`); the caller takes the first one
    /// that has the request's method, as Discord's router falls through on a method mismatch.
    pub(crate) fn candidates<'r>(&'r self, path: &str) -> Vec<(usize, Vec<(&'r str, String)>)> {
        let Some(body) = path.strip_prefix('/') else {
            return Vec::new();
        };
        let parts: Vec<String> = body.split('/').map(percent_decode).collect();
        let Some(bucket) = self.by_length.get(&parts.len()) else {
            return Vec::new();
        };
        bucket
            .iter()
            .filter_map(|&i| self.templates[i].capture(&parts).map(|params| (i, params)))
            .collect()
    }
}

/// Decodes `%XX` escapes (emoji names in reaction routes arrive encoded); invalid UTF-8 after
/// decoding keeps the raw segment.
fn percent_decode(segment: &str) -> String {
    if !segment.contains('%') {
        return segment.to_owned();
    }
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%')
            .then(|| bytes.get(i + 1..i + 3))
            .flatten()
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        if let Some(byte) = escaped {
            out.push(byte);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| segment.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn router(templates: &[&str]) -> Router {
        let mut router = Router::default();
        for text in templates {
            let template = Template::parse(text, |name| name.ends_with("_id")).unwrap();
            router.add(template);
        }
        router.seal();
        router
    }

    fn best(router: &Router, path: &str) -> Option<String> {
        let candidates = router.candidates(path);
        let (index, _) = candidates.first()?;
        Some(router.template(*index).text().to_owned())
    }

    #[test]
    fn literal_segments_win_over_parameters_whatever_the_insertion_order() {
        let router = router(&[
            "/users/{user_id}",
            "/users/@me",
            "/x/{a_id}/{b}",
            "/x/{a_id}/lit",
        ]);
        assert_eq!(best(&router, "/users/@me").as_deref(), Some("/users/@me"));
        assert_eq!(
            best(&router, "/users/42").as_deref(),
            Some("/users/{user_id}")
        );
        assert_eq!(best(&router, "/x/1/lit").as_deref(), Some("/x/{a_id}/lit"));
        assert_eq!(
            best(&router, "/x/1/other").as_deref(),
            Some("/x/{a_id}/{b}")
        );
    }

    #[test]
    fn snowflake_parameters_only_match_digits_and_others_any_segment() {
        let router = router(&["/channels/{channel_id}", "/invites/{code}"]);
        assert!(router.candidates("/channels/abc").is_empty());
        assert!(router.candidates("/channels/").is_empty());
        let captured = router.candidates("/invites/abc%20d");
        assert_eq!(captured[0].1, vec![("code", "abc d".to_owned())]);
    }

    #[test]
    fn percent_decoding_keeps_invalid_sequences() {
        assert_eq!(percent_decode("%F0%9F%91%8D"), "👍");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%FF"), "%FF");
    }

    #[test]
    fn templates_with_partial_parameters_are_refused() {
        assert!(Template::parse("/a/x{b}", |_| false).is_err());
        assert!(Template::parse("a/b", |_| false).is_err());
    }
}
