//! The dashboard in a real headless Chromium: logging in and out through the simulator's consent
//! page, what each user is shown, the redirect to the login, and creating and editing a panel
//! whose message then changes in Discord.
//!
//! New browser tests belong here; `tickets_testkit::Browser` has the helpers (`login`, `click`,
//! `fill`, `submit`, `text_of`, `wait_for`).

use tickets_testkit::{Browser, Env, e2e_test};

async fn channel_named(env: &Env, name: &str) -> String {
    env.sim
        .channels(&env.ids.guild)
        .await
        .into_iter()
        .find(|c| c["name"] == name)
        .and_then(|c| c["id"].as_str().map(str::to_owned))
        .unwrap()
}

/// Waits (bounded) until the panel channel's only message has `title`.
async fn wait_for_panel_title(env: &Env, channel: &str, title: &str) {
    for _ in 0..250 {
        let messages = env.sim.messages(channel).await;
        if messages.len() == 1 && messages[0]["embeds"][0]["title"] == title {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!(
        "the panel message never showed {title:?}: {:?}",
        env.sim.messages(channel).await
    );
}

e2e_test! {
    async fn the_owner_logs_in_by_clicking_sees_the_demo_server_and_logs_out(env) {
        let browser = Browser::start().await;
        browser.login(env, "owner").await;
        assert_eq!(browser.url().await, format!("{}/", env.web_url()));
        let page = browser.page_text().await;
        assert!(page.contains("Signed in as Server Owner."), "{page}");
        let servers = browser.text_of("#servers").await;
        assert!(servers.contains("Demo Server"), "{servers}");
        browser.wait_for(&format!("li[data-guild-id='{}'] a", env.ids.guild)).await;

        browser.submit("form[action='/logout']").await;
        browser.wait_for("a.button[href='/login']").await;
        let page = browser.page_text().await;
        assert!(page.contains("Log in with Discord"), "{page}");
        assert!(!page.contains("Demo Server"), "{page}");
        // The session is over on the server too, not only forgotten by the browser.
        browser.goto(&format!("{}/guilds/{}/settings", env.web_url(), env.ids.guild)).await;
        browser.wait_for("li a[href*='login_as=']").await;
        browser.close().await;
    }
}

e2e_test! {
    async fn a_member_sees_no_server_and_another_servers_pages_are_not_found(env) {
        let browser = Browser::start().await;
        browser.login(env, "alice").await;
        let page = browser.page_text().await;
        assert!(page.contains("Signed in as Alice."), "{page}");
        assert!(browser.text_of("#no-servers").await.contains("No server to show"));
        assert!(!browser.page_text().await.contains("Demo Server"));
        browser.goto(&format!("{}/guilds/{}/settings", env.web_url(), env.ids.guild)).await;
        assert_eq!(browser.text_of("h1").await, "Not found");
        browser.close().await;
    }
}

e2e_test! {
    async fn dashboard_pages_without_a_session_lead_to_the_login(env) {
        let browser = Browser::start().await;
        for page in ["settings", "panels"] {
            browser.goto(&format!("{}/guilds/{}/{page}", env.web_url(), env.ids.guild)).await;
            // The simulator's consent page, reached through the dashboard's /login.
            browser.wait_for("li a[href*='login_as=']").await;
            let url = browser.url().await;
            assert!(url.starts_with(&format!("{}/oauth2/authorize?", env.sim.base())), "{url}");
            assert!(url.contains("code_challenge_method=S256"), "{url}");
        }
        browser.close().await;
    }
}

e2e_test! {
    async fn an_owner_creates_and_edits_a_panel_in_the_browser(env) {
        let browser = Browser::start().await;
        browser.login(env, "owner").await;
        browser.click(&format!("li[data-guild-id='{}'] a", env.ids.guild)).await;
        assert!(browser.text_of("h1").await.contains("Settings of Demo Server"));

        browser.click(&format!("a[href='/guilds/{}/panels']", env.ids.guild)).await;
        let channel = channel_named(env, "open-a-ticket").await;
        // A title over Discord's limit is refused next to its field, and nothing is posted.
        browser.fill("#title", &"T".repeat(256)).await;
        browser.choose("#channel", &channel).await;
        browser.submit("#panel-form").await;
        let error = browser.text_of("#error-panel-title").await;
        assert_eq!(error, "The title is 256 characters long; the limit is 255. Please shorten it.");
        assert!(env.sim.messages(&channel).await.is_empty());

        browser.fill("#title", "Support").await;
        browser.fill("#content", "Click below to talk to us.").await;
        browser.choose("#channel", &channel).await;
        // The preview follows the typing.
        assert_eq!(browser.text_of("#preview-title").await, "Support");
        browser.submit("#panel-form").await;
        assert_eq!(browser.text_of("#notice").await, "The panel was created and posted.");
        wait_for_panel_title(env, &channel, "Support").await;

        browser.click("#panels a.button").await;
        browser.fill("#title", "Support desk").await;
        browser.submit("#panel-form").await;
        assert_eq!(browser.text_of("#notice").await, "The panel was updated.");
        wait_for_panel_title(env, &channel, "Support desk").await;
        browser.close().await;
    }
}

e2e_test! {
    async fn an_admin_of_one_server_gets_not_found_for_another_servers_pages_and_forms(env) {
        let (b, b_channel, b_panel) = crate::helpers::second_server(env).await;
        let browser = Browser::start().await;
        browser.login(env, "owner").await;
        let web = env.web_url();
        let a = &env.ids.guild;
        for path in [
            format!("/guilds/{b}/settings"),
            format!("/guilds/{b}/panels"),
            format!("/guilds/{a}/panels/{}", b_panel.panel_id),
        ] {
            browser.goto(&format!("{web}{path}")).await;
            assert_eq!(browser.text_of("h1").await, "Not found", "{path}");
        }

        // A form of server A, pointed at server B by editing the page, as a curious admin could.
        browser.goto(&format!("{web}/guilds/{a}/panels")).await;
        browser.fill("#title", "Hijack").await;
        let target = format!("/guilds/{b}/panels");
        browser
            .client()
            .execute(
                "document.getElementById('panel-form').action = arguments[0];",
                vec![serde_json::json!(target)],
            )
            .await
            .unwrap();
        browser.submit("#panel-form").await;
        assert_eq!(browser.text_of("h1").await, "Not found");
        assert!(env.sim.messages(&b_channel).await.is_empty(), "nothing posted in server B");
        let b_id: tickets_model::GuildId = tickets_testkit::parse(&b);
        assert_eq!(env.db().panels().list(b_id).await.unwrap().len(), 1);
        browser.close().await;
    }
}

e2e_test! {
    async fn an_owner_manages_staff_teams_in_the_browser(env) {
        let browser = Browser::start().await;
        browser.login(env, "owner").await;
        let guild = &env.ids.guild;
        browser.goto(&format!("{}/guilds/{guild}/teams", env.web_url())).await;
        // The owner is listed in the Default team and cannot be taken away.
        let default = browser.text_of("#team-default").await;
        assert!(default.contains(&format!("Member {}", env.ids.owner)), "{default}");

        // An empty name is refused next to its field; a team is created.
        browser.fill("#team-form input[name='name']", " ").await;
        browser.submit("#team-form").await;
        assert_eq!(browser.text_of("#error-team-name").await, "The team's name must not be empty.");
        browser.fill("#team-form input[name='name']", "Billing").await;
        browser.submit("#team-form").await;
        let team = env.db().staff().teams(env.guild_id()).await.unwrap().remove(0);
        let card = format!("#team-{}", team.team_id);
        assert!(browser.text_of(&card).await.contains("Billing"));

        // The Staff role is chosen by name, Bob by id; both show, and Bob can be removed.
        let staff_role = crate::helpers::staff_role(env).await;
        browser.choose(&format!("{card} form[action$='/members'] select[name='role']"), &staff_role).await;
        browser.submit(&format!("{card} form[action$='/members']")).await;
        browser.fill(&format!("{card} form[action$='/members'] input[name='member']"), &env.ids.bob).await;
        browser.submit(&format!("{card} form[action$='/members']")).await;
        let shown = browser.text_of(&card).await;
        assert!(shown.contains("@Staff") && shown.contains(&format!("Member {}", env.ids.bob)), "{shown}");
        browser.submit(&format!("{card} div[data-member='<@{}>'] form", env.ids.bob)).await;
        assert!(!browser.text_of(&card).await.contains(&env.ids.bob));
        let members = env.db().staff().team_members(env.guild_id(), team.team_id).await.unwrap();
        assert_eq!(members, [tickets_model::staff::MemberOrRole::Role(tickets_testkit::parse(&staff_role))]);

        // Alice becomes an admin from the Default team's form, and then sees the server herself.
        browser.fill("#default-team-form input[name='member']", &env.ids.alice).await;
        browser.choose("#default-team-form select[name='level']", "admin").await;
        browser.submit("#default-team-form").await;
        assert!(browser.text_of("#team-default").await.contains(&format!("Member {} · Admin", env.ids.alice)));
        browser.submit(&format!("#team-{} form[action$='/delete']", team.team_id)).await;
        assert!(env.db().staff().teams(env.guild_id()).await.unwrap().is_empty());
        browser.close().await;

        let alice = Browser::start().await;
        alice.login(env, "alice").await;
        assert!(alice.text_of("#servers").await.contains("Demo Server"));
        alice.close().await;
    }
}

e2e_test! {
    async fn an_owner_bars_and_frees_a_member_in_the_browser(env) {
        let browser = Browser::start().await;
        browser.login(env, "owner").await;
        browser.goto(&format!("{}/guilds/{}/blacklist", env.web_url(), env.ids.guild)).await;
        browser.fill("#blacklist-form input[name='id']", &env.ids.bob).await;
        browser.submit("#blacklist-form").await;
        let listed = browser.text_of("#barred").await;
        assert!(listed.contains(&format!("Member {}", env.ids.bob)), "{listed}");
        // Barred from the bot: Bob's /open is refused.
        let refused = crate::helpers::open(env, &env.ids.bob, None).await;
        assert!(refused.content().starts_with("You are not allowed"), "{}", refused.content());
        browser.submit(&format!("div[data-barred='{}'] form", env.ids.bob)).await;
        assert!(!browser.text_of("#barred").await.contains(&env.ids.bob));
        crate::helpers::open_ok(env, &env.ids.bob, None).await;

        // A role is chosen by its name from the server's roles.
        let staff_role = crate::helpers::staff_role(env).await;
        browser.choose("#blacklist-form select[name='role']", &staff_role).await;
        browser.submit("#blacklist-form").await;
        assert!(browser.text_of("#barred").await.contains("@Staff"));
        let barred = env.db().blacklist().list(env.guild_id()).await.unwrap();
        assert_eq!(barred, [tickets_store::blacklist::Barred::Role(tickets_testkit::parse(&staff_role))]);
        browser.close().await;
    }
}

e2e_test! {
    async fn an_owner_builds_an_embed_tag_in_the_browser(env) {
        let browser = Browser::start().await;
        browser.login(env, "owner").await;
        browser.goto(&format!("{}/guilds/{}/tags", env.web_url(), env.ids.guild)).await;
        browser.fill("#tag-form input[name='id']", "refunds").await;
        browser.fill("#tag-form textarea[name='content']", "Hello %user%").await;
        browser.click("#use_embed").await;
        browser.fill("#embed_colour", "#00aa00").await;
        browser.fill("#embed_title", "Refunds").await;
        browser.fill("#embed_description", "How refunds work").await;
        browser.fill("#field_name_0", "Delay").await;
        browser.fill("#field_value_0", "14 days").await;
        browser.click("#field_inline_0").await;
        browser.fill("#field_name_1", "Contact").await;
        browser.fill("#field_value_1", "billing@example.org").await;
        browser.submit("#tag-form").await;
        assert!(browser.url().await.ends_with("/tags/refunds"), "{}", browser.url().await);
        let id = tickets_model::tag::TagId::parse("refunds").unwrap();
        let stored = env.db().tags().get(env.guild_id(), &id).await.unwrap().unwrap();
        let embed = stored.embed.clone().unwrap();
        assert_eq!(embed.title.as_deref(), Some("Refunds"));
        assert_eq!(embed.colour, Some(0x00aa00));
        assert_eq!(embed.fields.len(), 2);
        assert!(embed.fields[0].inline && !embed.fields[1].inline);

        // A 257-character title is refused next to its input, and nothing changes.
        browser.fill("#embed_title", &"T".repeat(257)).await;
        browser.submit("#tag-form").await;
        assert_eq!(
            browser.text_of("#error-embed-title").await,
            "The embed's title is 257 characters long; the limit is 256. Please shorten it."
        );
        assert_eq!(env.db().tags().get(env.guild_id(), &id).await.unwrap().unwrap(), stored);

        // Staff send it in a ticket as an embed with its fields.
        let ticket = crate::helpers::open_ok(env, &env.ids.alice, None).await;
        let sent = env.sim.command(&env.ids.guild, &ticket, &env.ids.owner, "tag", serde_json::json!([{"name": "tag_id", "value": "refunds"}])).await;
        let data = &sent.response.as_ref().unwrap()["data"];
        assert_eq!(data["content"], format!("Hello <@{}>", env.ids.alice));
        assert_eq!(data["embeds"][0]["fields"][1]["value"], "billing@example.org");
        browser.close().await;
    }
}
