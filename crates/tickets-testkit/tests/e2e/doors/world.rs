//! The server every row of the table acts in: tickets, panels, a form, a multi-panel, tags,
//! teams, and the prompts the bot showed people while they still had the right to see them
//! (a confirmation, a page button, a language menu, a modal). Then their rights are taken away,
//! so each row's actor is under-privileged when the row runs.

use crate::helpers::open_ok;
use serde_json::{Value, json};
use tickets_core::multi_panels::MultiPanelDraft;
use tickets_core::panels::PanelDraft;
use tickets_model::form::{FormInput, FormName};
use tickets_model::panel::{Colour, PanelContent, PanelTitle, SelectPlaceholder};
use tickets_model::permissions::PermissionLevel::{Admin, Support};
use tickets_model::staff::MemberOrRole;
use tickets_model::{FormId, MultiPanelId, PanelId, TeamId};
use tickets_store::blacklist::Barred;
use tickets_testkit::{Act, Env, parse};

/// A message with a component someone can still use, as the simulator knows it.
#[derive(Debug, Clone)]
pub struct Prompt {
    /// Where it is.
    pub channel: String,
    /// The message.
    pub message: String,
    /// The component's `custom_id`.
    pub custom_id: String,
}

/// Everything the rows refer to.
#[derive(Debug, Clone)]
pub struct World {
    /// Alice's ticket: she opened it, staff work it.
    pub ticket: String,
    /// Its number, for the dashboard's view of it.
    pub ticket_number: i64,
    /// The barred member's ticket, opened before they were barred.
    pub barred_ticket: String,
    /// A member barred from the bot.
    pub barred: String,
    /// A Discord user who is not a member of the server.
    pub stranger: String,
    /// A message of Alice's in #general, for "Start Ticket".
    pub message: String,
    /// A panel without a form, and one with a form.
    pub panel: PanelId,
    pub form_panel: PanelId,
    pub form: FormId,
    /// A multi-panel offering both, as a select menu.
    pub multi: MultiPanelId,
    pub team: TeamId,
    /// The panel buttons and the multi-panel's menu.
    pub panel_button: Prompt,
    pub multi_menu: Prompt,
    /// The ticket's welcome message buttons.
    pub close: Prompt,
    pub close_with_reason: Prompt,
    pub claim: Prompt,
    /// Shown to Alice when she pressed Close (the server asks to confirm).
    pub close_confirm: Prompt,
    /// `/viewstaff`'s next page, shown to Alice while she was support.
    pub staff_page: Prompt,
    /// `/addsupport`'s confirmation and `/language`'s menu, shown to Bob while he was an admin.
    pub staff_confirm: Prompt,
    pub language: Prompt,
    pub language_value: String,
    /// Accept and Deny of a close request the support member made in Alice's ticket.
    pub accept: Prompt,
    pub deny: Prompt,
    /// The form's question, shown to the barred member before they were barred.
    pub form_question: String,
    /// The number of Bob's closed ticket, whose transcript is kept.
    pub transcript: i64,
    /// Join Ticket on the notification of Bob's thread ticket.
    pub join: Prompt,
    /// A rating button in the barred member's DM, of a ticket of theirs closed before they were
    /// barred, and the exit survey it showed them (its `custom_id`).
    pub rate: Prompt,
    pub survey: String,
    /// Keep it open on an automatic closing's warning in Alice's ticket.
    pub keep_open: Prompt,
    /// A member added to Alice's ticket: neither its opener nor staff.
    pub guest: String,
}

/// The first component of a message (or an answer) with that `custom_id`; a `wanted` ending in
/// `:` stands for every id it starts (ids that carry a number).
fn component(components: &Value, wanted: &str) -> Option<String> {
    let matches = |id: &str| id == wanted || (wanted.ends_with(':') && id.starts_with(wanted));
    components.as_array()?.iter().find_map(|c| {
        let own = c["custom_id"]
            .as_str()
            .filter(|id| matches(id))
            .map(str::to_owned);
        // Rows hold their components; a label holds one.
        let inner = c
            .get("component")
            .filter(|inner| inner.is_object())
            .cloned();
        own.or_else(|| component(&c["components"], wanted))
            .or_else(|| inner.and_then(|inner| component(&json!([inner]), wanted)))
    })
}

