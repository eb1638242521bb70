//! The timers that depend on a ticket's activity, planned again each time someone writes in it.

use crate::{Core, UseCaseError};
use tickets_store::tickets::{TicketRow, Writer};

impl Core {
    /// Called after every message recorded in an open ticket, with the ticket as it is now.
    /// Nothing depends on activity yet beyond what [`Core::message_posted`] records; the
    /// inactivity timers are planned from here.
    #[allow(clippy::unused_async)]
    pub(crate) async fn activity_recorded(
        &self,
        _ticket: &TicketRow,
        _writer: Writer,
    ) -> Result<(), UseCaseError> {
        Ok(())
    }
}
