//! What a message carries besides its text: files, embeds, stickers, buttons and menus,
//! reactions.

use crate::format::{Attachment, Embed, EmbedImage, Emoji, Message};
use crate::render::inline::write_link_open;
use crate::render::markdown::{self, Context};
use crate::render::time::{self, Style};
use crate::render::{RenderOptions, escape};
use serde_json::Value;
use std::fmt::Write as _;

/// Appends the message's files: images inline, other files as links with name and size, and
/// a file the transcript does not keep as its name, size and the reason.
pub(crate) fn attachments(out: &mut String, message: &Message, options: &RenderOptions<'_>) {
    for attachment in &message.attachments {
        let url = options.assets.attachment_url(message, attachment);
        let url = url.as_deref().and_then(escape::file_url);
        match url {
            Some(url) if is_image(attachment) => {
                out.push_str("<a class=im href=");
                escape::attr(out, url);
                out.push_str("><img src=");
                escape::attr(out, url);
                out.push_str(" alt=");
                escape::attr(out, &attachment.file_name);
                if let (Some(width), Some(height)) = (attachment.width, attachment.height) {
                    let _ = write!(out, " width={width} height={height}");
                }
                out.push_str(" loading=lazy></a>");
            }
            Some(url) => {
                out.push_str("<div class=f><a href=");
                escape::attr(out, url);
                out.push_str(" download=");
                escape::attr(out, &attachment.file_name);
                out.push('>');
                escape::text(out, &attachment.file_name);
                out.push_str("</a> <span>");
                write_size(out, attachment.file_size_bytes);
                out.push_str("</span></div>");
            }
            None => {
                let labels = &options.labels;
                let reason = match attachment.not_stored.as_deref() {
                    Some("too_large") => &labels.file_too_large,
                    Some("transcript_full") => &labels.file_transcript_full,
                    Some("unreachable") => &labels.file_unreachable,
                    _ => &labels.file_not_stored,
                };
                out.push_str("<div class=f><b>");
                escape::text(out, &attachment.file_name);
                out.push_str("</b> <span>");
                write_size(out, attachment.file_size_bytes);
                out.push_str("</span> <i>");
                escape::text(out, reason);
                out.push_str("</i></div>");
            }
        }
    }
}

fn is_image(attachment: &Attachment) -> bool {
    if let Some(kind) = &attachment.content_type {
        return kind.starts_with("image/");
    }
    let name = attachment.file_name.to_ascii_lowercase();
    [".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif"]
        .iter()
        .any(|extension| name.ends_with(extension))
}

/// A size as people read it: `512 B`, `1.5 KB`, `25.0 MB` (powers of 1024, as Discord shows).
pub(crate) fn write_size(out: &mut String, bytes: u64) {
    const UNITS: [&str; 4] = ["KB", "MB", "GB", "TB"];
    if bytes < 1024 {
        let _ = write!(out, "{bytes} B");
        return;
    }
    #[expect(
        clippy::cast_precision_loss,
        reason = "a size shown to one decimal needs no more than f64's 52 bits"
    )]
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    let _ = write!(out, "{value:.1} {}", UNITS[unit]);
}

/// Appends the message's embeds with all their parts, each with its side colour.
pub(crate) fn embeds(out: &mut String, message: &Message, ctx: &Context<'_>) {
    for embed in &message.embeds {
        embed_html(out, embed, ctx);
    }
}

fn embed_html(out: &mut String, embed: &Embed, ctx: &Context<'_>) {
    out.push_str("<div class=e");
    if let Some(color) = embed.color.as_deref().and_then(escape::color) {
        out.push_str(" style=border-color:");
        out.push_str(&color);
    }
    out.push('>');
    if let Some(thumbnail) = &embed.thumbnail {
        image(out, thumbnail, "eth");
    }
    if let Some(author) = &embed.author {
        out.push_str("<div class=ea>");
        icon(out, author.icon_url.as_deref());
        linked(out, author.url.as_deref(), |out| {
            escape::text(out, &author.name)
        });
        out.push_str("</div>");
    }
    if let Some(title) = &embed.title {
        out.push_str("<div class=et>");
        linked(out, embed.url.as_deref(), |out| {
            markdown::render_line(out, title, ctx)
        });
        out.push_str("</div>");
    }
    if let Some(description) = &embed.description {
        out.push_str("<div class=c>");
        markdown::render(out, description, ctx);
        out.push_str("</div>");
    }
    if !embed.fields.is_empty() {
        out.push_str("<div class=fs>");
        for field in &embed.fields {
            out.push_str(if field.is_inline {
                "<div class=\"fd i\"><b>"
            } else {
                "<div class=fd><b>"
            });
            markdown::render_line(out, &field.name, ctx);
            out.push_str("</b>");
            markdown::render(out, &field.value, ctx);
            out.push_str("</div>");
        }
        out.push_str("</div>");
    }
    if let Some(picture) = &embed.image {
        image(out, picture, "ei");
    }
    if embed.footer.is_some() || embed.timestamp.is_some() {
        out.push_str("<div class=eft>");
        if let Some(footer) = &embed.footer {
            icon(out, footer.icon_url.as_deref());
            escape::text(out, &footer.text);
        }
        if let Some(stamp) = &embed.timestamp {
            if embed.footer.is_some() {
                out.push_str(" • ");
            }
            time::write_stamp(out, stamp, Style::ShortDateTime, None);
        }
        out.push_str("</div>");
    }
    out.push_str("</div>");
}

fn image(out: &mut String, picture: &EmbedImage, class: &str) {
    if let Some(url) = escape::image_url(&picture.url) {
        out.push_str("<img class=");
        out.push_str(class);
        out.push_str(" src=");
        escape::attr(out, url);
        out.push_str(" alt=\"\" loading=lazy>");
    }
}

