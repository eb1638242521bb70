//! The channels of a server as settings forms offer them, and the check that a channel chosen in
//! a form really is one of this server's, of the right kind.

use crate::access::Caller;
use crate::{Core, UseCaseError};
use tickets_model::permissions::Capability;
use tickets_model::values::{Problem, ValueError};
use tickets_model::{ChannelId, GuildId};

/// What a form needs to know about a channel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChannelChoice {
    /// Its id.
    pub id: ChannelId,
    /// Its name.
    pub name: String,
    /// Whether it is a category (else a text channel).
    pub is_category: bool,
}

/// The kind of channel a setting takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChannelKind {
    /// A category, for ticket channels to go in.
    Category,
    /// A text channel, for messages to be posted in.
    Text,
}

impl Core {
    /// The server's categories and text channels, in Discord's order, as the configuration
    /// pages (settings, panels, multi-panels) offer them: for bot admins.
    ///
    /// # Errors
    ///
    /// [`UseCaseError::NotPermitted`], Discord failing.
    pub async fn channel_choices(
        &self,
        caller: &Caller,
    ) -> Result<Vec<ChannelChoice>, UseCaseError> {
        self.authorize(caller, Capability::ManageSettings).await?;
        self.guild_channels(caller.guild_id).await
    }

    /// The server's categories and text channels, for use cases that checked their caller.
    pub(crate) async fn guild_channels(
        &self,
        guild: GuildId,
    ) -> Result<Vec<ChannelChoice>, UseCaseError> {
        self.channel_choices_including(guild, &[]).await
    }

    /// The server's categories and text channels, listed again by Discord when one of `wanted`
    /// is not among them: it may be new, its event not yet arrived.
    ///
    /// # Errors
    ///
    /// Discord failing.
    pub(crate) async fn channel_choices_including(
        &self,
        guild: GuildId,
        wanted: &[Option<ChannelId>],
    ) -> Result<Vec<ChannelChoice>, UseCaseError> {
        let wanted: Vec<ChannelId> = wanted.iter().flatten().copied().collect();
        let mut channels = self.cached_channels(guild, &wanted).await?;
        channels.sort_by_key(|c| (c.position, c.id));
        Ok(channels
            .into_iter()
            .map(|c| ChannelChoice {
                id: c.id,
                name: c.name.into(),
                is_category: c.is_category,
            })
            .collect())
    }

    /// Refuses a channel that is not one of `choices` of the right kind (a stale form, or an id of
    /// another server).
    ///
    /// # Errors
    ///
    /// [`UseCaseError::Invalid`] naming `field`.
    pub(crate) fn require_channel(
        choices: &[ChannelChoice],
        channel: Option<ChannelId>,
        kind: ChannelKind,
        field: &'static str,
    ) -> Result<(), UseCaseError> {
        let Some(channel) = channel else {
            return Ok(());
        };
        let fits = choices
            .iter()
            .any(|c| c.id == channel && c.is_category == (kind == ChannelKind::Category));
        if fits {
            Ok(())
        } else {
            Err(ValueError::Invalid {
                field,
                problem: Problem::Choice,
            }
            .into())
        }
    }
}
