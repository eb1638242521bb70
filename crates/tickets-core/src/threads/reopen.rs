//! `/reopen`: a closed thread ticket back to open. Its thread was archived and locked on close,
//! never deleted, so reopening unarchives it with everything in it; the opener's limit is
//! checked again, as for a new ticket.

use crate::access::Caller;
use crate::{Core, UseCaseError};
use tickets_model::ChannelId;
use tickets_model::permissions::Capability;
use tickets_model::ticket::TicketStatus;
use tickets_store::tickets::{Reopen, TicketRow};
use twilight_model::channel::message::AllowedMentions;

/// How many closed tickets `/reopen` suggests (Discord shows at most 25).
const SUGGESTIONS: u32 = 25;

/// A ticket open again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reopened {
    /// Its number.
    pub number: i64,
    /// Its thread.
    pub thread: ChannelId,
}

/// A closed thread ticket `/reopen` suggests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReopenChoice {
    /// Its number.
    pub number: i64,
    /// What it was about, if said.
    pub subject: Option<String>,
}

impl Core {
    /// Reopens closed thread ticket `number` of the caller's server: staff who work it only.
    ///
    /// # Errors
    ///
    /// [`UseCaseError::NotPermitted`]; [`UseCaseError::ChannelTicketCannotReopen`];
    /// [`UseCaseError::NotClosed`] for an open ticket, no such ticket, or one the caller does not
    /// work; [`UseCaseError::ReopenLimitReached`] when the opener has as
    /// many tickets open as the server allows; Discord failures (nothing changes then).
    pub async fn reopen_ticket(
        &self,
        caller: &Caller,
        number: i64,
    ) -> Result<Reopened, UseCaseError> {
        self.authorize(caller, Capability::ReopenTickets).await?;
        let guild = caller.guild_id;
        let ticket = self
            .db()
            .tickets()
            .get(guild, number)
            .await?
            .filter(|t| matches!(t.status, TicketStatus::Open | TicketStatus::Closed))
            .ok_or(UseCaseError::NotClosed)?;
        // Another team's ticket is answered as a missing one: nobody learns which exist.
        if !self.handles(caller, &ticket).await? {
            return Err(UseCaseError::NotClosed);
        }
        if !ticket.is_thread {
            return Err(UseCaseError::ChannelTicketCannotReopen);
        }
        if ticket.status != TicketStatus::Closed {
            return Err(UseCaseError::NotClosed);
        }
        let thread = ticket.channel_id.ok_or(UseCaseError::NotClosed)?;
        let limit = self.limit_for_opener(&ticket).await?;
        match self.db().tickets().reopen(guild, number, limit).await? {
            Reopen::Reopened(_) => {}
            Reopen::NotClosed => return Err(UseCaseError::NotClosed),
            Reopen::LimitReached { limit, open } => {
                return Err(UseCaseError::ReopenLimitReached { open, limit });
            }
        }
        let unarchive = self
            .discord()
            .http()
            .update_thread(thread)
            .archived(false)
            .locked(false);
        if let Err(error) = self.discord().call("reopen_thread", unarchive).await {
            self.undo_reopen(&ticket).await;
            return Err(error.into());
        }
        self.metrics().ticket_opened();
        tracing::info!(%guild, number, by = %caller.user_id, "ticket reopened");
        self.restart_autoclose(guild, number).await;
        // The next close keeps the whole thread again, this time with what follows.
        self.db().transcripts().delete(guild, number).await?;
        self.tell_reopened(&ticket, thread, caller).await;
        self.refresh_notification(guild, number).await;
        Ok(Reopened { number, thread })
    }

    /// The closed thread tickets of the caller's server whose number starts with `typed`, among
    /// those the caller works, newest first; none for those who may not reopen.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn reopen_choices(
        &self,
        caller: &Caller,
        typed: &str,
    ) -> Result<Vec<ReopenChoice>, UseCaseError> {
        if !Capability::ReopenTickets.allowed_at(self.level(caller).await?) {
            return Ok(Vec::new());
        }
        let digits: String = typed.chars().filter(char::is_ascii_digit).collect();
        let mut choices = Vec::new();
        for ticket in self
            .db()
            .tickets()
            .closed_threads(caller.guild_id, &digits, SUGGESTIONS)
            .await?
        {
            if self.handles(caller, &ticket).await? {
                choices.push(ReopenChoice {
                    number: ticket.number,
                    subject: ticket.subject,
                });
            }
        }
        Ok(choices)
    }

    /// The limit that applies to a ticket's opener: none for staff, as when opening.
    async fn limit_for_opener(&self, ticket: &TicketRow) -> Result<Option<u32>, UseCaseError> {
        let guild = ticket.guild_id;
        let roles = self
            .cached_member_roles(guild, ticket.opener_id)
            .await?
            .unwrap_or_default();
        let opener = Caller {
            guild_id: guild,
            user_id: ticket.opener_id,
            roles,
        };
        if self.level(&opener).await?.is_staff() {
            return Ok(None);
        }
        Ok(Some(self.db().settings().get(guild).await?.ticket_limit))
    }

    /// Puts back the close a failed reopening undid.
    async fn undo_reopen(&self, closed: &TicketRow) {
        let closer = closed.closed_by.unwrap_or(self.bot().user_id);
        let at = closed.closed_at.unwrap_or_else(|| self.now());
        if let Err(error) = self
            .db()
            .tickets()
            .close(
                closed.guild_id,
                closed.number,
                closer,
                closed.close_reason.as_deref(),
                at,
            )
            .await
        {
            tracing::error!(%error, number = closed.number, "could not undo a failed reopening");
        }
    }

    /// Tells the opener, in the thread, that their ticket is open again. Best effort.
    async fn tell_reopened(&self, ticket: &TicketRow, thread: ChannelId, caller: &Caller) {
        let locale = self.locale_of(Some(ticket.guild_id), None).await;
        let content = self.catalog().text(
            &locale,
            "ticket-reopened",
            &[
                ("opener", format!("<@{}>", ticket.opener_id).into()),
                ("by", format!("<@{}>", caller.user_id).into()),
            ],
        );
        let allowed = AllowedMentions {
            users: vec![ticket.opener_id],
            ..AllowedMentions::default()
        };
        let post = self
            .discord()
            .http()
            .create_message(thread)
            .content(&content)
            .allowed_mentions(Some(&allowed));
        if let Err(error) = self.discord().call("create_message", post).await {
            tracing::warn!(%error, number = ticket.number, "could not tell the opener of the reopening");
        }
    }
}
