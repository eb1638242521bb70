//! Refusals a member can act on: the per-member ticket limit.

use crate::helpers::*;
use tickets_model::values::TicketLimit;
use tickets_testkit::e2e_test;

e2e_test! {
    async fn the_ticket_limit_is_enforced_and_staff_are_immune(env) {
        let limit = TicketLimit::new(2).unwrap();
        env.db().settings().set_ticket_limit(env.guild_id(), limit).await.unwrap();
        let first = open_ok(env, &env.ids.alice, None).await;
        open_ok(env, &env.ids.alice, None).await;

        let channels_before = env.sim.channels(&env.ids.guild).await.len();
        let refused = open(env, &env.ids.alice, None).await;
        assert!(refused.is_ephemeral());
        assert_eq!(
            refused.content(),
            "You already have 2 open tickets; the limit in this server is 2. Close one before opening another."
        );
        assert_eq!(env.sim.channels(&env.ids.guild).await.len(), channels_before, "no channel made");
        assert_eq!(open_count(env, &env.ids.alice).await, 2);

        // Closing one frees a slot.
        close(env, &env.ids.alice, &first, None).await;
        assert!(wait_until_gone(env, &first).await);
        open_ok(env, &env.ids.alice, None).await;

        // The owner is a bot admin: staff are not limited.
        for _ in 0..3 {
            open_ok(env, &env.ids.owner, None).await;
        }
        assert_eq!(open_count(env, &env.ids.owner).await, 3);
    }
}

e2e_test! {
    async fn the_default_limit_is_five(env) {
        for _ in 0..5 {
            open_ok(env, &env.ids.bob, None).await;
        }
        let refused = open(env, &env.ids.bob, None).await;
        assert!(refused.content().contains("the limit in this server is 5"), "{}", refused.content());
    }
}

e2e_test! {
    async fn barred_members_and_roles_cannot_open_tickets_and_admins_are_immune(env) {
        use tickets_store::blacklist::Barred;
        let staff_role = crate::helpers::staff_role(env).await;
        let list = env.db().blacklist();
        list.add(env.guild_id(), Barred::User(tickets_testkit::parse(&env.ids.alice))).await.unwrap();
        list.add(env.guild_id(), Barred::Role(tickets_testkit::parse(&staff_role))).await.unwrap();
        list.add(env.guild_id(), Barred::User(tickets_testkit::parse(&env.ids.owner))).await.unwrap();

        let message = "You are not allowed to open tickets or use this bot in this server. If you think this is a mistake, ask the server's staff.";
        for barred in [&env.ids.alice, &env.ids.staff] {
            let refused = open(env, barred, None).await;
            assert!(refused.is_ephemeral());
            assert_eq!(refused.content(), message);
            assert_eq!(open_count(env, barred).await, 0);
        }
        // Bob has neither the role nor a bar; the owner is a bot admin, whom no bar stops.
        open_ok(env, &env.ids.bob, None).await;
        open_ok(env, &env.ids.owner, None).await;
    }
}

e2e_test! {
    async fn a_missing_bot_permission_is_named_with_where_it_is_missing(env) {
        // The server takes Manage Channels away from the bot's role.
        let without = tickets_bot::invite::required_permissions()
            - twilight_model::guild::Permissions::MANAGE_CHANNELS;
        env.sim.install(&env.ids.guild, &env.ids.application, without.bits()).await;
        env.expect_refusal("POST", "/guilds/{guild_id}/channels", 403);
        let refused = open(env, &env.ids.alice, None).await;
        assert!(refused.is_ephemeral());
        assert_eq!(
            refused.content(),
            "I am missing the Manage Channels permission in the ticket category. Ask an admin to grant it, then try again."
        );
        assert_eq!(open_count(env, &env.ids.alice).await, 0, "nothing counted as open");
    }
}