fn icon(out: &mut String, url: Option<&str>) {
    if let Some(url) = url.and_then(escape::image_url) {
        out.push_str("<img class=ic src=");
        escape::attr(out, url);
        out.push_str(" alt=\"\">");
    }
}

fn linked(out: &mut String, url: Option<&str>, body: impl FnOnce(&mut String)) {
    match url.and_then(escape::web_url) {
        Some(url) => {
            write_link_open(out, url);
            body(out);
            out.push_str("</a>");
        }
        None => body(out),
    }
}

/// Appends the message's stickers, by name (their images are Discord's to serve).
pub(crate) fn stickers(out: &mut String, message: &Message, options: &RenderOptions<'_>) {
    for sticker in &message.stickers {
        out.push_str("<div class=sk title=");
        escape::attr(out, &options.labels.sticker);
        out.push('>');
        let image = sticker.source_url.as_deref().and_then(escape::image_url);
        match image {
            Some(url) if sticker.format != "Lottie" => {
                out.push_str("<img src=");
                escape::attr(out, url);
                out.push_str(" alt=");
                escape::attr(out, &sticker.name);
                out.push('>');
            }
            _ => escape::text(out, &sticker.name),
        }
        out.push_str("</div>");
    }
}

/// Appends the message's reactions: each emoji with its count.
pub(crate) fn reactions(out: &mut String, message: &Message) {
    if message.reactions.is_empty() {
        return;
    }
    out.push_str("<div class=rs>");
    for reaction in &message.reactions {
        out.push_str("<span class=re>");
        emoji(out, &reaction.emoji);
        let _ = write!(out, " {}</span>", reaction.count);
    }
    out.push_str("</div>");
}

fn emoji(out: &mut String, emoji: &Emoji) {
    // A Unicode emoji is a character the viewer's fonts draw; only a server's own needs an image.
    let custom = emoji.id.as_deref().filter(|id| !id.is_empty());
    let image = emoji.image_url.as_deref().and_then(escape::image_url);
    match (custom, image) {
        (Some(_), Some(url)) => {
            out.push_str("<img class=ic src=");
            escape::attr(out, url);
            out.push_str(" alt=");
            escape::attr(out, &format!(":{}:", emoji.name));
            out.push('>');
        }
        (Some(_), None) => {
            out.push(':');
            escape::text(out, &emoji.name);
            out.push(':');
        }
        (None, _) => escape::text(out, &emoji.name),
    }
}

/// How deeply components may contain others (a container holds sections holding buttons).
const MAX_COMPONENT_DEPTH: u8 = 4;

/// Appends the message's buttons and menus, as Discord's JSON describes them.
pub(crate) fn components(
    out: &mut String,
    message: &Message,
    ctx: &Context<'_>,
    options: &RenderOptions<'_>,
) {
    for component in &message.components {
        component_html(out, component, ctx, options, 0);
    }
}

fn component_html(
    out: &mut String,
    component: &Value,
    ctx: &Context<'_>,
    options: &RenderOptions<'_>,
    depth: u8,
) {
    if depth > MAX_COMPONENT_DEPTH {
        return;
    }
    let text = |key: &str| component.get(key).and_then(Value::as_str);
    let children = |out: &mut String| {
        if let Some(children) = component.get("components").and_then(Value::as_array) {
            for child in children {
                component_html(out, child, ctx, options, depth + 1);
            }
        }
        if let Some(accessory) = component.get("accessory") {
            component_html(out, accessory, ctx, options, depth + 1);
        }
    };
    match component.get("type").and_then(Value::as_u64) {
        // An action row, a section, a container: their parts in a row or a box.
        Some(1) => {
            out.push_str("<div class=cr>");
            children(out);
            out.push_str("</div>");
        }
        Some(9 | 17) => {
            out.push_str("<div class=cx>");
            children(out);
            out.push_str("</div>");
        }
        Some(2) => button(out, component),
        Some(3 | 5 | 6 | 7 | 8) => {
            out.push_str("<span class=sl>");
            escape::text(
                out,
                text("placeholder").unwrap_or(&options.labels.select_default),
            );
            out.push_str("</span>");
        }
        Some(10) => {
            out.push_str("<div class=c>");
            markdown::render(out, text("content").unwrap_or_default(), ctx);
            out.push_str("</div>");
        }
        Some(14) => out.push_str("<hr>"),
        _ => {}
    }
}

fn button(out: &mut String, component: &Value) {
    let style = component
        .get("style")
        .and_then(Value::as_u64)
        .unwrap_or(2)
        .min(6);
    let label = component.get("label").and_then(Value::as_str);
    let disabled = component.get("disabled").and_then(Value::as_bool) == Some(true);
    let url = component
        .get("url")
        .and_then(Value::as_str)
        .and_then(escape::web_url);
    let _ = match url {
        Some(url) if style == 5 => {
            out.push_str("<a class=\"bn b5\" href=");
            escape::attr(out, url);
            out.push_str(" rel=noreferrer>");
            Ok(())
        }
        _ if disabled => write!(out, "<span class=\"bn b{style} off\">"),
        _ => write!(out, "<span class=\"bn b{style}\">"),
    };
    if let Some(emoji) = component.get("emoji") {
        let name = emoji
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let custom = emoji.get("id").and_then(Value::as_str).is_some();
        let shown = Emoji {
            id: custom.then(String::new),
            name: name.to_owned(),
            ..Emoji::default()
        };
        self::emoji(out, &shown);
        if label.is_some() {
            out.push(' ');
        }
    }
    if let Some(label) = label {
        escape::text(out, label);
    }
    out.push_str(if url.is_some() && style == 5 {
        " ↗</a>"
    } else {
        "</span>"
    });
}
