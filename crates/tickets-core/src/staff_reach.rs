//! Staff changes reach the tickets already open: who can see a ticket in Discord follows who
//! works it (ADR 6 computes the overwrites; this walks the open tickets a change affects).
//!
//! A change is stored first, then a durable job rewrites the overwrites of the affected open
//! tickets page by page, within Discord's rate limits (twilight-http waits as Discord asks). The
//! job starts at once in the background, leased to this process; if the process dies, the
//! maintenance loop of any instance takes it over from its last page once the lease runs out.

use crate::jobs::{Job, LEASE_MS};
use crate::{Core, DiscordFailure, UseCaseError};
use tickets_model::{GuildId, PanelId};

/// Tickets rewritten between two checkpoints of the job.
const PAGE: u32 = 20;

/// Which open tickets of a server a staff change affects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Reach {
    /// Every open ticket: admins are in all of them, and the Default team handles `/open`
    /// tickets and most panels.
    Every,
    /// The tickets of these panels (a team's membership changed, or a panel's teams).
    Panels(Vec<PanelId>),
}

impl Core {
    /// After a stored staff change: starts rewriting the overwrites of the open tickets `reach`
    /// covers. The change stands whatever happens next; a failure to store the job is logged
    /// (the tickets then follow at their next change).
    pub(crate) async fn reach_open_tickets(&self, guild: GuildId, reach: Reach) {
        if let Err(error) = self.staff_changed(guild, reach).await {
            tracing::warn!(%error, %guild, "could not start updating the open tickets' access");
        }
    }

    /// Stores the job that rewrites the overwrites of the open tickets `reach` covers and starts
    /// it in the background.
    async fn staff_changed(&self, guild: GuildId, reach: Reach) -> Result<(), UseCaseError> {
        let panels = match reach {
            Reach::Every => None,
            Reach::Panels(panels) if panels.is_empty() => return Ok(()),
            Reach::Panels(panels) => Some(panels.iter().map(|p| p.get()).collect()),
        };
        let job = Job::RefreshAccess { panels, after: 0 };
        let id = self
            .schedule_held(guild, &job, self.now() + LEASE_MS)
            .await?;
        let core = self.clone();
        tokio::spawn(async move { core.run_held(id, Some(guild), job).await });
        Ok(())
    }

    /// One run of a [`Job::RefreshAccess`]: rewrites the affected open tickets numbered after
    /// `after`, recording its progress after every page.
    pub(crate) async fn refresh_access(
        &self,
        id: i64,
        guild: GuildId,
        panels: Option<&[i64]>,
        mut after: i64,
    ) -> Result<(), UseCaseError> {
        loop {
            let page = self.db().tickets().open_after(guild, after, PAGE).await?;
            for ticket in &page {
                let affected = panels.is_none_or(|panels| {
                    ticket
                        .panel_id
                        .is_some_and(|panel| panels.contains(&panel.get()))
                });
                if !affected {
                    continue;
                }
                match self.refresh_overwrites(guild, ticket.number).await {
                    Ok(()) => {}
                    // Deleted in Discord meanwhile: the gateway's deletion event closes it.
                    Err(UseCaseError::Discord(error))
                        if error.failure() == DiscordFailure::Unknown => {}
                    Err(error) => return Err(error),
                }
            }
            let Some(last) = page.last() else {
                return Ok(());
            };
            after = last.number;
            if page.len() < PAGE as usize {
                return Ok(());
            }
            let next = Job::RefreshAccess {
                panels: panels.map(<[i64]>::to_vec),
                after,
            };
            self.checkpoint(id, &next, self.now() + LEASE_MS).await?;
        }
    }
}
