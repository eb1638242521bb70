//! One message as Discord shows it: the first of a group with avatar, name and time, the
//! next ones of the same author as bare lines, system messages in grey, replies with the
//! answered message's author and first line.
//!
//! Each message is an item of the page's list, its text directly in the item, and the item's
//! end tag left out (HTML closes an item at the next one): on a page of ten thousand
//! messages, every byte of markup per message is ten kilobytes.

use crate::format::{Author, Message};
use crate::render::labels::fill;
use crate::render::markdown::{self, Context};
use crate::render::palette::Palette;
use crate::render::time::{self, Instant, Style};
use crate::render::{RenderOptions, escape, parts};
use std::collections::{HashMap, HashSet};

/// Discord starts a new group when the same author writes again after this long.
const GROUP_SECONDS: i64 = 7 * 60;

/// How much of an answered message a reply shows.
const SNIPPET_CHARS: usize = 80;

/// The messages of a document, found by id for replies.
pub(crate) struct Messages<'a> {
    pub(crate) all: &'a [Message],
    by_id: HashMap<&'a str, usize>,
    /// The messages some reply points to: only these need an anchor, which keeps a page of
    /// ten thousand messages from carrying ten thousand ids.
    answered: HashSet<&'a str>,
    content_intent: bool,
    /// The classes of the names' colours.
    pub(crate) palette: Palette,
}

impl<'a> Messages<'a> {
    pub(crate) fn new(all: &'a [Message], content_intent: bool) -> Self {
        let by_id = all
            .iter()
            .enumerate()
            .map(|(index, message)| (message.id.as_str(), index))
            .collect();
        let answered = all
            .iter()
            .filter_map(|message| message.reference.as_ref()?.message_id.as_deref())
            .collect();
        Self {
            all,
            by_id,
            answered,
            content_intent,
            palette: Palette::of(all),
        }
    }

    /// The same messages with every name's colour written as a style: for markup added to a
    /// page whose style sheet does not know their colours.
    pub(crate) fn without_classes(mut self) -> Self {
        self.palette = Palette::default();
        self
    }
}

/// What Discord shows in grey in place of a message, by DiscordChatExporter's kind name.
fn system_template<'l>(
    kind: &str,
    options: &'l RenderOptions<'_>,
) -> Option<(&'l str, &'static str)> {
    let labels = &options.labels;
    Some(match kind {
        "RecipientAdd" => (&labels.system_recipient_add, "→"),
        "RecipientRemove" => (&labels.system_recipient_remove, "←"),
        "Call" => (&labels.system_call, "☎"),
        "ChannelNameChange" => (&labels.system_name_change, "✎"),
        "ChannelIconChange" => (&labels.system_icon_change, "✎"),
        "ChannelPinnedMessage" => (&labels.system_pin, "📌"),
        "GuildMemberJoin" => (&labels.system_join, "→"),
        "ThreadCreated" => (&labels.system_thread_created, "#"),
        _ => return None,
    })
}

fn is_system(message: &Message) -> bool {
    matches!(
        message.kind.as_str(),
        "RecipientAdd"
            | "RecipientRemove"
            | "Call"
            | "ChannelNameChange"
            | "ChannelIconChange"
            | "ChannelPinnedMessage"
            | "GuildMemberJoin"
            | "ThreadCreated"
    )
}

/// Whether `next` joins the group of `previous`, as Discord decides: same author, within
/// seven minutes and on the same day, neither a system message, and `next` no reply nor
/// command answer.
pub(crate) fn continues_group(previous: &Message, next: &Message) -> bool {
    if is_system(previous) || is_system(next) || next.kind == "Reply" || next.interaction.is_some()
    {
        return false;
    }
    if previous.author.id != next.author.id || previous.author.name != next.author.name {
        return false;
    }
    match (
        Instant::parse(&previous.timestamp),
        Instant::parse(&next.timestamp),
    ) {
        (Some(before), Some(after)) => {
            before.day() == after.day() && (0..GROUP_SECONDS).contains(&(after.0 - before.0))
        }
        _ => false,
    }
}

