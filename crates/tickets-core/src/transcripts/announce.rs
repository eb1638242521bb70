//! Telling the server that a ticket closed: a summary with a "View transcript" button in the
//! transcripts channel. (The opener's DM gets the same button, see `close_summary`.)

use crate::{Core, DiscordFailure, UseCaseError};
use tickets_i18n::Locale;
use tickets_model::GuildId;
use tickets_model::custom_id::Stars;
use tickets_store::transcripts::TranscriptListed;
use twilight_model::channel::Message;
use twilight_model::channel::message::component::{ActionRow, Button, ButtonStyle};
use twilight_model::channel::message::{Component, Embed};
use twilight_util::builder::embed::{EmbedBuilder, EmbedFieldBuilder};

/// The colour of the transcripts channel's summaries.
const SUMMARY_COLOUR: u32 = 0x0058_65F2;

impl Core {
    /// The "View transcript" link of a ticket, when its transcript is stored.
    pub(crate) async fn transcript_button(
        &self,
        guild: GuildId,
        number: i64,
        label: String,
    ) -> Result<Option<Component>, UseCaseError> {
        let stored = self.db().transcripts().get(guild, number).await?.is_some();
        Ok(stored.then(|| self.view_transcript_button(guild, number, label)))
    }

    /// The "View transcript" link button of a ticket whose transcript is known to be stored.
    fn view_transcript_button(&self, guild: GuildId, number: i64, label: String) -> Component {
        Component::ActionRow(ActionRow {
            id: None,
            components: vec![Component::Button(Button {
                custom_id: None,
                disabled: false,
                emoji: None,
                id: None,
                label: Some(label),
                sku_id: None,
                style: ButtonStyle::Link,
                url: Some(self.transcript_service().link(guild, number)),
            })],
        })
    }

    /// Posts a closed ticket's summary in the server's transcripts channel, when it has one and
    /// the transcript is stored. Failures are logged: the close goes on regardless.
    pub(crate) async fn announce_transcript(&self, guild: GuildId, number: i64) {
        match self.try_announce_transcript(guild, number).await {
            Ok(()) => {}
            Err(UseCaseError::Discord(error))
                if matches!(
                    error.failure(),
                    DiscordFailure::Unknown | DiscordFailure::MissingPermission
                ) =>
            {
                tracing::warn!(%guild, number, %error, "the transcripts channel is gone or closed to the bot");
            }
            Err(error) => tracing::warn!(%guild, number, %error, "could not announce a transcript"),
        }
    }

    async fn try_announce_transcript(
        &self,
        guild: GuildId,
        number: i64,
    ) -> Result<(), UseCaseError> {
        let settings = self.db().settings().get(guild).await?;
        let Some(channel) = settings.transcripts_channel_id else {
            return Ok(());
        };
        let Some(stored) = self.db().transcripts().get(guild, number).await? else {
            return Ok(());
        };
        let locale = self.catalog().resolve(settings.language.as_deref(), None);
        let embed = self.transcript_summary(&locale, &stored);
        // The record read above says it is stored: no second look.
        let components = [self.view_transcript_button(
            guild,
            number,
            self.catalog().text(&locale, "transcript-view-button", &[]),
        )];
        let no_pings = twilight_model::channel::message::AllowedMentions::default();
        let post = self
            .discord()
            .http()
            .create_message(channel)
            .embeds(std::slice::from_ref(&embed))
            .components(&components)
            .allowed_mentions(Some(&no_pings));
        let posted: Message = self.discord().model("create_message", post).await?;
        // Kept so that a rating given later can be shown in it.
        self.db()
            .transcripts()
            .set_summary_message(guild, number, channel, posted.id)
            .await?;
        Ok(())
    }

    /// Shows a ticket's rating in its summary in the transcripts channel, when it has one there.
    /// Failures are logged: the rating is stored regardless.
    pub(crate) async fn refresh_transcript_summary(&self, guild: GuildId, number: i64) {
        let refreshed = async {
            let Some((channel, message)) = self
                .db()
                .transcripts()
                .summary_message(guild, number)
                .await?
            else {
                return Ok(());
            };
            let Some(stored) = self.db().transcripts().get(guild, number).await? else {
                return Ok(());
            };
            let locale = self.locale_of(Some(guild), None).await;
            let embeds = [self.transcript_summary(&locale, &stored)];
            let update = self
                .discord()
                .http()
                .update_message(channel, message)
                .embeds(Some(&embeds));
            self.discord().call("update_message", update).await?;
            Ok::<_, UseCaseError>(())
        };
        if let Err(error) = refreshed.await {
            tracing::warn!(%guild, number, %error, "could not show a rating in the transcripts channel");
        }
    }

    /// The transcripts channel's summary of a closed ticket.
    fn transcript_summary(&self, locale: &Locale, stored: &TranscriptListed) -> Embed {
        let text = |key: &str| self.catalog().text(locale, key, &[]);
        let ticket = &stored.ticket;
        let user = |id: Option<tickets_model::UserId>, none: &str| {
            id.map_or_else(|| text(none), |id| format!("<@{id}>"))
        };
        let rating = stored.rating.and_then(Stars::new).map_or_else(
            || text("transcript-summary-no-rating"),
            |stars| crate::feedback::prompt::stars_text(self.catalog(), locale, stars),
        );
        let mut embed = EmbedBuilder::new()
            .title(self.catalog().text(
                locale,
                "transcript-summary-title",
                &[("number", ticket.number.into())],
            ))
            .color(SUMMARY_COLOUR)
            .field(
                EmbedFieldBuilder::new(
                    text("transcript-summary-opened-by"),
                    format!("<@{}>", ticket.opener_id),
                )
                .inline(),
            )
            .field(
                EmbedFieldBuilder::new(
                    text("transcript-summary-claimed-by"),
                    user(ticket.claimed_by, "transcript-summary-not-claimed"),
                )
                .inline(),
            )
            .field(
                EmbedFieldBuilder::new(
                    text("transcript-summary-messages"),
                    stored.transcript.message_count.to_string(),
                )
                .inline(),
            )
            .field(EmbedFieldBuilder::new(text("transcript-summary-rating"), rating).inline());
        for field in crate::close_summary::close_fields(&text, ticket) {
            embed = embed.field(field);
        }
        embed.build()
    }
}
