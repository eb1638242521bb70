//! Automatic closing: a server's rules and a panel's overrides are its own, a warning is
//! recorded once per deadline, Keep it open forgets the warnings, and re-planning a timer keeps
//! one waiting job.

use crate::*;
use tickets_model::PanelId;
use tickets_store::autoclose::{AutocloseSettings, Override, PanelAutoclose, WarnedRule};

db_test!(
    async fn rules_and_overrides_are_kept_per_server(db) {
        let rules = AutocloseSettings {
            enabled: true,
            on_user_leave: true,
            since_open_minutes: Some(90),
            since_last_message_minutes: None,
            warning_minutes: Some(10),
        };
        let autoclose = db.autoclose();
        assert_eq!(autoclose.settings(guild(1)).await.unwrap(), AutocloseSettings::OFF);
        autoclose.save_settings(guild(1), &rules).await.unwrap();
        assert_eq!(autoclose.settings(guild(1)).await.unwrap(), rules);
        assert_eq!(autoclose.settings(guild(2)).await.unwrap(), AutocloseSettings::OFF, "another server");

        let panel = PanelId::new(7).unwrap();
        let overrides = PanelAutoclose {
            since_open: Override::Off,
            since_last_message: Override::Set(30),
            on_user_leave: Override::Set(false),
        };
        autoclose.save_panel(guild(1), panel, &overrides).await.unwrap();
        assert_eq!(autoclose.panel(guild(1), panel).await.unwrap(), overrides);
        assert_eq!(autoclose.panel(guild(2), panel).await.unwrap(), PanelAutoclose::default());
    }
);

db_test!(
    async fn a_warning_is_recorded_once_per_deadline_and_keep_open_forgets_it(db) {
        let autoclose = db.autoclose();
        assert!(autoclose.claim_warning(guild(1), 4, WarnedRule::SinceLastMessage, 5_000).await.unwrap());
        assert!(!autoclose.claim_warning(guild(1), 4, WarnedRule::SinceLastMessage, 5_000).await.unwrap(), "once");
        assert!(autoclose.claim_warning(guild(1), 4, WarnedRule::SinceOpen, 5_000).await.unwrap(), "per rule");
        assert!(autoclose.claim_warning(guild(2), 4, WarnedRule::SinceLastMessage, 5_000).await.unwrap(), "per server");
        assert_eq!(autoclose.timers(guild(1), 4).await.unwrap().message_warned_for, Some(5_000));
        autoclose.release_warning(guild(1), 4, WarnedRule::SinceLastMessage, 5_000).await.unwrap();
        assert!(autoclose.claim_warning(guild(1), 4, WarnedRule::SinceLastMessage, 5_000).await.unwrap(), "released");
        autoclose.keep_open(guild(1), 4, 6_000).await.unwrap();
        let timers = autoclose.timers(guild(1), 4).await.unwrap();
        assert_eq!((timers.kept_open_at, timers.open_warned_for, timers.message_warned_for), (Some(6_000), None, None));
    }
);

db_test!(
    async fn replacing_a_timer_keeps_one_waiting_job(db) {
        let jobs = db.jobs();
        let payload = r#"{"kind":"autoclose","number":4,"rule":"since_open"}"#;
        jobs.replace("autoclose", guild(1), payload, 5_000, 1_000).await.unwrap();
        jobs.replace("autoclose", guild(1), payload, 9_000, 1_000).await.unwrap();
        jobs.replace("autoclose", guild(2), payload, 9_000, 1_000).await.unwrap();
        let due = jobs.claim_due(10_000, 60_000, 50, "runner").await.unwrap();
        let mine: Vec<_> = due.iter().filter(|j| j.guild_id == Some(guild(1))).collect();
        assert_eq!(mine.len(), 1, "{due:?}");
        assert_eq!(mine[0].due_at, 9_000);
        // A job being run is left alone; its replacement waits beside it.
        jobs.replace("autoclose", guild(1), payload, 20_000, 10_000).await.unwrap();
        assert_eq!(jobs.cancel("autoclose", guild(1), payload, 10_000).await.unwrap(), 1);
        assert!(jobs.claim_due(30_000, 60_000, 50, "runner").await.unwrap().is_empty(), "the held ones are still held");
    }
);
