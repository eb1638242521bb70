//! Automatic closing with a moved clock: `/autoclose configure` answers with the settings, a
//! warning with Keep it open comes at the lead time, Keep it open starts the timer again, the
//! ticket closes at its deadline (as the bot, through the usual close), a restart in between
//! changes nothing, excluded tickets never close, and a ticket closes when its opener leaves.

use crate::helpers::*;
use serde_json::{Value, json};
use std::time::Duration;
use tickets_model::ticket::TicketStatus;
use tickets_testkit::{Act, Env, e2e_test, parse};

const MINUTE: Duration = Duration::from_secs(60);

async fn configure(env: &Env, options: Value) -> Act {
    env.sim
        .command(
            &env.ids.guild,
            &env.ids.general,
            &env.ids.owner,
            "autoclose",
            json!([{"name": "configure", "options": options}]),
        )
        .await
}

/// The warnings posted in a ticket: (message id, content), oldest first.
async fn warnings(env: &Env, ticket: &str) -> Vec<(String, String)> {
    env.sim
        .messages(ticket)
        .await
        .iter()
        .filter(|m| m["components"][0]["components"][0]["custom_id"].as_str() == Some("t:keep"))
        .map(|m| {
            (
                m["id"].as_str().unwrap().to_owned(),
                m["content"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

async fn status(env: &Env, number: i64) -> TicketStatus {
    env.db()
        .tickets()
        .get(env.guild_id(), number)
        .await
        .unwrap()
        .unwrap()
        .status
}

/// Moves the clock and runs what fell due.
async fn pass(env: &Env, by: Duration) {
    env.advance_clock(by);
    env.core().run_due_jobs().await.unwrap();
}

/// Runs due jobs until the ticket is closed (bounded): closing runs its archive job too.
async fn closes(env: &Env, number: i64) -> bool {
    for _ in 0..100 {
        env.core().run_due_jobs().await.unwrap();
        if status(env, number).await == TicketStatus::Closed {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    false
}

e2e_test! {
    async fn a_ticket_without_messages_is_warned_then_closed_even_across_a_restart(env) {
        let refused = env.sim.command(&env.ids.guild, &env.ids.general, &env.ids.alice, "autoclose", json!([{"name": "configure", "options": [{"name": "enabled", "value": true}]}])).await;
        assert!(refused.is_ephemeral() && refused.content().starts_with("Only"), "{}", refused.content());
        let bad = configure(env, json!([{"name": "since_last_message", "value": "2 fortnights"}])).await;
        assert_eq!(bad.content(), "Since last message must be a length of time such as 90m, 2h or 1d 6h, from 1 minute to 90 days (0 or off turns it off).");
        let answer = configure(env, json!([{"name": "enabled", "value": true}, {"name": "since_last_message", "value": "4h"}])).await;
        assert!(answer.is_ephemeral());
        assert_eq!(answer.content(), "Auto Close settings:\nEnabled: on\nSince open with no response: off\nSince last message: 4 hours\nClose on user leave: off");

        let ticket = open_ok(env, &env.ids.alice, None).await;
        // The warning comes a quarter of the rule's time before the deadline: not a minute early.
        pass(env, 3 * 60 * MINUTE - MINUTE).await;
        assert!(warnings(env, &ticket).await.is_empty());
        pass(env, MINUTE).await;
        let posted = warnings(env, &ticket).await;
        assert_eq!(posted.len(), 1, "{posted:?}");
        assert_eq!(posted[0].1, format!("<@{}> This ticket will close in 1 hour for inactivity.", env.ids.alice));
        let message = env.sim.messages(&ticket).await.into_iter().find(|m| m["id"] == posted[0].0.as_str()).unwrap();
        assert_eq!(message["components"][0]["components"][0]["label"], "Keep it open");

        // A restart changes nothing: no second warning, no early close, the close on time.
        env.restart_app().await;
        pass(env, 59 * MINUTE).await;
        assert_eq!(status(env, 1).await, TicketStatus::Open);
        assert_eq!(warnings(env, &ticket).await.len(), 1, "one warning only");
        env.advance_clock(MINUTE);
        assert!(closes(env, 1).await, "closed at the deadline");
        assert!(wait_until_gone(env, &ticket).await);
        let stored = env.db().tickets().get(env.guild_id(), 1).await.unwrap().unwrap();
        assert_eq!(stored.closed_by, Some(parse(&env.ids.bot_user)), "closed by the bot");
        assert_eq!(stored.close_reason.as_deref(), Some("Inactivity"));
        // The usual close: the opener gets the summary.
        let dms = env.sim.dms(&env.ids.alice).await;
        assert_eq!(dms.last().expect("a summary by DM")["embeds"][0]["title"], "Your ticket on Demo Server was closed");
    }
}

e2e_test! {
    async fn messages_move_the_deadline_and_the_openers_answer_ends_since_open(env) {
        grant(env, &env.ids.owner, "addsupport", &env.ids.staff).await;
        configure(env, json!([{"name": "enabled", "value": true}, {"name": "since_open_with_no_response", "value": "1h"}, {"name": "since_last_message", "value": "2h"}])).await;
        let ticket = open_ok(env, &env.ids.alice, None).await;
        pass(env, 40 * MINUTE).await;
        assert!(warnings(env, &ticket).await.is_empty());
        // Staff writing is no answer of the opener's: since open goes on, and warns at 45 minutes.
        writes(env, &ticket, &env.ids.staff, "a message").await;
        pass(env, 5 * MINUTE).await;
        let posted = warnings(env, &ticket).await;
        assert_eq!(posted.len(), 1, "{posted:?}");
        assert!(posted[0].1.ends_with("This ticket will close in 15 minutes for inactivity."), "{}", posted[0].1);
        // The opener answers: since open is over; the last message now counts from here.
        writes(env, &ticket, &env.ids.alice, "a message").await;
        pass(env, 30 * MINUTE).await;
        assert_eq!(status(env, 1).await, TicketStatus::Open, "since open no longer applies");
        // Since last message warns 1h30 after her message, and closes 2h after it.
        pass(env, 59 * MINUTE).await;
        assert_eq!(warnings(env, &ticket).await.len(), 1);
        pass(env, MINUTE).await;
        let posted = warnings(env, &ticket).await;
        assert_eq!(posted.len(), 2, "{posted:?}");
        assert!(posted[1].1.ends_with("This ticket will close in 30 minutes for inactivity."), "{}", posted[1].1);
        env.restart_app().await;
        pass(env, 29 * MINUTE).await;
        assert_eq!(status(env, 1).await, TicketStatus::Open);
        env.advance_clock(MINUTE);
        assert!(closes(env, 1).await, "closed 2 hours after the last message");
    }
}

e2e_test! {
    async fn keep_it_open_starts_the_timer_again(env) {
        configure(env, json!([{"name": "enabled", "value": true}, {"name": "since_open_with_no_response", "value": "2h"}])).await;
        let ticket = open_ok(env, &env.ids.alice, None).await;
        pass(env, 90 * MINUTE).await;
        let posted = warnings(env, &ticket).await;
        assert_eq!(posted.len(), 1);
        assert_eq!(posted[0].1, format!("<@{}> This ticket will close in 30 minutes for inactivity.", env.ids.alice));

        let kept = env.sim.click(&ticket, &posted[0].0, &env.ids.alice, "t:keep").await;
        assert_eq!(kept.response.as_ref().unwrap()["type"], 7, "the warning is updated");
        assert_eq!(kept.content(), format!("<@{}> kept this ticket open: it will not close for inactivity for now.", env.ids.alice));
        assert!(env.sim.messages(&ticket).await.iter().any(|m| m["id"] == posted[0].0.as_str() && m["components"].as_array().is_none_or(Vec::is_empty)), "its button is gone");

        // The old deadline passes: still open, and the next warning comes 1h30 after keeping.
        pass(env, 60 * MINUTE).await;
        assert_eq!(status(env, 1).await, TicketStatus::Open);
        assert!(warnings(env, &ticket).await.is_empty(), "no warning before its time");
        pass(env, 30 * MINUTE).await;
        assert_eq!(warnings(env, &ticket).await.len(), 1, "warned again");
        env.advance_clock(30 * MINUTE);
        assert!(closes(env, 1).await);
    }
}

e2e_test! {
    async fn an_excluded_ticket_never_closes_by_itself(env) {
        configure(env, json!([{"name": "enabled", "value": true}, {"name": "since_last_message", "value": "1h"}, {"name": "since_open_with_no_response", "value": "90m"}])).await;
        let ticket = open_ok(env, &env.ids.alice, None).await;
        let excluded = env.sim.command(&env.ids.guild, &ticket, &env.ids.owner, "autoclose", json!([{"name": "exclude", "options": []}])).await;
        assert_eq!(excluded.content(), "This ticket will not close by itself, whatever close requests say.");
        for _ in 0..4 {
            pass(env, 60 * MINUTE).await;
        }
        env.restart_app().await;
        pass(env, 24 * 60 * MINUTE).await;
        assert_eq!(status(env, 1).await, TicketStatus::Open);
        assert!(warnings(env, &ticket).await.is_empty());
        assert!(channel(env, &ticket).await.is_some());
    }
}

e2e_test! {
    async fn turning_a_rule_off_stops_its_timers(env) {
        configure(env, json!([{"name": "enabled", "value": true}, {"name": "since_last_message", "value": "1h"}])).await;
        let ticket = open_ok(env, &env.ids.alice, None).await;
        let answer = configure(env, json!([{"name": "since_last_message", "value": "off"}])).await;
        assert!(answer.content().contains("Since last message: off"), "{}", answer.content());
        pass(env, 3 * 60 * MINUTE).await;
        assert_eq!(status(env, 1).await, TicketStatus::Open);
        assert!(warnings(env, &ticket).await.is_empty());
    }
}

e2e_test! {
    async fn a_ticket_closes_when_its_opener_leaves_the_server(env) {
        let answer = configure(env, json!([{"name": "enabled", "value": true}, {"name": "on_user_leave", "value": true}])).await;
        assert!(answer.content().contains("needs the Server Members intent"), "without the intent the answer says so: {}", answer.content());
        env.set_members_intent(true);
        env.restart_app().await;
        let answer = configure(env, json!([])).await;
        assert!(!answer.content().contains("Server Members intent"), "{}", answer.content());

        let alices = open_ok(env, &env.ids.alice, None).await;
        let bobs = open_ok(env, &env.ids.bob, None).await;
        env.sim.remove_member(&env.ids.guild, &env.ids.alice).await;
        assert!(wait_until_gone(env, &alices).await, "Alice's ticket closed");
        let stored = env.db().tickets().get(env.guild_id(), 1).await.unwrap().unwrap();
        assert_eq!(stored.close_reason.as_deref(), Some("The opener left the server"));
        assert_eq!(stored.closed_by, Some(parse(&env.ids.bot_user)));
        assert_eq!(status(env, 2).await, TicketStatus::Open, "Bob's stays");
        assert!(channel(env, &bobs).await.is_some());
    }
}

e2e_test! {
    async fn the_auto_close_card_saves_rules_and_panel_overrides_and_refuses_bad_times(env) {
        use crate::dashboard_pages::Browser;
        use tickets_store::autoclose::Override;
        let channel = channel_id_named(env, "general").await;
        let draft = tickets_core::panels::PanelDraft::new(tickets_model::panel::PanelTitle::parse("Billing").unwrap(), parse(&channel));
        let panel = env.core().create_panel(&env.owner(), &draft).await.unwrap().panel_id;
        let admin = Browser::login(env, &env.ids.owner).await;
        let settings = format!("/guilds/{}/settings", env.ids.guild);
        let (status, page) = admin.get(&settings).await;
        assert_eq!(status, reqwest::StatusCode::OK);
        assert!(page.contains("Auto Close") && page.contains("name=\"since_last_message\""), "{page}");
        assert!(!page.contains("members-intent-missing"));

        let path = format!("{settings}/autoclose");
        let since = format!("panel_{panel}_since_last_message");
        let leave = format!("panel_{panel}_on_user_leave");
        let refused = admin.post(&path, &[("autoclose_enabled", "on"), ("since_open", "1d 6h"), ("since_last_message", "soon"), (&since, "off")]).await;
        assert_eq!(refused.0, reqwest::StatusCode::UNPROCESSABLE_ENTITY);
        assert!(refused.1.contains("Since last message must be a length of time such as 90m, 2h or 1d 6h"), "{}", refused.1);
        assert!(refused.1.contains("value=\"1d 6h\""), "what was typed stays: {}", refused.1);
        assert!(!env.db().autoclose().settings(env.guild_id()).await.unwrap().enabled, "nothing saved");

        let saved = admin.post(&path, &[("autoclose_enabled", "on"), ("autoclose_on_user_leave", "on"), ("since_open", "1d 6h"), ("since_last_message", "90m"), ("autoclose_warning", "10m"), (&since, "off"), (&leave, "on")]).await;
        assert_eq!(saved, (reqwest::StatusCode::SEE_OTHER, format!("{settings}?saved=1")));
        let stored = env.db().autoclose().settings(env.guild_id()).await.unwrap();
        assert_eq!((stored.enabled, stored.on_user_leave, stored.since_open_minutes, stored.since_last_message_minutes, stored.warning_minutes), (true, true, Some(30 * 60), Some(90), Some(10)));
        let overrides = env.db().autoclose().panel(env.guild_id(), panel).await.unwrap();
        assert_eq!((overrides.since_open, overrides.since_last_message, overrides.on_user_leave), (Override::Server, Override::Off, Override::Set(true)));
        let (_, page) = admin.get(&settings).await;
        assert!(page.contains("value=\"1d 6h\"") && page.contains("value=\"1h 30m\""), "{page}");
        // Closing on leave is on, but this bot does not ask for the Server Members intent.
        assert!(page.contains("members-intent-missing") && page.contains("needs the Server Members intent"), "{page}");
    }
}

e2e_test! {
    async fn a_panel_that_turns_a_rule_off_keeps_its_tickets_open(env) {
        use tickets_store::autoclose::{Override, PanelAutoclose};
        let general = channel_id_named(env, "general").await;
        let draft = tickets_core::panels::PanelDraft::new(tickets_model::panel::PanelTitle::parse("Billing").unwrap(), parse(&general));
        let panel = env.core().create_panel(&env.owner(), &draft).await.unwrap();
        let overrides = PanelAutoclose { since_last_message: Override::Off, ..PanelAutoclose::default() };
        env.db().autoclose().save_panel(env.guild_id(), panel.panel_id, &overrides).await.unwrap();
        configure(env, json!([{"name": "enabled", "value": true}, {"name": "since_last_message", "value": "1h"}])).await;

        let message = panel.message_id.expect("the panel is posted").to_string();
        let clicked = env.sim.click(&general, &message, &env.ids.bob, &format!("t:p:{}", panel.panel_id)).await;
        let from_panel = clicked.mentioned_channel().expect("a link to the ticket");
        let from_open = open_ok(env, &env.ids.alice, None).await;
        pass(env, 45 * MINUTE).await;
        assert_eq!(warnings(env, &from_open).await.len(), 1, "the server's rule");
        assert!(warnings(env, &from_panel).await.is_empty(), "the panel's rule: off");
        env.advance_clock(15 * MINUTE);
        assert!(closes(env, 2).await, "the /open ticket closes");
        pass(env, 24 * 60 * MINUTE).await;
        assert_eq!(status(env, 1).await, TicketStatus::Open, "the panel's ticket stays open");
        assert!(channel(env, &from_panel).await.is_some());
    }
}
