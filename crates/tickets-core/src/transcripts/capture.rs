//! Reading a ticket's channel into a transcript document: every message, oldest first, in
//! Discord's pages of 100, written into the compressed document as it comes so that memory holds
//! one page at a time, whatever the channel's length.

use super::files::FileBudget;
use super::mentions;
use crate::cache::{ChannelFact, RoleFact};
use crate::{Core, UseCaseError};
use std::collections::HashMap;
use tickets_model::{ChannelId, GuildId, RoleId, UserId};
use tickets_store::tickets::TicketRow;
use tickets_transcripts::format::{self, Author, Capture, Header};
use twilight_model::channel::Message;
use twilight_model::channel::message::EmojiReactionType;
use twilight_model::id::Id;
use twilight_model::user::User;

/// Discord's largest page of messages.
const PAGE: u16 = 100;

/// A captured transcript, ready to store.
pub(crate) struct Captured {
    /// The compressed document.
    pub(crate) compressed: Vec<u8>,
    /// How many messages it holds.
    pub(crate) messages: u64,
    /// How many files were copied.
    pub(crate) files_stored: u64,
    /// Whether Discord sent message content.
    pub(crate) content_intent: bool,
}

/// What a capture needs to know of the server to name what messages mention.
struct Names {
    roles: Vec<RoleFact>,
    channels: Vec<ChannelFact>,
    /// The roles of each author seen, asked once per capture.
    member_roles: HashMap<UserId, Vec<RoleId>>,
    /// Everyone seen as an author or a mention, so that the ticket's block names them without
    /// asking Discord again.
    people: HashMap<UserId, Author>,
}

impl Core {
    /// Reads every message of a ticket's channel and writes the transcript document, copying
    /// files as it goes. `renew` is called after each page, to keep the job's lease.
    pub(crate) async fn capture_channel<F, Fut>(
        &self,
        guild: GuildId,
        ticket: &TicketRow,
        channel: ChannelId,
        mut renew: F,
    ) -> Result<Captured, UseCaseError>
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = Result<(), UseCaseError>>,
    {
        let number = ticket.number;
        let content_intent = self.message_content_intent().await;
        let mut names = self.names(guild).await?;
        let header = self
            .transcript_header(guild, channel, &names.channels)
            .await?;
        let mut writer = format::compressed_writer(&header).map_err(storage_error)?;
        let mut budget = FileBudget::new(&self.transcript_service().config);
        let mut after = Id::new(1);
        loop {
            let request = self
                .discord()
                .http()
                .channel_messages(channel)
                .after(after)
                .limit(PAGE);
            let mut page: Vec<Message> = self
                .discord()
                .models("get_channel_messages", request)
                .await?;
            // Discord answers each page newest first.
            page.sort_by_key(|message| message.id);
            let full = page.len() >= usize::from(PAGE);
            for message in &page {
                let mut converted = self.convert_message(guild, message, &mut names).await?;
                self.copy_files(guild, number, &mut converted, &mut budget)
                    .await;
                writer.push(&converted).map_err(storage_error)?;
            }
            match page.last() {
                Some(last) if full => after = last.id,
                _ => break,
            }
            renew().await?;
        }
        let messages = writer.count();
        let facts = self.ticket_facts(ticket, &names.people).await?;
        let capture = Capture {
            content_intent,
            attachments_not_stored: budget.not_stored,
        };
        let compressed =
            format::finish_compressed(writer, &facts, &capture).map_err(storage_error)?;
        Ok(Captured {
            compressed,
            messages,
            files_stored: budget.stored,
            content_intent,
        })
    }

    /// Converts a page of a server's messages into the transcript format, oldest first, with
    /// mentions named as a capture names them: what the live view of a ticket shows. Files are
    /// not copied; their Discord links are kept as they came.
    pub(crate) async fn convert_messages(
        &self,
        guild: GuildId,
        page: &[Message],
    ) -> Result<Vec<format::Message>, UseCaseError> {
        let mut names = self.names(guild).await?;
        let mut sorted: Vec<&Message> = page.iter().collect();
        sorted.sort_by_key(|message| message.id);
        let mut converted = Vec::with_capacity(sorted.len());
        for message in sorted {
            converted.push(self.convert_message(guild, message, &mut names).await?);
        }
        Ok(converted)
    }

    /// What naming a server's mentions needs, from the cache.
    async fn names(&self, guild: GuildId) -> Result<Names, UseCaseError> {
        Ok(Names {
            roles: self.cached_roles(guild).await?,
            channels: self.cached_channels(guild, &[]).await?,
            member_roles: HashMap::new(),
            people: HashMap::new(),
        })
    }

