//! The one renderer: a transcript document becomes one self-contained HTML page that looks like
//! Discord, in the viewer's light or dark theme, readable without JavaScript, with every piece
//! of content escaped and nothing loaded from Discord or any CDN.
//!
//! The page is written message by message into `out`, so memory stays bounded by one message,
//! whatever the length of the channel.

mod escape;
mod inline;
mod labels;
mod live;
mod markdown;
mod message;
mod page;
mod palette;
mod parts;
mod style;
mod time;

pub use labels::Labels;
pub use live::{render_live_page, render_message_item};

use crate::format::{Attachment, Author, Document, Message};
use std::io::Write;

/// Where the page finds files and avatars: the web viewer maps them to its own routes.
pub trait Assets {
    /// The address of a kept copy of a message's file, or `None` when there is none to show.
    fn attachment_url(&self, message: &Message, attachment: &Attachment) -> Option<String>;
    /// The address of a person's avatar, or `None` to show their initial in a circle.
    fn avatar_url(&self, author: &Author) -> Option<String>;
}

/// What a page needs besides its document.
pub struct RenderOptions<'a> {
    /// Where files and avatars are.
    pub assets: &'a dyn Assets,
    /// The words of the page.
    pub labels: &'a Labels,
}

impl std::fmt::Debug for RenderOptions<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RenderOptions")
            .field("labels", &self.labels.lang)
            .finish_non_exhaustive()
    }
}

/// The assets of a document read from a file, as the command line renders it: each file at the
/// address the document gives when that is a relative path (an export made with its media) or
/// a web address off Discord (Discord's own links expire and would tell Discord who reads),
/// and no avatars.
#[derive(Debug, Clone, Copy, Default)]
pub struct DocumentAssets;

impl Assets for DocumentAssets {
    fn attachment_url(&self, _message: &Message, attachment: &Attachment) -> Option<String> {
        escape::file_url(&attachment.url).map(str::to_owned)
    }

    fn avatar_url(&self, _author: &Author) -> Option<String> {
        None
    }
}

/// Messages written to `out` at once: large enough that writes are few, small enough that
/// the buffer stays a few kilobytes.
const FLUSH_BYTES: usize = 32 * 1024;

/// Writes the page of `document` to `out`.
///
/// # Errors
///
/// Failures of `out`.
pub fn render(
    document: &Document,
    options: &RenderOptions<'_>,
    out: &mut impl Write,
) -> std::io::Result<()> {
    render_with(document, options, page::PAGE_POLICY, "", out)
}

/// Writes the page of `document` with `policy` as its own content security policy and
/// `after_messages` (trusted markup) after the list of messages.
fn render_with(
    document: &Document,
    options: &RenderOptions<'_>,
    policy: &str,
    after_messages: &str,
    out: &mut impl Write,
) -> std::io::Result<()> {
    let content_intent = document
        .capture
        .as_ref()
        .is_none_or(|capture| capture.content_intent);
    let mut buffer = String::with_capacity(FLUSH_BYTES * 2);
    let messages = message::Messages::new(&document.messages, content_intent);
    page::head(&mut buffer, document, &messages.palette, options, policy);
    let mut previous: Option<&Message> = None;
    let mut day = None;
    for (index, current) in document.messages.iter().enumerate() {
        // A divider starts each day, as in Discord, and carries the date the messages' own
        // times leave out.
        let at = time::Instant::parse(&current.timestamp);
        if let Some(at) = at.filter(|at| day != Some(at.day())) {
            day = Some(at.day());
            buffer.push_str("<li class=dd>");
            time::write_day(&mut buffer, at);
        }
        let grouped = previous.is_some_and(|previous| message::continues_group(previous, current));
        message::message(&mut buffer, &messages, index, grouped, options);
        previous = Some(current);
        if buffer.len() >= FLUSH_BYTES {
            out.write_all(buffer.as_bytes())?;
            buffer.clear();
        }
    }
    if document.messages.is_empty() {
        buffer.push_str("<li class=wm>");
        escape::text(&mut buffer, &options.labels.no_messages);
    }
    page::tail(&mut buffer, after_messages);
    out.write_all(buffer.as_bytes())?;
    out.flush()
}

/// The page of `document` as a string, for callers that hold it whole anyway.
#[must_use]
pub fn render_to_string(document: &Document, options: &RenderOptions<'_>) -> String {
    let mut bytes = Vec::new();
    // Writing to a Vec cannot fail, and the renderer writes only UTF-8.
    let _ = render(document, options, &mut bytes);
    String::from_utf8(bytes).unwrap_or_default()
}

#[cfg(test)]
mod tests;
