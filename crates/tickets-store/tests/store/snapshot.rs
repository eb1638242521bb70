//! The snapshot tests use to show that a refused action changed nothing.

use crate::*;
use tickets_store::testing::guild_rows;

db_test!(
    async fn a_snapshot_sees_every_change_of_its_server_and_nothing_of_others(db) {
        let (a, b) = (guild(1), guild(2));
        open(&db, a, user(1), channel(1)).await;
        let before = guild_rows(&db, a).await.unwrap();
        assert!(
            before.iter().any(|row| row.starts_with("tickets: ") && row.contains("status=open")),
            "{before:#?}"
        );

        // Another server's rows are not part of it.
        open(&db, b, user(2), channel(2)).await;
        db.settings().set_ticket_limit(b, TicketLimit::new(3).unwrap()).await.unwrap();
        assert_eq!(guild_rows(&db, a).await.unwrap(), before);

        // A changed column of this server's rows is, whatever the table.
        db.settings().set_ticket_limit(a, TicketLimit::new(3).unwrap()).await.unwrap();
        let after = guild_rows(&db, a).await.unwrap();
        assert_ne!(after, before);
        assert!(after.iter().any(|row| row.contains("ticket_limit=3")), "{after:#?}");
        assert!(!after.iter().any(|row| row.starts_with("schema_migrations")));
    }
);
