//! The transcript document: DiscordChatExporter's JSON layout, so that exports of that tool render
//! here too, plus a `ticket` block, a `capture` block and a `version` of our own.
//!
//! Field names are camelCase as in that layout. Everything we add is optional when reading, so a
//! foreign export (which has no `version`) reads as version 0.

use serde::{Deserialize, Serialize};
use std::io::Write;

/// The version written by this build. Readers accept this one and every earlier one.
pub const FORMAT_VERSION: u32 = 1;

/// A whole transcript, as read back for rendering.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Document {
    /// Our format version; 0 for an export of another tool.
    #[serde(default)]
    pub version: u32,
    /// The server.
    pub guild: Guild,
    /// The channel or thread.
    pub channel: Channel,
    /// The window of time exported, when limited.
    #[serde(default)]
    pub date_range: DateRange,
    /// When the document was written (RFC 3339).
    #[serde(default)]
    pub exported_at: Option<String>,
    /// The messages, oldest first.
    #[serde(default)]
    pub messages: Vec<Message>,
    /// How many messages there are.
    #[serde(default)]
    pub message_count: u64,
    /// The ticket's facts; absent in foreign exports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ticket: Option<TicketFacts>,
    /// How the messages were read; absent in foreign exports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capture: Option<Capture>,
}

/// Everything of a document but its messages: what a writer starts with.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Header {
    /// The server.
    pub guild: Guild,
    /// The channel or thread.
    pub channel: Channel,
    /// The window of time exported.
    pub date_range: DateRange,
    /// When the document was written (RFC 3339).
    pub exported_at: Option<String>,
}

/// A server.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Guild {
    /// Its id.
    pub id: String,
    /// Its name at capture time.
    pub name: String,
    /// Its icon (an address the viewer may load, or none).
    #[serde(default)]
    pub icon_url: Option<String>,
}

/// A channel or thread.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Channel {
    /// Its id.
    pub id: String,
    /// Its kind in DiscordChatExporter's words ("GuildTextChat", "GuildPrivateThread", ...).
    #[serde(rename = "type", default)]
    pub kind: String,
    /// The category's id, when in one.
    #[serde(default)]
    pub category_id: Option<String>,
    /// The category's name, when in one.
    #[serde(default)]
    pub category: Option<String>,
    /// Its name.
    pub name: String,
    /// Its topic.
    #[serde(default)]
    pub topic: Option<String>,
}

/// A window of time.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DateRange {
    /// Start (RFC 3339), none for the channel's beginning.
    #[serde(default)]
    pub after: Option<String>,
    /// End (RFC 3339), none for the channel's end.
    #[serde(default)]
    pub before: Option<String>,
}

/// One message.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Message {
    /// Its id.
    pub id: String,
    /// Its kind in DiscordChatExporter's words: "Default", "Reply", "ChannelPinnedMessage",
    /// "GuildMemberJoin", "ThreadCreated", "RecipientAdd", ... (see [`message_kind_name`]).
    #[serde(rename = "type", default)]
    pub kind: String,
    /// When it was sent (RFC 3339).
    pub timestamp: String,
    /// When it was last edited (RFC 3339).
    #[serde(default)]
    pub timestamp_edited: Option<String>,
    /// Whether it was pinned.
    #[serde(default)]
    pub is_pinned: bool,
    /// Its text, in Discord's markdown; mentions stay as `<@id>`, `<@&id>`, `<#id>` and resolve
    /// through `mentions`, `mentionedRoles` and `mentionedChannels`.
    #[serde(default)]
    pub content: String,
    /// Who sent it.
    pub author: Author,
    /// Its files.
    #[serde(default)]
    pub attachments: Vec<Attachment>,
    /// Its embeds.
    #[serde(default)]
    pub embeds: Vec<Embed>,
    /// Its stickers.
    #[serde(default)]
    pub stickers: Vec<Sticker>,
    /// Its reactions.
    #[serde(default)]
    pub reactions: Vec<Reaction>,
    /// The users it mentions, with their names at capture time.
    #[serde(default)]
    pub mentions: Vec<Author>,
    /// The roles it mentions (our addition).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mentioned_roles: Vec<NamedRole>,
    /// The channels it mentions (our addition).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mentioned_channels: Vec<NamedChannel>,
    /// The message it replies to, when it is a reply.
    #[serde(default)]
    pub reference: Option<Reference>,
    /// The slash command it answers, when it is a command's answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interaction: Option<Interaction>,
    /// Its buttons and menus, in Discord's JSON shape (our addition).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub components: Vec<serde_json::Value>,
}

