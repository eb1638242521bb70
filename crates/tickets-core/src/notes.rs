//! `/notes`: a private thread inside a channel ticket where its staff talk without the opener.
//! One thread per ticket: the first staff member to ask creates it, the others are added to it.

use crate::access::Caller;
use crate::{Core, DiscordFailure, UseCaseError};
use tickets_model::ChannelId;
use tickets_model::permissions::Capability;
use tickets_store::tickets::TicketRow;
use twilight_model::channel::{Channel, ChannelType};

/// Discord's longest thread name.
const MAX_THREAD_NAME: usize = 100;

/// The ticket's notes thread, with the caller in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Notes {
    /// The private thread.
    pub thread_id: ChannelId,
    /// Whether this call created it (else it existed and the caller was added to it).
    pub created: bool,
}

impl Core {
    /// Brings the caller into the notes thread of the ticket of `channel`, creating the thread
    /// when the ticket has none (or Discord lost it).
    ///
    /// # Errors
    ///
    /// [`UseCaseError::NotATicket`], [`UseCaseError::AlreadyClosed`],
    /// [`UseCaseError::NotPermitted`] for someone who does not work this ticket,
    /// [`UseCaseError::NotesInThreadMode`] for a thread ticket (Discord has no threads inside
    /// threads), storage and Discord failures.
    pub async fn open_notes(
        &self,
        caller: &Caller,
        channel: ChannelId,
    ) -> Result<Notes, UseCaseError> {
        let ticket = self.open_ticket_in(caller.guild_id, channel).await?;
        self.authorize(caller, Capability::TakeNotes).await?;
        self.require_handler(caller, &ticket).await?;
        if ticket.is_thread {
            return Err(UseCaseError::NotesInThreadMode);
        }
        if let Some(thread) = ticket.notes_thread_id
            && self.reopen_notes_thread(thread).await?
        {
            self.add_to_notes(thread, caller).await?;
            return Ok(Notes {
                thread_id: thread,
                created: false,
            });
        }
        let thread = self.create_notes_thread(&ticket, channel).await?;
        self.add_to_notes(thread, caller).await?;
        Ok(Notes {
            thread_id: thread,
            created: true,
        })
    }

    /// Makes the existing notes thread usable again (an archived thread takes no new members).
    /// `false` when Discord no longer has it.
    async fn reopen_notes_thread(&self, thread: ChannelId) -> Result<bool, UseCaseError> {
        let request = self.discord().http().channel(thread);
        let found: Channel = match self.discord().model("get_notes_thread", request).await {
            Ok(found) => found,
            Err(error) if error.failure() == DiscordFailure::Unknown => return Ok(false),
            Err(error) => return Err(error.into()),
        };
        let archived = found.thread_metadata.as_ref().is_some_and(|m| m.archived);
        if archived {
            let request = self.discord().http().update_thread(thread).archived(false);
            self.discord()
                .call("unarchive_notes_thread", request)
                .await?;
        }
        Ok(true)
    }

    /// Creates the private thread under the ticket channel, named after it, and remembers it.
    async fn create_notes_thread(
        &self,
        ticket: &TicketRow,
        channel: ChannelId,
    ) -> Result<ChannelId, UseCaseError> {
        let guild = ticket.guild_id;
        let channels = self.cached_channels(guild, &[channel]).await?;
        let name: String = channels
            .iter()
            .find(|c| c.id == channel)
            .map_or_else(
                || format!("ticket-{}", ticket.number),
                |c| c.name.to_string(),
            )
            .chars()
            .take(MAX_THREAD_NAME)
            .collect();
        let request = self
            .discord()
            .http()
            .create_thread(channel, &name, ChannelType::PrivateThread)
            // Only staff bring staff in: the bot adds each one who asks.
            .invitable(false);
        let thread: Channel = self.discord().model("create_notes_thread", request).await?;
        self.db()
            .tickets()
            .set_notes_thread(guild, ticket.number, thread.id)
            .await?;
        tracing::info!(%guild, number = ticket.number, thread = %thread.id, "notes thread created");
        Ok(thread.id)
    }

    async fn add_to_notes(&self, thread: ChannelId, caller: &Caller) -> Result<(), UseCaseError> {
        let request = self
            .discord()
            .http()
            .add_thread_member(thread, caller.user_id);
        self.discord().call("add_thread_member", request).await?;
        Ok(())
    }
}
