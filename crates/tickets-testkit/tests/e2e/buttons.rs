//! The buttons of a ticket's welcome message: Close With Reason (a modal) and Claim, and the
//! server settings that shape them.

use crate::helpers::*;
use serde_json::{Value, json};
use tickets_model::ticket::TicketStatus;
use tickets_testkit::{Env, e2e_test, parse};

async fn welcome(env: &Env, ticket: &str) -> Value {
    env.sim.messages(ticket).await.remove(0)
}

fn labels(message: &Value) -> Vec<String> {
    message["components"][0]["components"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["label"].as_str().unwrap().to_owned())
        .collect()
}

e2e_test! {
    async fn close_with_reason_asks_in_a_modal_and_records_the_reason(env) {
        let ticket = open_ok(env, &env.ids.alice, None).await;
        let message = welcome(env, &ticket).await;
        assert_eq!(labels(&message), ["Close", "Close With Reason", "Claim"]);
        let id = message["id"].as_str().unwrap();

        let shown = env.sim.click(&ticket, id, &env.ids.alice, "t:close:r").await;
        let response = shown.response.clone().unwrap();
        assert_eq!(response["type"], 9, "a modal: {response}");
        assert_eq!(response["data"]["title"], "Close this ticket");

        let submitted = env
            .sim
            .submit_modal(&ticket, &env.ids.alice, "t:close:rm", json!({"reason": "Solved, thanks"}))
            .await;
        assert_eq!(submitted.content(), "Closing this ticket…", "{:?} {:?}", submitted.response, submitted.error);
        assert!(!submitted.is_ephemeral());
        assert!(wait_until_gone(env, &ticket).await);
        let stored = env.db().tickets().get(env.guild_id(), 1).await.unwrap().unwrap();
        assert_eq!(stored.status, TicketStatus::Closed);
        assert_eq!(stored.close_reason.as_deref(), Some("Solved, thanks"));
    }
}

e2e_test! {
    async fn only_staff_claim_and_the_first_claim_wins(env) {
        let ticket = open_ok(env, &env.ids.alice, None).await;
        let id = welcome(env, &ticket).await["id"].as_str().unwrap().to_owned();

        let refused = env.sim.click(&ticket, &id, &env.ids.alice, "t:claim").await;
        assert!(refused.is_ephemeral());
        assert_eq!(refused.content(), "Only the staff can claim tickets.");

        let claimed = env.sim.click(&ticket, &id, &env.ids.owner, "t:claim").await;
        assert!(!claimed.is_ephemeral());
        assert_eq!(claimed.content(), format!("<@{}> claimed this ticket and will help you.", env.ids.owner));
        let stored = env.db().tickets().get_by_channel(env.guild_id(), parse(&ticket)).await.unwrap().unwrap();
        assert_eq!(stored.claimed_by, Some(parse(&env.ids.owner)));

        let again = env.sim.click(&ticket, &id, &env.ids.owner, "t:claim").await;
        assert_eq!(again.content(), format!("This ticket is already claimed by <@{}>.", env.ids.owner));
    }
}

e2e_test! {
    async fn servers_can_hide_claim_and_keep_closing_to_staff(env) {
        let mut settings = env.db().settings().get(env.guild_id()).await.unwrap();
        settings.hide_claim_button = true;
        settings.allow_users_close = false;
        env.db().settings().save(&settings).await.unwrap();

        let ticket = open_ok(env, &env.ids.alice, None).await;
        assert_eq!(labels(&welcome(env, &ticket).await), ["Close", "Close With Reason"]);
        let refused = close(env, &env.ids.alice, &ticket, None).await;
        assert!(refused.is_ephemeral());
        assert_eq!(
            refused.content(),
            "Only the staff can close tickets in this server. Ask them when you are done."
        );
        assert_eq!(open_count(env, &env.ids.alice).await, 1);
        let closed = close(env, &env.ids.owner, &ticket, None).await;
        assert_eq!(closed.content(), "Closing this ticket…");
        assert!(wait_until_gone(env, &ticket).await);
    }
}
