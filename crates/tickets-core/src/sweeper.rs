//! Repairs what a crash left half done: tickets stuck in `opening`, and jobs held by a process
//! that is gone (a close's archiving, for one), which are handed back at once.
//!
//! Opening records the ticket, with the lease id of the process doing it, before creating its
//! channel, and marks it open afterwards. A crash in between leaves a row in `opening` and maybe
//! a channel nobody will use. As soon as the process that recorded it is known to be gone (its
//! lease ended or ran out, see ADR 8), the sweeper removes such a channel and marks the ticket
//! failed, which frees the member's slot: the member simply opens again, and no duplicate
//! channel remains.

use crate::{Core, UseCaseError, now_ms};
use std::collections::HashMap;
use std::time::Duration;
use tickets_model::GuildId;
use tickets_model::ticket::channel_name;
use twilight_model::channel::Channel;
use twilight_model::channel::permission_overwrite::PermissionOverwriteType;

/// How old an `opening` ticket must be before the sweeper reclaims it even though its process
/// looks alive (or is unknown, for rows from before leases). Opening takes a few seconds at
/// worst, so a minute leaves a wide margin for slow Discord answers.
pub const ABANDONED_AFTER: Duration = Duration::from_secs(60);

impl Core {
    /// Reconciles tickets whose opening was interrupted: those of processes that are gone, and
    /// those `opening` for longer than `older_than` whoever started them; returns how many.
    /// First it releases the jobs the processes that are gone held, for the job pass to take.
    ///
    /// # Errors
    ///
    /// Storage failures, or Discord failing to list a server's channels (the ticket is then left
    /// for the next pass).
    pub async fn sweep_abandoned_openings(
        &self,
        older_than: Duration,
    ) -> Result<usize, UseCaseError> {
        self.end_leases_of_gone_processes().await?;
        // Before the openings, whose repair may fail on Discord: the jobs only need the store.
        self.release_jobs_of_gone_processes().await?;
        let now = now_ms();
        let cutoff = now - i64::try_from(older_than.as_millis()).unwrap_or(i64::MAX);
        let stale = self.db().tickets().interrupted_opening(now, cutoff).await?;
        // One listing per server and pass, however many of its openings were interrupted.
        let mut listed: HashMap<GuildId, Vec<Channel>> = HashMap::new();
        let mut repaired = 0;
        for ticket in stale {
            let guild = ticket.guild_id;
            let channels = match listed.entry(guild) {
                std::collections::hash_map::Entry::Occupied(known) => known.into_mut(),
                std::collections::hash_map::Entry::Vacant(slot) => {
                    let request = self.discord().http().guild_channels(guild);
                    slot.insert(self.discord().models("get_guild_channels", request).await?)
                }
            };
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

    /// Runs the sweeper, the due jobs and the purge of old interaction ids forever, every
    /// `every`; the first pass runs at once, so a restarted process reclaims what its previous
    /// life left (openings, and the jobs it held, such as interrupted closes) before it takes
    /// much new work.
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
            if let Err(error) = self.forget_old_interactions().await {
                tracing::warn!(%error, "could not forget old interaction ids");
            }
        }
    }
}
