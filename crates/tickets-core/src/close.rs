//! Closing a ticket: record who closed it and why, then remove its channel.

use crate::jobs::{Job, LEASE_MS};
use crate::{Core, UseCaseError, now_ms};
use tickets_model::values::CloseReason;
use tickets_model::{ChannelId, GuildId, UserId};
use tickets_store::jobs::NewJob;
use tickets_store::tickets::TicketRow;

/// A request to close the ticket of a channel, from any entry point.
#[derive(Debug, Clone)]
pub struct CloseTicket {
    /// The server.
    pub guild_id: GuildId,
    /// The ticket's channel.
    pub channel_id: ChannelId,
    /// Who closes it.
    pub closer: UserId,
    /// The closer's roles (staff levels may come from a role).
    pub closer_roles: Vec<tickets_model::RoleId>,
    /// Why, if given.
    pub reason: Option<CloseReason>,
}

/// A ticket recorded as closed whose channel is still to be removed.
///
/// The caller answers the user first (the answer goes to the ticket's channel, which must still
/// exist), then calls [`Core::finish_close`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[must_use = "the transcript and the channel's removal wait until finish_close is called"]
pub struct Closed {
    /// The server.
    pub guild_id: GuildId,
    /// The ticket's number.
    pub number: i64,
    /// The channel to remove.
    pub channel_id: ChannelId,
    /// The job that keeps the transcript and removes the channel, held by this process.
    pub job: i64,
}

/// What pressing a ticket's Close button does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CloseButton {
    /// The server wants a second click: ask the presser to confirm.
    Confirm,
    /// The ticket is closed.
    Closed(Closed),
}

impl Core {
    /// The Close button: closes at once, or asks for a confirmation first when the server's
    /// settings want one (`/close` and the confirmation itself never ask). Who may close is
    /// checked before asking, so nobody is asked to confirm what they may not do.
    ///
    /// # Errors
    ///
    /// As [`Core::close_ticket`].
    pub async fn press_close(&self, request: CloseTicket) -> Result<CloseButton, UseCaseError> {
        let ticket = self.closable(&request).await?;
        if self
            .db()
            .settings()
            .get(request.guild_id)
            .await?
            .close_confirmation
        {
            return Ok(CloseButton::Confirm);
        }
        let reason = request.reason.as_ref().map(CloseReason::as_str);
        Ok(CloseButton::Closed(
            self.record_close(&ticket, request.closer, reason).await?,
        ))
    }

    /// Close With Reason, pressed: checks that the presser may close the ticket before they are
    /// asked for a reason; the reason's modal then closes through [`Core::close_ticket`].
    ///
    /// # Errors
    ///
    /// As [`Core::close_ticket`].
    pub async fn ask_close_reason(&self, request: &CloseTicket) -> Result<(), UseCaseError> {
        self.closable(request).await.map(|_| ())
    }

    /// Closes the ticket of a channel.
    ///
    /// # Errors
    ///
    /// [`UseCaseError::NotATicket`] for a channel that is not a ticket of this server,
    /// [`UseCaseError::AlreadyClosed`], [`UseCaseError::CloseNotAllowed`] for a member who is
    /// neither the opener nor staff, [`UseCaseError::CloseStaffOnly`] for the opener when the
    /// server lets only staff close, and storage failures.
    pub async fn close_ticket(&self, request: CloseTicket) -> Result<Closed, UseCaseError> {
        let ticket = self.closable(&request).await?;
        let reason = request.reason.as_ref().map(CloseReason::as_str);
        self.record_close(&ticket, request.closer, reason).await
    }

    /// The open ticket of the request's channel, when its closer may close it.
    async fn closable(&self, request: &CloseTicket) -> Result<TicketRow, UseCaseError> {
        let guild = request.guild_id;
        let ticket = self
            .db()
            .tickets()
            .get_by_channel(guild, request.channel_id)
            .await?
            .ok_or(UseCaseError::NotATicket)?;
        if !ticket.status.counts_as_open() {
            return Err(UseCaseError::AlreadyClosed);
        }
        let caller = crate::access::Caller {
            guild_id: guild,
            user_id: request.closer,
            roles: request.closer_roles.clone(),
        };
        let staff = self.handles(&caller, &ticket).await?;
        if !staff {
            if ticket.opener_id != request.closer {
                return Err(UseCaseError::CloseNotAllowed);
            }
            if !self.db().settings().get(guild).await?.allow_users_close {
                return Err(UseCaseError::CloseStaffOnly);
            }
        }
        Ok(ticket)
    }

