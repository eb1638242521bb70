//! What a ticket's messages tell: the gateway hands every guild message here, and the ticket of
//! its channel records who wrote and when, and its first staff answer. No message content is
//! read, so this works without the Message Content intent.

mod hooks;
pub mod words;

use crate::access::Caller;
use crate::{Core, UseCaseError};
use tickets_model::GuildId;
use tickets_store::tickets::{TicketRow, Writer};
use twilight_model::channel::Message;

impl Core {
    /// Records a message posted in a guild channel, when the channel is an open ticket's and
    /// the author a person: the opener, the ticket's staff (its teams, an admin, its claimer) or
    /// someone else added to it. Returns the ticket as it is now, or `None` when nothing was
    /// recorded.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn message_posted(
        &self,
        message: &Message,
    ) -> Result<Option<TicketRow>, UseCaseError> {
        let Some(guild) = message.guild_id else {
            return Ok(None);
        };
        if message.author.bot || message.webhook_id.is_some() || message.author.system == Some(true)
        {
            return Ok(None);
        }
        let Some(ticket) = self
            .db()
            .tickets()
            .get_by_channel(guild, message.channel_id)
            .await?
        else {
            return Ok(None);
        };
        if ticket.status != tickets_model::ticket::TicketStatus::Open {
            return Ok(None);
        }
        let roles = message
            .member
            .as_ref()
            .map(|member| member.roles.clone())
            .unwrap_or_default();
        let caller = Caller {
            guild_id: guild,
            user_id: message.author.id,
            roles,
        };
        let writer = self.writer_of(&caller, &ticket).await?;
        self.record_writing(guild, ticket.number, writer).await
    }

    /// Who `caller` is to this ticket when they write in it.
    async fn writer_of(&self, caller: &Caller, ticket: &TicketRow) -> Result<Writer, UseCaseError> {
        Ok(if caller.user_id == ticket.opener_id {
            Writer::Opener
        } else if ticket.claimed_by == Some(caller.user_id) || self.handles(caller, ticket).await? {
            Writer::Staff
        } else {
            Writer::Other
        })
    }

    /// Records that `writer` wrote in the ticket now (Core's clock), then lets the timers that
    /// depend on activity plan again.
    pub(crate) async fn record_writing(
        &self,
        guild: GuildId,
        number: i64,
        writer: Writer,
    ) -> Result<Option<TicketRow>, UseCaseError> {
        let recorded = self
            .db()
            .tickets()
            .record_message(guild, number, writer, self.now())
            .await?;
        if let Some(ticket) = &recorded {
            self.activity_recorded(ticket, writer).await?;
        }
        Ok(recorded)
    }

    /// The median first response time of a server's tickets first answered in the last `days`
    /// days (all time for `None`), in milliseconds.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn median_first_response(
        &self,
        guild: GuildId,
        days: Option<i64>,
    ) -> Result<Option<i64>, UseCaseError> {
        let since = days.map_or(0, |days| self.now() - days * 86_400_000);
        Ok(self
            .db()
            .tickets()
            .median_first_response(guild, since)
            .await?)
    }
}
