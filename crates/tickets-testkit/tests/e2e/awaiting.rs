//! Awaiting user response: ten minutes after the staff's last message with no answer from the
//! opener, a ticket channel moves to its panel's awaiting-response category, and it goes back to
//! where it was as soon as the opener writes. An answer within the ten minutes keeps it in place.

use crate::helpers::*;
use std::time::Duration;
use tickets_core::panels::PanelDraft;
use tickets_model::panel::PanelTitle;
use tickets_testkit::{Env, e2e_test, parse};

/// A panel in #open-a-ticket whose tickets open in "Billing" and await in "Awaiting answer";
/// returns the ticket alice opens from it, with both categories.
async fn ticket_of_awaiting_panel(env: &Env) -> (String, String, String) {
    let home = env
        .sim
        .create_channel(&env.ids.guild, "Billing", 4, None)
        .await;
    let awaiting = env
        .sim
        .create_channel(&env.ids.guild, "Awaiting answer", 4, None)
        .await;
    let at = channel_id_named(env, "open-a-ticket").await;
    let draft = PanelDraft {
        category_id: Some(parse(&home)),
        awaiting_category_id: Some(parse(&awaiting)),
        ..PanelDraft::new(PanelTitle::parse("Billing").unwrap(), parse(&at))
    };
    let panel = env.core().create_panel(&env.owner(), &draft).await.unwrap();
    let message = panel.message_id.expect("the panel is posted").to_string();
    let act = env
        .sim
        .click(
            &at,
            &message,
            &env.ids.alice,
            &format!("t:p:{}", panel.panel_id),
        )
        .await;
    let ticket = act.mentioned_channel().expect("a ticket");
    (ticket, home, awaiting)
}

/// The category the channel is in now.
async fn parent(env: &Env, ticket: &str) -> Option<String> {
    channel(env, ticket).await.unwrap()["parent_id"]
        .as_str()
        .map(str::to_owned)
}

/// Moves Core's clock and runs what fell due.
async fn after(env: &Env, minutes: u64) {
    env.advance_clock(Duration::from_secs(minutes * 60));
    env.core().run_due_jobs().await.unwrap();
}

e2e_test! {
    async fn an_unanswered_ticket_waits_in_its_category_until_the_opener_writes(env) {
        let (ticket, home, awaiting) = ticket_of_awaiting_panel(env).await;
        assert_eq!(parent(env, &ticket).await.as_deref(), Some(home.as_str()));

        writes(env, &ticket, &env.ids.owner, "a message").await;
        after(env, 9).await;
        assert_eq!(parent(env, &ticket).await.as_deref(), Some(home.as_str()), "nine minutes: stays");
        after(env, 2).await;
        assert_eq!(parent(env, &ticket).await.as_deref(), Some(awaiting.as_str()), "eleven minutes: moved");
        // Running the jobs again changes nothing.
        after(env, 30).await;
        assert_eq!(parent(env, &ticket).await.as_deref(), Some(awaiting.as_str()));

        writes(env, &ticket, &env.ids.alice, "a message").await;
        assert_eq!(parent(env, &ticket).await.as_deref(), Some(home.as_str()), "the opener answered: back");
        // The opener's access survived both moves.
        assert_eq!(access(env, &ticket, &env.ids.alice).await, (true, true));
    }
}

e2e_test! {
    async fn an_answer_within_ten_minutes_keeps_the_ticket_where_it_is(env) {
        let (ticket, home, _) = ticket_of_awaiting_panel(env).await;
        writes(env, &ticket, &env.ids.owner, "a message").await;
        after(env, 5).await;
        writes(env, &ticket, &env.ids.alice, "a message").await;
        after(env, 10).await;
        assert_eq!(parent(env, &ticket).await.as_deref(), Some(home.as_str()));
        // The opener writing, or someone else, never moves it.
        writes(env, &ticket, &env.ids.alice, "a message").await;
        after(env, 60).await;
        assert_eq!(parent(env, &ticket).await.as_deref(), Some(home.as_str()));
    }
}
