//! Close requests: staff ask the opener whether the ticket can be closed. The opener accepts
//! (the ticket closes) or denies (it stays open); with a delay, the ticket closes by itself when
//! the opener has not answered, unless the ticket is excluded with `/autoclose exclude`. The
//! delay is a durable job, so it survives restarts.

use crate::access::Caller;
use crate::close::Closed;
use crate::jobs::Job;
use crate::{Core, UseCaseError};
use tickets_model::values::{CloseReason, ValueError};
use tickets_model::{ChannelId, CloseRequestId, GuildId, UserId};
use tickets_store::close_requests::{CloseRequestRow, RequestStatus};

/// The longest delay a request may have, in hours (30 days).
pub const MAX_DELAY_HOURS: i64 = 720;
const HOUR_MS: i64 = 3_600_000;

/// A request just made.
#[derive(Debug, Clone)]
pub struct RequestMade {
    /// The request.
    pub request: CloseRequestRow,
    /// The opener, who answers it.
    pub opener: UserId,
    /// Whether the delay applies (not when the ticket is excluded from closing by itself).
    pub closes_by_itself: bool,
}

/// What the opener's answer did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answered {
    /// Accepted: the ticket is closed; its channel goes once the opener is told.
    Accepted(Closed),
    /// Denied: the ticket stays open.
    Denied,
}

impl Core {
    /// `/closerequest [close_delay] [reason]`: staff who work the ticket may.
    ///
    /// # Errors
    ///
    /// [`UseCaseError::NotPermitted`], [`UseCaseError::Invalid`] for a delay outside
    /// 1..=[`MAX_DELAY_HOURS`], ticket lookup and storage failures.
    pub async fn request_close(
        &self,
        caller: &Caller,
        channel: ChannelId,
        delay_hours: Option<i64>,
        reason: Option<CloseReason>,
    ) -> Result<RequestMade, UseCaseError> {
        let guild = caller.guild_id;
        let ticket = self.open_ticket_in(guild, channel).await?;
        self.require_handler(caller, &ticket).await?;
        if let Some(hours) = delay_hours
            && !(1..=MAX_DELAY_HOURS).contains(&hours)
        {
            return Err(ValueError::OutOfRange {
                field: "close-delay",
                min: 1,
                max: MAX_DELAY_HOURS,
            }
            .into());
        }
        let now = self.now();
        let close_at = delay_hours.map(|hours| now + hours * HOUR_MS);
        let excluded = self
            .db()
            .close_requests()
            .is_excluded(guild, ticket.number)
            .await?;
        let request = self
            .db()
            .close_requests()
            .create(
                guild,
                ticket.number,
                caller.user_id,
                reason.as_ref().map(CloseReason::as_str),
                close_at,
                now,
            )
            .await?;
        let closes_by_itself = close_at.is_some() && !excluded;
        if let Some(at) = close_at.filter(|_| closes_by_itself) {
            let job = Job::CloseRequestTimeout {
                number: ticket.number,
                request: request.request_id.get(),
            };
            self.schedule(guild, job, at).await?;
        }
        tracing::info!(%guild, number = ticket.number, by = %caller.user_id, ?close_at, "close requested");
        Ok(RequestMade {
            request,
            opener: ticket.opener_id,
            closes_by_itself,
        })
    }

    /// The opener's Accept or Deny. Only the opener may answer, and only a pending request.
    ///
    /// # Errors
    ///
    /// [`UseCaseError::NotTheOpener`], [`UseCaseError::RequestNotPending`], ticket lookup and
    /// storage failures.
    pub async fn answer_close_request(
        &self,
        caller: &Caller,
        channel: ChannelId,
        request: CloseRequestId,
        accept: bool,
    ) -> Result<Answered, UseCaseError> {
        let guild = caller.guild_id;
        let ticket = self.open_ticket_in(guild, channel).await?;
        if ticket.opener_id != caller.user_id {
            return Err(UseCaseError::NotTheOpener);
        }
        let stored = self
            .db()
            .close_requests()
            .get(guild, request)
            .await?
            .filter(|r| r.number == ticket.number)
            .ok_or(UseCaseError::RequestNotPending)?;
        let status = if accept {
            RequestStatus::Accepted
        } else {
            RequestStatus::Denied
        };
        if !self
            .db()
            .close_requests()
            .resolve(guild, request, status)
            .await?
        {
            return Err(UseCaseError::RequestNotPending);
        }
        if !accept {
            tracing::info!(%guild, number = ticket.number, "close request denied");
            return Ok(Answered::Denied);
        }
        let closed = self
            .record_close(&ticket, caller.user_id, stored.reason.as_deref())
            .await?;
        Ok(Answered::Accepted(closed))
    }

    /// `/autoclose exclude`: the ticket never closes by itself, whatever requests say. Returns
    /// `false` when it was excluded already.
    ///
    /// # Errors
    ///
    /// [`UseCaseError::NotPermitted`], ticket lookup and storage failures.
    pub async fn exclude_from_autoclose(
        &self,
        caller: &Caller,
        channel: ChannelId,
    ) -> Result<bool, UseCaseError> {
        let guild = caller.guild_id;
        let ticket = self.open_ticket_in(guild, channel).await?;
        self.require_handler(caller, &ticket).await?;
        Ok(self
            .db()
            .close_requests()
            .exclude(guild, ticket.number, caller.user_id, self.now())
            .await?)
    }

    /// The job of a request's delay: closes the ticket as the staff member who asked, with the
    /// request's reason, unless the request was answered or replaced, the ticket is excluded or
    /// already closed.
    pub(crate) async fn close_request_timed_out(
        &self,
        guild: GuildId,
        number: i64,
        request: CloseRequestId,
    ) -> Result<(), UseCaseError> {
        let requests = self.db().close_requests();
        let Some(stored) = requests.get(guild, request).await? else {
            return Ok(());
        };
        let Some(ticket) = self.db().tickets().get(guild, number).await? else {
            return Ok(());
        };
        if stored.status != RequestStatus::Pending
            || ticket.status != tickets_model::ticket::TicketStatus::Open
            || requests.is_excluded(guild, number).await?
        {
            return Ok(());
        }
        if !requests
            .resolve(guild, request, RequestStatus::Closed)
            .await?
        {
            return Ok(());
        }
        match self
            .record_close(&ticket, stored.requested_by, stored.reason.as_deref())
            .await
        {
            Ok(closed) => {
                tracing::info!(%guild, number, "ticket closed: the close request's delay ran out");
                self.finish_close(closed).await;
                Ok(())
            }
            Err(UseCaseError::AlreadyClosed) => Ok(()),
            Err(error) => Err(error),
        }
    }
}
