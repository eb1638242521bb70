//! Tickets: numbers, the open flow and its limit, closing, guild isolation, the sweeper's
//! query.

use crate::*;

db_test!(
    async fn numbers_are_consecutive_per_guild_and_independent_between_guilds(db) {
        let mut numbers = Vec::new();
        for g in [1, 1, 2, 1, 2] {
            numbers.push(reserve(&db, guild(g), user(1)).await.number);
        }
        assert_eq!(numbers, [1, 2, 1, 3, 2]);

        let ticket = db.tickets().get(guild(1), 3).await.unwrap().unwrap();
        assert_eq!(ticket.status, TicketStatus::Opening);
        assert_eq!((ticket.guild_id, ticket.opener_id), (guild(1), user(1)));
        assert_eq!(db.tickets().count_total(guild(1)).await.unwrap(), 3);
        assert_eq!(db.tickets().count_total(guild(2)).await.unwrap(), 2);
        assert_eq!(db.tickets().count_total(guild(3)).await.unwrap(), 0);
    }
);

db_test!(
    async fn concurrent_openings_respect_the_limit(db) {
        let tasks: Vec<_> = (0..20)
            .map(|i| {
                let db = db.clone();
                let subject = format!("attempt {i}");
                tokio::spawn(async move {
                    db.tickets()
                        .begin_open(guild(1), user(1), Some(&subject), None, Some(5), None)
                        .await
                        .unwrap()
                })
            })
            .collect();
        let mut reserved = BTreeSet::new();
        let mut refused = 0;
        for task in tasks {
            match task.await.unwrap() {
                BeginOpen::Reserved(ticket) => assert!(reserved.insert(ticket.number)),
                BeginOpen::LimitReached { limit, open } => {
                    assert_eq!((limit, open), (5, 5));
                    refused += 1;
                }
                BeginOpen::Duplicate(twin) => panic!("/open is never a double click: {twin:?}"),
            }
        }
        assert_eq!(reserved.len(), 5, "exactly the limit is reserved");
        assert_eq!(refused, 15);
        assert_eq!(reserved, (1..=5).collect(), "refusals consume no number");
        assert_eq!(db.tickets().count_open_by_user(guild(1), user(1)).await.unwrap(), 5);
        assert_eq!(db.tickets().count_open(guild(1)).await.unwrap(), 5);
        // Another member of the same guild is not affected.
        let other = db.tickets().begin_open(guild(1), user(2), None, None, Some(5), None);
        assert!(matches!(other.await.unwrap(), BeginOpen::Reserved(_)));
    }
);

db_test!(
    async fn failed_openings_do_not_count_and_the_member_can_retry(db) {
        let tickets = db.tickets();
        let first = reserve(&db, guild(1), user(1)).await;
        let full = tickets.begin_open(guild(1), user(1), None, None, Some(1), None);
        assert_eq!(full.await.unwrap(), BeginOpen::LimitReached { limit: 1, open: 1 });

        assert!(tickets.mark_failed(guild(1), first.number).await.unwrap());
        assert!(!tickets.mark_failed(guild(1), first.number).await.unwrap());
        assert!(!tickets.mark_open(guild(1), first.number, channel(1)).await.unwrap());
        assert_eq!(tickets.count_open_by_user(guild(1), user(1)).await.unwrap(), 0);
        assert_eq!(tickets.count_open(guild(1)).await.unwrap(), 0);
        assert_eq!(tickets.count_total(guild(1)).await.unwrap(), 0);

        let retry = tickets.begin_open(guild(1), user(1), Some("again"), None, Some(1), None);
        let BeginOpen::Reserved(retry) = retry.await.unwrap() else {
            panic!("the retry must be allowed");
        };
        assert_eq!(retry.number, 2, "numbers are never reused");
        assert_eq!(retry.subject.as_deref(), Some("again"));
        assert!(tickets.mark_open(guild(1), retry.number, channel(1)).await.unwrap());
        let opened = tickets.get(guild(1), 2).await.unwrap().unwrap();
        assert_eq!(opened.status, TicketStatus::Open);
        assert_eq!(opened.channel_id, Some(channel(1)));
        assert!(opened.opened_at.is_some());
        assert_eq!(tickets.count_total_by_user(guild(1), user(1)).await.unwrap(), 1);
    }
);

