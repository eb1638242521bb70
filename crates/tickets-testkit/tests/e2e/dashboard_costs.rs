//! What a dashboard request costs Discord: refusing someone is answered from the login's list of
//! servers and from the cache the gateway and interactions feed, never by a Discord call per
//! request (which would let any logged-in user spend the bot's rate limit).

use crate::dashboard::login_as;
use reqwest::StatusCode;
use reqwest::header::COOKIE;
use serde_json::{Value, json};
use std::time::Duration;
use tickets_testkit::{Env, e2e_test};

/// Pages of every kind a refused user might try: admin pages, support pages, a form post.
fn paths(guild: &str) -> Vec<(bool, String)> {
    [
        "settings",
        "panels",
        "tickets",
        "teams",
        "tags",
        "blacklist",
    ]
    .iter()
    .map(|page| (false, format!("/guilds/{guild}/{page}")))
    .chain([(true, format!("/guilds/{guild}/tags"))])
    .collect()
}

/// Makes `count` dashboard requests as the holder of `cookie`; each must be refused with a 404.
async fn refused_requests(env: &Env, cookie: &str, count: usize) {
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let paths = paths(&env.ids.guild);
    for n in 0..count {
        let (post, path) = &paths[n % paths.len()];
        let url = format!("{}{path}", env.web_url());
        let request = if *post {
            http.post(url).form(&[("name", "x"), ("content", "y")])
        } else {
            http.get(url)
        };
        let response = request.header(COOKIE, cookie).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
    }
}

/// The bot's REST requests since `seq`, as `METHOD path` lines.
async fn requests_since(env: &Env, seq: u64) -> Vec<String> {
    env.sim
        .requests_after(seq)
        .await
        .iter()
        .map(|r: &Value| {
            format!(
                "{} {}",
                r["method"].as_str().unwrap_or(""),
                r["path"].as_str().unwrap_or("")
            )
        })
        .collect()
}

e2e_test! {
    async fn a_hundred_refused_requests_by_a_non_member_cost_no_discord_request(env) {
        let stranger = env.sim.create_user("stranger").await;
        let cookie = login_as(env, &stranger).await;
        let seq = env.sim.last_request_seq().await;
        refused_requests(env, &cookie, 100).await;
        assert_eq!(requests_since(env, seq).await, Vec::<String>::new());
    }
}

e2e_test! {
    async fn a_member_who_is_not_staff_costs_one_lookup_then_none_until_it_expires(env) {
        let cookie = login_as(env, &env.ids.alice).await;
        let member = format!("GET /api/v10/guilds/{}/members/{}", env.ids.guild, env.ids.alice);
        let seq = env.sim.last_request_seq().await;
        refused_requests(env, &cookie, 1).await;
        let first = requests_since(env, seq).await;
        assert!(first.len() <= 1 && first.iter().all(|r| *r == member), "{first:?}");

        let seq = env.sim.last_request_seq().await;
        refused_requests(env, &cookie, 99).await;
        assert_eq!(requests_since(env, seq).await, Vec::<String>::new(), "the roles are remembered");

        // Without the privileged members intent nothing says that roles changed, so they are
        // believed for five minutes only.
        env.advance_clock(Duration::from_secs(5 * 60));
        let seq = env.sim.last_request_seq().await;
        refused_requests(env, &cookie, 10).await;
        assert_eq!(requests_since(env, seq).await, vec![member]);
    }
}

e2e_test! {
    async fn a_command_teaches_the_dashboard_a_members_roles(env) {
        let help = env.sim.command(&env.ids.guild, &env.ids.general, &env.ids.bob, "help", json!([])).await;
        assert!(help.error.is_none(), "{:?}", help.error);
        let cookie = login_as(env, &env.ids.bob).await;
        let seq = env.sim.last_request_seq().await;
        refused_requests(env, &cookie, 20).await;
        assert_eq!(requests_since(env, seq).await, Vec::<String>::new());
    }
}

e2e_test! {
    async fn the_pickers_follow_role_and_channel_events_without_asking_discord(env) {
        let owner = login_as(env, &env.ids.owner).await;
        let http = reqwest::Client::new();
        let page = |path: &'static str| {
            let url = format!("{}/guilds/{}/{path}", env.web_url(), env.ids.guild);
            let request = http.get(url).header(COOKIE, &owner);
            async move { request.send().await.unwrap().text().await.unwrap() }
        };
        // The events arrive over the gateway a moment after the simulator answers.
        let role = env.sim.create_role(&env.ids.guild, "Night shift").await;
        let channel = env.sim.create_channel(&env.ids.guild, "escalations", 0, None).await;
        let mut seen = false;
        for _ in 0..100 {
            if page("teams").await.contains("Night shift") && page("settings").await.contains("escalations") {
                seen = true;
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        assert!(seen, "the new role {role} and channel {channel} are offered");
        let seq = env.sim.last_request_seq().await;
        for path in ["teams", "blacklist", "settings", "panels"] {
            let _ = page(path).await;
        }
        assert_eq!(requests_since(env, seq).await, Vec::<String>::new(), "pickers come from the cache");
    }
}
