//! The setup commands (/setup auto, limit, transcripts, use-threads), /language, /panel and
//! /invite: what an admin gets, and that a member gets a refusal and changes nothing.

use crate::helpers::*;
use serde_json::{Value, json};
use tickets_model::permissions::PermissionLevel;
use tickets_testkit::{Act, Env, e2e_test, parse};

async fn setup(env: &Env, user: &str, sub: &str, options: Value) -> Act {
    env.sim
        .command(
            &env.ids.guild,
            &env.ids.general,
            user,
            "setup",
            json!([{"name": sub, "options": options}]),
        )
        .await
}

e2e_test! {
    async fn setup_auto_creates_what_is_missing_and_reports_each_step(env) {
        let refused = setup(env, &env.ids.alice, "auto", json!([])).await;
        assert!(refused.content().starts_with("Only the bot admins"), "{}", refused.content());
        let mut settings = env.db().settings().get(env.guild_id()).await.unwrap();
        settings.ticket_category_id = None;
        env.db().settings().save(&settings).await.unwrap();

        let report = setup(env, &env.ids.owner, "auto", json!([])).await;
        let text = report.content();
        assert!(text.starts_with("Automatic setup:"), "{text}");
        for line in ["✅ Created the ticket category", "✅ Created the transcripts channel", "✅ Created the bot admin role", "✅ Created the support role", "✅ Saved the settings."] {
            assert!(text.contains(line), "{line} in {text}");
        }
        let settings = env.db().settings().get(env.guild_id()).await.unwrap();
        let category = settings.ticket_category_id.expect("a category");
        let transcripts = settings.transcripts_channel_id.expect("a transcripts channel");
        let made = channel_of(env, &category.to_string()).await;
        assert_eq!((made["name"].as_str(), made["type"].as_u64()), (Some("Tickets"), Some(4)));
        assert!(!env.sim.can_view(&transcripts.to_string(), &env.ids.alice).await, "private");
        // The support role is support: a member given it may claim.
        let entries = env.db().staff().entries(env.guild_id()).await.unwrap();
        assert_eq!(entries.len(), 2);
        let support = entries.iter().find(|e| e.level == PermissionLevel::Support).unwrap();
        let tickets_model::staff::MemberOrRole::Role(role) = support.who else { panic!("a role") };
        env.sim.set_member(&env.ids.guild, &env.ids.bob, &[&role.to_string()]).await;
        let ticket = open_ok(env, &env.ids.alice, None).await;
        assert_eq!(channel_of(env, &ticket).await["parent_id"], category.to_string().as_str());
        assert_eq!(access(env, &ticket, &env.ids.bob).await, (true, true));

        // Running it again keeps what exists.
        let again = setup(env, &env.ids.owner, "auto", json!([])).await.content();
        assert!(again.contains("➖ Kept the ticket category") && again.contains("➖ Kept the support role"), "{again}");
        assert_eq!(env.db().staff().entries(env.guild_id()).await.unwrap().len(), 2);
    }
}

