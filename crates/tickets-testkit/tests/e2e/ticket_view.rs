//! The dashboard's live view of an open ticket: staff see its messages as a transcript shows
//! them, new ones arrive over Server-Sent Events from the gateway (Discord is not polled), the
//! reply box posts as the bot under the staff member's name, Close with reason closes, and
//! nobody else learns the ticket exists.

use crate::dashboard::login_as;
use crate::helpers::*;
use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, COOKIE, LOCATION};
use std::time::Duration;
use tickets_model::permissions::PermissionLevel;
use tickets_model::staff::MemberOrRole;
use tickets_testkit::{Browser, Env, e2e_test, parse};

/// The longest a live message may take to reach the stream.
const DELIVERY: Duration = Duration::from_secs(10);

/// Makes the Staff role support staff, who work the Default team's tickets.
async fn support_by_role(env: &Env) {
    let role = staff_role(env).await;
    env.core()
        .grant_level(
            &env.owner(),
            MemberOrRole::Role(parse(&role)),
            PermissionLevel::Support,
        )
        .await
        .unwrap();
}

fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

async fn get(env: &Env, cookie: &str, path: &str) -> (StatusCode, String) {
    let response = http()
        .get(format!("{}{path}", env.web_url()))
        .header(COOKIE, cookie)
        .send()
        .await
        .unwrap();
    (response.status(), response.text().await.unwrap())
}

/// Posts a form; returns the status and the redirect's target or the page.
async fn post(env: &Env, cookie: &str, path: &str, form: &[(&str, &str)]) -> (StatusCode, String) {
    let response = http()
        .post(format!("{}{path}", env.web_url()))
        .header(COOKIE, cookie)
        .form(form)
        .send()
        .await
        .unwrap();
    let status = response.status();
    let location = response
        .headers()
        .get(LOCATION)
        .map(|l| l.to_str().unwrap().to_owned());
    (status, location.unwrap_or(response.text().await.unwrap()))
}

/// Reads the event stream until `wanted` is in it (or the wait runs out); returns what came.
async fn read_until(stream: &mut reqwest::Response, wanted: &str) -> String {
    let mut seen = String::new();
    let _ = tokio::time::timeout(DELIVERY, async {
        while !seen.contains(wanted) {
            match stream.chunk().await.unwrap() {
                Some(chunk) => seen.push_str(&String::from_utf8_lossy(&chunk)),
                None => break,
            }
        }
    })
    .await;
    seen
}

async fn ticket_path(env: &Env, channel: &str) -> String {
    let number = env
        .db()
        .tickets()
        .get_by_channel(env.guild_id(), parse(channel))
        .await
        .unwrap()
        .unwrap()
        .number;
    format!("/guilds/{}/tickets/{number}", env.ids.guild)
}

