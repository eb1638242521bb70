//! The dashboard login through the simulator's OAuth2 provider.

use reqwest::header::{COOKIE, LOCATION, SET_COOKIE};
use tickets_testkit::{Env, e2e_test};

/// Logs in as `user` (skipping the simulator's consent page) and returns the session cookie.
pub async fn login_as(env: &Env, user: &str) -> String {
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let start = http
        .get(format!("{}/login", env.web_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(start.status(), 303, "login redirects to Discord");
    let authorize = start.headers()[LOCATION].to_str().unwrap().to_owned();
    assert!(
        authorize.starts_with(&format!("{}/oauth2/authorize?", env.sim.base())),
        "{authorize}"
    );
    assert!(
        authorize.contains("code_challenge_method=S256"),
        "PKCE is used: {authorize}"
    );

    let consent = http
        .get(format!("{authorize}&login_as={user}"))
        .send()
        .await
        .unwrap();
    assert!(consent.status().is_redirection(), "{}", consent.status());
    let callback = consent.headers()[LOCATION].to_str().unwrap().to_owned();
    assert!(
        callback.starts_with(&format!("{}/login/callback?", env.web_url())),
        "{callback}"
    );

    let done = http.get(&callback).send().await.unwrap();
    assert_eq!(done.status(), 303);
    let cookie = done.headers()[SET_COOKIE].to_str().unwrap().to_owned();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );

    // The same login link cannot be used twice.
    let replay = http.get(&callback).send().await.unwrap();
    assert_eq!(replay.status(), 400);
    cookie.split(';').next().unwrap().to_owned()
}

async fn home(env: &Env, cookie: &str) -> String {
    reqwest::Client::new()
        .get(format!("{}/", env.web_url()))
        .header(COOKIE, cookie)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

e2e_test! {
    async fn the_owner_sees_the_demo_server_and_a_member_does_not(env) {
        let owner = login_as(env, &env.ids.owner).await;
        let page = home(env, &owner).await;
        assert!(page.contains("Demo Server"), "{page}");
        assert!(page.contains(&format!("data-guild-id=\"{}\"", env.ids.guild)), "{page}");

        let alice = login_as(env, &env.ids.alice).await;
        let page = home(env, &alice).await;
        assert!(!page.contains("Demo Server"), "{page}");
        assert!(page.contains("No server to show"), "{page}");

        // Logging out ends the session.
        let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
        let out = http.post(format!("{}/logout", env.web_url())).header(COOKIE, &owner).send().await.unwrap();
        assert_eq!(out.status(), 303);
        assert!(home(env, &owner).await.contains("Log in with Discord"));
    }
}

e2e_test! {
    async fn health_and_metrics(env) {
        let health = reqwest::get(format!("{}/healthz", env.web_url())).await.unwrap();
        assert_eq!(health.status(), 200);
        crate::helpers::open_ok(env, &env.ids.alice, None).await;
        let metrics = reqwest::get(format!("{}/metrics", env.web_url())).await.unwrap().text().await.unwrap();
        assert!(metrics.contains("tickets_tickets_opened_total 1"), "{metrics}");
        assert!(metrics.contains(r#"tickets_interactions_total{kind="command",outcome="ok"} 1"#), "{metrics}");
        assert!(metrics.contains(r#"tickets_discord_requests_total{route="create_guild_channel",status="201"} 1"#)
            || metrics.contains(r#"tickets_discord_requests_total{route="create_guild_channel",status="200"} 1"#), "{metrics}");
        assert!(metrics.contains("tickets_interaction_ack_seconds_count"), "{metrics}");
    }
}
