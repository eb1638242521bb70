//! Thread tickets: opening as a thread, the notification and notes records, reopening with the
//! limit re-checked, the closed threads `/reopen` suggests, and the panel's mode.

use crate::*;
use tickets_model::MessageId;
use tickets_store::tickets::Reopen;

async fn open_thread(db: &Database, g: u64, u: u64, thread: u64) -> i64 {
    let ticket = reserve(db, guild(g), user(u)).await;
    assert!(
        db.tickets()
            .mark_open_thread(guild(g), ticket.number, channel(thread))
            .await
            .unwrap()
    );
    ticket.number
}

db_test!(
    async fn a_thread_ticket_is_recorded_as_one_with_its_notification(db) {
        let number = open_thread(&db, 1, 1, 500).await;
        let tickets = db.tickets();
        let ticket = tickets.get_by_channel(guild(1), channel(500)).await.unwrap().unwrap();
        assert!(ticket.is_thread);
        assert_eq!(ticket.status, TicketStatus::Open);
        assert_eq!(ticket.notification_message_id, None);
        tickets.set_notification_message(guild(1), number, MessageId::new(77)).await.unwrap();
        // Another server's number is not touched.
        tickets.set_notes_thread(guild(2), number, channel(9)).await.unwrap();
        let ticket = tickets.get(guild(1), number).await.unwrap().unwrap();
        assert_eq!(ticket.notification_message_id, Some(MessageId::new(77)));
        assert_eq!(ticket.notes_thread_id, None);

        let plain = reserve(&db, guild(1), user(2)).await;
        assert!(tickets.mark_open(guild(1), plain.number, channel(501)).await.unwrap());
        tickets.set_notes_thread(guild(1), plain.number, channel(502)).await.unwrap();
        let plain = tickets.get(guild(1), plain.number).await.unwrap().unwrap();
        assert!(!plain.is_thread, "a channel ticket is not a thread");
        assert_eq!(plain.notes_thread_id, Some(channel(502)));
    }
);

db_test!(
    async fn reopening_counts_again_and_rechecks_the_limit(db) {
        let tickets = db.tickets();
        let first = open_thread(&db, 1, 1, 500).await;
        assert_eq!(tickets.reopen(guild(1), first, Some(1)).await.unwrap(), Reopen::NotClosed);
        tickets.close(guild(1), first, user(9), Some("done"), 10).await.unwrap().unwrap();
        assert_eq!(tickets.count_open(guild(1)).await.unwrap(), 0);

        // The opener meanwhile opened another ticket: with a limit of 1 it cannot reopen.
        let second = open_thread(&db, 1, 1, 501).await;
        let refused = tickets.reopen(guild(1), first, Some(1)).await.unwrap();
        assert_eq!(refused, Reopen::LimitReached { limit: 1, open: 1 });
        assert_eq!(tickets.count_open(guild(1)).await.unwrap(), 1, "a refusal changes nothing");
        assert_eq!(tickets.reopen(guild(2), first, None).await.unwrap(), Reopen::NotClosed);

        let Reopen::Reopened(again) = tickets.reopen(guild(1), first, Some(2)).await.unwrap() else {
            panic!("a limit of 2 lets it reopen");
        };
        assert_eq!(again.status, TicketStatus::Open);
        assert_eq!((again.closed_at, again.closed_by, again.close_reason), (None, None, None));
        assert_eq!(again.channel_id, Some(channel(500)));
        assert_eq!(tickets.count_open(guild(1)).await.unwrap(), 2);
        assert_eq!(tickets.count_open_by_user(guild(1), user(1)).await.unwrap(), 2);
        assert_eq!(tickets.reopen(guild(1), first, None).await.unwrap(), Reopen::NotClosed);
        assert_eq!(second, first + 1);
    }
);

db_test!(
    async fn closed_threads_are_listed_newest_first_by_number_prefix(db) {
        let tickets = db.tickets();
        for n in 0..12 {
            let number = open_thread(&db, 1, 1, 600 + n).await;
            tickets.close(guild(1), number, user(9), None, 10).await.unwrap();
        }
        let channel_ticket = reserve(&db, guild(1), user(1)).await;
        tickets.mark_open(guild(1), channel_ticket.number, channel(700)).await.unwrap();
        tickets.close(guild(1), channel_ticket.number, user(9), None, 10).await.unwrap();
        open_thread(&db, 2, 1, 800).await;

        let all: Vec<i64> = tickets
            .closed_threads(guild(1), "", 5)
            .await
            .unwrap()
            .iter()
            .map(|t| t.number)
            .collect();
        assert_eq!(all, [12, 11, 10, 9, 8], "channel ticket 13 is not a thread");
        let ones: Vec<i64> = tickets
            .closed_threads(guild(1), "1", 25)
            .await
            .unwrap()
            .iter()
            .map(|t| t.number)
            .collect();
        assert_eq!(ones, [12, 11, 10, 1]);
        assert!(tickets.closed_threads(guild(2), "", 25).await.unwrap().is_empty());
    }
);

db_test!(
    async fn a_panel_keeps_its_own_ticket_mode(db) {
        let panels = db.panels();
        let mut threads = crate::panels::fields("Threads");
        threads.thread_mode = Some(true);
        let mut channels = crate::panels::fields("Channels");
        channels.thread_mode = Some(false);
        let threads = panels.create(guild(1), &threads).await.unwrap();
        let channels = panels.create(guild(1), &channels).await.unwrap();
        let server = panels.create(guild(1), &crate::panels::fields("Server")).await.unwrap();
        let stored = |id| panels.get(guild(1), id);
        assert_eq!(stored(threads.panel_id).await.unwrap().unwrap().fields.thread_mode, Some(true));
        assert_eq!(stored(channels.panel_id).await.unwrap().unwrap().fields.thread_mode, Some(false));
        assert_eq!(stored(server.panel_id).await.unwrap().unwrap().fields.thread_mode, None);
    }
);
