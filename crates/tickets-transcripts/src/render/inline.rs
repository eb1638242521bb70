//! Discord's inline markdown: emphasis, spoilers, code, links, mentions, timestamps and custom
//! emoji, written as HTML as it is read. Newlines stay newlines (the page keeps white space as
//! Discord does), and a delimiter without its partner stays text.

use crate::render::escape;
use crate::render::markdown::Context;
use crate::render::time::{self, Instant, Style};

/// How deeply emphasis may nest before delimiters count as text: deep enough for any real
/// message, shallow enough that a message of ten thousand asterisks cannot exhaust the stack.
const MAX_DEPTH: u8 = 12;

/// Appends `text` rendered; `links` is false inside a link's text, where Discord allows none.
pub(crate) fn inline(out: &mut String, text: &str, ctx: &Context<'_>, depth: u8, links: bool) {
    let bytes = text.as_bytes();
    let mut index = 0;
    let mut plain = 0;
    while index < bytes.len() {
        let byte = bytes[index];
        if matches!(
            byte,
            b'\\' | b'`' | b'*' | b'_' | b'~' | b'|' | b'[' | b'<' | b'@' | b'h'
        ) {
            escape::text(out, &text[plain..index]);
            plain = index;
            let rule = Rule {
                text,
                start: index,
                ctx,
                depth,
                links,
            };
            if let Some(end) = rule.apply(out) {
                index = end;
                plain = end;
                continue;
            }
        }
        index += 1;
    }
    escape::text(out, &text[plain..]);
}

struct Rule<'r, 'c> {
    text: &'r str,
    start: usize,
    ctx: &'r Context<'c>,
    depth: u8,
    links: bool,
}

impl Rule<'_, '_> {
    /// Writes the construct starting here and gives where it ends, or `None` (nothing written)
    /// when none starts here.
    fn apply(&self, out: &mut String) -> Option<usize> {
        let rest = &self.text[self.start..];
        let formatting = self.depth < MAX_DEPTH;
        match rest.as_bytes()[0] {
            b'\\' => self.escaped(out),
            b'`' if rest.starts_with("```") => self.code_block(out),
            b'`' => self.code_span(out),
            b'*' if formatting && rest.starts_with("**") => self
                .wrapped(out, "**", Some(b'*'), "<strong>", "</strong>")
                .or_else(|| self.italic_star(out)),
            b'*' if formatting => self.italic_star(out),
            b'_' if formatting && rest.starts_with("__") => self
                .wrapped(out, "__", Some(b'_'), "<u>", "</u>")
                .or_else(|| self.italic_underscore(out)),
            b'_' if formatting => self.italic_underscore(out),
            b'~' if formatting && rest.starts_with("~~") => {
                self.wrapped(out, "~~", None, "<s>", "</s>")
            }
            b'|' if formatting && rest.starts_with("||") => {
                self.wrapped(out, "||", None, "<span class=sp tabindex=0>", "</span>")
            }
            b'[' if self.links => self.masked_link(out),
            b'<' => self.angle(out),
            b'@' => self.everyone(out),
            b'h' if self.links => self.autolink(out),
            _ => None,
        }
    }

    fn inner(&self, out: &mut String, text: &str, links: bool) {
        inline(out, text, self.ctx, self.depth + 1, links);
    }

    fn escaped(&self, out: &mut String) -> Option<usize> {
        let next = *self.text.as_bytes().get(self.start + 1)?;
        if !next.is_ascii_punctuation() {
            return None;
        }
        escape::text(out, &self.text[self.start + 1..self.start + 2]);
        Some(self.start + 2)
    }

    fn code_block(&self, out: &mut String) -> Option<usize> {
        let open = self.start + 3;
        let close = open + self.text[open..].find("```")?;
        let body = &self.text[open..close];
        if body.trim().is_empty() {
            return None;
        }
        let (language, code) = match body.split_once('\n') {
            Some((first, code))
                if !first.is_empty()
                    && first.bytes().all(|b| {
                        b.is_ascii_alphanumeric() || matches!(b, b'_' | b'+' | b'-' | b'#' | b'.')
                    }) =>
            {
                (Some(first), code)
            }
            _ => (None, body.strip_prefix('\n').unwrap_or(body)),
        };
        let code = code.strip_suffix('\n').unwrap_or(code);
        out.push_str("<pre");
        if let Some(language) = language {
            // The language's characters were checked above: none needs quotes.
            out.push_str(" data-lang=");
            out.push_str(language);
        }
        out.push('>');
        escape::text(out, code);
        out.push_str("</pre>");
        let end = close + 3;
        // The block ends its line; a newline after it would show as an empty one.
        Some(if self.text[end..].starts_with('\n') {
            end + 1
        } else {
            end
        })
    }

