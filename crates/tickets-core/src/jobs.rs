//! Durable jobs: work that must happen eventually, stored with a due time and run at least once.

use crate::{Core, UseCaseError, now_ms};
use serde::{Deserialize, Serialize};
use tickets_model::{ChannelId, CloseRequestId, GuildId};

/// Every kind of job, with its payload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Job {
    /// Remove the channel of a closed ticket.
    DeleteChannel {
        /// The channel.
        channel_id: ChannelId,
    },
    /// A close request's delay ran out: close the ticket unless the request was answered.
    CloseRequestTimeout {
        /// The ticket's number.
        number: i64,
        /// The request's id.
        request: i64,
    },
    /// A ticket closed: keep its transcript, announce the close, remove its channel.
    ArchiveTicket {
        /// The ticket's number.
        number: i64,
        /// Its channel or thread.
        channel_id: ChannelId,
        /// What is left to do.
        stage: crate::transcripts::job::ArchiveStage,
    },
    /// Put a ticket's channel in or out of its panel's awaiting-response category, as its
    /// activity says.
    AwaitingResponse {
        /// The ticket's number.
        number: i64,
    },
    /// The staff changed: rewrite the overwrites of the open tickets it reaches.
    RefreshAccess {
        /// The panels whose tickets it reaches; `None` for every open ticket.
        panels: Option<Vec<i64>>,
        /// The last ticket number already rewritten.
        after: i64,
    },
    /// A ticket's automatic closing timer for one rule: warn or close when the facts say so.
    Autoclose {
        /// The ticket's number.
        number: i64,
        /// Its rule.
        rule: crate::autoclose::Rule,
    },
}

impl Job {
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Self::DeleteChannel { .. } => "delete_channel",
            Self::CloseRequestTimeout { .. } => "close_request_timeout",
            Self::RefreshAccess { .. } => "refresh_access",
            Self::ArchiveTicket { .. } => "archive_ticket",
            Self::AwaitingResponse { .. } => "awaiting_response",
            Self::Autoclose { .. } => crate::autoclose::timer::KIND,
        }
    }
}

/// How long a claimed job is reserved for its runner before another may take it. A runner known
/// to be gone sooner loses its jobs at once ([`Core::release_jobs_of_gone_processes`]).
pub(crate) const LEASE_MS: i64 = 60_000;
/// Most jobs taken in one pass.
const BATCH: u32 = 50;

/// Delay before the `attempt`-th retry: doubling from 5 s, at most an hour.
fn backoff_ms(attempt: u32) -> i64 {
    5_000_i64
        .saturating_mul(1_i64 << attempt.min(10))
        .min(3_600_000)
}

impl Core {
    /// Stores a job to run at `due_at` (Unix milliseconds).
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub(crate) async fn schedule(
        &self,
        guild: GuildId,
        job: Job,
        due_at: i64,
    ) -> Result<(), UseCaseError> {
        let payload = serde_json::to_string(&job).unwrap_or_default();
        self.db()
            .jobs()
            .schedule(job.kind(), Some(guild), &payload, due_at)
            .await?;
        Ok(())
    }

    /// Stores a job leased to this process, to be run by it at once ([`Core::run_held`]).
    pub(crate) async fn schedule_held(
        &self,
        guild: GuildId,
        job: &Job,
        locked_until: i64,
    ) -> Result<i64, UseCaseError> {
        let payload = serde_json::to_string(job).unwrap_or_default();
        Ok(self
            .db()
            .jobs()
            .schedule_held(
                job.kind(),
                Some(guild),
                &payload,
                self.now(),
                locked_until,
                self.process_id(),
            )
            .await?)
    }

    /// Records a long job's progress and extends its lease.
    pub(crate) async fn checkpoint(
        &self,
        id: i64,
        job: &Job,
        locked_until: i64,
    ) -> Result<(), UseCaseError> {
        let payload = serde_json::to_string(job).unwrap_or_default();
        self.db()
            .jobs()
            .checkpoint(id, &payload, locked_until)
            .await?;
        Ok(())
    }

