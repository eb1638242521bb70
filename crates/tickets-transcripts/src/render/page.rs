//! The page around the messages: its head with the style and script, the header with the
//! ticket's facts, and the notices a reader must see before the messages.

use crate::format::{Author, Document};
use crate::render::labels::fill;
use crate::render::message::name;
use crate::render::palette::Palette;
use crate::render::time::{self, Style};
use crate::render::{RenderOptions, escape, style};

/// What a transcript page may load: its own style and script, and images.
pub(crate) const PAGE_POLICY: &str = "default-src 'none'; img-src 'self' https: http: data:; \
                                      style-src 'unsafe-inline'; script-src 'unsafe-inline'";

/// Appends everything before the first message, with `policy` as the page's own content
/// security policy.
pub(crate) fn head(
    out: &mut String,
    document: &Document,
    palette: &Palette,
    options: &RenderOptions<'_>,
    policy: &str,
) {
    let labels = &options.labels;
    out.push_str("<!DOCTYPE html><html lang=");
    escape::attr(out, &labels.lang);
    out.push_str("><head><meta charset=utf-8><meta name=viewport content=\"width=device-width,initial-scale=1\">");
    out.push_str("<meta name=referrer content=no-referrer>");
    // Defence in depth: were anything left unescaped, no script or style from elsewhere runs.
    out.push_str("<meta http-equiv=Content-Security-Policy content=\"");
    out.push_str(policy);
    out.push_str("\">");
    out.push_str("<title>");
    let mut channel = String::new();
    escape::text(&mut channel, &document.channel.name);
    let mut server = String::new();
    escape::text(&mut server, &document.guild.name);
    fill(
        out,
        &labels.page_title,
        &[("channel", &channel), ("server", &server)],
    );
    out.push_str("</title><style>");
    out.push_str(style::CSS);
    palette.write_css(out);
    out.push_str("</style></head><body><header>");
    match &document.ticket {
        Some(ticket) => {
            out.push_str("<h1>");
            fill(
                out,
                &labels.ticket_title,
                &[("number", &ticket.number.to_string())],
            );
            out.push_str("</h1>");
        }
        None => {
            out.push_str("<h1>#");
            out.push_str(&channel);
            out.push_str("</h1>");
        }
    }
    out.push_str("<dl>");
    fact(out, &labels.server, |out| out.push_str(&server));
    fact(out, &labels.channel, |out| {
        out.push('#');
        out.push_str(&channel);
    });
    if let Some(ticket) = &document.ticket {
        if let Some(panel) = &ticket.panel {
            fact(out, &labels.panel, |out| escape::text(out, panel));
        }
        fact(out, &labels.opened_by, |out| {
            person(out, &ticket.opener, palette)
        });
        fact(out, &labels.claimed_by, |out| match &ticket.claimed_by {
            Some(claimer) => person(out, claimer, palette),
            None => escape::text(out, &labels.not_claimed),
        });
        if let Some(closer) = &ticket.closed_by {
            fact(out, &labels.closed_by, |out| person(out, closer, palette));
        }
        if ticket.closed_at.is_some() || ticket.close_reason.is_some() {
            fact(out, &labels.close_reason, |out| {
                escape::text(
                    out,
                    ticket.close_reason.as_deref().unwrap_or(&labels.no_reason),
                );
            });
        }
        fact(out, &labels.opened_at, |out| {
            time::write_stamp(out, &ticket.opened_at, Style::LongDateTime, None);
        });
        if let Some(closed_at) = &ticket.closed_at {
            fact(out, &labels.closed_at, |out| {
                time::write_stamp(out, closed_at, Style::LongDateTime, None);
            });
        }
    } else if let Some(exported_at) = &document.exported_at {
        fact(out, &labels.exported_at, |out| {
            time::write_stamp(out, exported_at, Style::LongDateTime, None);
        });
    }
    let count = document
        .messages
        .len()
        .max(usize::try_from(document.message_count).unwrap_or(0));
    fact(out, &labels.message_count, |out| {
        out.push_str(&count.to_string())
    });
    out.push_str("</dl>");
    if let Some(ticket) = document
        .ticket
        .as_ref()
        .filter(|t| !t.form_answers.is_empty())
    {
        out.push_str("<h2>");
        escape::text(out, &labels.form_answers);
        out.push_str("</h2><dl class=fa>");
        for answer in &ticket.form_answers {
            fact(out, &answer.question, |out| {
                escape::text(out, &answer.answer)
            });
        }
        out.push_str("</dl>");
    }
    out.push_str("<p id=tz data-local=");
    escape::attr(out, &labels.times_local);
    out.push('>');
    escape::text(out, &labels.times_utc);
    out.push_str("</p></header>");
    if let Some(capture) = &document.capture {
        if !capture.content_intent {
            out.push_str("<p class=nt role=note>");
            escape::text(out, &labels.content_withheld);
            out.push_str("</p>");
        }
        if capture.attachments_not_stored > 0 {
            out.push_str("<p class=nt role=note>");
            fill(
                out,
                &labels.attachments_not_stored,
                &[("count", &capture.attachments_not_stored.to_string())],
            );
            out.push_str("</p>");
        }
    }
    out.push_str("<main><ol class=l>");
}

/// Appends everything after the last message.
pub(crate) fn tail(out: &mut String, after_messages: &str) {
    out.push_str("</ol>");
    out.push_str(after_messages);
    out.push_str("</main><script>");
    out.push_str(style::SCRIPT);
    out.push_str("</script></body></html>\n");
}

fn fact(out: &mut String, term: &str, value: impl FnOnce(&mut String)) {
    out.push_str("<div><dt>");
    escape::text(out, term);
    out.push_str("</dt><dd>");
    value(out);
    out.push_str("</dd></div>");
}

fn person(out: &mut String, author: &Author, palette: &Palette) {
    name(out, author, palette);
    if author.name != crate::render::message::display_name(author) {
        out.push_str(" <span class=u>");
        escape::text(out, &author.name);
        out.push_str("</span>");
    }
}
