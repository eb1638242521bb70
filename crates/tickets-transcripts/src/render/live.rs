//! The live view of an open ticket: the same page as a transcript's, with the caller's controls
//! after the messages and leave to open a stream back to its own site, and single messages
//! rendered as they arrive, for the page to append.

use crate::format::{Document, Message};
use crate::render::message::{self, Messages};
use crate::render::{RenderOptions, render_with};

/// A transcript page's policy, and the page's own event stream.
const LIVE_POLICY: &str = "default-src 'none'; img-src 'self' https: http: data:; \
                           style-src 'unsafe-inline'; script-src 'unsafe-inline'; \
                           connect-src 'self'";

/// The page of an open ticket's `document`, with `controls` (markup the caller built and
/// escaped: forms, a script) after the messages.
#[must_use]
pub fn render_live_page(
    document: &Document,
    options: &RenderOptions<'_>,
    controls: &str,
) -> String {
    let mut bytes = Vec::new();
    // Writing to a Vec cannot fail, and the renderer writes only UTF-8.
    let _ = render_with(document, options, LIVE_POLICY, controls, &mut bytes);
    String::from_utf8(bytes).unwrap_or_default()
}

/// One message as an item of a page's list, exactly as the page shows it, for appending to a
/// page rendered earlier. Its names' colours are written as styles, which the page's style
/// sheet need not know; `content_intent` as in the page's capture.
#[must_use]
pub fn render_message_item(
    message: &Message,
    content_intent: bool,
    options: &RenderOptions<'_>,
) -> String {
    let messages = Messages::new(std::slice::from_ref(message), content_intent).without_classes();
    let mut out = String::new();
    message::message(&mut out, &messages, 0, false, options);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::Author;
    use crate::render::{DocumentAssets, Labels};

    fn said(content: &str) -> Message {
        Message {
            id: "10".to_owned(),
            kind: "Default".to_owned(),
            timestamp: "2026-03-01T10:00:00+00:00".to_owned(),
            content: content.to_owned(),
            author: Author {
                id: "5".to_owned(),
                name: "alice".to_owned(),
                color: Some("#FF0000".to_owned()),
                ..Author::default()
            },
            ..Message::default()
        }
    }

    #[test]
    fn an_item_is_one_escaped_message_without_a_page_around_it() {
        let labels = Labels::english();
        let options = RenderOptions {
            assets: &DocumentAssets,
            labels: &labels,
        };
        let item = render_message_item(&said("<b>hi</b> **there**"), true, &options);
        assert!(item.starts_with("<li"), "{item}");
        assert!(!item.contains("<html") && !item.contains("<ol"), "{item}");
        assert!(item.contains("&lt;b&gt;hi&lt;/b&gt;"), "{item}");
        assert!(item.contains("<strong>there</strong>"), "{item}");
        assert!(item.contains("alice"), "{item}");
        // No class of a style sheet the page may lack: the colour comes with the name.
        assert!(item.contains("color:#"), "{item}");
    }

    #[test]
    fn the_live_page_carries_the_controls_and_may_reach_its_own_stream() {
        let labels = Labels::english();
        let options = RenderOptions {
            assets: &DocumentAssets,
            labels: &labels,
        };
        let document = Document {
            messages: vec![said("first")],
            ..Document::default()
        };
        let page = render_live_page(&document, &options, "<form id=reply></form>");
        let list_end = page.find("</ol>").unwrap_or_default();
        let controls = page.find("<form id=reply>").unwrap_or_default();
        assert!(
            list_end > 0 && controls > list_end,
            "controls follow the messages"
        );
        assert!(
            page.contains("connect-src 'self'"),
            "the stream may be opened"
        );
        assert!(page.contains("first"));
        let transcript = super::super::render_to_string(&document, &options);
        assert!(
            !transcript.contains("connect-src"),
            "a transcript opens nothing"
        );
    }
}