    /// Runs a job this process holds, then completes it or hands it back for a retry.
    pub(crate) async fn run_held(&self, id: i64, guild: Option<GuildId>, job: Job) {
        let outcome = self.run_job(id, guild, &job).await;
        let stored = match outcome {
            Ok(()) => self.db().jobs().complete(id).await,
            Err(error) => {
                let due_at = self.now() + backoff_ms(1);
                tracing::warn!(%error, id, due_at, "job failed; retrying later");
                self.db().jobs().retry_later(id, due_at).await
            }
        };
        if let Err(error) = stored {
            tracing::warn!(%error, id, "could not record a job's end; its lease will run out");
        }
    }

    /// Hands back at once the jobs held by processes without a live lease (a process on this
    /// machine found gone, or one whose lease ran out), so that the next pass of any process
    /// takes them rather than waiting for their locks to run out; returns how many.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub(crate) async fn release_jobs_of_gone_processes(&self) -> Result<u64, UseCaseError> {
        let released = self.db().jobs().release_abandoned(now_ms()).await?;
        if released > 0 {
            tracing::info!(released, "took back the jobs of processes that are gone");
        }
        Ok(released)
    }

    /// Runs the jobs that are due; returns how many ran to completion.
    ///
    /// # Errors
    ///
    /// Storage failures while claiming.
    pub async fn run_due_jobs(&self) -> Result<usize, UseCaseError> {
        let due = self
            .db()
            .jobs()
            .claim_due(self.now(), LEASE_MS, BATCH, self.process_id())
            .await?;
        let mut done = 0;
        for stored in due {
            let outcome = match serde_json::from_str::<Job>(&stored.payload) {
                Ok(job) => self.run_job(stored.id, stored.guild_id, &job).await,
                Err(error) => {
                    // A payload no version of ours can read will never succeed: drop it loudly.
                    tracing::error!(%error, id = stored.id, "unreadable job dropped");
                    Ok(())
                }
            };
            match outcome {
                Ok(()) => {
                    self.db().jobs().complete(stored.id).await?;
                    done += 1;
                }
                Err(error) => {
                    let due_at = self.now() + backoff_ms(stored.attempts);
                    tracing::warn!(%error, id = stored.id, due_at, "job failed; retrying later");
                    self.db().jobs().retry_later(stored.id, due_at).await?;
                }
            }
        }
        Ok(done)
    }

    async fn run_job(
        &self,
        id: i64,
        guild: Option<GuildId>,
        job: &Job,
    ) -> Result<(), UseCaseError> {
        match (job, guild) {
            (Job::DeleteChannel { channel_id }, _) => Ok(self.delete_channel(*channel_id).await?),
            (Job::CloseRequestTimeout { number, request }, Some(guild)) => {
                match CloseRequestId::new(*request) {
                    Some(request) => self.close_request_timed_out(guild, *number, request).await,
                    None => Ok(()),
                }
            }
            (Job::RefreshAccess { panels, after }, Some(guild)) => {
                self.refresh_access(id, guild, panels.as_deref(), *after)
                    .await
            }
            (
                Job::ArchiveTicket {
                    number,
                    channel_id,
                    stage,
                },
                Some(guild),
            ) => {
                self.archive_ticket(id, guild, *number, *channel_id, *stage)
                    .await
            }
            (Job::AwaitingResponse { number }, Some(guild)) => {
                self.place_awaiting(guild, *number).await
            }
            (Job::Autoclose { number, rule }, Some(guild)) => {
                Box::pin(self.autoclose_due(guild, *number, *rule)).await
            }
            (
                Job::CloseRequestTimeout { .. }
                | Job::RefreshAccess { .. }
                | Job::ArchiveTicket { .. }
                | Job::AwaitingResponse { .. }
                | Job::Autoclose { .. },
                None,
            ) => {
                tracing::error!(id, "a job without its server dropped");
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_is_capped() {
        assert_eq!(backoff_ms(0), 5_000);
        assert_eq!(backoff_ms(1), 10_000);
        assert_eq!(backoff_ms(40), 3_600_000);
    }

    #[test]
    fn payload_is_tagged_by_kind() {
        let job = Job::DeleteChannel {
            channel_id: ChannelId::new(42),
        };
        let json = serde_json::to_string(&job).unwrap();
        assert_eq!(json, r#"{"kind":"delete_channel","channel_id":"42"}"#);
        assert_eq!(serde_json::from_str::<Job>(&json).unwrap(), job);
    }
}