    fn code_span(&self, out: &mut String) -> Option<usize> {
        let rest = &self.text[self.start..];
        let ticks = if rest.starts_with("``") { 2 } else { 1 };
        let fence = &rest[..ticks];
        let open = self.start + ticks;
        let close = open + self.text[open..].find(fence)?;
        let mut code = &self.text[open..close];
        if code.is_empty() {
            return None;
        }
        if code.len() > 2 && code.starts_with(' ') && code.ends_with(' ') && !code.trim().is_empty()
        {
            code = &code[1..code.len() - 1];
        }
        out.push_str("<code>");
        escape::text(out, code);
        out.push_str("</code>");
        Some(close + ticks)
    }

    /// `delimiter`, text, `delimiter` (not followed by `not_before`) → `open` text `close`.
    fn wrapped(
        &self,
        out: &mut String,
        delimiter: &str,
        not_before: Option<u8>,
        open: &str,
        close: &str,
    ) -> Option<usize> {
        let bytes = self.text.as_bytes();
        let from = self.start + delimiter.len();
        let mut index = from;
        while index < bytes.len() {
            if bytes[index] == b'\\' {
                index += 2;
                continue;
            }
            if index > from
                && self.text[index..].starts_with(delimiter)
                && (not_before.is_none()
                    || bytes.get(index + delimiter.len()).copied() != not_before)
            {
                out.push_str(open);
                self.inner(out, &self.text[from..index], self.links);
                out.push_str(close);
                return Some(index + delimiter.len());
            }
            index += 1;
        }
        None
    }

    fn italic_star(&self, out: &mut String) -> Option<usize> {
        let bytes = self.text.as_bytes();
        let from = self.start + 1;
        if bytes.get(from).is_none_or(u8::is_ascii_whitespace) {
            return None;
        }
        let mut index = from;
        while index < bytes.len() {
            match bytes[index] {
                b'\\' => index += 2,
                b'*' if bytes.get(index + 1) == Some(&b'*') => index += 2,
                b'*' if index > from && !bytes[index - 1].is_ascii_whitespace() => {
                    self.emphasis(out, from, index);
                    return Some(index + 1);
                }
                _ => index += 1,
            }
        }
        None
    }

    fn italic_underscore(&self, out: &mut String) -> Option<usize> {
        let bytes = self.text.as_bytes();
        if self.start > 0 && bytes[self.start - 1].is_ascii_alphanumeric() {
            return None;
        }
        let from = self.start + 1;
        let mut index = from;
        while index < bytes.len() {
            match bytes[index] {
                b'\\' => index += 2,
                b'_' if bytes.get(index + 1) == Some(&b'_') => index += 2,
                b'_' if index > from
                    && !bytes.get(index + 1).is_some_and(u8::is_ascii_alphanumeric) =>
                {
                    self.emphasis(out, from, index);
                    return Some(index + 1);
                }
                _ => index += 1,
            }
        }
        None
    }

    fn emphasis(&self, out: &mut String, from: usize, to: usize) {
        out.push_str("<em>");
        self.inner(out, &self.text[from..to], self.links);
        out.push_str("</em>");
    }

    fn masked_link(&self, out: &mut String) -> Option<usize> {
        let rest = &self.text[self.start..];
        let label_end = rest.find(']')?;
        let label = &rest[1..label_end];
        let after = rest[label_end + 1..].strip_prefix('(')?;
        let target_end = after.find(')')?;
        let target = after[..target_end].trim();
        let target = target
            .strip_prefix('<')
            .and_then(|t| t.strip_suffix('>'))
            .unwrap_or(target);
        let url = escape::web_url(target)?;
        if label.trim().is_empty() || label.contains('\n') {
            return None;
        }
        write_link_open(out, url);
        self.inner(out, label, false);
        out.push_str("</a>");
        Some(self.start + label_end + 2 + target_end + 1)
    }

