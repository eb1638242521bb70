//! `/notes`: the staff's private thread inside a channel ticket. One thread per ticket, which
//! every staff member who asks is added to and the opener cannot see; refused to the opener,
//! outside tickets and in thread tickets; an archived thread is brought back, a deleted one made
//! anew.

use crate::helpers::*;
use serde_json::{Value, json};
use tickets_testkit::{Act, Env, e2e_test, parse};

async fn notes(env: &Env, channel: &str, user: &str) -> Act {
    env.sim
        .command(&env.ids.guild, channel, user, "notes", json!([]))
        .await
}

/// The thread `/notes` answered with, which must be private to the member who asked.
fn thread_of(act: &Act) -> String {
    assert!(act.error.is_none(), "{:?}", act.error);
    assert!(act.is_ephemeral(), "{:?}", act.response);
    act.mentioned_channel()
        .unwrap_or_else(|| panic!("no thread in the answer: {}", act.content()))
}

/// The threads under `parent`.
async fn threads_under(env: &Env, parent: &str) -> Vec<Value> {
    env.sim
        .channels(&env.ids.guild)
        .await
        .into_iter()
        .filter(|c| c["parent_id"].as_str() == Some(parent) && c["thread_members"].is_array())
        .collect()
}

fn members(thread: &Value) -> Vec<String> {
    thread["thread_members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_str().unwrap().to_owned())
        .collect()
}

/// The demo server's Staff role made support staff (the Default team), before any ticket opens.
async fn staff_role_is_support(env: &Env) {
    let role = staff_role(env).await;
    grant(env, &env.ids.owner, "addsupport", &role).await;
    env.staff_changes_settled().await;
}

async fn notes_thread_recorded(env: &Env, ticket: &str) -> Option<String> {
    env.db()
        .tickets()
        .get_by_channel(env.guild_id(), parse(ticket))
        .await
        .unwrap()
        .unwrap()
        .notes_thread_id
        .map(|id| id.to_string())
}

e2e_test! {
    each_delivery async fn staff_share_one_private_notes_thread_the_opener_cannot_see(env) {
        let (owner, staff, alice, bob) = (env.ids.owner.clone(), env.ids.staff.clone(), env.ids.alice.clone(), env.ids.bob.clone());
        staff_role_is_support(env).await;
        let ticket = open_ok(env, &alice, None).await;
        let ticket_name = channel_of(env, &ticket).await["name"].as_str().unwrap().to_owned();

        let first = notes(env, &ticket, &staff).await;
        let thread = thread_of(&first);
        assert_eq!(first.content(), format!("The staff's notes thread of this ticket is <#{thread}>: the opener cannot see it."));
        let threads = threads_under(env, &ticket).await;
        assert_eq!(threads.len(), 1, "{threads:#?}");
        let shown = &threads[0];
        assert_eq!(shown["id"].as_str(), Some(thread.as_str()));
        assert_eq!(shown["type"], 12, "a private thread");
        assert_eq!(shown["name"].as_str(), Some(ticket_name.as_str()), "named after the ticket");
        assert_eq!(shown["thread_metadata"]["invitable"], false, "only the bot brings people in");
        assert!(members(shown).contains(&staff));
        assert!(env.sim.can_view(&thread, &staff).await);
        assert!(!env.sim.can_view(&thread, &alice).await, "the opener cannot see the notes");
        assert_eq!(notes_thread_recorded(env, &ticket).await, Some(thread.clone()));

        // A second staff member is added to the same thread.
        grant(env, &owner, "addsupport", &bob).await;
        env.staff_changes_settled().await;
        let second = notes(env, &ticket, &bob).await;
        assert_eq!(thread_of(&second), thread);
        assert_eq!(second.content(), format!("You were added to the staff's notes thread of this ticket: <#{thread}>."));
        let threads = threads_under(env, &ticket).await;
        assert_eq!(threads.len(), 1, "no second thread: {threads:#?}");
        assert!(members(&threads[0]).contains(&bob));
        assert!(env.sim.can_view(&thread, &bob).await);

        // The opener is refused, and so is /notes outside a ticket; nothing new appears.
        let by_opener = notes(env, &ticket, &alice).await;
        assert!(by_opener.is_ephemeral());
        assert_eq!(by_opener.content(), "Only the support staff of this server can do that. A bot admin can add you with /addsupport.");
        assert!(!members(&threads_under(env, &ticket).await[0]).contains(&alice));
        assert!(!env.sim.can_view(&thread, &alice).await);
        let outside = notes(env, &env.ids.general, &staff).await;
        assert_eq!(outside.content(), "This command only works inside a ticket channel.");
        assert!(threads_under(env, &env.ids.general).await.is_empty());
    }
}

e2e_test! {
    async fn an_archived_notes_thread_is_brought_back_and_a_deleted_one_made_anew(env) {
        let (owner, staff) = (env.ids.owner.clone(), env.ids.staff.clone());
        staff_role_is_support(env).await;
        let ticket = open_ok(env, &env.ids.alice, None).await;
        let thread = thread_of(&notes(env, &ticket, &staff).await);

        as_bot(env, reqwest::Method::PATCH, &format!("/channels/{thread}"), Some(json!({"archived": true}))).await;
        let back = notes(env, &ticket, &owner).await;
        assert_eq!(thread_of(&back), thread);
        let shown = channel_of(env, &thread).await;
        assert_eq!(shown["thread_metadata"]["archived"], false);
        assert!(members(&shown).contains(&owner));

        as_bot(env, reqwest::Method::DELETE, &format!("/channels/{thread}"), None).await;
        // The bot asks for the thread it remembers and hears that it is gone.
        env.expect_refusal("GET", "/channels/{channel_id}", 404);
        let anew = notes(env, &ticket, &staff).await;
        let new_thread = thread_of(&anew);
        assert_ne!(new_thread, thread);
        assert!(anew.content().starts_with("The staff's notes thread of this ticket is"), "{}", anew.content());
        let threads = threads_under(env, &ticket).await;
        assert_eq!(threads.len(), 1, "{threads:#?}");
        assert!(members(&threads[0]).contains(&staff));
        assert_eq!(notes_thread_recorded(env, &ticket).await, Some(new_thread));
    }
}

e2e_test! {
    async fn notes_are_refused_in_a_thread_ticket(env) {
        let staff = env.ids.staff.clone();
        staff_role_is_support(env).await;
        // A thread ticket, opened from a panel in thread mode, that the staff member joined.
        crate::threads::thread_mode(env).await;
        let help = crate::threads::panel(env, "Help", None).await;
        let thread = crate::threads::click_panel(env, &env.ids.alice, &help).await.mentioned_channel().unwrap();
        let alerts = env.db().settings().get(env.guild_id()).await.unwrap().ticket_notification_channel_id.unwrap().to_string();
        let note = crate::threads::notification(env, &alerts).await;
        let join = note["components"][0]["components"][0]["custom_id"].as_str().unwrap();
        env.sim.click(&alerts, note["id"].as_str().unwrap(), &staff, join).await;

        let refused = notes(env, &thread, &staff).await;
        assert!(refused.is_ephemeral());
        assert_eq!(refused.content(), "/notes cannot be used in this ticket: it is a thread, and Discord does not allow a thread inside a thread. Notes work in tickets opened as channels.");
        assert_eq!(notes_thread_recorded(env, &thread).await, None);
        assert!(threads_under(env, &thread).await.is_empty());
    }
}