e2e_test! {
    async fn setup_limit_transcripts_and_threads_change_one_setting_each(env) {
        let limit = json!([{"name": "limit", "value": 2}]);
        let refused = setup(env, &env.ids.alice, "limit", limit.clone()).await;
        assert!(refused.content().starts_with("Only the bot admins"), "{}", refused.content());
        assert_eq!(env.db().settings().get(env.guild_id()).await.unwrap().ticket_limit, 5);
        let done = setup(env, &env.ids.owner, "limit", limit).await;
        assert_eq!(done.content(), "Members may now have 2 tickets open at once.");
        assert_eq!(env.db().settings().get(env.guild_id()).await.unwrap().ticket_limit, 2);

        let logs = env.sim.create_channel(&env.ids.guild, "logs", 0, None).await;
        let done = setup(env, &env.ids.owner, "transcripts", json!([{"name": "channel", "value": logs}])).await;
        assert_eq!(done.content(), format!("Summaries of closed tickets will be posted in <#{logs}>."));
        let settings = env.db().settings().get(env.guild_id()).await.unwrap();
        assert_eq!(settings.transcripts_channel_id, Some(parse(&logs)));

        let done = setup(env, &env.ids.owner, "use-threads", json!([{"name": "use_threads", "value": true}, {"name": "ticket_notification_channel", "value": logs}])).await;
        assert!(done.content().starts_with("Thread mode is on: new tickets open as private threads"), "{}", done.content());
        assert!(done.content().contains("/open opens private threads, but no channel is chosen for them"), "{}", done.content());
        let settings = env.db().settings().get(env.guild_id()).await.unwrap();
        assert!(settings.thread_mode);
        assert_eq!(settings.ticket_notification_channel_id, Some(parse(&logs)));
        // /open now opens threads, and says what it lacks.
        let refused = open(env, &env.ids.alice, None).await;
        assert!(refused.content().starts_with("/open cannot open a ticket yet"), "{}", refused.content());
    }
}

e2e_test! {
    async fn language_panel_and_invite(env) {
        let refused = env.sim.command(&env.ids.guild, &env.ids.general, &env.ids.alice, "language", json!([])).await;
        assert!(refused.content().starts_with("Only the bot admins"), "{}", refused.content());
        let menu = env.sim.command(&env.ids.guild, &env.ids.general, &env.ids.owner, "language", json!([])).await;
        let options = &menu.response.as_ref().unwrap()["data"]["components"][0]["components"][0]["options"];
        let values: Vec<&str> = options.as_array().unwrap().iter().map(|o| o["value"].as_str().unwrap()).collect();
        assert_eq!(values, ["auto", "en"]);
        let shown = env.sim.interaction(&menu.interaction_id).await;
        let message = shown["original"]["id"].as_str().unwrap().to_owned();
        let chosen = env.sim.select(&env.ids.general, &message, &env.ids.owner, "t:lang", &["en".to_owned()]).await;
        assert_eq!(chosen.content(), "The bot now speaks: en.");
        assert_eq!(env.db().settings().get(env.guild_id()).await.unwrap().language.as_deref(), Some("en"));
        // Given as the option, the language is set at once, with no menu, and only by an admin.
        let given = json!([{"name": "language", "value": "auto"}]);
        let refused = env.sim.command(&env.ids.guild, &env.ids.general, &env.ids.alice, "language", given.clone()).await;
        assert!(refused.content().starts_with("Only the bot admins"), "{}", refused.content());
        assert_eq!(env.db().settings().get(env.guild_id()).await.unwrap().language.as_deref(), Some("en"));
        let set = env.sim.command(&env.ids.guild, &env.ids.general, &env.ids.owner, "language", given).await;
        assert_eq!(set.content(), "The bot now speaks: auto.");
        assert!(set.is_ephemeral());
        assert!(set.response.as_ref().unwrap()["data"]["components"].as_array().is_none_or(Vec::is_empty), "no menu: {:?}", set.response);
        assert_eq!(env.db().settings().get(env.guild_id()).await.unwrap().language, None);

        let panel = env.sim.command(&env.ids.guild, &env.ids.general, &env.ids.owner, "panel", json!([])).await;
        assert_eq!(panel.content(), format!("Create and edit panels on the dashboard: {}/guilds/{}/panels", env.web_url(), env.ids.guild));
        let not = env.sim.command(&env.ids.guild, &env.ids.general, &env.ids.alice, "panel", json!([])).await;
        assert!(not.content().starts_with("Only the bot admins"), "{}", not.content());
        let invite = env.sim.command(&env.ids.guild, &env.ids.general, &env.ids.alice, "invite", json!([])).await;
        assert!(invite.content().contains(&format!("/oauth2/authorize?client_id={}&", env.ids.application)), "{}", invite.content());
    }
}