e2e_test! {
    async fn staff_watch_a_ticket_live_and_reply_under_their_name(env) {
        support_by_role(env).await;
        let channel = open_ok(env, &env.ids.alice, Some("Late order")).await;
        env.sim.act_message(&channel, &env.ids.alice, "My order is **late** <b>still</b>").await;
        let path = ticket_path(env, &channel).await;
        let staff = login_as(env, &env.ids.staff).await;

        // The Tickets page links the ticket to its view.
        let (_, list) = get(env, &staff, &format!("/guilds/{}/tickets", env.ids.guild)).await;
        assert!(list.contains(&format!(r#"href="{path}""#)), "{list}");

        let (status, page) = get(env, &staff, &path).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        assert!(page.contains("<strong>late</strong>"), "rendered as Discord shows it: {page}");
        assert!(page.contains("&lt;b&gt;still&lt;/b&gt;"), "escaped: {page}");
        assert!(page.contains(&format!(r#"action="{path}/reply""#)), "{page}");
        assert!(page.contains(&format!(r#"action="{path}/close""#)), "{page}");
        assert!(page.contains(&format!(r#"data-events="{path}/events?after="#)), "{page}");

        // A member writes; the stream brings it, and the bot asked Discord for no messages.
        let mut stream = http()
            .get(format!("{}{path}/events", env.web_url()))
            .header(COOKIE, &staff)
            .send()
            .await
            .unwrap();
        assert_eq!(stream.status(), StatusCode::OK);
        assert!(stream.headers()[CONTENT_TYPE].to_str().unwrap().starts_with("text/event-stream"));
        let seq = env.sim.last_request_seq().await;
        let asked_for_news = env.sim.act_message(&channel, &env.ids.alice, "Any news? *please*").await;
        let delivered = read_until(&mut stream, "please").await;
        assert!(delivered.contains("data: <li"), "a rendered item: {delivered}");
        assert!(delivered.contains("<em>please</em>"), "{delivered}");
        let asked: Vec<String> = env
            .sim
            .requests_after(seq)
            .await
            .iter()
            .filter(|r| r["method"] == "GET" && r["path"].as_str().unwrap_or("").ends_with("/messages"))
            .map(|r| r["path"].to_string())
            .collect();
        assert!(asked.is_empty(), "no polling of Discord: {asked:?}");

        // The reply box posts as the bot, under the staff member's name, and it streams too; it
        // is the staff's first response, though the gateway skips the bot's own messages.
        let answered = || async {
            env.db()
                .tickets()
                .get_by_channel(env.guild_id(), tickets_testkit::parse(&channel))
                .await
                .unwrap()
                .unwrap()
                .activity
                .first_response_at
        };
        assert_eq!(answered().await, None, "the opener's messages are no answer");
        let (status, to) = post(env, &staff, &format!("{path}/reply"), &[("text", "Shipped today @everyone")]).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{to}");
        assert_eq!(to, path);
        assert!(answered().await.is_some(), "the reply is the first response");
        let messages = env.sim.messages(&channel).await;
        let reply = messages
            .iter()
            .find(|m| m["content"].as_str().unwrap_or("").ends_with("Shipped today @everyone"))
            .unwrap_or_else(|| panic!("posted: {messages:?}"));
        assert_eq!(reply["author"]["id"], env.ids.bot_user, "as the bot");
        assert_eq!(reply["content"], "**Support Staff:** Shipped today @everyone");
        assert_eq!(reply["mention_everyone"], false, "nobody is pinged by a reply");
        let delivered = read_until(&mut stream, "Shipped today").await;
        assert!(delivered.contains("Support Staff"), "{delivered}");

        // An edit in Discord makes the page stale: it is told to offer a reload.
        let id = asked_for_news["id"].as_str().unwrap();
        env.sim.edit_message(&channel, id, &env.ids.alice, "Any news at all?").await;
        let delivered = read_until(&mut stream, "event: stale").await;
        assert!(delivered.contains("event: stale"), "{delivered}");

        // A reply too long for Discord is refused with the limit, and nothing is posted.
        let count = env.sim.messages(&channel).await.len();
        let (status, page) = post(env, &staff, &format!("{path}/reply"), &[("text", &"x".repeat(2000))]).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(page.contains("The reply is 2000 characters long; the limit is 1981."), "{page}");
        assert_eq!(env.sim.messages(&channel).await.len(), count);
    }
}

e2e_test! {
    async fn a_message_sent_before_the_stream_connects_comes_first_and_once(env) {
        support_by_role(env).await;
        let channel = open_ok(env, &env.ids.alice, None).await;
        let path = ticket_path(env, &channel).await;
        let staff = login_as(env, &env.ids.staff).await;
        let (_, page) = get(env, &staff, &path).await;
        let events = page.split("data-events=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
        assert!(events.contains("?after="), "the page names its newest message: {events}");
        env.sim.act_message(&channel, &env.ids.alice, "Sent while the page loaded").await;
        let mut stream = http()
            .get(format!("{}{events}", env.web_url()))
            .header(COOKIE, &staff)
            .send()
            .await
            .unwrap();
        let delivered = read_until(&mut stream, "Sent while the page loaded").await;
        assert!(delivered.contains("Sent while the page loaded"), "{delivered}");
        env.sim.act_message(&channel, &env.ids.alice, "And one more").await;
        let more = read_until(&mut stream, "And one more").await;
        assert!(more.contains("And one more"), "{more}");
        assert!(!more.contains("Sent while the page loaded"), "not twice: {more}");
    }
}

e2e_test! {
    async fn close_with_reason_from_the_view_keeps_the_transcript(env) {
        support_by_role(env).await;
        let channel = open_ok(env, &env.ids.alice, None).await;
        env.sim.act_message(&channel, &env.ids.alice, "Please close this").await;
        let path = ticket_path(env, &channel).await;
        let staff = login_as(env, &env.ids.staff).await;
        let (status, page) = post(env, &staff, &format!("{path}/close"), &[("reason", "Solved on the phone")]).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        assert!(wait_until_gone(env, &channel).await, "the channel goes once its transcript is kept");
        let number: i64 = path.rsplit('/').next().unwrap().parse().unwrap();
        let ticket = env.db().tickets().get(env.guild_id(), number).await.unwrap().unwrap();
        assert_eq!(ticket.close_reason.as_deref(), Some("Solved on the phone"));
        assert_eq!(ticket.closed_by, Some(parse(&env.ids.staff)));
        assert!(env.db().transcripts().get(env.guild_id(), number).await.unwrap().is_some(), "the transcript is kept");
        // A closed ticket has no view any more.
        assert_eq!(get(env, &staff, &path).await.0, StatusCode::NOT_FOUND);
    }
}

e2e_test! {
    async fn the_opener_gets_404_for_the_view_the_stream_the_reply_and_the_close(env) {
        support_by_role(env).await;
        let channel = open_ok(env, &env.ids.alice, None).await;
        let path = ticket_path(env, &channel).await;
        let alice = login_as(env, &env.ids.alice).await;
        let before = env.sim.messages(&channel).await.len();
        assert_eq!(get(env, &alice, &path).await.0, StatusCode::NOT_FOUND);
        assert_eq!(get(env, &alice, &format!("{path}/events")).await.0, StatusCode::NOT_FOUND);
        assert_eq!(post(env, &alice, &format!("{path}/reply"), &[("text", "Hi")]).await.0, StatusCode::NOT_FOUND);
        assert_eq!(post(env, &alice, &format!("{path}/close"), &[]).await.0, StatusCode::NOT_FOUND);
        assert_eq!(env.sim.messages(&channel).await.len(), before, "nothing posted");
        assert!(channel_of(env, &channel).await.is_object(), "still open");
        // A ticket that does not exist answers the same.
        let staff = login_as(env, &env.ids.staff).await;
        assert_eq!(get(env, &staff, &format!("/guilds/{}/tickets/999", env.ids.guild)).await.0, StatusCode::NOT_FOUND);
    }
}

e2e_test! {
    async fn in_a_browser_a_new_message_appears_without_reloading(env) {
        support_by_role(env).await;
        let channel = open_ok(env, &env.ids.alice, None).await;
        let path = ticket_path(env, &channel).await;
        let browser = Browser::start().await;
        browser.login(env, "staff").await;
        browser.goto(&format!("{}{path}", env.web_url())).await;
        // Connected: from here on, every message of the ticket reaches the page.
        browser.wait_for("#live[data-connected]").await;
        let before = browser.page_text().await;
        assert!(!before.contains("Where is my parcel"), "{before}");
        env.sim.act_message(&channel, &env.ids.alice, "Where is my parcel?").await;
        // Bounded: the page's script appends the streamed message, no reload.
        let mut shown = false;
        for _ in 0..200 {
            if browser.page_text().await.contains("Where is my parcel?") {
                shown = true;
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert!(shown, "{}", browser.page_text().await);
        assert_eq!(browser.url().await, format!("{}{path}", env.web_url()), "no reload");
        browser.close().await;
    }
}
