//! Server settings and guild records.

use crate::*;

db_test!(
    async fn settings_have_defaults_and_upsert_one_field_at_a_time(db) {
        let settings = db.settings();
        let defaults = settings.get(guild(1)).await.unwrap();
        assert_eq!(defaults.ticket_limit, 5);
        assert_eq!(defaults.ticket_category_id, None);
        assert_eq!(defaults.language, None);

        // A row created by another setter gets the schema's default limit, which must agree.
        settings.set_language(guild(1), Some("de")).await.unwrap();
        assert_eq!(settings.get(guild(1)).await.unwrap().ticket_limit, 5);

        settings
            .set_ticket_limit(guild(1), TicketLimit::new(2).unwrap())
            .await
            .unwrap();
        settings
            .set_ticket_category(guild(1), Some(channel(9)))
            .await
            .unwrap();
        let changed = settings.get(guild(1)).await.unwrap();
        assert_eq!(changed.ticket_limit, 2);
        assert_eq!(changed.ticket_category_id, Some(channel(9)));
        assert_eq!(changed.language.as_deref(), Some("de"));

        settings.set_ticket_category(guild(1), None).await.unwrap();
        settings.set_language(guild(1), None).await.unwrap();
        let cleared = settings.get(guild(1)).await.unwrap();
        assert_eq!((cleared.ticket_category_id, cleared.language), (None, None));
        assert_eq!(cleared.ticket_limit, 2);

        // Another guild is untouched.
        assert_eq!(settings.get(guild(2)).await.unwrap().ticket_limit, 5);
    }
);

db_test!(
    async fn guild_records_upsert(db) {
        assert_eq!(db.guilds().get(guild(1)).await.unwrap(), None);
        db.guilds().upsert(guild(1), "Demo", user(1)).await.unwrap();
        db.guilds().upsert(guild(1), "Renamed", user(2)).await.unwrap();
        let known = db.guilds().get(guild(1)).await.unwrap().unwrap();
        assert_eq!((known.name.as_str(), known.owner_id), ("Renamed", user(2)));
        assert_eq!(db.guilds().get(guild(2)).await.unwrap(), None);
    }
);
