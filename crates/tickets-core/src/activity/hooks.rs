//! The timers that depend on a ticket's activity, planned again each time someone writes in it.

use crate::{Core, UseCaseError};
use tickets_store::tickets::{TicketRow, Writer};

impl Core {
    /// Called after every message recorded in an open ticket, with the ticket as it is now:
    /// the inactivity timers and the awaiting-response move are planned from here.
    pub(crate) async fn activity_recorded(
        &self,
        ticket: &TicketRow,
        writer: Writer,
    ) -> Result<(), UseCaseError> {
        self.plan_autoclose_where_rules_apply(ticket).await?;
        self.plan_awaiting(ticket, writer).await
    }
}