/// A message's author or a mentioned user.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Author {
    /// Their id.
    pub id: String,
    /// Their user name.
    pub name: String,
    /// Their legacy discriminator ("0000" for new names).
    #[serde(default)]
    pub discriminator: String,
    /// Their display name on the server.
    #[serde(default)]
    pub nickname: Option<String>,
    /// Their top role's colour, as `#rrggbb`.
    #[serde(default)]
    pub color: Option<String>,
    /// Whether they are a bot.
    #[serde(default)]
    pub is_bot: bool,
    /// Their avatar: an address the viewer may load (ours, never Discord's), or none.
    #[serde(default)]
    pub avatar_url: Option<String>,
}

/// A mentioned role.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NamedRole {
    /// Its id.
    pub id: String,
    /// Its name at capture time.
    pub name: String,
    /// Its colour, as `#rrggbb`.
    #[serde(default)]
    pub color: Option<String>,
}

/// A mentioned channel.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NamedChannel {
    /// Its id.
    pub id: String,
    /// Its name at capture time.
    pub name: String,
}

/// A file of a message.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Attachment {
    /// Its id.
    pub id: String,
    /// Where it was: Discord's address at capture time (it expires), or a relative path in a
    /// foreign export made with its media.
    pub url: String,
    /// Its file name.
    pub file_name: String,
    /// Its size.
    #[serde(default)]
    pub file_size_bytes: u64,
    /// Its media type, when Discord gave one (our addition).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    /// An image's width.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width: Option<u32>,
    /// An image's height.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
    /// Whether a copy is kept beside the transcript (our addition).
    #[serde(default)]
    pub stored: bool,
    /// Why no copy is kept, when none is: "too_large", "transcript_full", "unreachable".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_stored: Option<String>,
}

/// An embed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Embed {
    /// Its title.
    #[serde(default)]
    pub title: Option<String>,
    /// The title's link.
    #[serde(default)]
    pub url: Option<String>,
    /// Its timestamp (RFC 3339).
    #[serde(default)]
    pub timestamp: Option<String>,
    /// Its description, in markdown.
    #[serde(default)]
    pub description: Option<String>,
    /// Its side colour, as `#rrggbb`.
    #[serde(default)]
    pub color: Option<String>,
    /// Its author line.
    #[serde(default)]
    pub author: Option<EmbedAuthor>,
    /// Its thumbnail.
    #[serde(default)]
    pub thumbnail: Option<EmbedImage>,
    /// Its image.
    #[serde(default)]
    pub image: Option<EmbedImage>,
    /// Its footer.
    #[serde(default)]
    pub footer: Option<EmbedFooter>,
    /// Its fields.
    #[serde(default)]
    pub fields: Vec<EmbedField>,
}

/// An embed's author line.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EmbedAuthor {
    /// The name.
    pub name: String,
    /// The name's link.
    #[serde(default)]
    pub url: Option<String>,
    /// The icon.
    #[serde(default)]
    pub icon_url: Option<String>,
}

/// An embed's image or thumbnail.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EmbedImage {
    /// Its address.
    pub url: String,
    /// Its width.
    #[serde(default)]
    pub width: Option<u32>,
    /// Its height.
    #[serde(default)]
    pub height: Option<u32>,
}

