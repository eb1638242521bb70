//! What each interaction does, by feature. Every handler reads what the user sent, calls one use
//! case of `tickets-core`, and says what to answer; the router does the answering.

pub mod autoclose;
pub mod autocomplete;
pub mod blacklist;
pub mod claiming;
pub mod close_requests;
pub mod closing;
pub mod feedback;
pub mod info;
pub mod notes;
pub mod on_call;
pub mod opening;
pub mod setup;
pub mod staff;
pub mod statistics;
pub mod tags;
pub mod threads;
pub mod working;

use crate::reply::Answer;
use tickets_core::access::Caller;
use tickets_core::close::Closed;
use tickets_core::{Core, UseCaseError};
use tickets_i18n::{FluentValue, Locale};
use tickets_model::{ChannelId, GuildId, RoleId, UserId};
use twilight_model::application::interaction::Interaction;

/// One interaction being handled: who sent it, where, in which language.
pub struct Ctx<'a> {
    /// The use cases.
    pub core: &'a Core,
    /// The interaction as Discord sent it.
    pub interaction: &'a Interaction,
    /// The server it came from.
    pub guild_id: GuildId,
    /// Who sent it.
    pub user: UserId,
    /// The language to answer in.
    pub locale: &'a Locale,
    /// Where the dashboard and the invite link are.
    pub links: &'a crate::router::Links,
}

impl Ctx<'_> {
    /// A catalog text in the interaction's language.
    #[must_use]
    pub fn text(&self, key: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        self.core.catalog().text(self.locale, key, args)
    }

    /// The sender's roles in the server.
    #[must_use]
    pub fn roles(&self) -> Vec<RoleId> {
        self.interaction
            .member
            .as_ref()
            .map(|m| m.roles.clone())
            .unwrap_or_default()
    }

    /// The sender as the permission checks see them.
    #[must_use]
    pub fn caller(&self) -> Caller {
        Caller {
            guild_id: self.guild_id,
            user_id: self.user,
            roles: self.roles(),
        }
    }

    /// The channel the interaction was sent in.
    ///
    /// # Errors
    ///
    /// [`UseCaseError::NotATicket`] when Discord did not say (it always does in a server).
    pub fn channel(&self) -> Result<ChannelId, UseCaseError> {
        self.interaction
            .channel
            .as_ref()
            .map(|c| c.id)
            .ok_or(UseCaseError::NotATicket)
    }

    /// The sender's username.
    #[must_use]
    pub fn username(&self) -> String {
        self.interaction
            .member
            .as_ref()
            .and_then(|m| m.user.as_ref())
            .or(self.interaction.user.as_ref())
            .map_or_else(|| self.user.to_string(), |u| u.name.clone())
    }
}

/// What to tell the user, and what to do once they have been told.
pub struct Outcome {
    /// The answer.
    pub answer: Answer,
    /// A ticket closed by this interaction, whose channel goes once the answer is shown.
    pub after: Option<Closed>,
}

impl Outcome {
    /// Just an answer.
    #[must_use]
    pub fn answer(answer: Answer) -> Self {
        Self {
            answer,
            after: None,
        }
    }

    /// A message only the sender sees.
    #[must_use]
    pub fn private(text: String) -> Self {
        Self::answer(Answer::private(text))
    }

    /// A message everyone in the channel sees.
    #[must_use]
    pub fn public(text: String) -> Self {
        Self::answer(Answer::public(text))
    }
}

/// The result of a handler.
pub type Handled = Result<Outcome, UseCaseError>;
