//! Durable jobs.

use crate::*;

db_test!(
    async fn jobs_are_claimed_with_a_lease_completed_and_retried(db) {
        let jobs = db.jobs();
        let late = jobs.schedule("b", None, "{}", 200).await.unwrap();
        let early = jobs.schedule("a", Some(guild(1)), r#"{"x":1}"#, 100).await.unwrap();
        let future = jobs.schedule("c", None, "{}", 10_000).await.unwrap();

        let claimed = jobs.claim_due(1_000, 500, 10).await.unwrap();
        let ids: Vec<i64> = claimed.iter().map(|j| j.id).collect();
        assert_eq!(ids, [early, late], "due jobs only, oldest first");
        assert_eq!(claimed[0].guild_id, Some(guild(1)));
        assert_eq!(claimed[0].payload, r#"{"x":1}"#);
        assert_eq!(claimed[0].attempts, 1);
        assert_eq!(claimed[0].locked_until, Some(1_500));

        assert!(jobs.claim_due(1_200, 500, 10).await.unwrap().is_empty(), "leased");

        assert!(jobs.complete(early).await.unwrap());
        assert!(!jobs.complete(early).await.unwrap());
        assert!(jobs.retry_later(late, 3_000).await.unwrap());
        assert!(jobs.claim_due(2_999, 500, 10).await.unwrap().is_empty(), "not due yet");
        let retried = jobs.claim_due(3_000, 500, 10).await.unwrap();
        assert_eq!(retried.len(), 1);
        assert_eq!((retried[0].id, retried[0].attempts), (late, 2));

        // A runner that died leaves the lease to run out; then the job is claimed again.
        let again = jobs.claim_due(3_500, 500, 10).await.unwrap();
        assert_eq!(again.iter().map(|j| j.id).collect::<Vec<_>>(), [late]);
        assert_eq!(again[0].attempts, 3);

        let last = jobs.claim_due(20_000, 500, 1).await.unwrap();
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
                tokio::spawn(async move { db.jobs().claim_due(1_000, 60_000, 4).await.unwrap() })
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
