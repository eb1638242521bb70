//! The bot's own staff: /addadmin, /addsupport (confirmed), /removeadmin, /removesupport and
//! /viewstaff; levels through roles; who sees a ticket; and that one server's staff mean nothing
//! in another.

use crate::helpers::*;
use serde_json::json;
use tickets_model::permissions::PermissionLevel;
use tickets_model::staff::MemberOrRole;
use tickets_testkit::{e2e_test, parse};

e2e_test! {
    async fn addadmin_is_confirmed_by_a_button_and_only_admins_may(env) {
        let general = env.ids.general.clone();
        // A member may not, and nothing is asked or changed.
        let refused = command_on(env, &general, &env.ids.alice, "addadmin", &env.ids.bob).await;
        assert_eq!(refused.content(), "Only the bot admins of this server can do that. The server owner can make you one with /addadmin.");
        assert!(refused.response.as_ref().unwrap()["data"]["components"].is_null(), "no button");

        // The owner is asked first; nothing changes until the click.
        let asked = command_on(env, &general, &env.ids.owner, "addadmin", &env.ids.alice).await;
        assert!(asked.is_ephemeral());
        assert!(asked.content().starts_with(&format!("Make <@{}> a bot admin?", env.ids.alice)), "{}", asked.content());
        let alice_blacklists = command_on(env, &general, &env.ids.alice, "blacklist", &env.ids.bob).await;
        assert!(alice_blacklists.content().starts_with("Only the bot admins"), "not yet an admin");

        let done = grant(env, &env.ids.owner, "addadmin", &env.ids.alice).await;
        assert_eq!(done.content(), format!("<@{}> is now a bot admin.", env.ids.alice));
        assert_eq!(done.response.as_ref().unwrap()["type"], 7, "the question is replaced");
        let barred = command_on(env, &general, &env.ids.alice, "blacklist", &env.ids.bob).await;
        assert_eq!(barred.content(), format!("<@{}> can no longer open tickets here.", env.ids.bob));

        // Twice is harmless; removing works once; the owner stays an admin whatever is asked.
        let again = grant(env, &env.ids.owner, "addadmin", &env.ids.alice).await;
        assert_eq!(again.content(), format!("<@{}> was already a bot admin.", env.ids.alice));
        let removed = command_on(env, &general, &env.ids.owner, "removeadmin", &env.ids.alice).await;
        assert_eq!(removed.content(), format!("<@{}> is no longer a bot admin.", env.ids.alice));
        let not = command_on(env, &general, &env.ids.owner, "removeadmin", &env.ids.alice).await;
        assert_eq!(not.content(), format!("<@{}> is not a bot admin, so nothing changed.", env.ids.alice));
        let owner = command_on(env, &general, &env.ids.staff, "removeadmin", &env.ids.owner).await;
        assert!(owner.content().starts_with("Only the bot admins"), "{}", owner.content());
        let owner = command_on(env, &general, &env.ids.owner, "removeadmin", &env.ids.owner).await;
        assert_eq!(owner.content(), "The server owner is always a bot admin; that cannot be taken away.");
        let level = env.core().level(&tickets_core::access::Caller { guild_id: env.guild_id(), user_id: parse(&env.ids.alice), roles: vec![] }).await.unwrap();
        assert_eq!(level, PermissionLevel::Everyone);
    }
}

