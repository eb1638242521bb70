//! Panels: their message in Discord, and members opening tickets from them.

use crate::helpers::*;
use serde_json::Value;
use tickets_core::UseCaseError;
use tickets_core::panels::PanelDraft;
use tickets_model::PanelId;
use tickets_model::naming::{NamingScheme, NamingTemplate};
use tickets_model::panel::{
    ButtonLabel, ButtonStyle, Colour, ImageUrl, MentionOnOpen, PanelContent, PanelTitle,
    WelcomeMessage,
};
use tickets_testkit::{Env, e2e_test, parse};

/// `#open-a-ticket` of the demo server.
async fn panel_channel(env: &Env) -> String {
    channel_named(env, "open-a-ticket").await
}

async fn channel_named(env: &Env, name: &str) -> String {
    env.sim
        .channels(&env.ids.guild)
        .await
        .into_iter()
        .find(|c| c["name"] == name)
        .and_then(|c| c["id"].as_str().map(str::to_owned))
        .unwrap_or_else(|| panic!("no channel {name}"))
}

fn draft(channel: &str, title: &str) -> PanelDraft {
    PanelDraft {
        content: PanelContent::parse("We answer within a day.").unwrap(),
        colour: Colour::parse("#00aa00").unwrap(),
        button_style: ButtonStyle::Success,
        button_label: ButtonLabel::parse("Get help").unwrap(),
        ..PanelDraft::new(PanelTitle::parse(title).unwrap(), parse(channel))
    }
}

async fn last_message(env: &Env, channel: &str) -> Value {
    env.sim.messages(channel).await.pop().expect("a message")
}