/// An embed's footer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EmbedFooter {
    /// The text.
    pub text: String,
    /// The icon.
    #[serde(default)]
    pub icon_url: Option<String>,
}

/// An embed's field.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EmbedField {
    /// Its name.
    pub name: String,
    /// Its value, in markdown.
    pub value: String,
    /// Whether it sits beside its neighbours.
    #[serde(default)]
    pub is_inline: bool,
}

/// A sticker.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Sticker {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its format ("Png", "Apng", "Lottie", "Gif").
    #[serde(default)]
    pub format: String,
    /// Its image, when one may be shown.
    #[serde(default)]
    pub source_url: Option<String>,
}

/// A reaction.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Reaction {
    /// The emoji.
    pub emoji: Emoji,
    /// How many reacted.
    pub count: u64,
    /// Who reacted, when known.
    #[serde(default)]
    pub users: Vec<Author>,
}

/// An emoji: a Unicode one (no id) or a server's custom one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Emoji {
    /// A custom emoji's id.
    #[serde(default)]
    pub id: Option<String>,
    /// The Unicode character, or the custom emoji's name.
    pub name: String,
    /// Its short code ("thumbsup").
    #[serde(default)]
    pub code: Option<String>,
    /// Whether it is animated.
    #[serde(default)]
    pub is_animated: bool,
    /// A custom emoji's image, when one may be shown.
    #[serde(default)]
    pub image_url: Option<String>,
}

/// The message a reply answers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Reference {
    /// Its id.
    #[serde(default)]
    pub message_id: Option<String>,
    /// Its channel.
    #[serde(default)]
    pub channel_id: Option<String>,
    /// Its server.
    #[serde(default)]
    pub guild_id: Option<String>,
}

/// The slash command a message answers.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Interaction {
    /// The interaction's id.
    pub id: String,
    /// The command's name.
    pub name: String,
    /// Who used it.
    pub user: Author,
}

/// The ticket a transcript keeps.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TicketFacts {
    /// Its number on the server.
    pub number: i64,
    /// The panel it was opened from, by title.
    #[serde(default)]
    pub panel: Option<String>,
    /// Who opened it.
    pub opener: Author,
    /// Who claimed it.
    #[serde(default)]
    pub claimed_by: Option<Author>,
    /// Who closed it.
    #[serde(default)]
    pub closed_by: Option<Author>,
    /// Why it was closed.
    #[serde(default)]
    pub close_reason: Option<String>,
    /// When it was opened (RFC 3339).
    pub opened_at: String,
    /// When it was closed (RFC 3339).
    #[serde(default)]
    pub closed_at: Option<String>,
    /// The answers to the panel's form, in the form's order.
    #[serde(default)]
    pub form_answers: Vec<FormAnswer>,
}

/// One answer to a panel's form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FormAnswer {
    /// The question's label.
    pub question: String,
    /// The answer.
    pub answer: String,
}

/// How the messages were read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Capture {
    /// Whether Discord sent message content: without the Message Content intent it sends empty
    /// text, embeds, files and components, and the page must say so.
    pub content_intent: bool,
    /// Files not copied (too large, over the transcript's budget, or unreachable).
    #[serde(default)]
    pub attachments_not_stored: u64,
}

/// DiscordChatExporter's name of Discord's message type number.
#[must_use]
pub fn message_kind_name(kind: u8) -> &'static str {
    match kind {
        1 => "RecipientAdd",
        2 => "RecipientRemove",
        3 => "Call",
        4 => "ChannelNameChange",
        5 => "ChannelIconChange",
        6 => "ChannelPinnedMessage",
        7 => "GuildMemberJoin",
        18 => "ThreadCreated",
        19 => "Reply",
        20 => "ChatInputCommand",
        21 => "ThreadStarterMessage",
        23 => "ContextMenuCommand",
        _ => "Default",
    }
}