e2e_test! {
    async fn support_by_role_sees_works_and_leaves_tickets(env) {
        let staff_role = staff_role(env).await;
        let ticket = open_ok(env, &env.ids.alice, None).await;
        assert_eq!(access(env, &ticket, &env.ids.staff).await, (false, false), "not staff yet");

        // @everyone cannot be made staff.
        let everyone = command_on(env, &env.ids.general, &env.ids.owner, "addsupport", &env.ids.guild).await;
        assert_eq!(everyone.content(), "The member or role cannot be @everyone: name a member or a specific role.");

        let done = grant(env, &env.ids.owner, "addsupport", &staff_role).await;
        assert_eq!(done.content(), format!("<@&{staff_role}> is now support staff."));
        // New tickets let the role in; the staff member may claim them, a member may not.
        let second = open_ok(env, &env.ids.bob, None).await;
        assert_eq!(access(env, &second, &env.ids.staff).await, (true, true));
        assert_eq!(access(env, &second, &env.ids.alice).await, (false, false));
        let claim = env.sim.command(&env.ids.guild, &second, &env.ids.staff, "claim", json!([])).await;
        assert_eq!(claim.content(), format!("<@{}> claimed this ticket and will help you.", env.ids.staff));
        // Support is immune to the ticket limit and may close tickets it handles.
        let closing = close(env, &env.ids.staff, &second, None).await;
        assert_eq!(closing.content(), "Closing this ticket…");

        // /viewstaff is for staff: it lists the owner and the role.
        let listed = env.sim.command(&env.ids.guild, &env.ids.general, &env.ids.staff, "viewstaff", json!([])).await;
        let text = listed.content();
        assert!(text.contains(&format!("<@{}>", env.ids.owner)) && text.contains(&format!("<@&{staff_role}>")), "{text}");
        let refused = env.sim.command(&env.ids.guild, &env.ids.general, &env.ids.alice, "viewstaff", json!([])).await;
        assert_eq!(refused.content(), "Only the support staff of this server can do that. A bot admin can add you with /addsupport.");

        let removed = command_on(env, &env.ids.general, &env.ids.owner, "removesupport", &staff_role).await;
        assert_eq!(removed.content(), format!("<@&{staff_role}> is no longer support staff."));
        let third = open_ok(env, &env.ids.bob, None).await;
        assert_eq!(access(env, &third, &env.ids.staff).await, (false, false));
    }
}

e2e_test! {
    async fn viewstaff_pages_with_buttons(env) {
        let staff = env.db().staff();
        for n in 0..12 {
            let role = env.sim.create_role(&env.ids.guild, &format!("Helpers {n}")).await;
            staff.grant(env.guild_id(), MemberOrRole::Role(parse(&role)), PermissionLevel::Support).await.unwrap();
        }
        let first = env.sim.command(&env.ids.guild, &env.ids.general, &env.ids.owner, "viewstaff", json!([])).await;
        assert!(first.content().starts_with("Staff (page 1 of 2)"), "{}", first.content());
        assert_eq!(first.content().matches("\n- ").count(), 10);
        let buttons = &first.response.as_ref().unwrap()["data"]["components"][0]["components"];
        assert_eq!(buttons[0]["disabled"], true, "no page before the first");
        let shown = env.sim.interaction(&first.interaction_id).await;
        let message = shown["original"]["id"].as_str().unwrap().to_owned();
        let next = env.sim.click(&env.ids.general, &message, &env.ids.owner, buttons[1]["custom_id"].as_str().unwrap()).await;
        assert_eq!(next.response.as_ref().unwrap()["type"], 7, "the same message changes page");
        assert!(next.content().starts_with("Staff (page 2 of 2)"), "{}", next.content());
        assert_eq!(next.content().matches("\n- ").count(), 3, "12 roles and the owner");
    }
}

e2e_test! {
    async fn one_servers_staff_are_nobody_in_another(env) {
        let (b, b_channel, _) = second_server(env).await;
        env.sim.set_member(&b, &env.ids.alice, &[]).await;
        grant(env, &env.ids.owner, "addadmin", &env.ids.alice).await;
        // An admin of A is a member like any other in B.
        for (name, options) in [
            ("viewstaff", json!([])),
            ("blacklist", json!([{"name": "user_or_role", "value": env.ids.bob}])),
            ("addadmin", json!([{"name": "user_or_role", "value": env.ids.alice}])),
        ] {
            let act = env.sim.command(&b, &b_channel, &env.ids.alice, name, options).await;
            assert!(act.content().starts_with("Only the"), "/{name}: {}", act.content());
        }
        let b_id: tickets_model::GuildId = parse(&b);
        assert!(env.db().blacklist().list(b_id).await.unwrap().is_empty());
        assert!(env.db().staff().entries(b_id).await.unwrap().is_empty());
    }
}

