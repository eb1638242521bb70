//! Files uploaded with messages: Discord's limits, the attachment objects built from a multipart
//! request, and their JSON. The bytes stay in the message, so deleting the message or its
//! channel is what makes the CDN route answer 404.

use axum::body::Bytes;
use axum::http::StatusCode;
use serde_json::{Value, json};

use super::model::Attachment;
use super::world::World;
use crate::errors::ApiError;

/// Files per message.
pub const MAX_FILES: usize = 10;

/// Discord's upload limit per file for a server without boosts (and a bot has no Nitro):
/// 10 MiB, as its API reference states under "Uploading Files".
pub const MAX_FILE_SIZE: usize = 10 * 1024 * 1024;

/// A file as a request carries it, before it becomes an attachment.
#[derive(Debug, Clone)]
pub struct NewFile {
    /// The index `n` of the form's `files[n]` part (what `attachments[].id` refers to).
    pub index: Option<u64>,
    pub filename: String,
    pub content_type: Option<String>,
    pub bytes: Bytes,
}

/// Discord's answer to a file over the limit: 413 with code 40005.
#[must_use]
pub fn too_large() -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        40005,
        "Request entity too large",
    )
}

/// Checks the number and the sizes of the files of one message.
///
/// # Errors
///
/// 50035 on `attachments` for more than ten files, 413 40005 for a file over 10 MiB.
pub fn check(files: &[NewFile]) -> Result<(), ApiError> {
    if files.len() > MAX_FILES {
        return Err(ApiError::field(
            &["attachments"],
            "BASE_TYPE_MAX_LENGTH",
            "Must be 10 or fewer in length.",
        ));
    }
    if files.iter().any(|f| f.bytes.len() > MAX_FILE_SIZE) {
        return Err(too_large());
    }
    Ok(())
}

/// The `attachments` entry of the JSON body that describes the file `files[index]`.
fn described(body: &Value, index: Option<u64>) -> Option<&Value> {
    let index = index?;
    body.get("attachments")?.as_array()?.iter().find(|entry| {
        entry
            .get("id")
            .and_then(super::model::snowflake)
            .is_some_and(|id| id == index)
    })
}

impl World {
    /// Turns a message's uploaded files into attachments served under `cdn_base`, with the
    /// names and descriptions the body's `attachments` give them.
    pub fn attach(
        &mut self,
        cdn_base: &str,
        channel_id: u64,
        body: &Value,
        files: Vec<NewFile>,
    ) -> Vec<Attachment> {
        files
            .into_iter()
            .map(|file| {
                let id = self.next_id();
                let entry = described(body, file.index);
                let filename = entry
                    .and_then(|e| e.get("filename"))
                    .and_then(Value::as_str)
                    .unwrap_or(&file.filename);
                let filename = clean_name(filename);
                let description = entry
                    .and_then(|e| e.get("description"))
                    .and_then(Value::as_str)
                    .map(str::to_owned);
                let content_type = file
                    .content_type
                    .filter(|t| t != "application/octet-stream")
                    .or_else(|| guess_type(&filename).map(str::to_owned));
                let dimensions = image_size(&file.bytes);
                Attachment {
                    id,
                    url: format!("{cdn_base}/attachments/{channel_id}/{id}/{filename}"),
                    filename,
                    description,
                    content_type,
                    dimensions,
                    bytes: file.bytes,
                }
            })
            .collect()
    }

    /// The attachment a CDN path names, while its message and channel exist.
    #[must_use]
    pub fn attachment(&self, channel_id: u64, attachment_id: u64) -> Option<&Attachment> {
        self.messages_of(channel_id)
            .flat_map(|m| m.attachments.iter())
            .find(|a| a.id == attachment_id)
    }
}

/// A file name as Discord keeps it: no path, spaces as underscores.
fn clean_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let cleaned: String = base
        .chars()
        .map(|c| if c.is_whitespace() { '_' } else { c })
        .collect();
    if cleaned.is_empty() {
        "unknown".to_owned()
    } else {
        cleaned
    }
}

/// The media type Discord reports for common extensions.
fn guess_type(filename: &str) -> Option<&'static str> {
    let extension = filename.rsplit_once('.')?.1.to_ascii_lowercase();
    Some(match extension.as_str() {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "txt" | "log" => "text/plain; charset=utf-8",
        "json" => "application/json; charset=utf-8",
        "pdf" => "application/pdf",
        "zip" => "application/zip",
        "mp4" => "video/mp4",
        "mp3" => "audio/mpeg",
        _ => return None,
    })
}

/// Width and height of a PNG or GIF, from its header.
fn image_size(bytes: &[u8]) -> Option<(u32, u32)> {
    if bytes.len() >= 24 && bytes.starts_with(b"\x89PNG\r\n\x1a\n") && &bytes[12..16] == b"IHDR" {
        let be = |at: usize| {
            u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
        };
        return Some((be(16), be(20)));
    }
    if bytes.len() >= 10 && (bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a")) {
        let le = |at: usize| u32::from(u16::from_le_bytes([bytes[at], bytes[at + 1]]));
        return Some((le(6), le(8)));
    }
    None
}

/// An attachment object.
#[must_use]
pub fn render(attachment: &Attachment) -> Value {
    let mut value = json!({
        "id": attachment.id.to_string(),
        "filename": attachment.filename,
        "size": attachment.bytes.len(),
        "url": attachment.url,
        "proxy_url": attachment.url,
    });
    if let Some(content_type) = &attachment.content_type {
        value["content_type"] = json!(content_type);
    }
    if let Some(description) = &attachment.description {
        value["description"] = json!(description);
    }
    if let Some((width, height)) = attachment.dimensions {
        value["width"] = json!(width);
        value["height"] = json!(height);
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn png_and_gif_headers_give_the_size() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        png.extend(640u32.to_be_bytes());
        png.extend(480u32.to_be_bytes());
        assert_eq!(image_size(&png), Some((640, 480)));
        assert_eq!(image_size(b"GIF89a\x10\x00\x20\x00"), Some((16, 32)));
        assert_eq!(image_size(b"plain text"), None);
    }

    #[test]
    fn names_lose_their_path_and_spaces() {
        assert_eq!(clean_name("../dir/my file.txt"), "my_file.txt");
        assert_eq!(guess_type("A.PNG"), Some("image/png"));
        assert_eq!(guess_type("noext"), None);
    }

    #[test]
    fn eleven_files_or_a_big_one_are_refused() {
        let file = |size: usize| NewFile {
            index: Some(0),
            filename: "a".into(),
            content_type: None,
            bytes: Bytes::from(vec![0; size]),
        };
        assert!(check(&vec![file(1); 10]).is_ok());
        assert_eq!(check(&vec![file(1); 11]).unwrap_err().code(), 50035);
        assert!(check(&[file(MAX_FILE_SIZE)]).is_ok());
        let big = check(&[file(MAX_FILE_SIZE + 1)]).unwrap_err();
        assert_eq!((big.status.as_u16(), big.code()), (413, 40005));
    }
}