    fn angle(&self, out: &mut String) -> Option<usize> {
        let rest = &self.text[self.start..];
        let close = rest.get(..rest.len().min(256))?.find('>')?;
        let inner = &rest[1..close];
        let end = self.start + close + 1;
        if let Some(id) = inner.strip_prefix("@&") {
            self.role(out, escape::snowflake(id)?);
        } else if let Some(id) = inner.strip_prefix('@') {
            self.user(out, escape::snowflake(id.strip_prefix('!').unwrap_or(id))?);
        } else if let Some(id) = inner.strip_prefix('#') {
            self.channel(out, escape::snowflake(id)?);
        } else if let Some(stamp) = inner.strip_prefix("t:") {
            let (seconds, style) = stamp.split_once(':').unwrap_or((stamp, ""));
            let seconds: i64 = seconds.parse().ok()?;
            // Beyond what a browser's Date holds (±8.64e12 s) a stamp is noise, not a time.
            if seconds.abs() > 8_640_000_000_000 {
                return None;
            }
            time::write_time(
                out,
                Instant(seconds),
                Style::from_letter(style)?,
                Some("ts"),
            );
        } else if let Some(command) = inner.strip_prefix('/') {
            let (name, id) = command.rsplit_once(':')?;
            escape::snowflake(id)?;
            out.push_str("<mark>/");
            escape::text(out, name);
            out.push_str("</mark>");
        } else if inner.starts_with(':') || inner.starts_with("a:") {
            let emoji = inner.strip_prefix('a').unwrap_or(inner);
            let (name, id) = emoji[1..].split_once(':')?;
            let named =
                !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
            if !named || escape::snowflake(id).is_none() {
                return None;
            }
            // Custom emoji live on Discord's CDN, which the page never loads: the name shows.
            out.push_str("<span class=em>:");
            out.push_str(name);
            out.push_str(":</span>");
        } else if self.links {
            let url = escape::web_url(inner)?;
            write_link_open(out, url);
            escape::text(out, url);
            out.push_str("</a>");
        } else {
            return None;
        }
        Some(end)
    }

    fn user(&self, out: &mut String, id: &str) {
        out.push_str("<mark>@");
        match self.ctx.mentions.iter().find(|user| user.id == id) {
            Some(user) => escape::text(out, user.nickname.as_deref().unwrap_or(&user.name)),
            None => out.push_str(id),
        }
        out.push_str("</mark>");
    }

    fn role(&self, out: &mut String, id: &str) {
        let role = self.ctx.roles.iter().find(|role| role.id == id);
        let color = role.and_then(|role| role.color.as_deref().and_then(escape::color));
        out.push_str("<mark");
        if let Some(color) = color {
            out.push_str(" style=color:");
            out.push_str(&color);
        }
        out.push_str(">@");
        match role {
            Some(role) => escape::text(out, &role.name),
            None => out.push_str(id),
        }
        out.push_str("</mark>");
    }

    fn channel(&self, out: &mut String, id: &str) {
        out.push_str("<mark>#");
        match self.ctx.channels.iter().find(|channel| channel.id == id) {
            Some(channel) => escape::text(out, &channel.name),
            None => out.push_str(id),
        }
        out.push_str("</mark>");
    }

    fn everyone(&self, out: &mut String) -> Option<usize> {
        let rest = &self.text[self.start..];
        let word = ["@everyone", "@here"]
            .into_iter()
            .find(|word| rest.starts_with(word))?;
        out.push_str("<mark>");
        out.push_str(word);
        out.push_str("</mark>");
        Some(self.start + word.len())
    }

    fn autolink(&self, out: &mut String) -> Option<usize> {
        let bytes = self.text.as_bytes();
        if self.start > 0 && bytes[self.start - 1].is_ascii_alphanumeric() {
            return None;
        }
        let rest = &self.text[self.start..];
        if !rest.starts_with("https://") && !rest.starts_with("http://") {
            return None;
        }
        let mut url = &rest[..rest
            .find(|c: char| c.is_whitespace() || c == '<')
            .unwrap_or(rest.len())];
        loop {
            let trimmed = url.trim_end_matches(|c| ".,:;!?\"'*_~|]".contains(c));
            let trimmed = if trimmed.ends_with(')')
                && trimmed.matches('(').count() < trimmed.matches(')').count()
            {
                &trimmed[..trimmed.len() - 1]
            } else {
                trimmed
            };
            if trimmed.len() == url.len() {
                break;
            }
            url = trimmed;
        }
        let url = escape::web_url(url)?;
        write_link_open(out, url);
        escape::text(out, url);
        out.push_str("</a>");
        Some(self.start + url.len())
    }
}

/// Opens a link to the web.
pub(crate) fn write_link_open(out: &mut String, url: &str) {
    // The page's referrer policy (no-referrer) covers every link, so none needs its own.
    out.push_str("<a href=");
    escape::attr(out, url);
    out.push('>');
}
