//! Close requests and the close summary: Accept closes, Deny keeps the ticket open and updates
//! the message, a delay closes by itself (also across a restart) unless answered or excluded;
//! the opener receives a summary by DM, and a closed DM is no error.

use crate::helpers::*;
use serde_json::{Value, json};
use std::time::Duration;
use tickets_model::ticket::TicketStatus;
use tickets_testkit::{Act, Env, e2e_test, parse};

async fn request(env: &Env, ticket: &str, by: &str, options: Value) -> Act {
    env.sim
        .command(&env.ids.guild, ticket, by, "closerequest", options)
        .await
}

/// The request message's id and the custom ids of its two buttons.
async fn buttons(env: &Env, act: &Act) -> (String, String, String) {
    let shown = env.sim.interaction(&act.interaction_id).await;
    let message = shown["original"]["id"].as_str().unwrap().to_owned();
    let row = &act.response.as_ref().unwrap()["data"]["components"][0]["components"];
    let id = |n: usize| row[n]["custom_id"].as_str().unwrap().to_owned();
    (message, id(0), id(1))
}

/// Runs due jobs until the ticket is closed (bounded).
async fn run_jobs_until_closed(env: &Env, number: i64) -> bool {
    for _ in 0..100 {
        env.core().run_due_jobs().await.unwrap();
        let ticket = env
            .db()
            .tickets()
            .get(env.guild_id(), number)
            .await
            .unwrap()
            .unwrap();
        if ticket.status == TicketStatus::Closed {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    false
}

e2e_test! {
    async fn the_opener_accepts_and_gets_the_summary_by_dm(env) {
        let ticket = open_ok(env, &env.ids.alice, None).await;
        let refused = request(env, &ticket, &env.ids.alice, json!([])).await;
        assert!(refused.content().starts_with("Only the support staff"), "{}", refused.content());

        let asked = request(env, &ticket, &env.ids.owner, json!([{"name": "reason", "value": "All done"}])).await;
        assert!(!asked.is_ephemeral());
        assert_eq!(asked.content(), format!("<@{}>, <@{}> thinks this ticket can be closed. Is everything solved?\nReason: All done", env.ids.alice, env.ids.owner));
        let row = &asked.response.as_ref().unwrap()["data"]["components"][0]["components"];
        assert_eq!((row[0]["label"].as_str(), row[1]["label"].as_str()), (Some("Accept"), Some("Deny")), "the buttons read as the reference names them");
        let (message, accept, _) = buttons(env, &asked).await;
        let not_theirs = env.sim.click(&ticket, &message, &env.ids.owner, &accept).await;
        assert_eq!(not_theirs.content(), "Only the member who opened this ticket can answer this.");

        let accepted = env.sim.click(&ticket, &message, &env.ids.alice, &accept).await;
        assert_eq!(accepted.content(), "Closing this ticket…");
        assert!(wait_until_gone(env, &ticket).await);
        let stored = env.db().tickets().get(env.guild_id(), 1).await.unwrap().unwrap();
        assert_eq!((stored.status, stored.closed_by), (TicketStatus::Closed, Some(parse(&env.ids.alice))));
        assert_eq!(stored.close_reason.as_deref(), Some("All done"));

        let dms = env.sim.dms(&env.ids.alice).await;
        let summary = &dms.last().expect("a summary by DM")["embeds"][0];
        assert_eq!(summary["title"], "Your ticket on Demo Server was closed");
        let field = |name: &str| summary["fields"].as_array().unwrap().iter().find(|f| f["name"] == name).unwrap()["value"].clone();
        assert_eq!(field("Ticket"), "#1");
        assert_eq!(field("Closed by"), format!("<@{}>", env.ids.alice));
        assert_eq!(field("Reason"), "All done");
    }
}

e2e_test! {
    async fn deny_keeps_the_ticket_and_stops_its_delay(env) {
        let ticket = open_ok(env, &env.ids.alice, None).await;
        let asked = request(env, &ticket, &env.ids.owner, json!([{"name": "close_delay", "value": 2}])).await;
        assert!(asked.content().contains("Without an answer, it closes by itself <t:"), "{}", asked.content());
        let (message, _, deny) = buttons(env, &asked).await;
        let denied = env.sim.click(&ticket, &message, &env.ids.alice, &deny).await;
        assert_eq!(denied.response.as_ref().unwrap()["type"], 7, "the request message is updated");
        assert_eq!(denied.content(), format!("<@{}> wants to keep this ticket open, so it stays open.", env.ids.alice));
        assert!(env.sim.messages(&ticket).await.iter().any(|m| m["id"] == message.as_str() && m["components"].as_array().is_none_or(Vec::is_empty)), "its buttons are gone");

        env.advance_clock(Duration::from_secs(3 * 3600));
        env.core().run_due_jobs().await.unwrap();
        let stored = env.db().tickets().get(env.guild_id(), 1).await.unwrap().unwrap();
        assert_eq!(stored.status, TicketStatus::Open, "denied: no closing by itself");
        assert!(channel(env, &ticket).await.is_some());
    }
}

e2e_test! {
    async fn an_unanswered_request_closes_after_its_delay_even_across_a_restart(env) {
        let ticket = open_ok(env, &env.ids.alice, None).await;
        env.sim.set_accepts_dms(&env.ids.alice, false).await;
        // The close summary DM to Alice: 403 50007, Cannot send messages to this user.
        env.expect_refusal("POST", "/channels/{channel_id}/messages", 403);
        request(env, &ticket, &env.ids.owner, json!([{"name": "close_delay", "value": 1}, {"name": "reason", "value": "No answer"}])).await;
        // Not yet: nothing happens before the delay.
        env.advance_clock(Duration::from_secs(30 * 60));
        env.core().run_due_jobs().await.unwrap();
        assert!(channel(env, &ticket).await.is_some());

        env.restart_app().await;
        env.advance_clock(Duration::from_secs(31 * 60));
        assert!(run_jobs_until_closed(env, 1).await, "closed by itself after the delay");
        assert!(wait_until_gone(env, &ticket).await);
        let stored = env.db().tickets().get(env.guild_id(), 1).await.unwrap().unwrap();
        assert_eq!(stored.closed_by, Some(parse(&env.ids.owner)), "closed as the staff member who asked");
        assert_eq!(stored.close_reason.as_deref(), Some("No answer"));
        // Alice refuses DMs: no summary, and no error kept the channel.
        assert!(env.sim.dms(&env.ids.alice).await.is_empty());
    }
}

e2e_test! {
    async fn an_excluded_ticket_never_closes_by_itself(env) {
        let ticket = open_ok(env, &env.ids.alice, None).await;
        request(env, &ticket, &env.ids.owner, json!([{"name": "close_delay", "value": 1}])).await;
        let member = env.sim.command(&env.ids.guild, &ticket, &env.ids.alice, "autoclose", json!([{"name": "exclude", "options": []}])).await;
        assert!(member.content().starts_with("Only the support staff"), "{}", member.content());
        let excluded = env.sim.command(&env.ids.guild, &ticket, &env.ids.owner, "autoclose", json!([{"name": "exclude", "options": []}])).await;
        assert_eq!(excluded.content(), "This ticket will not close by itself, whatever close requests say.");
        // A request made after the exclusion does not even announce a delay.
        let later = request(env, &ticket, &env.ids.owner, json!([{"name": "close_delay", "value": 1}])).await;
        assert!(!later.content().contains("closes by itself"), "{}", later.content());

        env.advance_clock(Duration::from_secs(2 * 3600));
        env.core().run_due_jobs().await.unwrap();
        let stored = env.db().tickets().get(env.guild_id(), 1).await.unwrap().unwrap();
        assert_eq!(stored.status, TicketStatus::Open);
    }
}
