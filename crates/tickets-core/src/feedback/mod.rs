//! Feedback after the close: the opener (when the server asks for feedback and they wrote in
//! their ticket) rates the support 1 to 5 with the buttons of their close DM, or of the prompt
//! in a thread ticket; one rating per ticket, changeable for 24 hours. An exit survey (a form,
//! the panel's or else the server's) follows the rating as a modal, answered once.

pub(crate) mod prompt;

pub use prompt::stars_text;

use crate::forms::AskedForm;
use crate::{Core, UseCaseError};
use tickets_model::custom_id::Stars;
use tickets_model::ticket::TicketStatus;
use tickets_model::{ChannelId, FormId, FormInputId, GuildId, MessageId, UserId};
use tickets_store::tickets::TicketRow;
use twilight_model::channel::message::{Component, Embed};

/// How long after the first rating it may still be changed.
pub const CHANGEABLE_FOR_MS: i64 = 24 * 60 * 60 * 1000;

/// The rating prompt as it reads after a rating: what replaces the message whose button was
/// pressed.
#[derive(Debug, Clone)]
pub struct RatingPrompt {
    /// Its embeds.
    pub embeds: Vec<Embed>,
    /// Its buttons (the chosen rating highlighted).
    pub components: Vec<Component>,
}

/// What a rating leads to.
#[derive(Debug, Clone)]
pub struct Rated {
    /// The rating given.
    pub stars: Stars,
    /// The prompt showing it.
    pub prompt: RatingPrompt,
    /// The exit survey to ask now, when there is one not answered yet. (The pressed message
    /// was updated already, since the modal takes the place of that answer.)
    pub survey: Option<AskedForm>,
}

/// Whether the opener wrote in their ticket: only then are they asked for feedback (a ticket
/// that staff closed before its opener said anything has nothing to rate).
fn opener_wrote(ticket: &TicketRow) -> bool {
    ticket.activity.opener_last_message_at.is_some()
}

impl Core {
    /// A ticket's rating, if it has one.
    pub(crate) async fn rating_of(
        &self,
        guild: GuildId,
        number: i64,
    ) -> Result<Option<Stars>, UseCaseError> {
        Ok(self
            .db()
            .feedback()
            .rating(guild, number)
            .await?
            .and_then(|rating| Stars::new(rating.stars)))
    }

    /// Asks the opener of a ticket just closed to rate it, when the server wants feedback and
    /// they wrote in it: records the offer (the DM summary then carries the buttons) and, for a
    /// thread ticket, posts the prompt in its thread before it is archived. Failures are logged;
    /// nothing here stops the close.
    pub(crate) async fn offer_feedback(&self, guild: GuildId, number: i64) {
        if let Err(error) = self.try_offer_feedback(guild, number).await {
            tracing::warn!(%guild, number, %error, "could not ask for feedback");
        }
    }

    async fn try_offer_feedback(&self, guild: GuildId, number: i64) -> Result<(), UseCaseError> {
        let Some(ticket) = self.db().tickets().get(guild, number).await? else {
            return Ok(());
        };
        if !self.db().settings().get(guild).await?.feedback_enabled || !opener_wrote(&ticket) {
            return Ok(());
        }
        self.db()
            .feedback()
            .offer(guild, number, self.now())
            .await?;
        let Some(thread) = ticket.channel_id.filter(|_| ticket.is_thread) else {
            return Ok(());
        };
        let locale = self.locale_of(Some(guild), None).await;
        let chosen = self.rating_of(guild, number).await?;
        let (embed, row) = prompt::thread_prompt(self.catalog(), &locale, guild, number, chosen);
        let components = [row];
        let mention = format!("<@{}>", ticket.opener_id);
        let post = self
            .discord()
            .http()
            .create_message(thread)
            .content(&mention)
            .embeds(std::slice::from_ref(&embed))
            .components(&components);
        self.discord().call("create_message", post).await?;
        Ok(())
    }