/// Appends message `index`; `grouped` when it continues the previous message's group.
pub(crate) fn message(
    out: &mut String,
    messages: &Messages<'_>,
    index: usize,
    grouped: bool,
    options: &RenderOptions<'_>,
) {
    let Some(message) = messages.all.get(index) else {
        return;
    };
    if let Some((template, mark)) = system_template(&message.kind, options) {
        system(out, messages, message, template, mark);
        return;
    }
    if grouped {
        open_item(out, None, messages, message);
        write_clock(out, &message.timestamp);
    } else {
        let picture = options.assets.avatar_url(&message.author);
        let picture = picture.as_deref().and_then(escape::image_url);
        let color = avatar_color(&message.author);
        open_item(
            out,
            Some(if picture.is_some() {
                "g"
            } else {
                AVATAR_CLASSES[color]
            }),
            messages,
            message,
        );
        if message.kind == "Reply" {
            reply(out, messages, message, options);
        }
        if let Some(interaction) = &message.interaction {
            out.push_str("<div class=r>");
            let mut user = String::new();
            name(&mut user, &interaction.user, &messages.palette);
            let mut command = String::from("<b>/");
            escape::text(&mut command, &interaction.name);
            command.push_str("</b>");
            fill(
                out,
                &options.labels.used_command,
                &[("user", &user), ("command", &command)],
            );
            out.push_str("</div>");
        }
        match picture {
            Some(url) => {
                out.push_str("<img class=a src=");
                escape::attr(out, url);
                out.push_str(" alt=\"\">");
            }
            None => initial(out, &message.author),
        }
        out.push_str("<h3");
        messages
            .palette
            .write_attribute(out, message.author.color.as_deref());
        out.push('>');
        escape::text(out, display_name(&message.author));
        if message.author.is_bot {
            out.push_str("<span class=bt>");
            escape::text(out, &options.labels.bot_tag);
            out.push_str("</span>");
        }
        out.push(' ');
        write_clock(out, &message.timestamp);
        out.push_str("</h3>");
    }
    body(out, messages, message, options);
}

/// A message's time of day: the day itself is in the divider above it, the full date in the
/// title the script adds.
fn write_clock(out: &mut String, stamp: &str) {
    match Instant::parse(stamp) {
        Some(at) => time::write_clock(out, at),
        None => escape::text(out, stamp),
    }
}

fn open_item(out: &mut String, class: Option<&str>, messages: &Messages<'_>, message: &Message) {
    out.push_str("<li");
    if let Some(class) = class {
        out.push_str(" class=");
        out.push_str(class);
    }
    let answered = messages.answered.contains(message.id.as_str());
    if let Some(id) = escape::snowflake(&message.id).filter(|_| answered) {
        out.push_str(" id=m");
        out.push_str(id);
    }
    out.push('>');
}

fn body(out: &mut String, messages: &Messages<'_>, message: &Message, options: &RenderOptions<'_>) {
    let ctx = Context::of(message);
    let labels = &options.labels;
    let nothing_else = message.attachments.is_empty()
        && message.embeds.is_empty()
        && message.components.is_empty()
        && message.stickers.is_empty();
    if !message.content.is_empty() || message.timestamp_edited.is_some() || message.is_pinned {
        markdown::render(out, &message.content, &ctx);
        if message.timestamp_edited.is_some() {
            out.push_str(" <span class=ed>");
            escape::text(out, &labels.edited);
            out.push_str("</span>");
        }
        if message.is_pinned {
            out.push_str(" <span class=pn title=");
            escape::attr(out, &labels.pinned);
            out.push_str(">📌</span>");
        }
    } else if !messages.content_intent && nothing_else {
        out.push_str("<div class=wm>");
        escape::text(out, &labels.content_withheld_message);
        out.push_str("</div>");
    }
    parts::attachments(out, message, options);
    parts::embeds(out, message, &ctx);
    parts::stickers(out, message, options);
    parts::components(out, message, &ctx, options);
    parts::reactions(out, message);
}