    /// Whether Discord sends this application the text of members' messages: the Message Content
    /// intent, enabled in the developer portal (either flag, full or limited). Asked once; the
    /// gateway asks for the intent only when this says it is granted.
    pub async fn message_content_intent(&self) -> bool {
        if let Some(known) = self.transcript_service().content_intent.get() {
            return *known;
        }
        let request = self.discord().http().current_user_application();
        match self
            .discord()
            .model("get_current_application", request)
            .await
        {
            Ok(application) => {
                let flags = application.flags.map_or(0, |flags| flags.bits());
                let granted = flags & (CONTENT_INTENT | CONTENT_INTENT_LIMITED) != 0;
                *self
                    .transcript_service()
                    .content_intent
                    .get_or_init(|| granted)
            }
            Err(error) => {
                // Not remembered: asked again at the next capture.
                tracing::warn!(%error, "could not read the application's intents");
                false
            }
        }
    }

    /// The document's header for a ticket's channel: the server and the channel by name.
    pub(crate) async fn transcript_header(
        &self,
        guild: GuildId,
        channel: ChannelId,
        known: &[ChannelFact],
    ) -> Result<Header, UseCaseError> {
        let server = self
            .db()
            .guilds()
            .get(guild)
            .await?
            .map_or_else(|| guild.to_string(), |known| known.name);
        // A ticket channel is known from its creation; a thread is not kept, and is asked for.
        let (kind, name, category, topic) = match known.iter().find(|c| c.id == channel) {
            Some(fact) => ("GuildTextChat", fact.name.to_string(), None, None),
            None => {
                let found: twilight_model::channel::Channel = self
                    .discord()
                    .model("get_channel", self.discord().http().channel(channel))
                    .await?;
                let kind = if found.kind.is_thread() {
                    "GuildPrivateThread"
                } else {
                    "GuildTextChat"
                };
                (
                    kind,
                    found.name.unwrap_or_default(),
                    found.parent_id,
                    found.topic,
                )
            }
        };
        Ok(Header {
            guild: format::Guild {
                id: guild.to_string(),
                name: server,
                icon_url: None,
            },
            channel: format::Channel {
                id: channel.to_string(),
                kind: kind.to_owned(),
                category_id: category.map(|id| id.to_string()),
                category: None,
                name,
                topic,
            },
            date_range: format::DateRange::default(),
            exported_at: Some(rfc3339(self.now())),
        })
    }

    async fn convert_message(
        &self,
        guild: GuildId,
        message: &Message,
        names: &mut Names,
    ) -> Result<format::Message, UseCaseError> {
        let author = self.author(guild, &message.author, names).await?;
        let mentions: Vec<Author> = message
            .mentions
            .iter()
            .map(|mention| Author {
                id: mention.id.to_string(),
                name: mention.name.clone(),
                discriminator: format!("{:04}", mention.discriminator),
                nickname: mention.member.as_ref().and_then(|m| m.nick.clone()),
                color: mention
                    .member
                    .as_ref()
                    .and_then(|m| mentions::top_colour(&m.roles, &names.roles)),
                is_bot: mention.bot,
                avatar_url: None,
            })
            .collect();
        for (mention, named) in message.mentions.iter().zip(&mentions) {
            names
                .people
                .entry(mention.id)
                .or_insert_with(|| named.clone());
        }
        let role_ids: Vec<u64> = message.mention_roles.iter().map(|id| id.get()).collect();
        Ok(format::Message {
            id: message.id.to_string(),
            kind: format::message_kind_name(u8::from(message.kind)).to_owned(),
            timestamp: message.timestamp.iso_8601().to_string(),
            timestamp_edited: message.edited_timestamp.map(|t| t.iso_8601().to_string()),
            is_pinned: message.pinned,
            content: message.content.clone(),
            author,
            attachments: message.attachments.iter().map(convert_attachment).collect(),
            embeds: message.embeds.iter().map(convert_embed).collect(),
            stickers: message
                .sticker_items
                .iter()
                .map(|sticker| format::Sticker {
                    id: sticker.id.to_string(),
                    name: sticker.name.clone(),
                    format: format!("{:?}", sticker.format_type),
                    source_url: None,
                })
                .collect(),
            reactions: message
                .reactions
                .iter()
                .map(|reaction| format::Reaction {
                    emoji: convert_emoji(&reaction.emoji),
                    count: reaction.count,
                    users: Vec::new(),
                })
                .collect(),
            mentions,
            mentioned_roles: mentions::named_roles(&role_ids, &names.roles),
            mentioned_channels: mentions::named_channels(&message.content, &names.channels),
            reference: message
                .reference
                .as_ref()
                .map(|reference| format::Reference {
                    message_id: reference.message_id.map(|id| id.to_string()),
                    channel_id: reference.channel_id.map(|id| id.to_string()),
                    guild_id: reference.guild_id.map(|id| id.to_string()),
                }),
            interaction: None,
            components: message
                .components
                .iter()
                .filter_map(|component| serde_json::to_value(component).ok())
                .collect(),
        })
    }

