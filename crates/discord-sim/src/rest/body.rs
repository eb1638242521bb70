//! Reading request bodies (JSON, or multipart with a `payload_json` part) and query strings.

use axum::body::Bytes;
use axum::http::HeaderMap;
use axum::http::header::CONTENT_TYPE;
use serde_json::Value;

use crate::errors::ApiError;

/// Decodes `a=1&b=x%20y` into pairs, keeping repeated keys.
#[must_use]
pub fn parse_query(raw: &str) -> Vec<(String, String)> {
    if raw.is_empty() {
        return Vec::new();
    }
    let uri = format!("/?{raw}");
    uri.parse::<axum::http::Uri>()
        .ok()
        .and_then(|uri| axum::extract::Query::<Vec<(String, String)>>::try_from_uri(&uri).ok())
        .map(|q| q.0)
        .unwrap_or_default()
}

/// The JSON body of a request: `None` when empty.
///
/// # Errors
///
/// 50109 for a body that is not JSON.
pub fn parse_body(headers: &HeaderMap, bytes: &Bytes) -> Result<Option<Value>, ApiError> {
    if bytes.is_empty() {
        return Ok(None);
    }
    let content_type = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if let Some(boundary) = content_type
        .strip_prefix("multipart/form-data")
        .and_then(|rest| rest.split("boundary=").nth(1))
    {
        let boundary = boundary.trim_matches('"');
        return payload_json(bytes, boundary)
            .map(|text| serde_json::from_slice(text).map_err(|_| ApiError::invalid_json()))
            .transpose();
    }
    serde_json::from_slice(bytes)
        .map(Some)
        .map_err(|_| ApiError::invalid_json())
}

/// The `payload_json` part of a multipart body (attachments themselves are not stored).
fn payload_json<'a>(bytes: &'a [u8], boundary: &str) -> Option<&'a [u8]> {
    let delimiter = format!("--{boundary}");
    let delimiter = delimiter.as_bytes();
    let mut rest = bytes;
    while let Some(start) = find(rest, delimiter) {
        rest = &rest[start + delimiter.len()..];
        let end = find(rest, delimiter).unwrap_or(rest.len());
        let part = &rest[..end];
        if let Some(split) = find(part, b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&part[..split]);
            if head.contains("name=\"payload_json\"") {
                let content = &part[split + 4..];
                return Some(content.strip_suffix(b"\r\n").unwrap_or(content));
            }
        }
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multipart_payload_json_is_read() {
        let body = b"--xyz\r\nContent-Disposition: form-data; name=\"files[0]\"; filename=\"a.txt\"\r\n\r\nhello\r\n--xyz\r\nContent-Disposition: form-data; name=\"payload_json\"\r\nContent-Type: application/json\r\n\r\n{\"content\":\"hi\"}\r\n--xyz--\r\n";
        assert_eq!(
            payload_json(body, "xyz"),
            Some(&b"{\"content\":\"hi\"}"[..])
        );
    }

    #[test]
    fn queries_keep_repeated_keys() {
        assert_eq!(
            parse_query("a=1&a=2&b=x%20y"),
            vec![
                ("a".into(), "1".into()),
                ("a".into(), "2".into()),
                ("b".into(), "x y".into())
            ]
        );
    }
}