    /// The opener rates their closed ticket with a button of the prompt at `pressed` (their DM,
    /// or the thread of a thread ticket). Decides everything: the ticket must exist in that
    /// server, be closed and have been offered a rating, the presser must be its opener, and a
    /// rating older than 24 hours is final. The server's summary in the transcripts channel then
    /// shows the rating.
    ///
    /// # Errors
    ///
    /// [`UseCaseError::RatingUnavailable`] (no such closed ticket, or one never offered a
    /// rating), [`UseCaseError::RatingNotYours`], [`UseCaseError::RatingFinal`]; Discord failing
    /// to update the prompt before a survey; storage failures.
    pub async fn rate_ticket(
        &self,
        guild: GuildId,
        number: i64,
        presser: UserId,
        stars: Stars,
        pressed: Option<(ChannelId, MessageId)>,
    ) -> Result<Rated, UseCaseError> {
        let ticket = self.ratable_ticket(guild, number, presser).await?;
        let feedback = self.db().feedback();
        if let Some(before) = feedback.rating(guild, number).await?
            && self.now() >= before.rated_at.saturating_add(CHANGEABLE_FOR_MS)
        {
            return Err(UseCaseError::RatingFinal);
        }
        feedback
            .rate(guild, number, stars.get(), self.now())
            .await?;
        tracing::info!(%guild, number, stars = stars.get(), "ticket rated");
        self.refresh_transcript_summary(guild, number).await;

        let in_thread = pressed
            .is_some_and(|(channel, _)| ticket.is_thread && ticket.channel_id == Some(channel));
        let prompt = if in_thread {
            let locale = self.locale_of(Some(guild), None).await;
            let (embed, row) =
                prompt::thread_prompt(self.catalog(), &locale, guild, number, Some(stars));
            RatingPrompt {
                embeds: vec![embed],
                components: vec![row],
            }
        } else {
            let (embed, components) = self
                .close_summary_message(&ticket, true, Some(stars))
                .await?;
            RatingPrompt {
                embeds: vec![embed],
                components,
            }
        };
        let survey = self.survey_to_ask(&ticket).await?;
        if survey.is_some()
            && let Some((channel, message)) = pressed
        {
            // The modal is the answer to the press, so the prompt is updated on its own.
            let update = self
                .discord()
                .http()
                .update_message(channel, message)
                .embeds(Some(&prompt.embeds))
                .components(Some(&prompt.components));
            self.discord().call("update_message", update).await?;
        }
        Ok(Rated {
            stars,
            prompt,
            survey,
        })
    }

    /// The opener answers the exit survey of a ticket they rated; the answers are kept with their
    /// questions as asked, once.
    ///
    /// # Errors
    ///
    /// As [`Core::rate_ticket`]; [`UseCaseError::RatingUnavailable`] for a ticket not rated or
    /// without a survey, [`UseCaseError::SurveyAnswered`] for a second answer; storage failures.
    pub async fn answer_exit_survey(
        &self,
        guild: GuildId,
        number: i64,
        presser: UserId,
        answers: &[(FormInputId, String)],
    ) -> Result<(), UseCaseError> {
        let ticket = self.ratable_ticket(guild, number, presser).await?;
        if self.db().feedback().rating(guild, number).await?.is_none() {
            return Err(UseCaseError::RatingUnavailable);
        }
        let Some(form) = self.survey_form(&ticket).await? else {
            return Err(UseCaseError::RatingUnavailable);
        };
        let labelled = self.label_form_answers(guild, form, answers).await?;
        if !self
            .db()
            .feedback()
            .save_survey(guild, number, &labelled)
            .await?
        {
            return Err(UseCaseError::SurveyAnswered);
        }
        tracing::info!(%guild, number, answers = labelled.len(), "exit survey answered");
        Ok(())
    }

    /// The closed ticket `presser` may rate, or why not. The ticket must exist in that server
    /// (a button of another server names a ticket there), be closed, and have been offered a
    /// rating; only its opener may rate it.
    async fn ratable_ticket(
        &self,
        guild: GuildId,
        number: i64,
        presser: UserId,
    ) -> Result<TicketRow, UseCaseError> {
        let ticket = self
            .db()
            .tickets()
            .get(guild, number)
            .await?
            .ok_or(UseCaseError::RatingUnavailable)?;
        if ticket.opener_id != presser {
            return Err(UseCaseError::RatingNotYours);
        }
        if ticket.status != TicketStatus::Closed
            || self
                .db()
                .feedback()
                .offered_at(guild, number)
                .await?
                .is_none()
        {
            return Err(UseCaseError::RatingUnavailable);
        }
        Ok(ticket)
    }

    /// The exit survey a ticket asks: its panel's choice, else the server's.
    async fn survey_form(&self, ticket: &TicketRow) -> Result<Option<FormId>, UseCaseError> {
        let guild = ticket.guild_id;
        if let Some(panel) = ticket.panel_id
            && let Some(form) = self.db().feedback().panel_survey(guild, panel).await?
        {
            return Ok(Some(form));
        }
        Ok(self.db().settings().get(guild).await?.exit_survey_form_id)
    }

    /// The exit survey to show after a rating: the ticket's form, when it has questions and was
    /// not answered yet.
    async fn survey_to_ask(&self, ticket: &TicketRow) -> Result<Option<AskedForm>, UseCaseError> {
        let guild = ticket.guild_id;
        let Some(form) = self.survey_form(ticket).await? else {
            return Ok(None);
        };
        if self
            .db()
            .feedback()
            .survey_answered(guild, ticket.number)
            .await?
        {
            return Ok(None);
        }
        let Some(row) = self.db().forms().get(guild, form).await? else {
            return Ok(None);
        };
        let inputs = self.db().forms().inputs(guild, form).await?;
        Ok((!inputs.is_empty()).then_some(AskedForm {
            name: row.name,
            inputs,
        }))
    }
}