db_test!(
    async fn close_records_who_why_and_when_and_is_idempotent(db) {
        let tickets = db.tickets();
        let ticket = open(&db, guild(1), user(1), channel(1)).await;
        assert_eq!(tickets.count_open(guild(1)).await.unwrap(), 1);

        let closed = tickets
            .close(guild(1), ticket.number, user(7), Some("solved"), 1_234)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(closed.status, TicketStatus::Closed);
        assert_eq!(closed.closed_by, Some(user(7)));
        assert_eq!(closed.close_reason.as_deref(), Some("solved"));
        assert_eq!(closed.closed_at, Some(1_234));

        let again = tickets.close(guild(1), ticket.number, user(8), None, 5_678);
        assert_eq!(again.await.unwrap(), None);
        let stored = tickets.get_by_channel(guild(1), channel(1)).await.unwrap();
        assert_eq!(stored, Some(closed), "the second close changed nothing");
        assert_eq!(tickets.count_open(guild(1)).await.unwrap(), 0);
        assert_eq!(tickets.count_total(guild(1)).await.unwrap(), 1);
        assert_eq!(tickets.count_open_by_user(guild(1), user(1)).await.unwrap(), 0);

        // Only an open ticket closes: one still opening does not.
        let opening = reserve(&db, guild(1), user(1)).await;
        let premature = tickets.close(guild(1), opening.number, user(1), None, 1);
        assert_eq!(premature.await.unwrap(), None);
    }
);

db_test!(
    async fn a_guild_cannot_read_or_change_another_guilds_tickets(db) {
        let tickets = db.tickets();
        let mine = open(&db, guild(1), user(1), channel(1)).await;
        // The other guild has its own ticket 1, on another channel.
        let theirs = reserve(&db, guild(2), user(2)).await;
        assert_eq!(theirs.number, mine.number);

        assert_eq!(tickets.get_by_channel(guild(2), channel(1)).await.unwrap(), None);
        assert_eq!(tickets.get(guild(3), mine.number).await.unwrap(), None);
        let close = tickets.close(guild(3), mine.number, user(2), None, 1);
        assert_eq!(close.await.unwrap(), None);
        let err = tickets.mark_failed(guild(3), mine.number).await.unwrap_err();
        assert!(matches!(err, StoreError::NotFound { what: "ticket" }), "{err:?}");
        let err = tickets.mark_open(guild(3), 1, channel(5)).await.unwrap_err();
        assert!(matches!(err, StoreError::NotFound { .. }), "{err:?}");
        // Guild 2's ticket 1 is opening; closing guild 2's number must not touch guild 1's.
        let close = tickets.close(guild(2), mine.number, user(2), None, 1);
        assert_eq!(close.await.unwrap(), None);

        let still = tickets.get(guild(1), mine.number).await.unwrap().unwrap();
        assert_eq!(still.status, TicketStatus::Open);
        assert_eq!(tickets.count_open(guild(1)).await.unwrap(), 1);
    }
);

