//! Discord's markdown, which is not CommonMark: block quotes (`>` and `>>>`), headers
//! (`#` to `###`), subtext (`-#`) and lists start at a line; everything else is inline
//! ([`inline`](crate::render::inline)). A fenced code block is never parsed inside.

use crate::format::{Author, Message, NamedChannel, NamedRole};
use crate::render::inline::inline;

/// What mentions resolve through: the names the message carried at capture time.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Context<'a> {
    pub(crate) mentions: &'a [Author],
    pub(crate) roles: &'a [NamedRole],
    pub(crate) channels: &'a [NamedChannel],
}

impl<'a> Context<'a> {
    /// The names a message carries.
    pub(crate) fn of(message: &'a Message) -> Self {
        Self {
            mentions: &message.mentions,
            roles: &message.mentioned_roles,
            channels: &message.mentioned_channels,
        }
    }
}

/// How deeply lists may nest; Discord itself stops early too.
const MAX_LIST_DEPTH: usize = 8;

/// Appends `text` (a message's content, an embed's description or field) as HTML.
pub(crate) fn render(out: &mut String, text: &str, ctx: &Context<'_>) {
    blocks(out, text, ctx, true);
}

/// Appends one line of text with inline markdown only, as a reply's snippet is shown.
pub(crate) fn render_line(out: &mut String, text: &str, ctx: &Context<'_>) {
    inline(out, text, ctx, 0, false);
}

enum Block<'t> {
    /// `>>> `: the rest of the text, from this line on.
    QuoteRest,
    /// `> `: this line's text.
    Quote(&'t str),
    Header(u8, &'t str),
    Subtext(&'t str),
    Item(ListItem<'t>),
}

#[derive(Clone, Copy)]
struct ListItem<'t> {
    indent: usize,
    number: Option<u64>,
    text: &'t str,
}

fn block_start(line: &str, quotes: bool) -> Option<Block<'_>> {
    if quotes {
        if line.starts_with(">>> ") {
            return Some(Block::QuoteRest);
        }
        if let Some(rest) = line.strip_prefix("> ") {
            return Some(Block::Quote(rest));
        }
    }
    for (level, prefix) in [(3, "### "), (2, "## "), (1, "# ")] {
        if let Some(rest) = line.strip_prefix(prefix)
            && !rest.trim().is_empty()
        {
            return Some(Block::Header(level, rest.trim()));
        }
    }
    if let Some(rest) = line.strip_prefix("-# ")
        && !rest.trim().is_empty()
    {
        return Some(Block::Subtext(rest.trim()));
    }
    list_item(line).map(Block::Item)
}

fn list_item(line: &str) -> Option<ListItem<'_>> {
    let body = line.trim_start_matches(' ');
    let indent = line.len() - body.len();
    let (number, text) =
        if let Some(text) = body.strip_prefix("- ").or_else(|| body.strip_prefix("* ")) {
            (None, text)
        } else {
            let digits = body.bytes().take_while(u8::is_ascii_digit).count();
            let text = body.get(digits..)?.strip_prefix(". ")?;
            (Some(body[..digits].parse().ok()?), text)
        };
    (!text.trim().is_empty()).then_some(ListItem {
        indent,
        number,
        text,
    })
}

fn blocks(out: &mut String, text: &str, ctx: &Context<'_>, quotes: bool) {
    let mut position = 0;
    let mut paragraph: Option<usize> = None;
    let mut in_fence = false;
    let mut items: Vec<ListItem<'_>> = Vec::new();
    while position < text.len() {
        let line_end = text[position..]
            .find('\n')
            .map_or(text.len(), |n| position + n);
        let line = &text[position..line_end];
        let next = (line_end + 1).min(text.len());
        let block = if in_fence {
            None
        } else {
            block_start(line, quotes)
        };
        let Some(block) = block else {
            if !items.is_empty() {
                list(out, &items, ctx);
                items.clear();
            }
            paragraph.get_or_insert(position);
            if line.matches("```").count() % 2 == 1 {
                in_fence = !in_fence;
            }
            position = next;
            continue;
        };
        if let Some(start) = paragraph.take() {
            let end = if text[..position].ends_with('\n') {
                position - 1
            } else {
                position
            };
            inline(out, &text[start..end], ctx, 0, true);
        }
        if !matches!(block, Block::Item(_)) && !items.is_empty() {
            list(out, &items, ctx);
            items.clear();
        }
        let line_start = position;
        position = next;
        match block {
            Block::QuoteRest => {
                out.push_str("<blockquote>");
                blocks(out, &text[line_start + 4..], ctx, false);
                out.push_str("</blockquote>");
                position = text.len();
            }
            Block::Quote(first) => {
                let mut quoted = first.to_owned();
                while position < text.len() {
                    let end = text[position..]
                        .find('\n')
                        .map_or(text.len(), |n| position + n);
                    let Some(more) = text[position..end].strip_prefix("> ") else {
                        break;
                    };
                    quoted.push('\n');
                    quoted.push_str(more);
                    position = (end + 1).min(text.len());
                }
                out.push_str("<blockquote>");
                blocks(out, &quoted, ctx, false);
                out.push_str("</blockquote>");
            }
            Block::Header(level, body) => {
                out.push_str(["<h4>", "<h5>", "<h6>"][usize::from(level - 1)]);
                inline(out, body, ctx, 0, true);
                out.push_str(["</h4>", "</h5>", "</h6>"][usize::from(level - 1)]);
            }
            Block::Subtext(body) => {
                out.push_str("<small>");
                inline(out, body, ctx, 0, true);
                out.push_str("</small>");
            }
            Block::Item(item) => items.push(item),
        }
    }
    if !items.is_empty() {
        list(out, &items, ctx);
    }
    if let Some(start) = paragraph {
        inline(out, &text[start..], ctx, 0, true);
    }
}

/// Writes consecutive list items, nesting by indentation.
fn list(out: &mut String, items: &[ListItem<'_>], ctx: &Context<'_>) {
    // Open lists: each one's indentation and closing tag.
    let mut open: Vec<(usize, &str)> = Vec::new();
    for item in items {
        let deeper = open.last().is_none_or(|(indent, _)| item.indent > *indent);
        if deeper && open.len() < MAX_LIST_DEPTH {
            match item.number {
                Some(number) if number != 1 => {
                    out.push_str("<ol start=");
                    out.push_str(&number.to_string());
                    out.push('>');
                }
                Some(_) => out.push_str("<ol>"),
                None => out.push_str("<ul>"),
            }
            open.push((
                item.indent,
                if item.number.is_some() {
                    "</ol>"
                } else {
                    "</ul>"
                },
            ));
        } else {
            while open.len() > 1 && open.last().is_some_and(|(indent, _)| item.indent < *indent) {
                if let Some((_, close)) = open.pop() {
                    out.push_str("</li>");
                    out.push_str(close);
                }
            }
            out.push_str("</li>");
        }
        out.push_str("<li>");
        inline(out, item.text, ctx, 0, true);
    }
    while let Some((_, close)) = open.pop() {
        out.push_str("</li>");
        out.push_str(close);
    }
}

#[cfg(test)]
#[path = "markdown_tests.rs"]
mod tests;