/// Writes a document message by message, so that a channel of any length is never held whole in
/// memory: the header first, then each message, then the closing blocks.
#[derive(Debug)]
pub struct DocumentWriter<W: Write> {
    out: W,
    count: u64,
}

impl<W: Write> DocumentWriter<W> {
    /// Starts a document.
    ///
    /// # Errors
    ///
    /// Failures of `out`.
    pub fn new(mut out: W, header: &Header) -> std::io::Result<Self> {
        write!(out, "{{\"version\":{FORMAT_VERSION},")?;
        out.write_all(b"\"guild\":")?;
        serde_json::to_writer(&mut out, &header.guild)?;
        out.write_all(b",\"channel\":")?;
        serde_json::to_writer(&mut out, &header.channel)?;
        out.write_all(b",\"dateRange\":")?;
        serde_json::to_writer(&mut out, &header.date_range)?;
        out.write_all(b",\"exportedAt\":")?;
        serde_json::to_writer(&mut out, &header.exported_at)?;
        out.write_all(b",\"messages\":[")?;
        Ok(Self { out, count: 0 })
    }

    /// Adds the next message (oldest first).
    ///
    /// # Errors
    ///
    /// Failures of the output.
    pub fn push(&mut self, message: &Message) -> std::io::Result<()> {
        if self.count > 0 {
            self.out.write_all(b",")?;
        }
        serde_json::to_writer(&mut self.out, message)?;
        self.count += 1;
        Ok(())
    }

    /// How many messages were added.
    #[must_use]
    pub fn count(&self) -> u64 {
        self.count
    }

    /// Ends the document with the ticket's facts and the capture's notes.
    ///
    /// # Errors
    ///
    /// Failures of the output.
    pub fn finish(mut self, ticket: &TicketFacts, capture: &Capture) -> std::io::Result<W> {
        write!(self.out, "],\"messageCount\":{},\"ticket\":", self.count)?;
        serde_json::to_writer(&mut self.out, ticket)?;
        self.out.write_all(b",\"capture\":")?;
        serde_json::to_writer(&mut self.out, capture)?;
        self.out.write_all(b"}")?;
        self.out.flush()?;
        Ok(self.out)
    }
}

/// A writer whose output is compressed as it goes, which is how documents are stored: a channel
/// of 10,000 messages never exists as uncompressed text in memory.
pub type CompressedWriter = DocumentWriter<zstd::stream::write::Encoder<'static, Vec<u8>>>;

/// Starts a compressed document.
///
/// # Errors
///
/// The compressor failing to start.
pub fn compressed_writer(header: &Header) -> std::io::Result<CompressedWriter> {
    let encoder = zstd::stream::write::Encoder::new(Vec::new(), COMPRESSION_LEVEL)?;
    DocumentWriter::new(encoder, header)
}

/// Ends a compressed document and gives its bytes.
///
/// # Errors
///
/// The compressor failing.
pub fn finish_compressed(
    writer: CompressedWriter,
    ticket: &TicketFacts,
    capture: &Capture,
) -> std::io::Result<Vec<u8>> {
    writer.finish(ticket, capture)?.finish()
}

/// Reads a compressed document.
///
/// # Errors
///
/// Bytes that do not decompress, or do not hold a document.
pub fn read_compressed(bytes: &[u8]) -> Result<Document, FormatError> {
    let json = zstd::stream::decode_all(bytes).map_err(FormatError::Compression)?;
    read_document(&json)
}

/// zstd's level for documents: JSON of chat shrinks well already at low levels, and capture
/// should cost little CPU.
const COMPRESSION_LEVEL: i32 = 3;

