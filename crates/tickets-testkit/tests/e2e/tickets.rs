//! Opening and closing tickets by command and by button.

use crate::helpers::*;
use tickets_model::ticket::TicketStatus;
use tickets_testkit::{e2e_test, parse};
use twilight_model::guild::Permissions;

e2e_test! {
    each_delivery async fn open_then_close_by_command(env) {
        let act = open(env, &env.ids.alice, Some("My order never arrived")).await;
        assert!(act.is_ephemeral(), "the link to the ticket is only for the opener");
        assert!(act.content().starts_with("Your ticket is open: <#"), "{}", act.content());
        let id = act.mentioned_channel().unwrap();

        let created = channel(env, &id).await.expect("the ticket channel exists");
        assert_eq!(created["name"], "ticket-1");
        assert_eq!(created["parent_id"].as_str(), Some(env.ids.support_category.as_str()));

        let messages = env.sim.messages(&id).await;
        assert_eq!(messages.len(), 1, "one welcome message: {messages:?}");
        let welcome = &messages[0];
        assert_eq!(welcome["embeds"][0]["title"], "My order never arrived");
        let description = welcome["embeds"][0]["description"].as_str().unwrap();
        assert!(description.contains(&format!("<@{}>", env.ids.alice)), "{description}");
        let button = &welcome["components"][0]["components"][0];
        assert_eq!(button["label"], "Close");
        assert_eq!(button["custom_id"], "t:close");
        assert_eq!(open_count(env, &env.ids.alice).await, 1);

        let closed = close(env, &env.ids.alice, &id, Some("Solved, thanks")).await;
        assert_eq!(closed.content(), "Closing this ticket…");
        assert!(wait_until_gone(env, &id).await, "the channel is deleted");
        assert_eq!(open_count(env, &env.ids.alice).await, 0);
        let row = env.db().tickets().get(env.guild_id(), 1).await.unwrap().unwrap();
        assert_eq!(row.status, TicketStatus::Closed);
        assert_eq!(row.closed_by, Some(parse(&env.ids.alice)));
        assert_eq!(row.close_reason.as_deref(), Some("Solved, thanks"));
        assert!(row.closed_at.is_some());
    }
}

e2e_test! {
    each_delivery async fn close_by_button(env) {
        let id = open_ok(env, &env.ids.bob, None).await;
        let messages = env.sim.messages(&id).await;
        assert_eq!(messages[0]["embeds"][0]["title"], "No subject given");
        let message_id = messages[0]["id"].as_str().unwrap();
        // Close confirmation is on by default: the first click asks, privately.
        let prompt = env.sim.click(&id, message_id, &env.ids.bob, "t:close").await;
        assert!(prompt.is_ephemeral());
        assert_eq!(prompt.content(), "Are you sure you want to close this ticket?");
        assert!(channel(env, &id).await.is_some(), "nothing closed yet");
        let shown = env.sim.interaction(&prompt.interaction_id).await;
        let prompt_message = shown["original"]["id"].as_str().unwrap().to_owned();
        let act = env.sim.click(&id, &prompt_message, &env.ids.bob, "t:close:ok").await;
        assert!(act.error.is_none(), "{:?}", act.error);
        assert!(wait_until_gone(env, &id).await);
        assert_eq!(open_count(env, &env.ids.bob).await, 0);
    }
}

e2e_test! {
    async fn without_close_confirmation_the_button_closes_at_once(env) {
        let mut settings = env.db().settings().get(env.guild_id()).await.unwrap();
        settings.close_confirmation = false;
        env.db().settings().save(&settings).await.unwrap();
        let id = open_ok(env, &env.ids.bob, None).await;
        let message_id = env.sim.messages(&id).await[0]["id"].as_str().unwrap().to_owned();
        let act = env.sim.click(&id, &message_id, &env.ids.bob, "t:close").await;
        assert_eq!(act.content(), "Closing this ticket…");
        assert!(wait_until_gone(env, &id).await);
    }
}

e2e_test! {
    async fn only_the_opener_and_admins_see_the_ticket(env) {
        let id = open_ok(env, &env.ids.alice, None).await;
        assert!(env.sim.can_view(&id, &env.ids.alice).await, "the opener sees it");
        assert!(env.sim.can_view(&id, &env.ids.owner).await, "the owner (a bot admin) sees it");
        assert!(!env.sim.can_view(&id, &env.ids.bob).await, "another member does not");
        let alice = env.sim.permissions(&id, &env.ids.alice).await;
        assert_eq!(alice["send_messages"], true);
        let bob = env.sim.permissions(&id, &env.ids.bob).await;
        assert_eq!(bob["send_messages"], false);
    }
}

