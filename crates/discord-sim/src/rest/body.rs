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

/// A file part of a multipart body (`files[n]`, or any part with a file name).
#[derive(Debug, Clone)]
pub struct Upload {
    /// The part's name: `files[0]`, `files[1]`...
    pub field: String,
    pub filename: String,
    /// The part's `Content-Type`, when the client sent one.
    pub content_type: Option<String>,
    pub bytes: Bytes,
}

/// A request body: its JSON (or `payload_json`) and the files of a multipart form.
#[derive(Debug, Clone, Default)]
pub struct Parsed {
    pub json: Option<Value>,
    pub files: Vec<Upload>,
}

/// The body of a request: JSON, or a multipart form with a `payload_json` part and files.
///
/// # Errors
///
/// 50109 for a body (or `payload_json`) that is not JSON.
pub fn parse_body(headers: &HeaderMap, bytes: &Bytes) -> Result<Parsed, ApiError> {
    if bytes.is_empty() {
        return Ok(Parsed::default());
    }
    let content_type = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if let Some(boundary) = content_type
        .strip_prefix("multipart/form-data")
        .and_then(|rest| rest.split("boundary=").nth(1))
    {
        let boundary = boundary
            .split(';')
            .next()
            .unwrap_or_default()
            .trim_matches('"');
        let mut parsed = Parsed::default();
        for part in parts(bytes, boundary) {
            if part.name == "payload_json" {
                let json =
                    serde_json::from_slice(&part.body).map_err(|_| ApiError::invalid_json())?;
                parsed.json = Some(json);
            } else if let Some(filename) = part.filename {
                parsed.files.push(Upload {
                    field: part.name,
                    filename,
                    content_type: part.content_type,
                    bytes: part.body,
                });
            }
        }
        return Ok(parsed);
    }
    serde_json::from_slice(bytes)
        .map(|json| Parsed {
            json: Some(json),
            files: Vec::new(),
        })
        .map_err(|_| ApiError::invalid_json())
}

/// One part of a multipart form.
struct Part {
    name: String,
    filename: Option<String>,
    content_type: Option<String>,
    body: Bytes,
}

/// The parts of a multipart body; the bodies share the request's buffer.
fn parts(bytes: &Bytes, boundary: &str) -> Vec<Part> {
    let delimiter = format!("--{boundary}");
    let delimiter = delimiter.as_bytes();
    let mut found = Vec::new();
    let mut offset = match find(bytes, delimiter) {
        Some(start) => start + delimiter.len(),
        None => return found,
    };
    loop {
        let rest = &bytes[offset..];
        // The closing delimiter is followed by "--".
        if rest.starts_with(b"--") {
            break;
        }
        let Some(end) = find(rest, delimiter) else {
            break;
        };
        let part = &rest[..end];
        if let Some(split) = find(part, b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&part[..split]);
            let content_start = offset + split + 4;
            let mut content_end = offset + end;
            // The CRLF before the next delimiter belongs to the delimiter.
            if bytes[..content_end].ends_with(b"\r\n") {
                content_end -= 2;
            }
            found.push(Part {
                name: disposition_param(&head, "name").unwrap_or_default(),
                filename: disposition_param(&head, "filename"),
                content_type: header(&head, "content-type"),
                body: bytes.slice(content_start..content_end.max(content_start)),
            });
        }
        offset += end + delimiter.len();
    }
    found
}

/// A header's value in a part's head.
fn header(head: &str, name: &str) -> Option<String> {
    head.lines().find_map(|line| {
        let (key, value) = line.split_once(':')?;
        key.trim()
            .eq_ignore_ascii_case(name)
            .then(|| value.trim().to_owned())
    })
}

/// A parameter of the `Content-Disposition` header (`name="files[0]"`).
fn disposition_param(head: &str, param: &str) -> Option<String> {
    let disposition = header(head, "content-disposition")?;
    disposition.split(';').skip(1).find_map(|item| {
        let (key, value) = item.trim().split_once('=')?;
        (key == param).then(|| value.trim_matches('"').to_owned())
    })
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multipart_payload_json_and_files_are_read() {
        let body = Bytes::from_static(b"--xyz\r\nContent-Disposition: form-data; name=\"files[0]\"; filename=\"a.txt\"\r\n\r\nhello\r\n\r\n--xyz\r\nContent-Disposition: form-data; name=\"payload_json\"\r\nContent-Type: application/json\r\n\r\n{\"content\":\"hi\"}\r\n--xyz\r\nContent-Disposition: form-data; name=\"files[1]\"; filename=\"b.png\"\r\nContent-Type: image/png\r\n\r\n\r\n--xyz--\r\n");
        let mut headers = HeaderMap::new();
        headers.insert(
            CONTENT_TYPE,
            "multipart/form-data; boundary=xyz".parse().unwrap(),
        );
        let parsed = parse_body(&headers, &body).unwrap();
        assert_eq!(parsed.json, Some(serde_json::json!({"content": "hi"})));
        assert_eq!(parsed.files.len(), 2);
        assert_eq!(parsed.files[0].field, "files[0]");
        assert_eq!(parsed.files[0].filename, "a.txt");
        // A file's own trailing line break is content, kept byte for byte.
        assert_eq!(&parsed.files[0].bytes[..], b"hello\r\n");
        assert_eq!(parsed.files[0].content_type, None);
        assert_eq!(parsed.files[1].content_type.as_deref(), Some("image/png"));
        assert!(parsed.files[1].bytes.is_empty());
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
