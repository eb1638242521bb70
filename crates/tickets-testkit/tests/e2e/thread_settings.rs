//! Thread mode on the dashboard: the Settings page's thread card with its /open channel and its
//! warnings, and a panel's own mode on the Panels page.

use crate::dashboard_pages::Browser;
use crate::helpers::channel_id_named;
use reqwest::StatusCode;
use tickets_testkit::{e2e_test, parse};

e2e_test! {
    async fn thread_mode_is_set_and_checked_on_the_settings_page_and_per_panel(env) {
        let owner = Browser::login(env, &env.ids.owner).await;
        let settings = format!("/guilds/{}/settings", env.ids.guild);
        let denied = twilight_model::guild::Permissions::SEND_MESSAGES_IN_THREADS.bits();
        let locked = env.sim.create_channel_denying_everyone(&env.ids.guild, "locked", denied).await;

        // A thread panel in a channel where @everyone may not write in threads.
        let panels = format!("/guilds/{}/panels", env.ids.guild);
        let (status, to) = owner
            .post(&panels, &[("title", "Help"), ("channel", &locked), ("colour", "#5865f2"), ("button_style", "primary"), ("thread_mode", "threads")])
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{to}");
        let panel = &env.db().panels().list(env.guild_id()).await.unwrap()[0];
        assert_eq!(panel.fields.thread_mode, Some(true));
        let (_, page) = owner.get(&format!("{panels}/{}", panel.panel_id)).await;
        assert!(page.contains(r#"<option value="threads" selected"#), "{page}");
        let (status, page) = owner
            .post(&panels, &[("title", "Bad"), ("channel", &locked), ("colour", "#5865f2"), ("button_style", "primary"), ("thread_mode", "forums")])
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.contains(r#"id="error-thread-mode""#), "{page}");

        let (_, page) = owner.get(&settings).await;
        assert!(page.contains("@everyone may not &quot;Send Messages in Threads&quot; in #locked"), "{page}");
        assert!(page.contains("No ticket notification channel is set"), "{page}");

        let alerts = env.sim.create_channel(&env.ids.guild, "alerts", 0, None).await;
        let general = channel_id_named(env, "general").await;
        let (status, to) = owner
            .post(&settings, &[
                ("ticket_limit", "5"),
                ("naming", "number"),
                ("thread_mode", "on"),
                ("notification_channel", &alerts),
                ("open_thread_channel", &general),
                ("open_command_enabled", "on"),
            ])
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{to}");
        let saved = env.db().settings().get(env.guild_id()).await.unwrap();
        assert!(saved.thread_mode);
        assert_eq!(saved.ticket_notification_channel_id, Some(parse(&alerts)));
        assert_eq!(saved.open_command_thread_channel_id, Some(parse(&general)));
        let (_, page) = owner.get(&settings).await;
        assert!(!page.contains("No ticket notification channel is set"), "{page}");
        assert!(page.contains("in #locked"), "the panel's channel still denies it: {page}");

        // A category is no channel for /open's threads.
        let (status, page) = owner
            .post(&settings, &[("ticket_limit", "5"), ("naming", "number"), ("open_thread_channel", &env.ids.support_category)])
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.contains(r#"id="error-open-thread-channel""#), "{page}");
    }
}