e2e_test! {
    async fn another_member_cannot_close_a_ticket(env) {
        let id = open_ok(env, &env.ids.alice, None).await;
        // Bob is let into the ticket (as /add will do), so he can see it and try to close it.
        let core = env.core().clone();
        let allow = Permissions::VIEW_CHANNEL | Permissions::SEND_MESSAGES;
        let overwrite = twilight_model::http::permission_overwrite::PermissionOverwrite {
            allow: Some(allow),
            deny: None,
            id: parse(&env.ids.bob),
            kind: twilight_model::http::permission_overwrite::PermissionOverwriteType::Member,
        };
        let add = core.discord().http().update_channel_permission(parse(&id), &overwrite);
        core.discord().call("update_channel_permission", add).await.unwrap();
        assert!(env.sim.can_view(&id, &env.ids.bob).await);
        let act = close(env, &env.ids.bob, &id, None).await;
        assert!(act.is_ephemeral());
        assert!(act.content().contains("Only the person who opened this ticket"), "{}", act.content());
        assert!(channel(env, &id).await.is_some(), "the ticket stays");
        assert_eq!(open_count(env, &env.ids.alice).await, 1);
        // The owner is a bot admin and may close it.
        close(env, &env.ids.owner, &id, None).await;
        assert!(wait_until_gone(env, &id).await);
    }
}

e2e_test! {
    async fn close_outside_a_ticket_is_refused(env) {
        let act = close(env, &env.ids.alice, &env.ids.general, None).await;
        assert!(act.is_ephemeral());
        assert_eq!(act.content(), "This command only works inside a ticket channel.");
        assert!(channel(env, &env.ids.general).await.is_some());
    }
}

e2e_test! {
    async fn happy_path_costs_few_discord_calls(env) {
        let before = env.sim.last_request_seq().await;
        let id = open_ok(env, &env.ids.alice, None).await;
        let opening = env.sim.requests_after(before).await;
        assert!(opening.len() <= 3, "opening took {} REST calls: {opening:#?}", opening.len());

        let before = env.sim.last_request_seq().await;
        close(env, &env.ids.alice, &id, None).await;
        assert!(wait_until_gone(env, &id).await);
        let closing = env.sim.requests_after(before).await;
        // The answer; the transcript: the application's intents (once per process), one page of
        // messages, the opener's name (nobody else is named in this ticket); the opener's DM
        // channel and summary; the channel's removal.
        assert!(closing.len() <= 7, "closing took {} REST calls: {closing:#?}", closing.len());
        eprintln!("REST calls: open {}, close {}", opening.len(), closing.len());
    }
}

e2e_test! {
    async fn deleting_a_ticket_channel_in_discord_closes_the_ticket(env) {
        let id = open_ok(env, &env.ids.alice, None).await;
        assert_eq!(open_count(env, &env.ids.alice).await, 1);
        // A staff member deletes the channel by hand; the bot only hears CHANNEL_DELETE.
        let core = env.core().clone();
        let channel_id = parse(&id);
        core.discord().call("delete_channel", core.discord().http().delete_channel(channel_id)).await.unwrap();
        for _ in 0..100 {
            if open_count(env, &env.ids.alice).await == 0 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        assert_eq!(open_count(env, &env.ids.alice).await, 0, "the ticket no longer counts as open");
        let row = env.db().tickets().get_by_channel(env.guild_id(), channel_id).await.unwrap().unwrap();
        assert_eq!(row.status, TicketStatus::Closed);
    }
}

e2e_test! {
    async fn help_lists_the_commands_each_member_may_use_and_about_says_what_this_is(env) {
        let (guild, general) = (env.ids.guild.clone(), env.ids.general.clone());
        let none = serde_json::json!([]);
        let member = env.sim.command(&guild, &general, &env.ids.alice, "help", none.clone()).await;
        assert!(member.is_ephemeral());
        let text = member.content();
        for command in ["`/open`", "`/close`", "`/help`", "`/about`"] {
            assert!(text.contains(command), "{text}");
        }
        assert!(!text.contains("`/blacklist`"), "an admin command shown to a member: {text}");
        let admin = env.sim.command(&guild, &general, &env.ids.owner, "help", none.clone()).await;
        assert!(admin.content().contains("`/blacklist`: Bar a member or a role"), "{}", admin.content());

        let about = env.sim.command(&guild, &general, &env.ids.bob, "about", none).await;
        assert!(about.content().starts_with(&format!("tickets {}:", env!("CARGO_PKG_VERSION"))), "{}", about.content());
    }
}