e2e_test! {
    async fn a_server_at_discords_500_channels_gets_a_clear_error(env) {
        let guild = env.ids.guild.clone();
        // Fill the server to Discord's limit, outside any category.
        let existing = env.sim.channels(&guild).await.len();
        for n in existing..500 {
            env.sim.create_channel(&guild, &format!("filler-{n}"), 0, None).await;
        }
        let mut settings = env.db().settings().get(env.guild_id()).await.unwrap();
        settings.ticket_category_id = None;
        env.db().settings().save(&settings).await.unwrap();
        // Discord's 30013 (maximum number of guild channels) is what the bot explains.
        env.expect_refusal("POST", "/guilds/{guild_id}/channels", 400);
        let refused = open(env, &env.ids.alice, None).await;
        assert!(refused.is_ephemeral());
        assert_eq!(
            refused.content(),
            "This server has reached Discord's limit of 500 channels. Ask an admin to delete some channels."
        );
        assert_eq!(open_count(env, &env.ids.alice).await, 0);
    }
}

e2e_test! {
    async fn blacklist_command_toggles_and_is_for_admins_only(env) {
        let target = |id: &str| serde_json::json!([{"name": "user_or_role", "value": id}]);
        let (guild, general) = (env.ids.guild.clone(), env.ids.general.clone());

        // A member may not use it, and nothing changes.
        let refused = env.sim.command(&guild, &general, &env.ids.alice, "blacklist", target(&env.ids.bob)).await;
        assert!(refused.is_ephemeral());
        assert_eq!(refused.content(), "Only the bot admins of this server can do that. The server owner can make you one with /addadmin.");
        open_ok(env, &env.ids.bob, None).await;

        let barred = env.sim.command(&guild, &general, &env.ids.owner, "blacklist", target(&env.ids.bob)).await;
        assert_eq!(barred.content(), format!("<@{}> can no longer open tickets here.", env.ids.bob));
        assert!(open(env, &env.ids.bob, None).await.content().starts_with("You are not allowed"));

        let freed = env.sim.command(&guild, &general, &env.ids.owner, "blacklist", target(&env.ids.bob)).await;
        assert_eq!(freed.content(), format!("<@{}> may open tickets again.", env.ids.bob));
        open_ok(env, &env.ids.bob, None).await;

        // A role is recognised as a role.
        let staff_role = crate::helpers::staff_role(env).await;
        let role = env.sim.command(&guild, &general, &env.ids.owner, "blacklist", target(&staff_role)).await;
        assert_eq!(role.content(), format!("<@&{staff_role}> can no longer open tickets here."));
        assert!(open(env, &env.ids.staff, None).await.content().starts_with("You are not allowed"));
    }
}

e2e_test! {
    // The simulator keeps Discord's limits in every test; the bot's client must learn them from
    // the headers and wait, never provoke a 429 (the environment fails the test on one).
    async fn the_bot_waits_for_a_full_bucket_instead_of_provoking_a_429(env) {
        let ticket = open_ok(env, &env.ids.alice, None).await;
        let channel: tickets_model::ChannelId = tickets_testkit::parse(&ticket);
        let before = env.sim.last_request_seq().await;
        // Discord takes 5 messages per 5 seconds in a channel: the 6th and 7th must wait.
        let sends = (0..7).map(|n| {
            let request = env.core().discord().http().create_message(channel).content(&format!("message {n}")).into_future();
            async move { request.await.map(|_| ()) }
        });
        for sent in futures_util::future::join_all(sends).await {
            sent.unwrap();
        }
        let log = env.sim.requests_after(before).await;
        let posts: Vec<_> = log.iter().filter(|r| r["method"] == "POST" && r["path"].as_str().unwrap().ends_with(&format!("/channels/{ticket}/messages"))).collect();
        assert_eq!(posts.len(), 7, "one request per message, none retried: {log:#?}");
        assert!(posts.iter().all(|r| r["status"] == 200), "{posts:#?}");
    }
}
