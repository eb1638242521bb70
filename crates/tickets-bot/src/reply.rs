//! Answering an interaction: the first answer goes back the way the interaction came (the HTTP
//! response body, or a REST callback for gateway interactions); later edits always use REST.

use std::time::Instant;
use tickets_core::{Core, DiscordError};
use tokio::sync::oneshot;
use twilight_model::application::command::CommandOptionChoice;
use twilight_model::application::interaction::Interaction;
use twilight_model::channel::message::MessageFlags;
use twilight_model::http::interaction::{
    InteractionResponse, InteractionResponseData, InteractionResponseType,
};
use twilight_model::id::Id;
use twilight_model::id::marker::InteractionMarker;

/// A message to show the user.
#[derive(Debug, Clone, Default)]
pub struct Answer {
    /// Plain text.
    pub content: Option<String>,
    /// Whether only the user sees it.
    pub ephemeral: bool,
    /// A form to show instead of a message (only as the first answer).
    pub modal: Option<InteractionResponseData>,
    /// Buttons under the message.
    pub components: Option<Vec<twilight_model::channel::message::Component>>,
    /// Whether this replaces the message whose component was used, instead of a new message.
    pub update: bool,
    /// Suggestions for an option being typed (the answer to an autocomplete request).
    pub choices: Option<Vec<CommandOptionChoice>>,
    /// Embeds under the text.
    pub embeds: Option<Vec<twilight_model::channel::message::Embed>>,
}

impl Answer {
    /// A message only the user sees.
    #[must_use]
    pub fn private(content: String) -> Self {
        Self {
            content: Some(content),
            ephemeral: true,
            modal: None,
            components: None,
            update: false,
            choices: None,
            embeds: None,
        }
    }

    /// A message everyone in the channel sees.
    #[must_use]
    pub fn public(content: String) -> Self {
        Self {
            content: Some(content),
            ephemeral: false,
            modal: None,
            components: None,
            update: false,
            choices: None,
            embeds: None,
        }
    }

    /// A modal (a form in a dialog).
    #[must_use]
    pub fn modal(data: InteractionResponseData) -> Self {
        Self {
            modal: Some(data),
            ..Self::default()
        }
    }

    /// Suggestions for the option being typed.
    #[must_use]
    pub fn choices(choices: Vec<CommandOptionChoice>) -> Self {
        Self {
            choices: Some(choices),
            ..Self::default()
        }
    }

    /// Replaces the message whose button was clicked (its components too).
    #[must_use]
    pub fn replacing(mut self) -> Self {
        self.update = true;
        self
    }

    fn flags(&self) -> Option<MessageFlags> {
        self.ephemeral.then_some(MessageFlags::EPHEMERAL)
    }
}

/// The way back to the user of one interaction.
#[derive(Debug)]
pub struct Reply {
    core: Core,
    id: Id<InteractionMarker>,
    token: String,
    http_body: Option<oneshot::Sender<InteractionResponse>>,
    over_http: bool,
    received: Instant,
    /// Whether the first answer is kept for replays (not for the answer to a replay itself).
    record: bool,
}

/// How long Discord may take to apply an answer given in the HTTP response body.
const HTTP_ANSWER_SETTLE: std::time::Duration = std::time::Duration::from_millis(1_500);

impl Reply {
    /// For an interaction from the gateway: answers go over REST.
    #[must_use]
    pub fn over_rest(core: Core, interaction: &Interaction, received: Instant) -> Self {
        Self {
            core,
            id: interaction.id,
            token: interaction.token.clone(),
            http_body: None,
            over_http: false,
            received,
            record: true,
        }
    }

    /// For an interaction POSTed to our endpoint: the first answer becomes the HTTP response.
    #[must_use]
    pub fn over_http(
        core: Core,
        interaction: &Interaction,
        received: Instant,
        body: oneshot::Sender<InteractionResponse>,
    ) -> Self {
        Self {
            core,
            id: interaction.id,
            token: interaction.token.clone(),
            http_body: Some(body),
            over_http: true,
            received,
            record: true,
        }
    }

    /// Whether the interaction came by HTTP, where a repeated delivery can still be answered
    /// (over the gateway, Discord accepts one first answer only, given the first time).
    #[must_use]
    pub fn is_over_http(&self) -> bool {
        self.over_http
    }

    /// For a repeated delivery: the answer given now is not kept as the interaction's answer.
    #[must_use]
    pub fn repeated(mut self) -> Self {
        self.record = false;
        self
    }