/// The prompt an ephemeral or public answer showed.
async fn prompt_of(env: &Env, channel: &str, act: &Act, prefix: &str) -> Prompt {
    let answer = act
        .response
        .as_ref()
        .unwrap_or_else(|| panic!("no answer: {act:?}"));
    let custom_id = component(&answer["data"]["components"], prefix)
        .unwrap_or_else(|| panic!("no {prefix}… in {answer}"));
    let shown = env.sim.interaction(&act.interaction_id).await;
    Prompt {
        channel: channel.to_owned(),
        message: shown["original"]["id"].as_str().unwrap().to_owned(),
        custom_id,
    }
}

/// A component of a message posted in `channel`.
async fn posted(env: &Env, channel: &str, prefix: &str) -> Prompt {
    for message in env.sim.messages(channel).await.iter().rev() {
        if let Some(custom_id) = component(&message["components"], prefix) {
            return Prompt {
                channel: channel.to_owned(),
                message: message["id"].as_str().unwrap().to_owned(),
                custom_id,
            };
        }
    }
    panic!("no {prefix}… posted in {channel}");
}

async fn channel_named(env: &Env, name: &str) -> String {
    env.sim
        .channels(&env.ids.guild)
        .await
        .into_iter()
        .find(|c| c["name"] == name)
        .and_then(|c| c["id"].as_str().map(str::to_owned))
        .unwrap()
}

fn user(id: &str) -> MemberOrRole {
    MemberOrRole::User(parse(id))
}