/// Reads a document: ours of any version up to [`FORMAT_VERSION`], or a DiscordChatExporter
/// JSON export.
///
/// # Errors
///
/// Text that is not such a document, or a version newer than this build knows.
pub fn read_document(json: &[u8]) -> Result<Document, FormatError> {
    let document: Document = serde_json::from_slice(json)?;
    if document.version > FORMAT_VERSION {
        return Err(FormatError::NewerVersion(document.version));
    }
    Ok(document)
}

/// Why a document could not be read.
#[derive(Debug, thiserror::Error)]
pub enum FormatError {
    /// Not a transcript document.
    #[error("not a transcript document: {0}")]
    Json(#[from] serde_json::Error),
    /// Not zstd-compressed data.
    #[error("transcript does not decompress: {0}")]
    Compression(std::io::Error),
    /// Written by a newer build.
    #[error("transcript format version {0} is newer than this build reads")]
    NewerVersion(u32),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(id: &str, content: &str) -> Message {
        Message {
            id: id.to_owned(),
            kind: "Default".to_owned(),
            timestamp: "2026-01-01T00:00:00+00:00".to_owned(),
            content: content.to_owned(),
            author: Author {
                id: "1".to_owned(),
                name: "member".to_owned(),
                ..Author::default()
            },
            ..Message::default()
        }
    }

    #[test]
    fn a_written_document_reads_back_whole() {
        let header = Header {
            guild: Guild {
                id: "10".to_owned(),
                name: "Server".to_owned(),
                icon_url: None,
            },
            channel: Channel {
                id: "20".to_owned(),
                kind: "GuildTextChat".to_owned(),
                name: "ticket-1".to_owned(),
                ..Channel::default()
            },
            ..Header::default()
        };
        let mut writer = DocumentWriter::new(Vec::new(), &header).unwrap();
        writer.push(&message("100", "first")).unwrap();
        writer.push(&message("101", "second")).unwrap();
        let ticket = TicketFacts {
            number: 1,
            ..TicketFacts::default()
        };
        let capture = Capture {
            content_intent: true,
            attachments_not_stored: 0,
        };
        let bytes = writer.finish(&ticket, &capture).unwrap();
        let document = read_document(&bytes).unwrap();
        assert_eq!(document.version, FORMAT_VERSION);
        assert_eq!(document.message_count, 2);
        assert_eq!(document.messages[1].content, "second");
        assert_eq!(document.ticket.unwrap().number, 1);
        assert!(document.capture.unwrap().content_intent);
    }

    #[test]
    fn a_compressed_document_is_smaller_and_reads_back() {
        let mut writer = compressed_writer(&Header::default()).unwrap();
        for n in 0..200 {
            writer
                .push(&message(&n.to_string(), "the secret words of this ticket"))
                .unwrap();
        }
        let bytes =
            finish_compressed(writer, &TicketFacts::default(), &Capture::default()).unwrap();
        assert!(bytes.len() < 200 * 31 / 4, "{} bytes", bytes.len());
        let document = read_compressed(&bytes).unwrap();
        assert_eq!(document.message_count, 200);
        assert_eq!(
            document.messages[199].content,
            "the secret words of this ticket"
        );
    }

    #[test]
    fn a_foreign_export_reads_as_version_zero_and_a_newer_one_is_refused() {
        let foreign = br#"{"guild":{"id":"1","name":"G"},"channel":{"id":"2","type":"GuildTextChat","name":"c"},
            "messages":[{"id":"3","type":"Default","timestamp":"2020-01-01T00:00:00+00:00","content":"hi",
            "author":{"id":"4","name":"a","discriminator":"0000","isBot":false}}],"messageCount":1}"#;
        let document = read_document(foreign).unwrap();
        assert_eq!(document.version, 0);
        assert_eq!(document.messages[0].author.name, "a");
        let newer =
            br#"{"version":99,"guild":{"id":"1","name":"G"},"channel":{"id":"2","name":"c"}}"#;
        assert!(matches!(
            read_document(newer),
            Err(FormatError::NewerVersion(99))
        ));
    }
}
