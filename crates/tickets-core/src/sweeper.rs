//! Repairs what a crash left half done: tickets stuck in `opening`.
//!
//! Opening records the ticket before creating its channel and marks it open afterwards. A crash
//! in between leaves a row in `opening` and maybe a channel nobody will use. The sweeper removes
//! such a channel and marks the ticket failed, which frees the member's slot: the member simply
//! opens again, and no duplicate channel remains.

use crate::{Core, UseCaseError, now_ms};
use std::time::Duration;
use tickets_model::ticket::channel_name;
use twilight_model::channel::permission_overwrite::PermissionOverwriteType;

/// How old an `opening` ticket must be before the sweeper treats it as abandoned. Opening takes
/// a few seconds at worst, so a minute leaves a wide margin for slow Discord answers.
pub const ABANDONED_AFTER: Duration = Duration::from_secs(60);

impl Core {
    /// Reconciles tickets that have been `opening` for longer than `older_than`; returns how many.
    ///
    /// # Errors
    ///
    /// Storage failures, or Discord failing to list a server's channels (the ticket is then left
    /// for the next pass).
    pub async fn sweep_abandoned_openings(
        &self,
        older_than: Duration,
    ) -> Result<usize, UseCaseError> {
        let cutoff = now_ms() - i64::try_from(older_than.as_millis()).unwrap_or(i64::MAX);
        let stale = self.db().tickets().stale_opening(cutoff).await?;
        let mut repaired = 0;
        for ticket in stale {
            let guild = ticket.guild_id;
            let request = self.discord().http().guild_channels(guild);
            let channels = self.discord().models("get_guild_channels", request).await?;
            let name = channel_name(ticket.number);
            let orphan = channels.iter().find(|channel| {
                channel.name.as_deref() == Some(name.as_str())
                    && channel.permission_overwrites.iter().flatten().any(|o| {
                        o.kind == PermissionOverwriteType::Member
                            && o.id.get() == ticket.opener_id.get()
                    })
            });
            if let Some(orphan) = orphan {
                self.delete_channel(orphan.id).await?;
                tracing::info!(%guild, number = ticket.number, channel = %orphan.id, "removed the channel of an abandoned opening");
            }
            self.db()
                .tickets()
                .mark_failed(guild, ticket.number)
                .await?;
            repaired += 1;
        }
        Ok(repaired)
    }

    /// Runs the sweeper and the due jobs forever, every `every`.
    pub async fn run_maintenance(self, every: Duration) {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if let Err(error) = self.sweep_abandoned_openings(ABANDONED_AFTER).await {
                tracing::warn!(%error, "sweeper pass failed");
            }
            if let Err(error) = self.run_due_jobs().await {
                tracing::warn!(%error, "job pass failed");
            }
        }
    }
}