e2e_test! {
    async fn blacklisted_members_cannot_use_the_bot_at_all(env) {
        command_on(env, &env.ids.general, &env.ids.owner, "blacklist", &env.ids.bob).await;
        let help = env.sim.command(&env.ids.guild, &env.ids.general, &env.ids.bob, "help", json!([])).await;
        assert!(help.content().starts_with("You are not allowed to open tickets or use this bot"), "{}", help.content());
        let help = env.sim.command(&env.ids.guild, &env.ids.general, &env.ids.alice, "help", json!([])).await;
        assert!(help.content().starts_with("Commands you can use here:"), "{}", help.content());
    }
}

e2e_test! {
    async fn every_staff_command_refuses_a_member_and_changes_nothing(env) {
        let ticket = open_ok(env, &env.ids.alice, None).await;
        let guild = env.guild_id();
        env.core().save_tag(&env.owner(), "rules", "Be kind.", None, false).await.unwrap();
        let settings_before = env.db().settings().get(guild).await.unwrap();
        let target = |id: &str| json!([{"name": "user_or_role", "value": id}]);
        let user = |id: &str| json!([{"name": "user", "value": id}]);
        let sub = |name: &str, options: serde_json::Value| json!([{"name": name, "options": options}]);
        let cases = [
            ("addadmin", target(&env.ids.bob)),
            ("addsupport", target(&env.ids.bob)),
            ("removeadmin", target(&env.ids.owner)),
            ("removesupport", target(&env.ids.bob)),
            ("viewstaff", json!([])),
            ("blacklist", target(&env.ids.bob)),
            ("claim", json!([])),
            ("unclaim", json!([])),
            ("transfer", json!([{"name": "user", "value": env.ids.owner}])),
            ("add", user(&env.ids.bob)),
            ("remove", user(&env.ids.bob)),
            ("rename", json!([{"name": "new_ticket_name", "value": "mine"}])),
            ("switchpanel", json!([{"name": "to_panel", "value": "1"}])),
            ("closerequest", json!([])),
            ("autoclose", sub("exclude", json!([]))),
            ("managetags", sub("add", json!([{"name": "id", "value": "x"}, {"name": "content", "value": "y"}]))),
            ("managetags", sub("delete", json!([{"name": "id", "value": "rules"}]))),
            ("managetags", sub("list", json!([]))),
            ("tag", json!([{"name": "tag_id", "value": "rules"}])),
            ("setup", sub("auto", json!([]))),
            ("setup", sub("limit", json!([{"name": "limit", "value": 9}]))),
            ("setup", sub("transcripts", json!([{"name": "channel", "value": env.ids.general}]))),
            ("setup", sub("use-threads", json!([{"name": "use_threads", "value": true}]))),
            ("language", json!([])),
            ("panel", json!([])),
        ];
        for (name, options) in cases {
            let act = env.sim.command(&env.ids.guild, &ticket, &env.ids.alice, name, options).await;
            assert!(act.is_ephemeral(), "/{name}");
            let text = act.content();
            assert!(
                text.starts_with("Only the bot admins") || text.starts_with("Only the support staff") || text == "Only the staff can claim tickets.",
                "/{name}: {text}"
            );
        }
        // Nothing changed anywhere.
        assert!(env.db().staff().entries(guild).await.unwrap().is_empty());
        assert!(env.db().blacklist().list(guild).await.unwrap().is_empty());
        assert_eq!(env.db().settings().get(guild).await.unwrap(), settings_before);
        assert_eq!(env.db().tags().list(guild).await.unwrap().len(), 1);
        let stored = env.db().tickets().get(guild, 1).await.unwrap().unwrap();
        assert_eq!((stored.claimed_by, stored.panel_id), (None, None));
        assert!(env.db().ticket_members().list(guild, 1).await.unwrap().is_empty());
        assert!(!env.db().close_requests().is_excluded(guild, 1).await.unwrap());
        assert_eq!(channel_of(env, &ticket).await["name"], "ticket-1");
    }
}
