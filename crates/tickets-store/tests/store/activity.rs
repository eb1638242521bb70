//! What a ticket's messages record: who wrote last, the first staff answer once, the resolution
//! time at close, and the median first response of a period.

use crate::*;
use tickets_store::tickets::Writer;

/// Opens a ticket of `g` at `at` (ms) and returns its number.
async fn opened_at(db: &Database, g: GuildId, c: u64, at: i64) -> i64 {
    let ticket = reserve(db, g, user(c)).await;
    assert!(
        db.tickets()
            .mark_open_at(g, ticket.number, channel(c), false, at)
            .await
            .unwrap()
    );
    ticket.number
}

db_test!(
    async fn messages_record_who_wrote_last_and_the_first_staff_answer_once(db) {
        let tickets = db.tickets();
        let number = opened_at(&db, guild(1), 1, 1_000_000).await;
        let opener = tickets.record_message(guild(1), number, Writer::Opener, 1_500_000).await.unwrap().unwrap();
        assert_eq!(opener.activity.opener_last_message_at, Some(1_500_000));
        assert_eq!(opener.activity.last_message_at, Some(1_500_000));
        assert_eq!(opener.activity.first_response_at, None, "the opener's message is no answer");

        let answered = tickets.record_message(guild(1), number, Writer::Staff, 4_600_000).await.unwrap().unwrap();
        assert_eq!(answered.activity.first_response_at, Some(4_600_000));
        assert_eq!(answered.activity.first_response_ms, Some(3_600_000));
        let again = tickets.record_message(guild(1), number, Writer::Staff, 5_000_000).await.unwrap().unwrap();
        assert_eq!(again.activity.first_response_ms, Some(3_600_000), "only the first answer counts");
        assert_eq!(again.activity.staff_last_message_at, Some(5_000_000));
        let other = tickets.record_message(guild(1), number, Writer::Other, 6_000_000).await.unwrap().unwrap();
        assert_eq!(other.activity.last_message_at, Some(6_000_000));
        assert_eq!(other.activity.staff_last_message_at, Some(5_000_000));
        assert_eq!(other.activity.opener_last_message_at, Some(1_500_000));

        assert!(
            tickets.record_message(guild(2), number, Writer::Staff, 6_000_000).await.unwrap().is_none(),
            "another server's number is not touched"
        );
        let closed = tickets.close(guild(1), number, user(9), None, 10_000_000).await.unwrap().unwrap();
        assert_eq!(closed.activity.resolution_ms, Some(9_000_000));
        assert!(
            tickets.record_message(guild(1), number, Writer::Opener, 11_000_000).await.unwrap().is_none(),
            "a closed ticket records nothing"
        );
    }
);

db_test!(
    async fn the_median_first_response_of_a_period_ignores_older_answers_and_other_servers(db) {
        let tickets = db.tickets();
        // Answered after 10, 20, 30 and 40 minutes, the last two later on.
        for (c, delay_min, answered_at) in [(1, 10, 100), (2, 20, 200), (3, 30, 5_000), (4, 40, 6_000)] {
            let answered_at = answered_at * 60_000;
            let number = opened_at(&db, guild(1), c, answered_at - delay_min * 60_000).await;
            tickets.record_message(guild(1), number, Writer::Staff, answered_at).await.unwrap();
        }
        // Another server's slow answer changes nothing here.
        let far = opened_at(&db, guild(2), 9, 0).await;
        tickets.record_message(guild(2), far, Writer::Staff, 9_000 * 60_000).await.unwrap();
        // An unanswered ticket neither.
        opened_at(&db, guild(1), 5, 0).await;

        let minutes = |ms: Option<i64>| ms.map(|ms| ms / 60_000);
        assert_eq!(minutes(tickets.median_first_response(guild(1), 0).await.unwrap()), Some(25), "all four");
        assert_eq!(minutes(tickets.median_first_response(guild(1), 150 * 60_000).await.unwrap()), Some(30), "the last three");
        assert_eq!(minutes(tickets.median_first_response(guild(1), 5_500 * 60_000).await.unwrap()), Some(40), "the last one");
        assert_eq!(tickets.median_first_response(guild(1), 7_000 * 60_000).await.unwrap(), None);
        assert_eq!(tickets.median_first_response(guild(3), 0).await.unwrap(), None);
    }
);
