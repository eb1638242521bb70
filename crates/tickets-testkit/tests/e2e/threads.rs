//! Thread mode: tickets as private threads of their panel's channel, announced in the
//! notification channel where staff join them; claiming and moving refused; closing archives
//! and locks the thread; the mode chosen per panel; what `/setup use-threads` warns about.

use crate::helpers::*;
use serde_json::{Value, json};
use tickets_core::panels::PanelDraft;
use tickets_model::panel::PanelTitle;
use tickets_store::panels::PanelRow;
use tickets_testkit::{Act, Env, e2e_test, parse};

/// Thread mode on, announced in a new `#ticket-alerts`; returns that channel.
pub async fn thread_mode(env: &Env) -> String {
    let alerts = env
        .sim
        .create_channel(&env.ids.guild, "ticket-alerts", 0, None)
        .await;
    let mut settings = env.db().settings().get(env.guild_id()).await.unwrap();
    settings.thread_mode = true;
    settings.ticket_notification_channel_id = Some(parse(&alerts));
    env.db().settings().save(&settings).await.unwrap();
    alerts
}

fn channel_named<'a>(channels: &'a [Value], name: &str) -> &'a Value {
    channels
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no {name}"))
}

/// A panel titled `title` in `#open-a-ticket`, posted, with its own mode.
pub async fn panel(env: &Env, title: &str, thread_mode: Option<bool>) -> PanelRow {
    let channels = env.sim.channels(&env.ids.guild).await;
    let at = channel_named(&channels, "open-a-ticket")["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut draft = PanelDraft::new(PanelTitle::parse(title).unwrap(), parse(&at));
    draft.thread_mode = thread_mode;
    env.core().create_panel(&env.owner(), &draft).await.unwrap()
}

pub async fn click_panel(env: &Env, user: &str, panel: &PanelRow) -> Act {
    let row = env
        .core()
        .panel(&env.owner(), panel.panel_id)
        .await
        .unwrap();
    let message = row.message_id.expect("posted").to_string();
    let at = row.fields.channel_id.to_string();
    env.sim
        .click(&at, &message, user, &format!("t:p:{}", panel.panel_id))
        .await
}

/// Waits (bounded) until `check` holds of the channel `id`.
pub async fn wait_for_channel(env: &Env, id: &str, check: impl Fn(&Value) -> bool) -> Value {
    for _ in 0..250 {
        if let Some(found) = channel(env, id).await
            && check(&found)
        {
            return found;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!(
        "channel {id} never became as expected: {:?}",
        channel(env, id).await
    )
}

pub fn members(thread: &Value) -> Vec<String> {
    let mut list: Vec<String> = thread["thread_members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_str().unwrap().to_owned())
        .collect();
    list.sort();
    list
}

pub fn sorted(ids: &[&str]) -> Vec<String> {
    let mut list: Vec<String> = ids.iter().map(|s| (*s).to_owned()).collect();
    list.sort();
    list
}

/// The notification's field named `name`.
pub fn field<'a>(message: &'a Value, name: &str) -> &'a str {
    message["embeds"][0]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == name)
        .and_then(|f| f["value"].as_str())
        .unwrap_or_else(|| panic!("no field {name} in {message}"))
}

fn has_field(message: &Value, name: &str) -> bool {
    message["embeds"][0]["fields"]
        .as_array()
        .is_some_and(|fields| fields.iter().any(|f| f["name"] == name))
}

/// Waits (bounded) until the newest notification satisfies `check`.
async fn wait_for_notification(env: &Env, alerts: &str, check: impl Fn(&Value) -> bool) -> Value {
    for _ in 0..250 {
        let note = notification(env, alerts).await;
        if check(&note) {
            return note;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!(
        "the notification never changed: {}",
        notification(env, alerts).await
    )
}

pub async fn notification(env: &Env, alerts: &str) -> Value {
    env.sim
        .messages(alerts)
        .await
        .pop()
        .expect("a notification")
}

e2e_test! {
    each_delivery async fn a_thread_ticket_is_announced_joined_by_staff_only_and_archived_on_close(env) {
        let alerts = thread_mode(env).await;
        let role = staff_role(env).await;
        grant(env, &env.ids.owner, "addsupport", &role).await;
        let billing = panel(env, "Billing", None).await;
        let (alice, bob, staff, bot) = (&env.ids.alice, &env.ids.bob, &env.ids.staff, &env.ids.bot_user);

        let opened = click_panel(env, alice, &billing).await;
        assert!(opened.error.is_none(), "{:?}", opened.error);
        let thread_id = opened.mentioned_channel().expect("a link to the ticket");
        let thread = channel_of(env, &thread_id).await;
        assert_eq!(thread["type"], 12, "a private thread");
        assert_eq!(thread["name"], "Ticket 1", "thread names keep spaces and capitals");
        assert_eq!(thread["parent_id"], billing.fields.channel_id.to_string());
        assert_eq!(thread["thread_metadata"]["invitable"], false);
        assert_eq!(members(&thread), sorted(&[alice, bot]), "only the opener and the bot");
        assert!(env.sim.can_view(&thread_id, alice).await);
        assert!(!env.sim.can_view(&thread_id, bob).await);
        assert!(!env.sim.can_view(&thread_id, staff).await, "staff join from the notification");
        let welcome = &env.sim.messages(&thread_id).await[0];
        assert_eq!(welcome["embeds"][0]["title"], "Billing");
        let buttons: Vec<&str> = welcome["components"][0]["components"].as_array().unwrap().iter().map(|b| b["custom_id"].as_str().unwrap()).collect();
        assert_eq!(buttons, ["t:close", "t:close:r"], "no Claim button: threads cannot be claimed");
        let stored = env.db().tickets().get_by_channel(env.guild_id(), parse(&thread_id)).await.unwrap().unwrap();
        assert!(stored.is_thread);

        // The notification names the ticket, and its button joins it.
        let note = notification(env, &alerts).await;
        assert_eq!(note["embeds"][0]["title"], "New ticket #1");
        assert_eq!(field(&note, "Ticket"), format!("<#{thread_id}>"));
        assert_eq!(field(&note, "Opened by"), format!("<@{alice}>"));
        assert_eq!(field(&note, "Panel"), "Billing");
        assert_eq!(field(&note, "Staff in the ticket"), "Nobody yet: press Join Ticket to be added.");
        let note_id = note["id"].as_str().unwrap().to_owned();
        let join = note["components"][0]["components"][0]["custom_id"].as_str().unwrap().to_owned();
        assert_eq!(join, "t:join:1");

        let refused = env.sim.click(&alerts, &note_id, bob, &join).await;
        assert_eq!(refused.content(), "Only the staff of this ticket's panel can join it.");
        let joined = env.sim.click(&alerts, &note_id, staff, &join).await;
        assert!(joined.is_ephemeral());
        assert_eq!(joined.content(), format!("You were added to <#{thread_id}>."));
        let thread = channel_of(env, &thread_id).await;
        assert_eq!(members(&thread), sorted(&[alice, bot, staff]), "the member was refused");
        assert!(env.sim.can_view(&thread_id, staff).await);
        let again = env.sim.click(&alerts, &note_id, staff, &join).await;
        assert_eq!(again.content(), format!("You are already in this ticket: <#{thread_id}>."));
        let note = notification(env, &alerts).await;
        assert!(field(&note, "Staff in the ticket").starts_with(&format!("<@{staff}> <t:")), "{note}");

        // Claiming and moving need a channel: refused with the reference's reasons.
        let claim = env.sim.command(&env.ids.guild, &thread_id, staff, "claim", json!([])).await;
        assert_eq!(claim.content(), "Thread tickets cannot be claimed: Discord does not let a thread be hidden from other staff. Claiming works in channel mode only.");
        let other = panel(env, "Bugs", None).await;
        let switch = env.sim.command(&env.ids.guild, &thread_id, staff, "switchpanel", json!([{"name": "to_panel", "value": other.panel_id.to_string()}])).await;
        assert_eq!(switch.content(), "Thread tickets cannot be moved to another panel: Discord does not allow threads to be moved. /switchpanel works in channel mode only.");
        let unchanged = env.db().tickets().get(env.guild_id(), 1).await.unwrap().unwrap();
        assert_eq!((unchanged.claimed_by, unchanged.panel_id), (None, Some(billing.panel_id)));

        // Closing keeps the thread, archived and locked, and the notification says so.
        let closed = close(env, staff, &thread_id, Some("Solved")).await;
        assert!(closed.error.is_none(), "{:?}", closed.error);
        let thread = wait_for_channel(env, &thread_id, |t| t["thread_metadata"]["archived"] == true).await;
        assert_eq!(thread["thread_metadata"]["locked"], true);
        assert_eq!(open_count(env, alice).await, 0);
        // The notification is redrawn right after the thread is archived.
        let note = wait_for_notification(env, &alerts, |n| has_field(n, "Closed")).await;
        assert!(field(&note, "Closed").starts_with("<t:"), "{note}");
        assert_eq!(note["components"][0]["components"][0]["disabled"], true, "nobody joins a closed ticket");
    }
}

e2e_test! {
    async fn a_panel_chooses_its_own_mode_and_open_needs_a_channel_in_thread_mode(env) {
        let alice = &env.ids.alice;
        // Channel mode server, thread panel.
        let threads = panel(env, "Threads", Some(true)).await;
        let opened = click_panel(env, alice, &threads).await;
        let first = opened.mentioned_channel().unwrap();
        assert_eq!(channel_of(env, &first).await["type"], 12);
        // Thread mode server, channel panel.
        thread_mode(env).await;
        let channels = panel(env, "Channels", Some(false)).await;
        let opened = click_panel(env, &env.ids.bob, &channels).await;
        let second = opened.mentioned_channel().unwrap();
        assert_eq!(channel_of(env, &second).await["type"], 0, "a channel of its own");

        // /open in thread mode needs its channel.
        let refused = open(env, &env.ids.staff, None).await;
        assert_eq!(refused.content(), "/open cannot open a ticket yet: tickets are private threads here, and no channel is chosen for them. An admin can choose one on the dashboard's Settings page.");
        let mut settings = env.db().settings().get(env.guild_id()).await.unwrap();
        settings.open_command_thread_channel_id = Some(parse(&env.ids.general));
        env.db().settings().save(&settings).await.unwrap();
        let third = open_ok(env, &env.ids.staff, Some("Printer on fire")).await;
        let thread = channel_of(env, &third).await;
        assert_eq!((thread["type"].as_u64(), thread["parent_id"].as_str()), (Some(12), Some(env.ids.general.as_str())));
        let note = env.sim.messages(&env.db().settings().get(env.guild_id()).await.unwrap().ticket_notification_channel_id.unwrap().to_string()).await;
        let last = note.last().unwrap();
        assert_eq!(field(last, "Panel"), "/open");
        assert_eq!(field(last, "Subject"), "Printer on fire");
    }
}

e2e_test! {
    async fn setup_use_threads_says_what_keeps_thread_mode_from_working(env) {
        let denied = twilight_model::guild::Permissions::SEND_MESSAGES_IN_THREADS.bits();
        let closed = env.sim.create_channel_denying_everyone(&env.ids.guild, "no-threads", denied).await;
        let mut draft = PanelDraft::new(PanelTitle::parse("Locked").unwrap(), parse(&closed));
        draft.thread_mode = Some(true);
        env.core().create_panel(&env.owner(), &draft).await.unwrap();
        let options = json!([{"name": "use-threads", "options": [{"name": "use_threads", "value": true}]}]);
        let answer = env.sim.command(&env.ids.guild, &env.ids.general, &env.ids.owner, "setup", options).await;
        let text = answer.content();
        assert!(text.starts_with("Thread mode is on"), "{text}");
        assert!(text.contains(&format!("@everyone may not \"Send Messages in Threads\" in <#{closed}>")), "{text}");
        assert!(text.contains("No ticket notification channel is set"), "{text}");
        assert!(text.contains("/open opens private threads, but no channel is chosen"), "{text}");
        // With a notification channel, a /open channel and @everyone allowed, nothing is said.
        thread_mode(env).await;
        let mut settings = env.db().settings().get(env.guild_id()).await.unwrap();
        settings.open_command_thread_channel_id = Some(parse(&env.ids.general));
        env.db().settings().save(&settings).await.unwrap();
        let warnings = env.core().thread_mode_warnings(&env.owner()).await.unwrap();
        assert_eq!(warnings.len(), 1, "only the channel that denies it: {warnings:?}");
    }
}

e2e_test! {
    async fn discords_active_thread_limit_is_a_clear_refusal_that_counts_nothing(env) {
        thread_mode(env).await;
        env.sim.set_active_threads_limit(2).await;
        let help = panel(env, "Help", None).await;
        let first = click_panel(env, &env.ids.alice, &help).await.mentioned_channel().unwrap();
        click_panel(env, &env.ids.bob, &help).await.mentioned_channel().unwrap();

        env.expect_refusal("POST", "/channels/{channel_id}/threads", 400);
        let refused = click_panel(env, &env.ids.staff, &help).await;
        assert_eq!(refused.content(), "This server has as many active threads as Discord allows, so no ticket thread can open now. Closing tickets (or archiving other threads) frees room; try again then.");
        assert_eq!(open_count(env, &env.ids.staff).await, 0, "the refused opening counts nothing");

        // A closed ticket's thread is archived, which frees its place.
        close(env, &env.ids.owner, &first, None).await;
        wait_for_channel(env, &first, |t| t["thread_metadata"]["archived"] == true).await;
        let opened = click_panel(env, &env.ids.staff, &help).await;
        assert_eq!(channel_of(env, &opened.mentioned_channel().unwrap()).await["type"], 12);
    }
}

e2e_test! {
    each_delivery async fn on_call_staff_are_pinged_into_new_thread_tickets_and_nobody_else(env) {
        thread_mode(env).await;
        let role = staff_role(env).await;
        grant(env, &env.ids.owner, "addsupport", &role).await;
        let help = panel(env, "Help", None).await;
        let (alice, bob, staff, owner, bot) = (&env.ids.alice, &env.ids.bob, &env.ids.staff, &env.ids.owner, &env.ids.bot_user);
        let on_call = env.sim.command(&env.ids.guild, &env.ids.general, staff, "on-call", json!([])).await;
        assert!(on_call.content().starts_with("You are now on call for: Default"), "{}", on_call.content());

        let first = click_panel(env, alice, &help).await.mentioned_channel().unwrap();
        let thread = channel_of(env, &first).await;
        assert_eq!(members(&thread), sorted(&[alice, bot, staff]), "the on-call member, not the admin nor Bob");
        let ping = env.sim.messages(&first).await.into_iter().find(|m| m["content"].as_str().is_some_and(|c| c.starts_with("<@&"))).expect("the on-call ping");
        assert_eq!(ping["mention_roles"].as_array().map(Vec::len), Some(1), "{ping}");

        // Going on call adds nobody to tickets already open; the next ticket pings them too.
        env.sim.command(&env.ids.guild, &env.ids.general, owner, "on-call", json!([])).await;
        assert_eq!(members(&channel_of(env, &first).await), sorted(&[alice, bot, staff]));
        let second = click_panel(env, bob, &help).await.mentioned_channel().unwrap();
        assert_eq!(members(&channel_of(env, &second).await), sorted(&[bob, bot, staff, owner]));
        // Off call, the next one pings only who is still on.
        env.sim.command(&env.ids.guild, &env.ids.general, staff, "on-call", json!([])).await;
        let third = click_panel(env, staff, &help).await.mentioned_channel().unwrap();
        assert_eq!(members(&channel_of(env, &third).await), sorted(&[staff, bot, owner]));
    }
}

e2e_test! {
    async fn a_thread_ticket_has_the_form_placeholders_and_close_confirmation_of_a_channel_one(env) {
        let alerts = thread_mode(env).await;
        let mut settings = env.db().settings().get(env.guild_id()).await.unwrap();
        settings.close_confirmation = true;
        env.db().settings().save(&settings).await.unwrap();
        let form = env.core().create_form(&env.owner(), &tickets_model::form::FormName::parse("Refund").unwrap()).await.unwrap();
        let question = tickets_model::form::FormInput::parse("Order number", "", "short", true, "", "20", "").unwrap();
        env.core().save_form_inputs(&env.owner(), form.form_id, &[question]).await.unwrap();
        let input = env.db().forms().inputs(env.guild_id(), form.form_id).await.unwrap()[0].input_id;
        let channels = env.sim.channels(&env.ids.guild).await;
        let at = channel_named(&channels, "open-a-ticket")["id"].as_str().unwrap().to_owned();
        let draft = PanelDraft {
            form_id: Some(form.form_id),
            welcome_message: tickets_model::panel::WelcomeMessage::parse("Hello %user%, ticket %ticket_id% in %server%").unwrap(),
            ..PanelDraft::new(PanelTitle::parse("Refunds").unwrap(), parse(&at))
        };
        let refunds = env.core().create_panel(&env.owner(), &draft).await.unwrap();
        let alice = &env.ids.alice;

        let shown = click_panel(env, alice, &refunds).await;
        assert_eq!(shown.response.as_ref().unwrap()["type"], 9, "the form first");
        let opened = env.sim.submit_modal(&at, alice, &format!("t:f:{}", refunds.panel_id), json!({format!("q:{input}"): "1234"})).await;
        let thread = opened.mentioned_channel().unwrap_or_else(|| panic!("{:?}", opened.response));
        assert_eq!(channel_of(env, &thread).await["type"], 12);
        let welcome = env.sim.messages(&thread).await.remove(0);
        assert_eq!(welcome["embeds"][0]["description"], format!("Hello <@{alice}>, ticket 1 in Demo Server"));
        assert_eq!(welcome["embeds"][1]["fields"][0]["value"], "1234");
        let note = notification(env, &alerts).await;
        assert_eq!(field(&note, "Form answers"), "**Order number**: 1234");

        // The Close button asks first, as in a channel.
        let message = welcome["id"].as_str().unwrap();
        let pressed = env.sim.click(&thread, message, alice, "t:close").await;
        let confirm = pressed.response.as_ref().unwrap()["data"]["components"][0]["components"][0]["custom_id"].as_str().unwrap().to_owned();
        assert_eq!(confirm, "t:close:ok");
        let shown = env.sim.interaction(&pressed.interaction_id).await;
        let prompt = shown["original"]["id"].as_str().unwrap().to_owned();
        env.sim.click(&thread, &prompt, alice, &confirm).await;
        wait_for_channel(env, &thread, |t| t["thread_metadata"]["locked"] == true).await;
    }
}

e2e_test! {
    async fn a_thread_ticket_survives_a_restart_and_a_deleted_thread_closes_its_ticket(env) {
        thread_mode(env).await;
        let help = panel(env, "Help", None).await;
        let thread = click_panel(env, &env.ids.alice, &help).await.mentioned_channel().unwrap();
        // GUILD_CREATE lists channels, not threads: the restart's reconciliation must not take
        // the thread for a deleted channel.
        env.restart_app().await;
        assert_eq!(open_count(env, &env.ids.alice).await, 1, "still open after the restart");
        let ticket = env.db().tickets().get(env.guild_id(), 1).await.unwrap().unwrap();
        assert_eq!(ticket.status, tickets_model::ticket::TicketStatus::Open);

        // Someone deletes the thread in Discord: THREAD_DELETE closes the ticket.
        as_bot(env, reqwest::Method::DELETE, &format!("/channels/{thread}"), None).await;
        for _ in 0..250 {
            if open_count(env, &env.ids.alice).await == 0 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        assert_eq!(open_count(env, &env.ids.alice).await, 0, "the deleted thread's ticket is closed");
    }
}