    /// Records an open ticket as closed by `closer`, for callers that checked who may.
    ///
    /// # Errors
    ///
    /// [`UseCaseError::AlreadyClosed`] when someone closed it first, storage failures.
    pub(crate) async fn record_close(
        &self,
        ticket: &TicketRow,
        closer: UserId,
        reason: Option<&str>,
    ) -> Result<Closed, UseCaseError> {
        let guild = ticket.guild_id;
        let channel_id = ticket.channel_id.ok_or(UseCaseError::NotATicket)?;
        let job = Job::ArchiveTicket {
            number: ticket.number,
            channel_id,
            stage: crate::transcripts::job::ArchiveStage::Capture,
        };
        let payload = serde_json::to_string(&job).unwrap_or_default();
        let now = self.now();
        let then = NewJob {
            kind: job.kind(),
            payload: &payload,
            due_at: now,
            locked_until: now + LEASE_MS,
            held_by: self.process_id(),
        };
        let (_, job_id) = self
            .db()
            .tickets()
            .close_then(guild, ticket.number, closer, reason, now, Some(then))
            .await?
            .ok_or(UseCaseError::AlreadyClosed)?;
        self.metrics().ticket_closed();
        tracing::info!(%guild, number = ticket.number, %closer, "ticket closed");
        Ok(Closed {
            guild_id: guild,
            number: ticket.number,
            channel_id,
            job: job_id.unwrap_or_default(),
        })
    }

    /// What follows a close once the user has been told: the close's job, run here at once — the
    /// transcript kept, the opener's summary and the transcripts channel's, then the channel's
    /// removal. When any step fails the job is retried later, from that step; the channel is
    /// never removed before its transcript is stored.
    pub async fn finish_close(&self, closed: Closed) {
        let job = Job::ArchiveTicket {
            number: closed.number,
            channel_id: closed.channel_id,
            stage: crate::transcripts::job::ArchiveStage::Capture,
        };
        // Boxed: a job (a close request's timeout) may close a ticket and so run this one.
        Box::pin(self.run_held(closed.job, Some(closed.guild_id), job)).await;
    }

    /// Records as closed the ticket whose channel someone deleted in Discord, so it stops
    /// counting against its opener's limit. The bot is recorded as the closer; nothing to do
    /// when the channel was not an open ticket (including when the bot deleted it on close).
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn ticket_channel_deleted(
        &self,
        guild: GuildId,
        channel: ChannelId,
    ) -> Result<bool, UseCaseError> {
        let Some(ticket) = self.db().tickets().get_by_channel(guild, channel).await? else {
            return Ok(false);
        };
        if !ticket.status.counts_as_open() {
            return Ok(false);
        }
        let closed = self
            .db()
            .tickets()
            .close(guild, ticket.number, self.bot().user_id, None, now_ms())
            .await?;
        if closed.is_some() {
            self.metrics().ticket_closed();
            tracing::info!(%guild, number = ticket.number, "ticket closed because its channel was deleted");
        }
        Ok(closed.is_some())
    }

    /// Closes the open tickets whose channel no longer exists, given every channel Discord lists
    /// for the guild (on GUILD_CREATE): channels deleted while the bot was offline send no
    /// CHANNEL_DELETE. Returns how many tickets were closed.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn reconcile_ticket_channels(
        &self,
        guild: GuildId,
        existing: &std::collections::HashSet<ChannelId>,
    ) -> Result<usize, UseCaseError> {
        let mut closed = 0;
        for ticket in self.db().tickets().open_in_guild(guild).await? {
            // GUILD_CREATE lists channels and active threads only: an open thread ticket's
            // thread may be archived by Discord after a week without messages, and still exist.
            let Some(channel) = ticket.channel_id.filter(|_| !ticket.is_thread) else {
                continue;
            };
            if !existing.contains(&channel) && self.ticket_channel_deleted(guild, channel).await? {
                closed += 1;
            }
        }
        Ok(closed)
    }

    /// Deletes a channel; one that is already gone counts as deleted.
    pub(crate) async fn delete_channel(
        &self,
        channel: ChannelId,
    ) -> Result<(), crate::DiscordError> {
        let request = self.discord().http().delete_channel(channel);
        match self.discord().call("delete_channel", request).await {
            Ok(_) => Ok(()),
            Err(error) if error.failure() == crate::DiscordFailure::Unknown => Ok(()),
            Err(error) => Err(error),
        }
    }
}
