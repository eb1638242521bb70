//! Working a thread ticket: `/add`, `/remove` and `/rename` act on the thread's members and
//! name; `/reopen` brings a closed thread back, with the limit checked again, and is refused
//! for channel tickets; its suggestions list the closed thread tickets.

use crate::helpers::*;
use crate::threads::{click_panel, members, panel, sorted, thread_mode, wait_for_channel};
use serde_json::json;
use tickets_testkit::{Env, e2e_test};

async fn run(
    env: &Env,
    channel: &str,
    user: &str,
    name: &str,
    options: serde_json::Value,
) -> tickets_testkit::Act {
    env.sim
        .command(&env.ids.guild, channel, user, name, options)
        .await
}

e2e_test! {
    async fn add_remove_and_rename_work_on_the_thread(env) {
        thread_mode(env).await;
        let role = staff_role(env).await;
        grant(env, &env.ids.owner, "addsupport", &role).await;
        let billing = panel(env, "Billing", None).await;
        let (alice, bob, staff, owner, bot) = (&env.ids.alice, &env.ids.bob, &env.ids.staff, &env.ids.owner, &env.ids.bot_user);
        let thread = click_panel(env, alice, &billing).await.mentioned_channel().unwrap();

        let added = run(env, &thread, owner, "add", json!([{"name": "user", "value": bob}])).await;
        assert!(added.error.is_none(), "{:?}", added.error);
        assert_eq!(members(&channel_of(env, &thread).await), sorted(&[alice, bot, bob]));
        assert!(env.sim.can_view(&thread, bob).await);
        // A role is pinged in: its members who see the channel join.
        run(env, &thread, owner, "add", json!([{"name": "user", "value": role}])).await;
        assert_eq!(members(&channel_of(env, &thread).await), sorted(&[alice, bot, bob, staff]));
        run(env, &thread, owner, "remove", json!([{"name": "user", "value": bob}])).await;
        run(env, &thread, owner, "remove", json!([{"name": "user", "value": role}])).await;
        assert_eq!(members(&channel_of(env, &thread).await), sorted(&[alice, bot]), "the opener stays");
        assert!(!env.sim.can_view(&thread, bob).await);

        let renamed = run(env, &thread, owner, "rename", json!([{"name": "new_ticket_name", "value": "Refund  for Alice"}])).await;
        assert!(renamed.error.is_none(), "{:?}", renamed.error);
        assert_eq!(channel_of(env, &thread).await["name"], "Refund for Alice", "threads keep spaces and capitals");
    }
}

e2e_test! {
    each_delivery async fn reopen_brings_a_closed_thread_back_within_the_limit(env) {
        let alerts = thread_mode(env).await;
        let billing = panel(env, "Billing", None).await;
        let (alice, owner) = (&env.ids.alice, &env.ids.owner);
        let mut settings = env.db().settings().get(env.guild_id()).await.unwrap();
        settings.ticket_limit = 1;
        env.db().settings().save(&settings).await.unwrap();
        let thread = click_panel(env, alice, &billing).await.mentioned_channel().unwrap();
        env.sim.act_message(&thread, alice, "My refund never came").await;
        close(env, owner, &thread, None).await;
        wait_for_channel(env, &thread, |t| t["thread_metadata"]["locked"] == true).await;

        // Suggestions list it; members may not reopen.
        let suggest = env.sim.autocomplete(&env.ids.guild, &env.ids.general, owner, "reopen", json!([{"name": "ticket_id", "value": 1}]), "ticket_id").await;
        let choices = &suggest.response.as_ref().unwrap()["data"]["choices"];
        assert_eq!(choices[0]["value"], 1, "{choices}");
        let refused = run(env, &env.ids.general, alice, "reopen", json!([{"name": "ticket_id", "value": 1}])).await;
        assert!(refused.content().starts_with("Only the support staff"), "{}", refused.content());

        // Alice opened another ticket meanwhile: with a limit of 1 hers cannot reopen.
        let second = click_panel(env, alice, &billing).await.mentioned_channel().unwrap();
        let full = run(env, &env.ids.general, owner, "reopen", json!([{"name": "ticket_id", "value": 1}])).await;
        assert_eq!(full.content(), "The ticket's opener already has 1 open tickets, and this server allows 1. One of them has to close before this one can reopen.");
        close(env, owner, &second, None).await;
        wait_for_channel(env, &second, |t| t["thread_metadata"]["locked"] == true).await;

        let reopened = run(env, &env.ids.general, owner, "reopen", json!([{"name": "ticket_id", "value": 1}])).await;
        assert_eq!(reopened.content(), format!("Ticket #1 is open again: <#{thread}>."));
        let found = channel_of(env, &thread).await;
        assert_eq!((found["thread_metadata"]["archived"].as_bool(), found["thread_metadata"]["locked"].as_bool()), (Some(false), Some(false)));
        let told = env.sim.messages(&thread).await.pop().unwrap();
        assert_eq!(told["content"], format!("<@{alice}>, your ticket was reopened by <@{owner}>. You can write here again."));
        assert_eq!(open_count(env, alice).await, 1);
        let note = env.sim.messages(&alerts).await;
        let first = note.iter().find(|m| m["embeds"][0]["title"] == "New ticket #1").unwrap();
        assert_ne!(first["components"][0]["components"][0]["disabled"], true, "joinable again");
        assert!(first["embeds"][0]["fields"].as_array().unwrap().iter().all(|f| f["name"] != "Closed"), "{first}");
        let again = run(env, &env.ids.general, owner, "reopen", json!([{"name": "ticket_id", "value": 1}])).await;
        assert_eq!(again.content(), "That is not a closed ticket you work. /reopen suggests the closed thread tickets you may reopen.");

        // Closing again keeps a transcript of everything, from before the reopening too.
        env.sim.act_message(&thread, alice, "It came, thanks").await;
        close(env, owner, &thread, None).await;
        wait_for_channel(env, &thread, |t| t["thread_metadata"]["locked"] == true).await;
        let view = env.core().transcript(&env.owner(), 1).await.unwrap();
        let texts: Vec<&str> = view.document.messages.iter().map(|m| m.content.as_str()).collect();
        assert!(texts.contains(&"My refund never came") && texts.contains(&"It came, thanks"), "{texts:?}");
    }
}

e2e_test! {
    async fn channel_tickets_cannot_be_reopened(env) {
        let ticket = open_ok(env, &env.ids.alice, None).await;
        close(env, &env.ids.owner, &ticket, None).await;
        assert!(wait_until_gone(env, &ticket).await);
        let refused = run(env, &env.ids.general, &env.ids.owner, "reopen", json!([{"name": "ticket_id", "value": 1}])).await;
        assert_eq!(refused.content(), "Channel tickets cannot be reopened once closed: their channel is deleted. Only thread-mode tickets can be reopened.");
        let none = env.sim.autocomplete(&env.ids.guild, &env.ids.general, &env.ids.owner, "reopen", json!([{"name": "ticket_id", "value": 1}]), "ticket_id").await;
        assert_eq!(none.response.as_ref().unwrap()["data"]["choices"], json!([]));
    }
}
