//! "Start Ticket" on a message: who may use it, the quote with its link, the sender brought in
//! (or kept out), and where the conversation went.

use crate::helpers::*;
use tickets_model::permissions::PermissionLevel;
use tickets_testkit::{Act, Env, e2e_test};

async fn start(env: &Env, user: &str, message: &str) -> Act {
    env.sim
        .message_command(
            &env.ids.guild,
            &env.ids.general,
            user,
            "Start Ticket",
            message,
        )
        .await
}

e2e_test! {
    async fn staff_start_a_ticket_about_a_message_with_its_sender(env) {
        let mut settings = env.db().settings().get(env.guild_id()).await.unwrap();
        settings.context_menu_level = PermissionLevel::Support;
        env.db().settings().save(&settings).await.unwrap();
        let said = env.sim.act_message(&env.ids.general, &env.ids.alice, "Is this allowed here?").await;
        let message = said["id"].as_str().unwrap().to_owned();

        // Below the server's level: refused, nothing opened.
        let refused = start(env, &env.ids.bob, &message).await;
        assert!(refused.content().starts_with("Only the support staff"), "{}", refused.content());
        assert_eq!(open_count(env, &env.ids.bob).await, 0);

        let started = start(env, &env.ids.owner, &message).await;
        let ticket = started.mentioned_channel().unwrap_or_else(|| panic!("{:?}", started.response));
        assert_eq!(access(env, &ticket, &env.ids.alice).await, (true, true), "the sender is in");
        assert_eq!(access(env, &ticket, &env.ids.bob).await, (false, false));
        let messages = env.sim.messages(&ticket).await;
        let quote = messages.iter().find(|m| m["embeds"][0]["title"] == "The message").expect("a quote");
        assert_eq!(quote["embeds"][0]["description"], "Is this allowed here?");
        assert_eq!(quote["embeds"][0]["url"], format!("https://discord.com/channels/{}/{}/{message}", env.ids.guild, env.ids.general));
        assert_eq!(quote["content"], format!("<@{}> started this ticket about a message from <@{}>:", env.ids.owner, env.ids.alice));
        let general = env.sim.messages(&env.ids.general).await;
        let notice = general.last().unwrap();
        assert_eq!(notice["content"], format!("This conversation continues in <#{ticket}>."));
        assert_eq!(notice["type"], 19, "a reply to the message");
    }
}

e2e_test! {
    async fn reports_can_keep_the_sender_out(env) {
        let mut settings = env.db().settings().get(env.guild_id()).await.unwrap();
        settings.context_menu_add_sender = false;
        settings.open_command_enabled = false;
        env.db().settings().save(&settings).await.unwrap();
        let said = env.sim.act_message(&env.ids.general, &env.ids.alice, "rude words").await;
        let message = said["id"].as_str().unwrap().to_owned();
        let before = env.sim.messages(&env.ids.general).await.len();

        // A member reports the message; /open being off does not stop the menu.
        let started = start(env, &env.ids.bob, &message).await;
        let ticket = started.mentioned_channel().unwrap_or_else(|| panic!("{:?}", started.response));
        assert_eq!(access(env, &ticket, &env.ids.bob).await, (true, true));
        assert_eq!(access(env, &ticket, &env.ids.alice).await, (false, false), "the reported member is not told");
        assert_eq!(env.sim.messages(&env.ids.general).await.len(), before, "no notice in the channel");
        assert_eq!(open_count(env, &env.ids.bob).await, 1);
    }
}