db_test!(
    async fn a_channel_belongs_to_one_ticket(db) {
        open(&db, guild(1), user(1), channel(1)).await;
        let second = reserve(&db, guild(1), user(2)).await;
        let err = db
            .tickets()
            .mark_open(guild(1), second.number, channel(1))
            .await
            .unwrap_err();
        // The message is for users: it names the field, never the SQL behind it.
        let text = err.to_string().to_lowercase();
        for word in ["update", "constraint", "tickets.", "unique"] {
            assert!(!text.contains(word), "{text}");
        }
        match err {
            StoreError::Conflict { field } => assert_eq!(field, "channel_id"),
            other => panic!("expected a conflict, got {other:?}"),
        }

        // Once the first ticket is closed, its channel id is history: a new ticket may get it
        // (a restarted simulator reissues ids), and the channel now names the new ticket.
        let first = db.tickets().get_by_channel(guild(1), channel(1)).await.unwrap().unwrap();
        db.tickets().close(guild(1), first.number, user(9), None, 1).await.unwrap();
        db.tickets().mark_open(guild(1), second.number, channel(1)).await.unwrap();
        let now = db.tickets().get_by_channel(guild(1), channel(1)).await.unwrap().unwrap();
        assert_eq!(now.number, second.number);
    }
);

db_test!(
    async fn stale_openings_are_found_across_guilds(db) {
        let a = reserve(&db, guild(1), user(1)).await;
        let b = reserve(&db, guild(2), user(2)).await;
        open(&db, guild(3), user(3), channel(3)).await;
        let failed = reserve(&db, guild(4), user(4)).await;
        db.tickets().mark_failed(guild(4), failed.number).await.unwrap();

        assert!(db.tickets().stale_opening(a.created_at).await.unwrap().is_empty());
        let cutoff = a.created_at.max(b.created_at) + 60_000;
        let stale = db.tickets().stale_opening(cutoff).await.unwrap();
        let found: BTreeSet<_> = stale.iter().map(|t| (t.guild_id, t.number)).collect();
        assert_eq!(found, BTreeSet::from([(guild(1), a.number), (guild(2), b.number)]));
    }
);

db_test!(
    async fn open_in_guild_lists_only_that_guilds_open_tickets(db) {
        let (a, b) = (GuildId::new(501), GuildId::new(502));
        let user = UserId::new(7);
        for (guild, channel) in [(a, 9001), (a, 9002), (b, 9003)] {
            let BeginOpen::Reserved(row) = db.tickets().begin_open(guild, user, None, None, None, None).await.unwrap() else {
                panic!("reserved");
            };
            assert!(db.tickets().mark_open(guild, row.number, ChannelId::new(channel)).await.unwrap());
        }
        // One still opening: not listed.
        db.tickets().begin_open(a, user, None, None, None, None).await.unwrap();
        db.tickets().close(a, 1, user, None, 1).await.unwrap();
        let open = db.tickets().open_in_guild(a).await.unwrap();
        assert_eq!(open.iter().map(|t| t.number).collect::<Vec<_>>(), [2]);
        assert_eq!(open[0].channel_id, Some(ChannelId::new(9002)));
        assert_eq!(db.tickets().open_in_guild(b).await.unwrap().len(), 1);
    }
);

db_test!(
    async fn the_first_claim_wins_and_only_open_tickets_can_be_claimed(db) {
        let tickets = db.tickets();
        let ticket = reserve(&db, guild(1), user(1)).await;
        assert_eq!(
            tickets.claim(guild(1), ticket.number, user(7)).await.unwrap(),
            tickets_store::tickets::Claim::NotOpen,
            "still opening"
        );
        tickets
            .mark_open(guild(1), ticket.number, channel(50))
            .await
            .unwrap();
        let (a, b) = tokio::join!(
            tickets.claim(guild(1), ticket.number, user(7)),
            tickets.claim(guild(1), ticket.number, user(8)),
        );
        let outcomes = [a.unwrap(), b.unwrap()];
        let winners = outcomes
            .iter()
            .filter(|o| **o == tickets_store::tickets::Claim::Claimed)
            .count();
        assert_eq!(winners, 1, "{outcomes:?}");
        let stored = tickets.get(guild(1), ticket.number).await.unwrap().unwrap();
        let winner = stored.claimed_by.unwrap();
        assert!(outcomes.contains(&tickets_store::tickets::Claim::AlreadyClaimed(winner)));
        // Another guild's ticket of the same number is not reachable.
        assert!(tickets.claim(guild(2), ticket.number, user(7)).await.is_err());
    }
);
