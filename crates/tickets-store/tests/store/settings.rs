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

db_test!(
    async fn every_setting_round_trips_and_a_row_created_by_a_setter_has_the_defaults(db) {
        let settings = db.settings();
        // A row made by one setter must read back as the defaults elsewhere: the schema's
        // column defaults and GuildSettings::defaults agree.
        settings.set_language(guild(1), None).await.unwrap();
        assert_eq!(
            settings.get(guild(1)).await.unwrap(),
            GuildSettings::defaults(guild(1))
        );

        let changed = GuildSettings {
            guild_id: guild(1),
            ticket_limit: 3,
            ticket_category_id: Some(channel(10)),
            overflow_category_id: Some(channel(11)),
            language: Some("fr".to_owned()),
            allow_users_close: false,
            close_confirmation: false,
            feedback_enabled: false,
            hide_claim_button: true,
            store_transcripts: false,
            transcripts_channel_id: Some(channel(12)),
            naming_scheme: "custom:help-%id%".to_owned(),
            welcome_message: Some("Hello %user%".to_owned()),
            open_command_enabled: false,
            open_command_category_id: Some(channel(13)),
            open_command_naming_scheme: Some("username".to_owned()),
            open_command_welcome_message: Some("From /open".to_owned()),
            perm_attach_files: false,
            perm_embed_links: false,
            perm_add_reactions: false,
            claim_mode: tickets_model::staff::ClaimMode::Hidden,
            context_menu_level: tickets_model::permissions::PermissionLevel::Support,
            context_menu_add_sender: false,
            context_menu_panel_id: tickets_model::PanelId::new(4),
            thread_mode: true,
            ticket_notification_channel_id: Some(channel(14)),
            open_command_thread_channel_id: Some(channel(15)),
            exit_survey_form_id: tickets_model::FormId::new(6),
        };
        settings.save(&changed).await.unwrap();
        assert_eq!(settings.get(guild(1)).await.unwrap(), changed);
        // Saving into a guild without a row inserts it; other guilds keep their defaults.
        let mut other = changed.clone();
        other.guild_id = guild(2);
        other.ticket_limit = 7;
        settings.save(&other).await.unwrap();
        assert_eq!(settings.get(guild(2)).await.unwrap(), other);
        assert_eq!(settings.get(guild(1)).await.unwrap(), changed);
        assert_eq!(
            settings.get(guild(3)).await.unwrap(),
            GuildSettings::defaults(guild(3))
        );
        // The schema refuses a limit outside 1..=50 even if a caller skipped validation.
        let mut bad = changed.clone();
        bad.ticket_limit = 51;
        assert!(settings.save(&bad).await.is_err());
    }
);
