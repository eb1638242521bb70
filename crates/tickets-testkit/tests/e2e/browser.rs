//! The dashboard in a real headless Chromium: logging in through the simulator's consent page,
//! then creating and editing a panel and seeing its message change in Discord.

use tickets_testkit::{Browser, Env, e2e_test};

/// Logs in as `user` by clicking through the login button and the simulator's consent page.
async fn log_in(browser: &Browser, env: &Env, user: &str) {
    browser.goto(&env.web_url()).await;
    browser.click("a.button[href='/login']").await;
    browser.click(&format!("a[href$='login_as={user}']")).await;
    browser.wait_for("form[action='/logout']").await;
}

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
    async fn an_owner_creates_and_edits_a_panel_in_the_browser(env) {
        let browser = Browser::start().await;
        log_in(&browser, env, &env.ids.owner).await;
        let servers = browser.text_of("#servers").await;
        assert!(servers.contains("Demo Server"), "{servers}");
        browser.click(&format!("li[data-guild-id='{}'] a", env.ids.guild)).await;
        assert!(browser.text_of("h1").await.contains("Settings of Demo Server"));

        browser.click(&format!("a[href='/guilds/{}/panels']", env.ids.guild)).await;
        let channel = channel_named(env, "open-a-ticket").await;
        // A title over Discord's limit is refused next to its field, and nothing is posted.
        browser.fill("#title", &"T".repeat(256)).await;
        browser.choose("#channel", &channel).await;
        browser.click("#panel-form button[type='submit']").await;
        let error = browser.text_of("#error-panel-title").await;
        assert_eq!(error, "The title is 256 characters long; the limit is 255. Please shorten it.");
        assert!(env.sim.messages(&channel).await.is_empty());

        browser.fill("#title", "Support").await;
        browser.fill("#content", "Click below to talk to us.").await;
        browser.choose("#channel", &channel).await;
        // The preview follows the typing.
        assert_eq!(browser.text_of("#preview-title").await, "Support");
        browser.click("#panel-form button[type='submit']").await;
        assert_eq!(browser.text_of("#notice").await, "The panel was created and posted.");
        wait_for_panel_title(env, &channel, "Support").await;

        browser.click("#panels a.button").await;
        browser.fill("#title", "Support desk").await;
        browser.click("#panel-form button[type='submit']").await;
        assert_eq!(browser.text_of("#notice").await, "The panel was updated.");
        wait_for_panel_title(env, &channel, "Support desk").await;
        browser.close().await;
    }
}

e2e_test! {
    async fn a_member_sees_no_server_and_another_servers_pages_are_not_found(env) {
        let browser = Browser::start().await;
        log_in(&browser, env, &env.ids.alice).await;
        assert!(browser.text_of("#no-servers").await.contains("No server to show"));
        let settings = format!("{}/guilds/{}/settings", env.web_url(), env.ids.guild);
        browser.goto(&settings).await;
        assert_eq!(browser.text_of("h1").await, "Not found");

        // After logging out, a dashboard page leads to Discord's login.
        browser.goto(&env.web_url()).await;
        browser.click("form[action='/logout'] button").await;
        browser.wait_for("a.button[href='/login']").await;
        browser.goto(&settings).await;
        browser.wait_for("a[href*='login_as=']").await;
        browser.close().await;
    }
}