    /// Answers a repeated delivery with the first answer recorded for it (JSON).
    ///
    /// # Errors
    ///
    /// A recorded answer that is not an interaction response (then nothing is sent).
    pub fn replay(&mut self, recorded: &str) -> Result<(), serde_json::Error> {
        let response: InteractionResponse = serde_json::from_str(recorded)?;
        if let Some(body) = self.http_body.take()
            && body.send(response).is_err()
        {
            tracing::warn!(interaction = %self.id, "HTTP interaction answered too late");
        }
        Ok(())
    }

    /// Sends the first answer: a message.
    ///
    /// # Errors
    ///
    /// Discord refusing the callback.
    pub async fn message(&mut self, answer: &Answer) -> Result<(), DiscordError> {
        if let Some(modal) = &answer.modal {
            return self
                .first(InteractionResponse {
                    kind: InteractionResponseType::Modal,
                    data: Some(modal.clone()),
                })
                .await;
        }
        if let Some(choices) = &answer.choices {
            return self
                .first(InteractionResponse {
                    kind: InteractionResponseType::ApplicationCommandAutocompleteResult,
                    data: Some(InteractionResponseData {
                        choices: Some(choices.clone()),
                        ..InteractionResponseData::default()
                    }),
                })
                .await;
        }
        let data = InteractionResponseData {
            content: answer.content.clone(),
            embeds: answer.embeds.clone(),
            flags: answer.flags(),
            components: answer.components.clone(),
            ..InteractionResponseData::default()
        };
        let kind = if answer.update {
            InteractionResponseType::UpdateMessage
        } else {
            InteractionResponseType::ChannelMessageWithSource
        };
        self.first(InteractionResponse {
            kind,
            data: Some(data),
        })
        .await
    }

    /// Sends the first answer: "thinking…", to be replaced by [`Reply::edit`].
    ///
    /// # Errors
    ///
    /// Discord refusing the callback.
    pub async fn defer(&mut self, ephemeral: bool) -> Result<(), DiscordError> {
        let data = InteractionResponseData {
            flags: ephemeral.then_some(MessageFlags::EPHEMERAL),
            ..InteractionResponseData::default()
        };
        self.first(InteractionResponse {
            kind: InteractionResponseType::DeferredChannelMessageWithSource,
            data: Some(data),
        })
        .await
    }

    /// Replaces the deferred answer with the real one.
    ///
    /// # Errors
    ///
    /// Discord refusing the edit.
    pub async fn edit(&self, answer: &Answer) -> Result<(), DiscordError> {
        let client = self
            .core
            .discord()
            .http()
            .interaction(self.core.bot().application_id);
        let request = client
            .update_response(&self.token)
            .content(answer.content.as_deref())
            .embeds(answer.embeds.as_deref());
        self.core
            .discord()
            .call("update_original_response", request)
            .await?;
        Ok(())
    }

    /// Waits until the first answer has surely been applied by Discord.
    ///
    /// An answer sent over REST has been applied when the call returns. An answer sent as the HTTP
    /// response body is applied by Discord some time after we send it; work that would break it
    /// (deleting the channel it is posted in) waits a moment first.
    pub async fn settled(&self) {
        if self.over_http {
            tokio::time::sleep(HTTP_ANSWER_SETTLE).await;
        }
    }

    async fn first(&mut self, response: InteractionResponse) -> Result<(), DiscordError> {
        self.core
            .metrics()
            .acknowledged_after(self.received.elapsed());
        if let Some(body) = self.http_body.take() {
            // Serialised before it goes, so that a replay of this request gets the same answer.
            let kept = serde_json::to_string(&response)
                .ok()
                .filter(|_| self.record);
            // The endpoint may have given up waiting (after Discord's 3 s); nothing to do then.
            if body.send(response).is_err() {
                tracing::warn!(interaction = %self.id, "HTTP interaction answered too late");
            }
            if let Some(kept) = kept
                && let Err(error) = self.core.interaction_answered(self.id, &kept).await
            {
                tracing::warn!(%error, interaction = %self.id, "could not keep an interaction's answer for replays");
            }
            return Ok(());
        }
        let client = self
            .core
            .discord()
            .http()
            .interaction(self.core.bot().application_id);
        let request = client.create_response(self.id, &self.token, &response);
        self.core
            .discord()
            .call("create_interaction_response", request)
            .await?;
        Ok(())
    }
}
