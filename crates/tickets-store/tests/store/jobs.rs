//! Durable jobs.

use crate::*;

db_test!(
    async fn jobs_are_claimed_with_a_lease_completed_and_retried(db) {
        let jobs = db.jobs();
        let late = jobs.schedule("b", None, "{}", 200).await.unwrap();
        let early = jobs.schedule("a", Some(guild(1)), r#"{"x":1}"#, 100).await.unwrap();
        let future = jobs.schedule("c", None, "{}", 10_000).await.unwrap();

        let claimed = jobs.claim_due(1_000, 500, 10, "runner").await.unwrap();
        let ids: Vec<i64> = claimed.iter().map(|j| j.id).collect();
        assert_eq!(ids, [early, late], "due jobs only, oldest first");
        assert_eq!(claimed[0].guild_id, Some(guild(1)));
        assert_eq!(claimed[0].payload, r#"{"x":1}"#);
        assert_eq!(claimed[0].attempts, 1);
        assert_eq!(claimed[0].locked_until, Some(1_500));

        assert!(jobs.claim_due(1_200, 500, 10, "runner").await.unwrap().is_empty(), "leased");

        assert!(jobs.complete(early).await.unwrap());
        assert!(!jobs.complete(early).await.unwrap());
        assert!(jobs.retry_later(late, 3_000).await.unwrap());
        assert!(jobs.claim_due(2_999, 500, 10, "runner").await.unwrap().is_empty(), "not due yet");
        let retried = jobs.claim_due(3_000, 500, 10, "runner").await.unwrap();
        assert_eq!(retried.len(), 1);
        assert_eq!((retried[0].id, retried[0].attempts), (late, 2));

        // A runner that died leaves the lease to run out; then the job is claimed again.
        let again = jobs.claim_due(3_500, 500, 10, "runner").await.unwrap();
        assert_eq!(again.iter().map(|j| j.id).collect::<Vec<_>>(), [late]);
        assert_eq!(again[0].attempts, 3);

        let last = jobs.claim_due(20_000, 500, 1, "runner").await.unwrap();
        assert_eq!(last.len(), 1, "at most max");
        assert!(last[0].id == late || last[0].id == future);
    }
);

db_test!(
    async fn concurrent_runners_never_hold_the_same_job(db) {
        for i in 0..30 {
            db.jobs().schedule("k", None, "{}", i).await.unwrap();
        }
        let runners: Vec<_> = (0..6)
            .map(|_| {
                let db = db.clone();
                tokio::spawn(async move { db.jobs().claim_due(1_000, 60_000, 4, "runner").await.unwrap() })
            })
            .collect();
        let mut seen = BTreeSet::new();
        for runner in runners {
            for job in runner.await.unwrap() {
                assert!(seen.insert(job.id), "job {} claimed twice", job.id);
            }
        }
        assert!(!seen.is_empty());
    }
);

db_test!(
    async fn jobs_of_a_process_that_is_gone_are_released_at_once_and_only_those(db) {
        let (jobs, leases) = (db.jobs(), db.leases());
        leases.register("alive", None, None, 0, 10_000).await.unwrap();
        leases.register("killed", None, None, 0, 10_000).await.unwrap();
        leases.register("ran-out", None, None, 0, 500).await.unwrap();
        let held = |by: &'static str| {
            jobs.schedule_held("archive_ticket", None, "{}", 100, 60_000, by)
        };
        let alive = held("alive").await.unwrap();
        let killed = held("killed").await.unwrap();
        let ran_out = held("ran-out").await.unwrap();
        let unknown = held("never-registered").await.unwrap();
        let claimed = jobs.schedule("delete_channel", None, "{}", 100).await.unwrap();
        let taken = jobs.claim_due(200, 60_000, 10, "killed").await.unwrap();
        assert_eq!(taken.iter().map(|j| j.id).collect::<Vec<_>>(), [claimed]);
        assert_eq!(taken[0].held_by.as_deref(), Some("killed"), "a claim names its holder");
        assert!(jobs.claim_due(1_000, 60_000, 10, "other").await.unwrap().is_empty(), "all held");

        // The process that died is known to be gone: its lease ends (ADR 8).
        leases.end("killed").await.unwrap();
        assert_eq!(jobs.release_abandoned(1_000).await.unwrap(), 4);
        leases.register("next", None, None, 1_000, 10_000).await.unwrap();
        let resumed = jobs.claim_due(1_000, 60_000, 10, "next").await.unwrap();
        let ids: BTreeSet<i64> = resumed.iter().map(|j| j.id).collect();
        let expected = BTreeSet::from([killed, ran_out, unknown, claimed]);
        assert_eq!(ids, expected, "long before their locks ran out");
        assert!(resumed.iter().all(|j| j.held_by.as_deref() == Some("next")));
        assert_eq!(resumed.iter().find(|j| j.id == killed).unwrap().attempts, 2);
        // The live process keeps its job, and the new holder keeps what it took.
        assert_eq!(jobs.release_abandoned(1_000).await.unwrap(), 0);
        assert!(jobs.claim_due(1_000, 60_000, 10, "other").await.unwrap().is_empty());

        // A job handed back for a retry has no holder any more: its holder's end releases nothing.
        assert!(jobs.retry_later(killed, 2_000).await.unwrap());
        leases.end("next").await.unwrap();
        assert_eq!(jobs.release_abandoned(1_500).await.unwrap(), 3);
        let again = jobs.claim_due(2_000, 60_000, 10, "alive").await.unwrap();
        assert_eq!(again.len(), 4);
        assert!(again.iter().all(|j| j.id != alive));
    }
);