    async fn author(
        &self,
        guild: GuildId,
        user: &User,
        names: &mut Names,
    ) -> Result<Author, UseCaseError> {
        if let std::collections::hash_map::Entry::Vacant(unknown) =
            names.member_roles.entry(user.id)
        {
            // A bot's name colour is not worth a request; a departed member has no roles.
            let roles = if user.bot {
                Vec::new()
            } else {
                self.cached_member_roles(guild, user.id)
                    .await?
                    .unwrap_or_default()
            };
            unknown.insert(roles);
        }
        let roles = names
            .member_roles
            .get(&user.id)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let author = Author {
            id: user.id.to_string(),
            name: user.name.clone(),
            discriminator: format!("{:04}", user.discriminator),
            nickname: user.global_name.clone(),
            color: mentions::top_colour(roles, &names.roles),
            is_bot: user.bot,
            avatar_url: None,
        };
        names.people.insert(user.id, author.clone());
        Ok(author)
    }
}

/// `GATEWAY_MESSAGE_CONTENT` and `GATEWAY_MESSAGE_CONTENT_LIMITED` of the application's flags.
const CONTENT_INTENT: u64 = 1 << 18;
const CONTENT_INTENT_LIMITED: u64 = 1 << 19;

fn convert_attachment(file: &twilight_model::channel::Attachment) -> format::Attachment {
    format::Attachment {
        id: file.id.to_string(),
        url: file.url.clone(),
        file_name: file.filename.clone(),
        file_size_bytes: file.size,
        content_type: file.content_type.clone(),
        width: file.width.and_then(|w| u32::try_from(w).ok()),
        height: file.height.and_then(|h| u32::try_from(h).ok()),
        stored: false,
        not_stored: None,
    }
}

fn convert_embed(embed: &twilight_model::channel::message::Embed) -> format::Embed {
    format::Embed {
        title: embed.title.clone(),
        url: embed.url.clone(),
        timestamp: embed.timestamp.map(|t| t.iso_8601().to_string()),
        description: embed.description.clone(),
        color: embed.color.and_then(mentions::colour),
        author: embed.author.as_ref().map(|author| format::EmbedAuthor {
            name: author.name.clone(),
            url: author.url.clone(),
            icon_url: None,
        }),
        thumbnail: embed.thumbnail.as_ref().map(|image| format::EmbedImage {
            url: image.url.clone(),
            width: image.width.and_then(|w| u32::try_from(w).ok()),
            height: image.height.and_then(|h| u32::try_from(h).ok()),
        }),
        image: embed.image.as_ref().map(|image| format::EmbedImage {
            url: image.url.clone(),
            width: image.width.and_then(|w| u32::try_from(w).ok()),
            height: image.height.and_then(|h| u32::try_from(h).ok()),
        }),
        footer: embed.footer.as_ref().map(|footer| format::EmbedFooter {
            text: footer.text.clone(),
            icon_url: None,
        }),
        fields: embed
            .fields
            .iter()
            .map(|field| format::EmbedField {
                name: field.name.clone(),
                value: field.value.clone(),
                is_inline: field.inline,
            })
            .collect(),
    }
}

fn convert_emoji(emoji: &EmojiReactionType) -> format::Emoji {
    match emoji {
        EmojiReactionType::Custom { animated, id, name } => format::Emoji {
            id: Some(id.to_string()),
            name: name.clone().unwrap_or_default(),
            code: name.clone(),
            is_animated: *animated,
            image_url: None,
        },
        EmojiReactionType::Unicode { name } => format::Emoji {
            id: None,
            name: name.clone(),
            code: None,
            is_animated: false,
            image_url: None,
        },
    }
}

/// A time in Unix milliseconds as RFC 3339 (UTC).
pub(crate) fn rfc3339(ms: i64) -> String {
    twilight_model::util::Timestamp::from_micros(ms.saturating_mul(1000))
        .map(|t| t.iso_8601().to_string())
        .unwrap_or_default()
}

fn storage_error(error: std::io::Error) -> UseCaseError {
    UseCaseError::Transcript(error.to_string())
}
