//! Thread mode: tickets as private threads in a panel's channel instead of channels of their
//! own. Discord limits channels (50 per category, 500 per server) but not threads; in exchange
//! it cannot give a whole team access to a private thread, so staff join each ticket from the
//! notification channel ([`notification`]) or are pinged in while on call. A closed thread is
//! archived and locked, not deleted, so it can be reopened ([`reopen`]). Claiming, moving to
//! another panel and notes threads need channel permissions, and are refused
//! ([`Core::refuse_in_thread_mode`]).

pub mod check;
mod members;
pub mod notification;
mod opening;
pub mod reopen;

use crate::{Core, UseCaseError};
use tickets_store::panels::PanelRow;
use tickets_store::settings::GuildSettings;
use tickets_store::tickets::TicketRow;

/// The week Discord keeps an idle thread unarchived: the longest it allows, so an open ticket
/// waiting for an answer stays in the channel's list.
pub(crate) const AUTO_ARCHIVE_MINUTES: u16 = 10_080;

/// Whether tickets of `panel` (`None`: `/open`) open as threads: the panel's own choice, else
/// the server's.
#[must_use]
pub fn opens_as_thread(settings: &GuildSettings, panel: Option<&PanelRow>) -> bool {
    panel
        .and_then(|panel| panel.fields.thread_mode)
        .unwrap_or(settings.thread_mode)
}

/// An action that needs a ticket channel's permissions, which threads do not have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChannelOnly {
    /// Claiming (and unclaiming, transferring): Discord cannot hide a thread from other staff.
    Claim,
    /// `/switchpanel`: a thread cannot move to another panel's channel.
    SwitchPanel,
}

impl Core {
    /// Refuses `action` on a thread ticket, with the reason the reference gives.
    ///
    /// # Errors
    ///
    /// [`UseCaseError::ChannelModeOnly`] for a thread ticket.
    pub(crate) fn refuse_in_thread_mode(
        ticket: &TicketRow,
        action: ChannelOnly,
    ) -> Result<(), UseCaseError> {
        if ticket.is_thread {
            Err(UseCaseError::ChannelModeOnly(action))
        } else {
            Ok(())
        }
    }
}