fn button_custom_id(message: &Value) -> String {
    message["components"][0]["components"][0]["custom_id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Clicks the panel's button as `user`.
async fn click_panel(env: &Env, user: &str, panel: PanelId) -> tickets_testkit::Act {
    let channel = panel_channel(env).await;
    let row = env.core().panel(&env.owner(), panel).await.unwrap();
    let message = row.message_id.expect("the panel is posted").to_string();
    env.sim
        .click(&channel, &message, user, &format!("t:p:{panel}"))
        .await
}

e2e_test! {
    async fn a_panel_message_is_posted_edited_resent_after_deletion_and_deleted(env) {
        let channel = panel_channel(env).await;
        let mut billing = draft(&channel, "Billing");
        billing.emoji = tickets_model::emoji::PanelEmoji::parse("📩").unwrap();
        let panel = env.core().create_panel(&env.owner(), &billing).await.unwrap();
        let posted = last_message(env, &channel).await;
        assert_eq!(posted["id"].as_str(), panel.message_id.map(|m| m.to_string()).as_deref());
        assert_eq!(posted["embeds"][0]["title"], "Billing");
        assert_eq!(posted["embeds"][0]["description"], "We answer within a day.");
        assert_eq!(posted["embeds"][0]["color"], 0x00aa00);
        let button = &posted["components"][0]["components"][0];
        assert_eq!(button["label"], "Get help");
        assert_eq!(button["style"], 3, "success is green");
        assert_eq!(button["emoji"]["name"], "📩");
        assert_eq!(button_custom_id(&posted), format!("t:p:{}", panel.panel_id));

        // Editing changes the same message in place.
        let edited = env
            .core()
            .update_panel(&env.owner(), panel.panel_id, &draft(&channel, "Billing and refunds"))
            .await
            .unwrap();
        assert_eq!(edited.message_id, panel.message_id);
        let messages = env.sim.messages(&channel).await;
        assert_eq!(messages.len(), 1);
        assert_eq!(messages[0]["embeds"][0]["title"], "Billing and refunds");

        // A moderator deletes the message in Discord: the panel stays, without a message.
        let message = panel.message_id.unwrap().to_string();
        env.sim.delete_message(&channel, &message).await;
        let mut forgotten = false;
        for _ in 0..100 {
            if env.core().panel(&env.owner(), panel.panel_id).await.unwrap().message_id.is_none() {
                forgotten = true;
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        assert!(forgotten, "the panel forgot its deleted message");

        // Resend posts it again.
        let resent = env.core().resend_panel(&env.owner(), panel.panel_id).await.unwrap();
        let again = last_message(env, &channel).await;
        assert_eq!(again["id"].as_str(), resent.message_id.map(|m| m.to_string()).as_deref());
        assert_ne!(resent.message_id, panel.message_id);
        assert_eq!(again["embeds"][0]["title"], "Billing and refunds");

        // Deleting the panel deletes its message.
        env.core().delete_panel(&env.owner(), panel.panel_id).await.unwrap();
        assert!(env.sim.messages(&channel).await.is_empty());
        assert!(matches!(
            env.core().panel(&env.owner(), panel.panel_id).await,
            Err(UseCaseError::PanelNotFound)
        ));
    }
}

e2e_test! {
    async fn a_panel_opens_tickets_in_its_category_with_its_name_welcome_and_images(env) {
        let panel_at = panel_channel(env).await;
        let category = env.sim.create_channel(&env.ids.guild, "Billing", 4, None).await;
        let mut d = draft(&panel_at, "Billing");
        d.category_id = Some(parse(&category));
        d.naming_scheme = Some(NamingScheme::Custom(
            NamingTemplate::parse("Bill %id_padded% %username%").unwrap(),
        ));
        d.welcome_message = WelcomeMessage::parse(
            "Hello %user%, this is ticket %ticket_id% in %server%. %not_a_placeholder%",
        )
        .unwrap();
        d.large_image = ImageUrl::parse("large-image-url", "https://example.org/big.png").unwrap();
        d.small_image = ImageUrl::parse("small-image-url", "https://example.org/small.png").unwrap();
        let panel = env.core().create_panel(&env.owner(), &d).await.unwrap();
        let seq = env.sim.last_request_seq().await;

        let act = click_panel(env, &env.ids.alice, panel.panel_id).await;
        assert!(act.error.is_none(), "{:?}", act.error);
        assert!(act.is_ephemeral());
        let ticket = act.mentioned_channel().expect("a link to the ticket");

        let made = channel(env, &ticket).await.unwrap();
        assert_eq!(made["name"], "bill-0001-alice");
        assert_eq!(made["parent_id"].as_str(), Some(category.as_str()));
        assert!(env.sim.can_view(&ticket, &env.ids.alice).await);
        assert!(!env.sim.can_view(&ticket, &env.ids.bob).await);

        let welcome = &env.sim.messages(&ticket).await[0];
        let embed = &welcome["embeds"][0];
        assert_eq!(embed["title"], "Billing", "no subject: the panel's title");
        assert_eq!(
            embed["description"].as_str().unwrap(),
            format!(
                "Hello <@{}>, this is ticket 1 in Demo Server. %not_a_placeholder%",
                env.ids.alice
            )
        );
        assert_eq!(embed["color"], 0x00aa00);
        assert_eq!(embed["image"]["url"], "https://example.org/big.png");
        assert_eq!(embed["thumbnail"]["url"], "https://example.org/small.png");

        let stored = env.db().tickets().get_by_channel(env.guild_id(), parse(&ticket)).await.unwrap().unwrap();
        assert_eq!(stored.panel_id, Some(panel.panel_id));
        // The interaction answer, the channel with its overwrites, the welcome message.
        let calls = env.sim.requests_after(seq).await.len();
        assert!(calls <= 3, "opening from a panel took {calls} REST calls");
    }
}

e2e_test! {
    async fn a_disabled_panel_and_a_disabled_open_command_refuse_clearly(env) {
        let channel = panel_channel(env).await;
        let mut d = draft(&channel, "Closed for now");
        d.disabled = true;
        let panel = env.core().create_panel(&env.owner(), &d).await.unwrap();
        let before = env.sim.channels(&env.ids.guild).await.len();

        let refused = click_panel(env, &env.ids.alice, panel.panel_id).await;
        assert!(refused.is_ephemeral());
        assert_eq!(
            refused.content(),
            "This panel is switched off at the moment, so it cannot open tickets. Please try again later or ask the staff."
        );

        let mut settings = env.db().settings().get(env.guild_id()).await.unwrap();
        settings.open_command_enabled = false;
        env.db().settings().save(&settings).await.unwrap();
        let refused = open(env, &env.ids.alice, None).await;
        assert!(refused.is_ephemeral());
        assert_eq!(
            refused.content(),
            "Tickets cannot be opened with /open in this server. Please use one of the ticket panels instead."
        );
        assert_eq!(env.sim.channels(&env.ids.guild).await.len(), before, "no channel made");
        assert_eq!(open_count(env, &env.ids.alice).await, 0);
    }
}

e2e_test! {
    async fn mention_on_open_pings_and_disappears(env) {
        let channel = panel_channel(env).await;
        let mut d = draft(&channel, "Urgent");
        d.mention_on_open = MentionOnOpen::parse(&format!("user:{}", env.ids.staff)).unwrap();
        let panel = env.core().create_panel(&env.owner(), &d).await.unwrap();
        let seq = env.sim.last_request_seq().await;
        let act = click_panel(env, &env.ids.alice, panel.panel_id).await;
        let ticket = act.mentioned_channel().unwrap();

        // Sent, then deleted: the staff member was notified, the channel shows only the welcome.
        let mut log = Vec::new();
        for _ in 0..100 {
            log = env.sim.requests_after(seq).await;
            if log.iter().any(|r| r["method"] == "DELETE") {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        let ping = log
            .iter()
            .find(|r| r["method"] == "POST" && r["body"]["content"].is_string())
            .expect("a mention was sent");
        assert_eq!(ping["body"]["content"], format!("<@{}>", env.ids.staff));
        assert_eq!(ping["body"]["allowed_mentions"]["users"][0], env.ids.staff.as_str());
        assert!(log.iter().any(|r| r["method"] == "DELETE"
            && r["path"].as_str().unwrap().contains(&format!("/channels/{ticket}/messages/"))));
        let messages = env.sim.messages(&ticket).await;
        assert_eq!(messages.len(), 1, "only the welcome message stays");
    }
}

e2e_test! {
    async fn a_full_category_overflows_and_both_full_is_a_clear_error(env) {
        let guild = &env.ids.guild;
        let full = env.sim.create_channel(guild, "Full", 4, None).await;
        for n in 0..50 {
            env.sim.create_channel(guild, &format!("old-{n}"), 0, Some(&full)).await;
        }
        let overflow = env.sim.create_channel(guild, "Overflow", 4, None).await;
        let mut settings = env.db().settings().get(env.guild_id()).await.unwrap();
        settings.ticket_category_id = Some(parse(&full));
        settings.overflow_category_id = Some(parse(&overflow));
        env.db().settings().save(&settings).await.unwrap();
        // Discord refuses a channel in a full category (50035 on parent_id): that is how the bot
        // learns it must use the overflow category.
        env.expect_refusal("POST", "/guilds/{guild_id}/channels", 400);

        let ticket = open_ok(env, &env.ids.alice, None).await;
        let made = channel(env, &ticket).await.unwrap();
        assert_eq!(made["parent_id"].as_str(), Some(overflow.as_str()));

        // Both full: a clear error naming Discord's limit, and nothing counted as open.
        for n in 1..50 {
            env.sim.create_channel(guild, &format!("more-{n}"), 0, Some(&overflow)).await;
        }
        let refused = open(env, &env.ids.bob, None).await;
        assert!(refused.is_ephemeral());
        assert_eq!(
            refused.content(),
            "The ticket category is full (50 channels is Discord's limit). Ask an admin to set an overflow category or close old tickets."
        );
        assert_eq!(open_count(env, &env.ids.bob).await, 0);
    }
}

e2e_test! {
    async fn ticket_permissions_follow_the_server_settings(env) {
        let mut settings = env.db().settings().get(env.guild_id()).await.unwrap();
        settings.perm_attach_files = false;
        settings.perm_add_reactions = false;
        env.db().settings().save(&settings).await.unwrap();
        let ticket = open_ok(env, &env.ids.alice, None).await;
        let made = channel(env, &ticket).await.unwrap();
        let opener = made["permission_overwrites"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["id"] == env.ids.alice.as_str())
            .unwrap()
            .clone();
        let allow: u64 = opener["allow"].as_str().unwrap().parse().unwrap();
        const ATTACH_FILES: u64 = 1 << 15;
        const EMBED_LINKS: u64 = 1 << 14;
        const ADD_REACTIONS: u64 = 1 << 6;
        assert_eq!(allow & ATTACH_FILES, 0);
        assert_eq!(allow & ADD_REACTIONS, 0);
        assert_ne!(allow & EMBED_LINKS, 0);
    }
}

e2e_test! {
    async fn a_double_click_opens_one_ticket_and_two_members_at_once_get_one_each(env) {
        let channel = panel_channel(env).await;
        let panel = env.core().create_panel(&env.owner(), &draft(&channel, "Help")).await.unwrap();

        let (first, second) = tokio::join!(
            click_panel(env, &env.ids.alice, panel.panel_id),
            click_panel(env, &env.ids.alice, panel.panel_id),
        );
        let answers = [first.content(), second.content()];
        let opened: Vec<&String> = answers.iter().filter(|a| a.starts_with("Your ticket is open")).collect();
        assert_eq!(opened.len(), 1, "{answers:?}");
        assert!(
            answers.iter().any(|a| a.starts_with("You just opened a ticket")
                || a.starts_with("Your ticket is being opened")),
            "{answers:?}"
        );
        assert_eq!(open_count(env, &env.ids.alice).await, 1);

        // Two members at once: one ticket each, with distinct numbers.
        let (a, b) = tokio::join!(
            click_panel(env, &env.ids.bob, panel.panel_id),
            click_panel(env, &env.ids.staff, panel.panel_id),
        );
        let (a, b) = (a.mentioned_channel().unwrap(), b.mentioned_channel().unwrap());
        assert_ne!(a, b);
        let tickets = env.db().tickets();
        let na = tickets.get_by_channel(env.guild_id(), parse(&a)).await.unwrap().unwrap().number;
        let nb = tickets.get_by_channel(env.guild_id(), parse(&b)).await.unwrap().unwrap().number;
        assert_ne!(na, nb);
        assert_eq!(tickets.count_open(env.guild_id()).await.unwrap(), 3);
    }
}

e2e_test! {
    async fn discord_failing_mid_opening_leaves_nothing_counted_and_a_retry_works(env) {
        let channel = panel_channel(env).await;
        let panel = env.core().create_panel(&env.owner(), &draft(&channel, "Help")).await.unwrap();
        let before = env.sim.channels(&env.ids.guild).await.len();
        // The channel is made, then posting the welcome message fails: the channel goes again.
        env.sim.fault("POST", "/channels/{channel_id}/messages", 500, 1).await;
        let failed = click_panel(env, &env.ids.alice, panel.panel_id).await;
        assert!(failed.is_ephemeral());
        assert!(failed.content().starts_with("Discord did not accept the request"), "{}", failed.content());
        assert_eq!(open_count(env, &env.ids.alice).await, 0);
        let mut cleaned = false;
        for _ in 0..100 {
            if env.sim.channels(&env.ids.guild).await.len() == before {
                cleaned = true;
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        assert!(cleaned, "the half-made channel was removed");

        // A 429 on channel creation is waited out by the client: the click still works.
        env.sim.fault("POST", "/guilds/{guild_id}/channels", 429, 1).await;
        let retried = click_panel(env, &env.ids.alice, panel.panel_id).await;
        assert!(retried.mentioned_channel().is_some(), "{:?}", retried.response);
        assert_eq!(open_count(env, &env.ids.alice).await, 1);
    }
}
