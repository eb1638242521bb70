//! Transcripts: recorded once with the close's job, listed by the Transcripts page's filters,
//! never visible to another server.

use crate::*;
use tickets_store::jobs::NewJob;
use tickets_store::transcripts::{TranscriptFilter, TranscriptRow};

fn row(g: GuildId, number: i64, messages: u64) -> TranscriptRow {
    TranscriptRow {
        guild_id: g,
        number,
        stored_at: 1_000 + number,
        message_count: messages,
        size_bytes: 10 * messages,
        attachments_stored: 0,
        content_intent: true,
    }
}

db_test!(
    async fn a_close_and_its_job_are_written_together_and_a_transcript_is_recorded_once(db) {
        let ticket = open(&db, guild(1), user(1), channel(1)).await;
        let job = NewJob { kind: "archive_ticket", payload: "{}", due_at: 5, locked_until: 60_000, held_by: "closer" };
        let (closed, job_id) = db
            .tickets()
            .close_then(guild(1), ticket.number, user(2), Some("Solved"), 10, Some(job))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(closed.status, TicketStatus::Closed);
        assert!(job_id.is_some());
        // Leased to the closer: nobody else claims it before the lease ends.
        assert!(db.jobs().claim_due(30_000, 1_000, 10, "runner").await.unwrap().is_empty());
        assert_eq!(db.jobs().claim_due(60_000, 1_000, 10, "runner").await.unwrap().len(), 1);
        // A second close of the same ticket changes nothing and stores no job.
        let again = db.tickets().close_then(guild(1), ticket.number, user(2), None, 11, Some(job));
        assert!(again.await.unwrap().is_none());

        let transcripts = db.transcripts();
        assert!(transcripts.record(&row(guild(1), ticket.number, 3)).await.unwrap());
        assert!(!transcripts.record(&row(guild(1), ticket.number, 99)).await.unwrap());
        let stored = transcripts.get(guild(1), ticket.number).await.unwrap().unwrap();
        assert_eq!(stored.transcript.message_count, 3);
        assert_eq!(stored.ticket.close_reason.as_deref(), Some("Solved"));
        assert!(transcripts.get(guild(2), ticket.number).await.unwrap().is_none());
        assert!(!transcripts.delete(guild(2), ticket.number).await.unwrap());
        assert!(transcripts.delete(guild(1), ticket.number).await.unwrap());
        assert!(transcripts.get(guild(1), ticket.number).await.unwrap().is_none());
    }
);

db_test!(
    async fn the_list_filters_pages_and_keeps_to_what_the_viewer_may_see(db) {
        let mut numbers = Vec::new();
        for (opener, reason) in [(1, "Refund 100% done"), (2, "spam"), (1, "REFUND sent"), (3, "other")] {
            let ticket = open(&db, guild(1), user(opener), channel(10 + numbers.len() as u64)).await;
            db.tickets().close(guild(1), ticket.number, user(9), Some(reason), 100).await.unwrap();
            db.transcripts().record(&row(guild(1), ticket.number, 1)).await.unwrap();
            numbers.push(ticket.number);
        }
        let other = open(&db, guild(2), user(1), channel(99)).await;
        db.tickets().close(guild(2), other.number, user(9), Some("refund"), 100).await.unwrap();
        db.transcripts().record(&row(guild(2), other.number, 1)).await.unwrap();

        let list = |filter: TranscriptFilter| {
            let db = db.clone();
            async move {
                db.transcripts()
                    .list(guild(1), &filter, 50)
                    .await
                    .unwrap()
                    .into_iter()
                    .map(|l| l.ticket.number)
                    .collect::<Vec<_>>()
            }
        };
        assert_eq!(list(TranscriptFilter::default()).await, [4, 3, 2, 1]);
        let refund = TranscriptFilter { reason_contains: Some("refund".into()), ..Default::default() };
        assert_eq!(list(refund).await, [3, 1]);
        // `%` is the user's character, not a wildcard.
        let percent = TranscriptFilter { reason_contains: Some("100%".into()), ..Default::default() };
        assert_eq!(list(percent).await, [1]);
        let wildcard = TranscriptFilter { reason_contains: Some("%".into()), ..Default::default() };
        assert_eq!(list(wildcard).await, [1]);
        let by_opener = TranscriptFilter { opener: Some(user(1)), ..Default::default() };
        assert_eq!(list(by_opener).await, [3, 1]);
        let page = TranscriptFilter { before_number: Some(3), ..Default::default() };
        assert_eq!(list(page).await, [2, 1]);
        // A member who is staff of no panel sees only their own tickets.
        let own = TranscriptFilter {
            visible_panels: Some(Vec::new()),
            visible_opener: Some(user(2)),
            ..Default::default()
        };
        assert_eq!(list(own).await, [2]);
        let nothing = TranscriptFilter { visible_panels: Some(Vec::new()), ..Default::default() };
        assert!(list(nothing).await.is_empty());
    }
);