fn reply(
    out: &mut String,
    messages: &Messages<'_>,
    message: &Message,
    options: &RenderOptions<'_>,
) {
    let answered = message
        .reference
        .as_ref()
        .and_then(|reference| reference.message_id.as_deref())
        .and_then(|id| messages.by_id.get(id))
        .and_then(|index| messages.all.get(*index));
    out.push_str("<div class=r>");
    let Some(answered) = answered else {
        out.push_str("<i>");
        escape::text(out, &options.labels.original_deleted);
        out.push_str("</i></div>");
        return;
    };
    name(out, &answered.author, &messages.palette);
    out.push_str(" <a href=#m");
    out.push_str(escape::snowflake(&answered.id).unwrap_or_default());
    out.push('>');
    let first_line = answered
        .content
        .lines()
        .find(|line| !line.trim().is_empty());
    match first_line {
        Some(line) => {
            // Cut at a space where there is one, so that a word or a link is rarely split.
            let cut = line
                .char_indices()
                .nth(SNIPPET_CHARS)
                .map_or(line.len(), |(at, _)| {
                    line[..at]
                        .rfind(' ')
                        .filter(|space| *space > at / 2)
                        .unwrap_or(at)
                });
            markdown::render_line(out, &line[..cut], &Context::of(answered));
            if cut < line.len() {
                out.push('…');
            }
        }
        None => {
            out.push_str("<i>");
            escape::text(out, &options.labels.reply_no_text);
            out.push_str("</i>");
        }
    }
    out.push_str("</a></div>");
}

fn system(
    out: &mut String,
    messages: &Messages<'_>,
    message: &Message,
    template: &str,
    mark: &str,
) {
    open_item(out, Some("y"), messages, message);
    out.push_str("<span class=yi>");
    out.push_str(mark);
    out.push_str("</span><div>");
    let mut author = String::new();
    name(&mut author, &message.author, &messages.palette);
    let mut target = String::new();
    if let Some(user) = message.mentions.first() {
        name(&mut target, user, &messages.palette);
    }
    let mut new_name = String::from("<b>");
    escape::text(&mut new_name, &message.content);
    new_name.push_str("</b>");
    fill(
        out,
        template,
        &[
            ("author", &author),
            ("target", &target),
            ("name", &new_name),
        ],
    );
    out.push(' ');
    time::write_stamp(out, &message.timestamp, Style::ShortDateTime, None);
    out.push_str("</div>");
}

/// Appends a person's display name in their role's colour.
pub(crate) fn name(out: &mut String, author: &Author, palette: &Palette) {
    out.push_str("<b");
    palette.write_attribute(out, author.color.as_deref());
    out.push('>');
    escape::text(out, display_name(author));
    out.push_str("</b>");
}

/// The name Discord shows for a person: their name on the server, else their user name.
pub(crate) fn display_name(author: &Author) -> &str {
    author
        .nickname
        .as_deref()
        .filter(|nickname| !nickname.is_empty())
        .unwrap_or(&author.name)
}

/// The first message of a group without an avatar picture: one of Discord's six default
/// avatar colours (the style sheet's `.c0` to `.c5`), picked by id as Discord picks its own.
const AVATAR_CLASSES: [&str; 6] = ["c0", "c1", "c2", "c3", "c4", "c5"];

fn avatar_color(author: &Author) -> usize {
    let pick = author.id.parse::<u64>().map_or_else(
        |_| author.name.bytes().map(usize::from).sum::<usize>(),
        |id| usize::try_from((id >> 22) % 6).unwrap_or_default(),
    );
    pick % AVATAR_CLASSES.len()
}

/// The initial of a person without an avatar picture, in the circle their item's class colours.
fn initial(out: &mut String, author: &Author) {
    out.push_str("<i>");
    let initial = display_name(author).chars().next().unwrap_or('?');
    for upper in initial.to_uppercase() {
        escape::text(out, upper.encode_utf8(&mut [0; 4]));
    }
    out.push_str("</i>");
}
