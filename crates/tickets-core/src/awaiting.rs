//! Awaiting user response: a panel may name a category that its ticket channels move to ten
//! minutes after the staff's last message while the opener has not answered, and that they
//! leave for where they were as soon as the opener writes. Channel tickets only (Discord cannot
//! move threads).
//!
//! Each staff message plans a job at its time plus ten minutes; the job, and the opener's
//! message, put the channel where the ticket's recorded activity says it belongs, so a job that
//! fires late, twice or after a newer message does the right thing. Moves share the channel's
//! budget of two renames or moves per ten minutes with `/rename`; a move that does not fit
//! waits for the budget.

use crate::jobs::Job;
use crate::{Core, UseCaseError, now_ms};
use tickets_model::ticket::TicketStatus;
use tickets_model::{ChannelId, GuildId};
use tickets_store::tickets::{TicketRow, Writer};
use twilight_model::channel::Channel;

/// How long after the staff's last message an unanswered ticket moves.
pub const AWAITING_AFTER_MS: i64 = 10 * 60_000;

/// Whether the ticket waits for its opener at `now`: staff wrote at least ten minutes ago and
/// the opener has not written since.
fn waits_for_opener(ticket: &TicketRow, now: i64) -> bool {
    let activity = &ticket.activity;
    match activity.staff_last_message_at {
        Some(staff) => {
            now >= staff + AWAITING_AFTER_MS
                && activity
                    .opener_last_message_at
                    .is_none_or(|opener| opener < staff)
        }
        None => false,
    }
}

impl Core {
    /// After a message in a ticket: a staff message plans the move, the opener's brings the
    /// channel back.
    pub(crate) async fn plan_awaiting(
        &self,
        ticket: &TicketRow,
        writer: Writer,
    ) -> Result<(), UseCaseError> {
        if ticket.is_thread {
            return Ok(());
        }
        let (guild, number) = (ticket.guild_id, ticket.number);
        match writer {
            Writer::Staff if self.awaiting_category(ticket).await?.is_some() => {
                let due = ticket
                    .activity
                    .staff_last_message_at
                    .unwrap_or_else(|| self.now())
                    + AWAITING_AFTER_MS;
                self.schedule(guild, Job::AwaitingResponse { number }, due)
                    .await
            }
            Writer::Opener if self.db().awaiting().home(guild, number).await?.is_some() => {
                if let Err(error) = self.place_awaiting(guild, number).await {
                    tracing::warn!(%error, %guild, number, "could not move a ticket back; retrying");
                    self.schedule(guild, Job::AwaitingResponse { number }, self.now())
                        .await?;
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// The awaiting-response category of the ticket's panel, if it has one.
    async fn awaiting_category(
        &self,
        ticket: &TicketRow,
    ) -> Result<Option<ChannelId>, UseCaseError> {
        let Some(panel) = ticket.panel_id else {
            return Ok(None);
        };
        Ok(self
            .db()
            .panels()
            .get(ticket.guild_id, panel)
            .await?
            .and_then(|panel| panel.fields.awaiting_category_id))
    }

    /// Puts the ticket's channel where its activity says: in the awaiting category while it
    /// waits for the opener, else back where it was.
    ///
    /// # Errors
    ///
    /// Discord refusing the move (the job is retried), storage failures.
    pub(crate) async fn place_awaiting(
        &self,
        guild: GuildId,
        number: i64,
    ) -> Result<(), UseCaseError> {
        let home = self.db().awaiting().home(guild, number).await?;
        let ticket = self.db().tickets().get(guild, number).await?;
        let Some((ticket, channel)) = ticket
            .filter(|t| t.status == TicketStatus::Open && !t.is_thread)
            .and_then(|t| t.channel_id.map(|channel| (t, channel)))
        else {
            // Closed meanwhile: its channel goes with it.
            return Ok(self.db().awaiting().returned(guild, number).await?);
        };
        let category = self.awaiting_category(&ticket).await?;
        let wanted = category.filter(|_| waits_for_opener(&ticket, self.now()));
        match (wanted, home) {
            (Some(category), None) => {
                let found: Channel = self
                    .discord()
                    .model("get_channel", self.discord().http().channel(channel))
                    .await?;
                if found.parent_id == Some(category) {
                    return Ok(());
                }
                if !self
                    .move_channel(guild, number, channel, Some(category))
                    .await?
                {
                    return Ok(());
                }
                self.db()
                    .awaiting()
                    .moved(guild, number, found.parent_id, self.now())
                    .await?;
                tracing::info!(%guild, number, "ticket moved to the awaiting-response category");
            }
            (None, Some(home)) => {
                if !self.move_channel(guild, number, channel, home).await? {
                    return Ok(());
                }
                self.db().awaiting().returned(guild, number).await?;
                tracing::info!(%guild, number, "ticket moved back from the awaiting-response category");
            }
            _ => {}
        }
        Ok(())
    }

    /// Moves a ticket's channel under `parent`, within its budget of changes; `false` when the
    /// budget is spent, and the move is planned again for when it is back.
    async fn move_channel(
        &self,
        guild: GuildId,
        number: i64,
        channel: ChannelId,
        parent: Option<ChannelId>,
    ) -> Result<bool, UseCaseError> {
        let reserved = match self.reserve_channel_change(guild, channel).await {
            Ok(at) => at,
            Err(UseCaseError::RenameLimited { next_at_ms }) => {
                // The budget runs on Discord's (the wall) clock; jobs run on Core's.
                let due = self.now() + (next_at_ms - now_ms()).max(0);
                self.schedule(guild, Job::AwaitingResponse { number }, due)
                    .await?;
                return Ok(false);
            }
            Err(error) => return Err(error),
        };
        let request = self
            .discord()
            .http()
            .update_channel(channel)
            .parent_id(parent);
        if let Err(error) = self.discord().call("update_channel", request).await {
            self.db()
                .ticket_members()
                .release_rename(guild, channel, reserved)
                .await?;
            return Err(error.into());
        }
        Ok(true)
    }
}
