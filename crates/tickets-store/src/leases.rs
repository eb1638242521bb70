//! Leases of running processes: who may still be opening tickets.
//!
//! Each process registers a lease at start and renews it while it runs. An opening recorded by a
//! process whose lease is gone or expired was interrupted: nobody will finish it, so the sweeper
//! may reclaim it at once. A process that can tell for certain that another one is gone (same
//! machine, no such process any more) ends that lease early with [`Leases::end`].

use crate::{Database, StoreError, col};

/// A stored lease.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeaseRow {
    /// The process's id, new at every start.
    pub process_id: String,
    /// Which machine (kernel and process namespace) it runs on, when known.
    pub machine: Option<String>,
    /// Its identity on that machine (pid and start time), when known.
    pub local_process: Option<String>,
    /// Until when it counts as alive (Unix milliseconds).
    pub expires_at: i64,
}

/// The lease repository; see [`Database::leases`].
#[derive(Debug, Clone, Copy)]
pub struct Leases<'a> {
    pub(crate) db: &'a Database,
}

impl Leases<'_> {
    /// Registers (or renews) the lease of a process until `expires_at`.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn register(
        self,
        process_id: &str,
        machine: Option<&str>,
        local_process: Option<&str>,
        now: i64,
        expires_at: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO process_leases (process_id, machine, local_process, started_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (process_id) DO UPDATE SET expires_at = $5",
        )
        .bind(process_id)
        .bind(machine)
        .bind(local_process)
        .bind(now)
        .bind(expires_at)
        .execute(&self.db.pool)
        .await?;
        Ok(())
    }

    /// Extends a live lease to `expires_at`; returns `false` when it is gone (ended by another
    /// process that took this one for dead, or purged after it ran out).
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn renew(self, process_id: &str, expires_at: i64) -> Result<bool, StoreError> {
        let done = sqlx::query("UPDATE process_leases SET expires_at = $2 WHERE process_id = $1")
            .bind(process_id)
            .bind(expires_at)
            .execute(&self.db.pool)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Ends a lease: its process is gone (or stopping and done with its work).
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn end(self, process_id: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM process_leases WHERE process_id = $1")
            .bind(process_id)
            .execute(&self.db.pool)
            .await?;
        Ok(())
    }

    /// Maintenance query: every lease (one per running process, so a handful).
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn list(self) -> Result<Vec<LeaseRow>, StoreError> {
        let rows = sqlx::query(
            "SELECT process_id, machine, local_process, expires_at FROM process_leases \
             ORDER BY started_at LIMIT 1000",
        )
        .fetch_all(&self.db.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(LeaseRow {
                    process_id: col(row, "process_id")?,
                    machine: col(row, "machine")?,
                    local_process: col(row, "local_process")?,
                    expires_at: col(row, "expires_at")?,
                })
            })
            .collect()
    }

    /// Maintenance query: forgets leases that ran out before `now`; returns how many. Openings
    /// of a process without a lease count as interrupted, so this changes no decision.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn purge_expired(self, now: i64) -> Result<u64, StoreError> {
        let done = sqlx::query("DELETE FROM process_leases WHERE expires_at <= $1")
            .bind(now)
            .execute(&self.db.pool)
            .await?;
        Ok(done.rows_affected())
    }
}

#[cfg(test)]
mod tests {
    use crate::db_test;

    db_test!(
        async fn leases_are_registered_renewed_ended_and_purged(db) {
            let leases = db.leases();
            leases.register("a", Some("m"), Some("1:2"), 0, 100).await.unwrap();
            leases.register("b", None, None, 0, 50).await.unwrap();
            assert!(leases.renew("a", 200).await.unwrap());
            let all = leases.list().await.unwrap();
            assert_eq!(all.len(), 2);
            assert_eq!(all.iter().find(|l| l.process_id == "a").unwrap().expires_at, 200);
            assert_eq!(leases.purge_expired(60).await.unwrap(), 1);
            leases.end("a").await.unwrap();
            assert!(!leases.renew("a", 300).await.unwrap(), "an ended lease is not revived");
            assert!(leases.list().await.unwrap().is_empty());
        }
    );

    db_test!(
        async fn openings_of_gone_processes_are_interrupted_those_of_live_ones_are_not(db) {
            use crate::tickets::BeginOpen;
            use twilight_model::id::Id;
            let now = crate::now_ms();
            db.leases().register("live", None, None, now, now + 60_000).await.unwrap();
            db.leases().register("ran-out", None, None, now, now - 1).await.unwrap();
            let mut numbers = Vec::new();
            for (user, process) in [(1, Some("live")), (2, Some("ran-out")), (3, Some("ended")), (4, None)] {
                let BeginOpen::Reserved(row) = db
                    .tickets()
                    .begin_open(Id::new(7), Id::new(user), None, None, None, process)
                    .await
                    .unwrap()
                else {
                    panic!("not reserved");
                };
                numbers.push(row.number);
            }
            let found: Vec<i64> = db
                .tickets()
                .interrupted_opening(now, now - 60_000)
                .await
                .unwrap()
                .iter()
                .map(|t| t.number)
                .collect();
            // The live process's opening is its own business; a row without a process is
            // only reclaimed once it is stuck.
            assert_eq!(found, vec![numbers[1], numbers[2]]);
            let stuck = db.tickets().interrupted_opening(now, now + 60_000).await.unwrap();
            assert_eq!(stuck.len(), 4);
        }
    );
}
