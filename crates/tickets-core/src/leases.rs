//! This process's lease: how other processes learn that it is alive, and how it learns that
//! others are gone, so that openings they left half done are reclaimed at once (ADR 8).

use crate::liveness::LocalIdentity;
use crate::{Core, UseCaseError, now_ms};
use std::hash::{BuildHasher as _, Hasher as _};
use std::time::Duration;

/// How long a lease lasts without renewal. A process that stopped renewing for this long (hung,
/// cut off from the database, or on a machine that vanished) is taken for gone.
pub const LEASE_TTL: Duration = Duration::from_secs(30);

/// How often a process renews its lease: well within [`LEASE_TTL`], so that a slow database
/// does not make a live process look gone.
pub const LEASE_RENEW_EVERY: Duration = Duration::from_secs(10);

/// This process's lease id and identity on its machine.
#[derive(Debug, Clone)]
pub(crate) struct ProcessLease {
    pub(crate) id: String,
    pub(crate) local: Option<LocalIdentity>,
}

impl ProcessLease {
    /// A new id for this start: never reused, so a restarted process never inherits the openings
    /// of its previous life, and the ones of that life are reclaimed.
    pub(crate) fn new() -> Self {
        // The standard library's hasher keys come from the operating system's randomness; two
        // of them with the time and the pid make an id no other start will have.
        let random = |salt: u64| {
            let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
            hasher.write_u64(salt);
            hasher.finish()
        };
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let id = format!(
            "{:016x}{:016x}",
            random(u64::from(std::process::id())),
            random(u64::from(nanos))
        );
        Self {
            id,
            local: LocalIdentity::current(),
        }
    }
}

fn ttl_ms() -> i64 {
    i64::try_from(LEASE_TTL.as_millis()).unwrap_or(i64::MAX)
}

impl Core {
    /// This process's lease id, recorded on every ticket it opens.
    #[must_use]
    pub fn process_id(&self) -> &str {
        &self.lease().id
    }

    /// Registers this process's lease; call once at start, before any opening.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn start_lease(&self) -> Result<(), UseCaseError> {
        let lease = self.lease();
        let now = now_ms();
        self.db()
            .leases()
            .register(
                &lease.id,
                lease.local.as_ref().map(|l| l.machine.as_str()),
                lease.local.as_ref().map(|l| l.process.as_str()),
                now,
                now + ttl_ms(),
            )
            .await?;
        Ok(())
    }

    /// Renews this process's lease; registers it again when another process ended it (after a
    /// long stall it may have taken this one for gone and reclaimed its openings: those then
    /// fail cleanly when they finish, see `open_ticket`).
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn renew_lease(&self) -> Result<(), UseCaseError> {
        let renewed = self
            .db()
            .leases()
            .renew(self.process_id(), now_ms() + ttl_ms())
            .await?;
        if !renewed {
            tracing::warn!(
                process = self.process_id(),
                "this process's lease had ended; registering it again"
            );
            self.start_lease().await?;
        }
        Ok(())
    }

    /// Ends this process's lease: it is stopping and will open nothing more.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn end_lease(&self) -> Result<(), UseCaseError> {
        self.db().leases().end(self.process_id()).await?;
        Ok(())
    }

    /// Renews the lease every [`LEASE_RENEW_EVERY`], forever.
    pub async fn run_lease(self) {
        let mut tick = tokio::time::interval(LEASE_RENEW_EVERY);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        tick.tick().await;
        loop {
            tick.tick().await;
            if let Err(error) = self.renew_lease().await {
                tracing::warn!(%error, "could not renew this process's lease");
            }
        }
    }

    /// Ends the leases of processes this one knows to be gone (same machine, no longer running)
    /// and forgets leases that ran out; returns how many were ended.
    pub(crate) async fn end_leases_of_gone_processes(&self) -> Result<usize, UseCaseError> {
        let leases = self.db().leases();
        let mut ended = 0;
        if let Some(local) = &self.lease().local {
            for lease in leases.list().await? {
                if lease.process_id != self.process_id()
                    && local.knows_gone(lease.machine.as_deref(), lease.local_process.as_deref())
                {
                    leases.end(&lease.process_id).await?;
                    tracing::info!(process = %lease.process_id, "a previous process on this machine is gone");
                    ended += 1;
                }
            }
        }
        leases.purge_expired(now_ms()).await?;
        Ok(ended)
    }
}