/// Builds the world; see the module's comment.
pub async fn build(env: &Env) -> World {
    let core = env.core();
    let owner = env.owner();
    let ids = &env.ids;
    let general = ids.general.clone();
    let barred = env.sim.create_user("mallory").await;
    env.sim.set_member(&ids.guild, &barred, &[]).await;
    let stranger = env.sim.create_user("stranger").await;

    // Panels, a form, a multi-panel, a team, a tag.
    let panels_channel = channel_named(env, "open-a-ticket").await;
    let title = |t: &str| PanelTitle::parse(t).unwrap();
    let panel = core
        .create_panel(
            &owner,
            &PanelDraft::new(title("Billing"), parse(&panels_channel)),
        )
        .await
        .unwrap()
        .panel_id;
    let form = core
        .create_form(&owner, &FormName::parse("Refund request").unwrap())
        .await
        .unwrap()
        .form_id;
    let question = FormInput::parse("Order number", "", "short", true, "", "20", "").unwrap();
    core.save_form_inputs(&owner, form, &[question])
        .await
        .unwrap();
    let draft = PanelDraft {
        form_id: Some(form),
        ..PanelDraft::new(title("Refunds"), parse(&panels_channel))
    };
    let form_panel = core.create_panel(&owner, &draft).await.unwrap().panel_id;
    let multi = MultiPanelDraft {
        title: title("How can we help?"),
        content: PanelContent::parse("Choose a topic").unwrap(),
        colour: Colour::DEFAULT,
        channel_id: parse(&general),
        panels: vec![panel, form_panel],
        use_select_menu: true,
        select_placeholder: SelectPlaceholder::parse("Pick a topic").unwrap(),
        large_image: None,
        small_image: None,
    };
    let multi = core
        .create_multi_panel(&owner, &multi)
        .await
        .unwrap()
        .multi_panel_id;
    let team = core
        .create_team(&owner, "Billing team")
        .await
        .unwrap()
        .team_id;
    core.save_tag(&owner, "rules", "Be kind.", None, false)
        .await
        .unwrap();

    // Staff: the support member for good; Bob an admin and Alice support, for now.
    core.grant_level(&owner, user(&ids.staff), Support)
        .await
        .unwrap();
    core.grant_level(&owner, user(&ids.bob), Admin)
        .await
        .unwrap();
    core.grant_level(&owner, user(&ids.alice), Support)
        .await
        .unwrap();
    // Enough staff for two pages of /viewstaff.
    for n in 0..10 {
        let role = env
            .sim
            .create_role(&ids.guild, &format!("Helpers {n}"))
            .await;
        env.db()
            .staff()
            .grant(env.guild_id(), MemberOrRole::Role(parse(&role)), Support)
            .await
            .unwrap();
    }

    let ticket = open_ok(env, &ids.alice, None).await;
    let ticket_number = env
        .db()
        .tickets()
        .get_by_channel(env.guild_id(), parse(&ticket))
        .await
        .unwrap()
        .unwrap()
        .number;
    let barred_ticket = open_ok(env, &barred, None).await;
    let close = posted(env, &ticket, "t:close").await;
    let close_with_reason = posted(env, &ticket, "t:close:r").await;
    let claim = posted(env, &ticket, "t:claim").await;

    // The prompts, shown while their viewers still had the right.
    let pages = env
        .sim
        .command(&ids.guild, &general, &ids.alice, "viewstaff", json!([]))
        .await;
    let staff_page = prompt_of(env, &general, &pages, "t:vs:1").await;
    let asked = crate::helpers::command_on(env, &general, &ids.bob, "addsupport", &barred).await;
    let staff_confirm = prompt_of(env, &general, &asked, "t:st:").await;
    let languages = env
        .sim
        .command(&ids.guild, &general, &ids.bob, "language", json!([]))
        .await;
    let language = prompt_of(env, &general, &languages, "t:lang").await;
    let menu = &languages.response.as_ref().unwrap()["data"]["components"][0]["components"][0];
    let language_value = menu["options"][0]["value"].as_str().unwrap().to_owned();
    let pressed = env
        .sim
        .click(&ticket, &close.message, &ids.alice, &close.custom_id)
        .await;
    let close_confirm = prompt_of(env, &ticket, &pressed, "t:close:ok").await;
    let reason = env
        .sim
        .click(
            &ticket,
            &close_with_reason.message,
            &ids.alice,
            &close_with_reason.custom_id,
        )
        .await;
    assert_eq!(
        reason.response.as_ref().unwrap()["type"],
        9,
        "the reason's modal: {reason:?}"
    );
    let request = env
        .sim
        .command(&ids.guild, &ticket, &ids.staff, "closerequest", json!([]))
        .await;
    let accept = prompt_of(env, &ticket, &request, "t:cr:ok:").await;
    let deny = prompt_of(env, &ticket, &request, "t:cr:no:").await;
    let panel_button = posted(env, &panels_channel, &format!("t:p:{form_panel}")).await;
    let shown = env
        .sim
        .click(
            &panels_channel,
            &panel_button.message,
            &barred,
            &panel_button.custom_id,
        )
        .await;
    let form_question = component(
        &shown.response.as_ref().unwrap()["data"]["components"],
        "q:",
    )
    .unwrap_or_else(|| panic!("no form shown: {shown:?}"));
    let multi_menu = posted(env, &general, "t:mp:").await;
    let message = env
        .sim
        .act_message(&general, &ids.alice, "My order never came")
        .await;

    // A closed ticket of Bob's, whose transcript only he and the staff may read.
    let bobs = open_ok(env, &ids.bob, None).await;
    let transcript = env
        .db()
        .tickets()
        .get_by_channel(env.guild_id(), parse(&bobs))
        .await
        .unwrap()
        .unwrap()
        .number;
    crate::helpers::close(env, &ids.bob, &bobs, None).await;
    assert!(crate::helpers::wait_until_gone(env, &bobs).await);
    assert!(
        env.db()
            .transcripts()
            .get(env.guild_id(), transcript)
            .await
            .unwrap()
            .is_some()
    );

    // A thread ticket of Bob's, announced with its Join Ticket button.
    let alerts = env
        .sim
        .create_channel(&ids.guild, "ticket-alerts", 0, None)
        .await;
    let mut settings = env.db().settings().get(env.guild_id()).await.unwrap();
    settings.ticket_notification_channel_id = Some(parse(&alerts));
    env.db().settings().save(&settings).await.unwrap();
    let threads = PanelDraft {
        thread_mode: Some(true),
        ..PanelDraft::new(title("Threads"), parse(&panels_channel))
    };
    let threads = core.create_panel(&owner, &threads).await.unwrap().panel_id;
    let thread_button = posted(env, &panels_channel, &format!("t:p:{threads}")).await;
    let opened = env
        .sim
        .click(
            &panels_channel,
            &thread_button.message,
            &ids.bob,
            &thread_button.custom_id,
        )
        .await;
    assert!(opened.mentioned_channel().is_some(), "{opened:?}");
    let join = posted(env, &alerts, "t:join:").await;

    // A closed ticket of the barred member, who wrote in it: their DM asks for a rating, and a
    // rating shows the server's exit survey (the panel form's questions).
    let mut settings = env.db().settings().get(env.guild_id()).await.unwrap();
    settings.exit_survey_form_id = Some(form);
    env.db().settings().save(&settings).await.unwrap();
    let rated = open_ok(env, &barred, None).await;
    crate::helpers::writes(env, &rated, &barred, "Still broken").await;
    crate::helpers::close(env, &ids.owner, &rated, None).await;
    assert!(crate::helpers::wait_until_gone(env, &rated).await);
    let dm = wait_for_rating_dm(env, &barred).await;
    let asked = env
        .sim
        .click(&dm.channel, &dm.message, &barred, &dm.custom_id)
        .await;
    let survey = asked
        .response
        .as_ref()
        .and_then(|r| r["data"]["custom_id"].as_str())
        .unwrap_or_else(|| panic!("no survey: {asked:?}"))
        .to_owned();
    let rate = dm;
    // A warning of automatic closing in Alice's ticket, where a guest of hers was added; then
    // automatic closing is turned off again, so no timer runs while the rows do.
    let guest = env.sim.create_user("guest").await;
    env.sim.set_member(&ids.guild, &guest, &[]).await;
    let added = env
        .sim
        .command(
            &ids.guild,
            &ticket,
            &ids.staff,
            "add",
            json!([{"name": "user", "value": guest}]),
        )
        .await;
    assert!(added.error.is_none(), "{added:?}");
    let rules = |enabled| tickets_core::autoclose::AutocloseChange {
        enabled: Some(enabled),
        since_last_message: Some(tickets_model::values::TimeSpan::from_minutes(60)),
        ..Default::default()
    };
    core.configure_autoclose(&owner, rules(true)).await.unwrap();
    env.advance_clock(std::time::Duration::from_secs(50 * 60));
    core.run_due_jobs().await.unwrap();
    let keep_open = posted(env, &ticket, "t:keep").await;
    core.configure_autoclose(&owner, rules(false))
        .await
        .unwrap();

    // Now the rights go: Alice is a member again, Bob only support, the barred member barred;
    // members may no longer close their tickets, and "Start Ticket" is for staff.
    core.revoke_level(&owner, user(&ids.alice), Support)
        .await
        .unwrap();
    core.revoke_level(&owner, user(&ids.bob), Admin)
        .await
        .unwrap();
    core.grant_level(&owner, user(&ids.bob), Support)
        .await
        .unwrap();
    core.bar(&owner, Barred::User(parse(&barred)))
        .await
        .unwrap();
    let mut settings = env.db().settings().get(env.guild_id()).await.unwrap();
    settings.allow_users_close = false;
    settings.context_menu_level = Support;
    env.db().settings().save(&settings).await.unwrap();
    // The level changes rewrite the open tickets' overwrites in the background: let that
    // finish before the rows compare the server's state.
    env.staff_changes_settled().await;

    World {
        ticket,
        ticket_number,
        barred_ticket,
        barred,
        stranger,
        message: message["id"].as_str().unwrap().to_owned(),
        panel,
        form_panel,
        form,
        multi,
        team,
        panel_button,
        multi_menu,
        close,
        close_with_reason,
        claim,
        close_confirm,
        staff_page,
        staff_confirm,
        language,
        language_value,
        accept,
        deny,
        form_question,
        transcript,
        join,
        rate,
        survey,
        keep_open,
        guest,
    }
}

/// The rating buttons of the newest DM `user` got (bounded wait: the DM follows the close).
async fn wait_for_rating_dm(env: &Env, user: &str) -> Prompt {
    for _ in 0..250 {
        if let Some(dm) = env.sim.dms(user).await.pop()
            && let Some(custom_id) = component(&dm["components"], "t:rate:")
        {
            return Prompt {
                channel: dm["channel_id"].as_str().unwrap().to_owned(),
                message: dm["id"].as_str().unwrap().to_owned(),
                custom_id,
            };
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("no rating buttons in {user}'s DMs");
}
