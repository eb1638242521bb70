//! The summary a ticket's opener receives by direct message when their ticket closes.

use crate::{Core, DiscordFailure, UseCaseError};
use tickets_model::custom_id::Stars;
use tickets_model::placeholder::{TimestampStyle, discord_timestamp};
use tickets_model::{ChannelId, GuildId, UserId};
use tickets_store::tickets::TicketRow;
use twilight_model::channel::Channel;
use twilight_model::channel::message::embed::EmbedField;
use twilight_model::channel::message::{Component, Embed};
use twilight_util::builder::embed::{EmbedBuilder, EmbedFieldBuilder};

/// The colour of the summary's embed.
const SUMMARY_COLOUR: u32 = 0x0057_F287;

/// Most DM channels remembered; past that the memory starts over.
const DM_CHANNELS_KEPT: usize = 10_000;

/// The DM channel of each member the bot wrote to. Discord gives the same channel for a member
/// every time, so remembering it saves a rate-limited request per closed ticket.
#[derive(Debug, Default)]
pub(crate) struct DmChannels(std::sync::Mutex<std::collections::HashMap<UserId, ChannelId>>);

impl DmChannels {
    fn get(&self, user: UserId) -> Option<ChannelId> {
        self.0.lock().ok()?.get(&user).copied()
    }

    fn remember(&self, user: UserId, channel: ChannelId) {
        if let Ok(mut known) = self.0.lock() {
            if known.len() >= DM_CHANNELS_KEPT {
                known.clear();
            }
            known.insert(user, channel);
        }
    }
}

/// What both summaries of a closed ticket (the opener's DM, the transcripts channel) say of its
/// close: who closed it, when it was opened and closed, and why.
pub(crate) fn close_fields(text: &dyn Fn(&str) -> String, ticket: &TicketRow) -> [EmbedField; 4] {
    let at = |ms: Option<i64>| {
        ms.map_or_else(
            || "-".to_owned(),
            |ms| discord_timestamp(ms / 1000, TimestampStyle::ShortDateTime),
        )
    };
    let closer = ticket
        .closed_by
        .map_or_else(|| "-".to_owned(), |user| format!("<@{user}>"));
    let reason = ticket
        .close_reason
        .clone()
        .unwrap_or_else(|| text("close-summary-no-reason"));
    [
        EmbedFieldBuilder::new(text("close-summary-closed-by"), closer)
            .inline()
            .build(),
        EmbedFieldBuilder::new(
            text("close-summary-opened"),
            at(ticket.opened_at.or(Some(ticket.created_at))),
        )
        .inline()
        .build(),
        EmbedFieldBuilder::new(text("close-summary-closed"), at(ticket.closed_at))
            .inline()
            .build(),
        EmbedFieldBuilder::new(text("close-summary-reason"), reason).build(),
    ]
}

impl Core {
    /// DMs the opener of a closed ticket its summary. A member who does not accept DMs is not an
    /// error: it is logged and skipped; nothing here can stop the rest of the closing.
    pub(crate) async fn send_close_summary(&self, guild: GuildId, number: i64) {
        match self.try_send_close_summary(guild, number).await {
            Ok(()) => {}
            Err(UseCaseError::Discord(error)) if error.code == Some(50007) => {
                tracing::info!(%guild, number, "the opener does not accept DMs; no close summary sent");
            }
            Err(UseCaseError::Discord(error)) if error.failure() == DiscordFailure::Unknown => {
                tracing::info!(%guild, number, "the opener is gone; no close summary sent");
            }
            Err(error) => {
                tracing::warn!(%error, %guild, number, "could not send the close summary");
            }
        }
    }

    async fn try_send_close_summary(
        &self,
        guild: GuildId,
        number: i64,
    ) -> Result<(), UseCaseError> {
        let Some(ticket) = self.db().tickets().get(guild, number).await? else {
            return Ok(());
        };
        let offered = self
            .db()
            .feedback()
            .offered_at(guild, number)
            .await?
            .is_some();
        let chosen = if offered {
            self.rating_of(guild, number).await?
        } else {
            None
        };
        let (embed, components) = self.close_summary_message(&ticket, offered, chosen).await?;
        let dm = match self.dm_channels().get(ticket.opener_id) {
            Some(known) => known,
            None => {
                let opened: Channel = self
                    .discord()
                    .model(
                        "create_dm",
                        self.discord()
                            .http()
                            .create_private_channel(ticket.opener_id),
                    )
                    .await?;
                self.dm_channels().remember(ticket.opener_id, opened.id);
                opened.id
            }
        };
        let post = self
            .discord()
            .http()
            .create_message(dm)
            .embeds(std::slice::from_ref(&embed))
            .components(&components);
        self.discord().call("create_message", post).await?;
        Ok(())
    }

    /// The opener's summary of a closed ticket: the embed, the "View transcript" link when the
    /// transcript is kept, and the rating buttons when the opener was asked for a rating (with
    /// the rating `chosen` so far shown and highlighted).
    pub(crate) async fn close_summary_message(
        &self,
        ticket: &TicketRow,
        offered: bool,
        chosen: Option<Stars>,
    ) -> Result<(Embed, Vec<Component>), UseCaseError> {
        let (guild, number) = (ticket.guild_id, ticket.number);
        let settings = self.db().settings().get(guild).await?;
        let locale = self.catalog().resolve(settings.language.as_deref(), None);
        let text = |key: &str| self.catalog().text(&locale, key, &[]);
        let server = match self.db().guilds().get(guild).await? {
            Some(known) => known.name,
            None => guild.to_string(),
        };
        let mut embed = EmbedBuilder::new()
            .title(self.catalog().text(
                &locale,
                "close-summary-title",
                &[("server", server.clone().into())],
            ))
            .color(SUMMARY_COLOUR)
            .field(
                EmbedFieldBuilder::new(text("close-summary-ticket"), format!("#{number}")).inline(),
            )
            .field(EmbedFieldBuilder::new(text("close-summary-server"), server).inline());
        for field in close_fields(&text, ticket) {
            embed = embed.field(field);
        }
        if let Some(stars) = chosen {
            embed = embed.field(EmbedFieldBuilder::new(
                text("feedback-your-rating"),
                crate::feedback::prompt::stars_text(self.catalog(), &locale, stars),
            ));
        }
        let mut components: Vec<_> = self
            .transcript_button(guild, number, text("transcript-view-button"))
            .await?
            .into_iter()
            .collect();
        if offered {
            components.push(crate::feedback::prompt::rating_row(
                self.catalog(),
                &locale,
                guild,
                number,
                chosen,
            ));
        }
        Ok((embed.build(), components))
    }
}
