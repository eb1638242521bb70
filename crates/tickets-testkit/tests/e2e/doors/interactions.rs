//! The bot's doors, one row each: every slash command and subcommand, the message command,
//! every button, select menu and modal, every autocomplete. Each row names who knocks (always
//! someone without the right), what they send, and the refusal they must see.

use super::world::{Prompt, World};
use serde_json::{Value, json};
use tickets_model::custom_id::CustomId;
use tickets_testkit::{Act, Env};

/// What the actor sends.
#[derive(Debug, Clone)]
pub enum Input {
    /// A slash command in a channel, with Discord-shaped options.
    Command {
        channel: String,
        name: String,
        options: Value,
    },
    /// "Start Ticket" on a message.
    StartTicket { channel: String, message: String },
    /// A click on a button.
    Click(Prompt),
    /// A choice in a select menu.
    Select(Prompt, String),
    /// A modal the bot showed the actor, submitted.
    Modal {
        channel: String,
        custom_id: String,
        fields: Value,
    },
    /// Typing in an option that offers suggestions.
    Autocomplete {
        channel: String,
        name: &'static str,
        options: Value,
        focused: &'static str,
    },
}

/// What the actor must see.
#[derive(Debug, Clone, Copy)]
pub enum Refusal {
    /// A private message: this catalog entry, in English.
    Says(&'static str),
    /// Suggestions, none of them.
    NoSuggestions,
}

/// One entry point, knocked on by someone who may not come in.
#[derive(Debug, Clone)]
pub struct Row {
    /// The entry point: `/setup limit`, a `CustomId` variant, `tag id` (an autocomplete).
    pub door: String,
    /// The actor's user id.
    pub actor: String,
    pub input: Input,
    pub refusal: Refusal,
}

const ADMINS: Refusal = Refusal::Says("error-admin-only");
const STAFF: Refusal = Refusal::Says("error-staff-only");
const BARRED: Refusal = Refusal::Says("error-blacklisted");
const STAFF_CLOSE: Refusal = Refusal::Says("error-close-staff-only");
const CLAIM: Refusal = Refusal::Says("error-claim-not-allowed");
const OPENER: Refusal = Refusal::Says("error-not-the-opener");
const JOIN: Refusal = Refusal::Says("error-join-not-allowed");
const KEEP_OPEN: Refusal = Refusal::Says("error-keep-open-not-allowed");

/// The name of a `custom_id`'s kind. The match has no wildcard on purpose: a new kind of button,
/// menu or modal does not compile until it is named here, and the table check then asks for its
/// row.
pub fn kind_of(id: CustomId) -> &'static str {
    match id {
        CustomId::StaffConfirm { .. } => "StaffConfirm",
        CustomId::StaffPage(_) => "StaffPage",
        CustomId::LanguageSelect => "LanguageSelect",
        CustomId::CloseRequestAccept(_) => "CloseRequestAccept",
        CustomId::CloseRequestDeny(_) => "CloseRequestDeny",
        CustomId::Close => "Close",
        CustomId::CloseConfirm => "CloseConfirm",
        CustomId::OpenPanel(_) => "OpenPanel",
        CustomId::CloseWithReason => "CloseWithReason",
        CustomId::CloseReasonModal => "CloseReasonModal",
        CustomId::Claim => "Claim",
        CustomId::PanelForm(_) => "PanelForm",
        CustomId::MultiPanelSelect(_) => "MultiPanelSelect",
        CustomId::JoinTicket(_) => "JoinTicket",
        CustomId::Rate { .. } => "Rate",
        CustomId::ExitSurvey { .. } => "ExitSurvey",
        CustomId::KeepOpen => "KeepOpen",
    }
}

/// Every kind [`kind_of`] names.
pub const KINDS: [&str; 17] = [
    "StaffConfirm",
    "StaffPage",
    "LanguageSelect",
    "CloseRequestAccept",
    "CloseRequestDeny",
    "Close",
    "CloseConfirm",
    "OpenPanel",
    "CloseWithReason",
    "CloseReasonModal",
    "Claim",
    "PanelForm",
    "MultiPanelSelect",
    "JoinTicket",
    "Rate",
    "ExitSurvey",
    "KeepOpen",
];

fn kind(custom_id: &str) -> String {
    let id: CustomId = custom_id.parse().unwrap_or_else(|e| panic!("{e}"));
    kind_of(id).to_owned()
}

fn user(id: &str) -> Value {
    json!([{"name": "user", "value": id}])
}

fn user_or_role(id: &str) -> Value {
    json!([{"name": "user_or_role", "value": id}])
}

fn sub(name: &str, options: Value) -> Value {
    json!([{"name": name, "options": options}])
}

/// The table.
#[rustfmt::skip]
pub fn rows(env: &Env, w: &World) -> Vec<Row> {
    let ids = &env.ids;
    let (general, ticket) = (ids.general.as_str(), w.ticket.as_str());
    let (alice, staff, bob, barred) = (&ids.alice, &ids.staff, &ids.bob, &w.barred);
    let command = |door: &str, actor: &str, channel: &str, options: Value, refusal| {
        let name = door.split(' ').next().unwrap_or_default().to_owned();
        Row { door: format!("/{door}"), actor: actor.to_owned(), input: Input::Command { channel: channel.to_owned(), name, options }, refusal }
    };
    let click = |actor: &str, prompt: &Prompt, refusal| Row {
        door: kind(&prompt.custom_id), actor: actor.to_owned(), input: Input::Click(prompt.clone()), refusal,
    };
    let suggest = |door: &str, actor: &str, name: &'static str, options: Value, focused: &'static str| Row {
        door: door.to_owned(), actor: actor.to_owned(),
        input: Input::Autocomplete { channel: ticket.to_owned(), name, options, focused }, refusal: Refusal::NoSuggestions,
    };
    let panel = w.panel.to_string();
    vec![
        // Anyone's commands: a barred member, or the opener where the server lets only staff.
        command("open", barred, general, json!([]), BARRED),
        command("close", alice, ticket, json!([]), STAFF_CLOSE),
        command("help", barred, general, json!([]), BARRED),
        command("about", barred, general, json!([]), BARRED),
        command("invite", barred, general, json!([]), BARRED),
        command("jumptotop", barred, &w.barred_ticket, json!([]), BARRED),
        command("vote", barred, general, json!([]), BARRED),
        command("premium", barred, general, json!([]), BARRED),
        Row { door: "Start Ticket".into(), actor: alice.clone(), input: Input::StartTicket { channel: general.into(), message: w.message.clone() }, refusal: STAFF },
        // Support staff's commands: a member, in her own ticket.
        command("claim", alice, ticket, json!([]), CLAIM),
        command("unclaim", alice, ticket, json!([]), STAFF),
        command("transfer", alice, ticket, json!([{"name": "user", "value": staff}]), STAFF),
        command("add", alice, ticket, user(bob), STAFF),
        command("remove", alice, ticket, user(staff), STAFF),
        command("rename", alice, ticket, json!([{"name": "new_ticket_name", "value": "mine"}]), STAFF),
        command("switchpanel", alice, ticket, json!([{"name": "to_panel", "value": panel}]), STAFF),
        command("closerequest", alice, ticket, json!([]), STAFF),
        command("autoclose exclude", alice, ticket, sub("exclude", json!([])), STAFF),
        command("viewstaff", alice, ticket, json!([]), STAFF),
        command("tag", alice, ticket, json!([{"name": "tag_id", "value": "rules"}]), STAFF),
        command("managetags list", alice, ticket, sub("list", json!([])), STAFF),
        command("notes", alice, ticket, json!([]), STAFF),
        command("on-call", alice, general, json!([]), STAFF),
        command("reopen", alice, general, json!([{"name": "ticket_id", "value": 1}]), STAFF),
        command("stats user", alice, general, sub("user", json!([{"name": "user", "value": bob}])), STAFF),
        command("stats server", alice, general, sub("server", json!([])), STAFF),
        // A subcommand that changes settings: its use case wants an admin, not just staff.
        command("autoclose configure", alice, ticket, sub("configure", json!([])), ADMINS),
        // Admins' commands: a support member, in a ticket he works.
        command("addadmin", staff, ticket, user_or_role(alice), ADMINS),
        command("addsupport", staff, ticket, user_or_role(alice), ADMINS),
        command("removeadmin", staff, ticket, user_or_role(&ids.owner), ADMINS),
        command("removesupport", staff, ticket, user_or_role(bob), ADMINS),
        command("blacklist", staff, ticket, user_or_role(alice), ADMINS),
        command("setup auto", staff, general, sub("auto", json!([])), ADMINS),
        command("setup limit", staff, general, sub("limit", json!([{"name": "limit", "value": 9}])), ADMINS),
        command("setup transcripts", staff, general, sub("transcripts", json!([{"name": "channel", "value": general}])), ADMINS),
        command("setup use-threads", staff, general, sub("use-threads", json!([{"name": "use_threads", "value": true}])), ADMINS),
        command("language", staff, general, json!([]), ADMINS),
        command("panel", staff, general, json!([]), ADMINS),
        command("managetags add", staff, ticket, sub("add", json!([{"name": "id", "value": "x"}, {"name": "content", "value": "y"}])), ADMINS),
        command("managetags delete", staff, ticket, sub("delete", json!([{"name": "id", "value": "rules"}])), ADMINS),
        // Buttons and menus, each pressed by someone who may not (any more).
        click(barred, &w.panel_button, BARRED),
        Row { door: kind(&w.multi_menu.custom_id), actor: barred.clone(), input: Input::Select(w.multi_menu.clone(), panel.clone()), refusal: BARRED },
        click(alice, &w.close, STAFF_CLOSE),
        click(alice, &w.close_confirm, STAFF_CLOSE),
        click(alice, &w.close_with_reason, STAFF_CLOSE),
        click(alice, &w.claim, CLAIM),
        click(bob, &w.staff_confirm, ADMINS),
        click(alice, &w.staff_page, STAFF),
        click(staff, &w.accept, OPENER),
        click(staff, &w.deny, OPENER),
        click(alice, &w.join, JOIN),
        // A rating button of the barred member's closed ticket, in their DM.
        click(barred, &w.rate, BARRED),
        click(&w.guest, &w.keep_open, KEEP_OPEN),
        Row { door: kind(&w.language.custom_id), actor: bob.clone(), input: Input::Select(w.language.clone(), w.language_value.clone()), refusal: ADMINS },
        // Modals shown before the right went.
        Row {
            door: "PanelForm".into(), actor: barred.clone(), refusal: BARRED,
            input: Input::Modal { channel: w.panel_button.channel.clone(), custom_id: CustomId::PanelForm(w.form_panel).encode(), fields: json!({w.form_question.clone(): "1234"}) },
        },
        Row {
            door: "ExitSurvey".into(), actor: barred.clone(), refusal: BARRED,
            input: Input::Modal { channel: w.rate.channel.clone(), custom_id: w.survey.clone(), fields: json!({w.form_question.clone(): "1234"}) },
        },
        Row {
            door: "CloseReasonModal".into(), actor: alice.clone(), refusal: STAFF_CLOSE,
            input: Input::Modal { channel: ticket.into(), custom_id: CustomId::CloseReasonModal.encode(), fields: json!({"reason": "Solved"}) },
        },
        // Suggestions: none for those who may not use the command.
        suggest("switchpanel to_panel", alice, "switchpanel", json!([{"name": "to_panel", "value": "Bil"}]), "to_panel"),
        suggest("tag tag_id", alice, "tag", json!([{"name": "tag_id", "value": "ru"}]), "tag_id"),
        suggest("reopen ticket_id", alice, "reopen", json!([{"name": "ticket_id", "value": 1}]), "ticket_id"),
        suggest("managetags delete id", staff, "managetags", sub("delete", json!([{"name": "id", "value": "ru"}])), "id"),
    ]
}

impl Row {
    /// Sends the row's input as its actor.
    pub async fn knock(&self, env: &Env) -> Act {
        let (sim, guild, actor) = (&env.sim, &env.ids.guild, &self.actor);
        match &self.input {
            Input::Command {
                channel,
                name,
                options,
            } => {
                sim.command(guild, channel, actor, name, options.clone())
                    .await
            }
            Input::StartTicket { channel, message } => {
                sim.message_command(
                    guild,
                    channel,
                    actor,
                    tickets_bot::commands::START_TICKET,
                    message,
                )
                .await
            }
            Input::Click(p) => sim.click(&p.channel, &p.message, actor, &p.custom_id).await,
            Input::Select(p, value) => {
                sim.select(
                    &p.channel,
                    &p.message,
                    actor,
                    &p.custom_id,
                    std::slice::from_ref(value),
                )
                .await
            }
            Input::Modal {
                channel,
                custom_id,
                fields,
            } => {
                sim.submit_modal(channel, actor, custom_id, fields.clone())
                    .await
            }
            Input::Autocomplete {
                channel,
                name,
                options,
                focused,
            } => {
                sim.autocomplete(guild, channel, actor, name, options.clone(), focused)
                    .await
            }
        }
    }

    /// Asserts that the answer is the row's refusal, as the actor sees it.
    pub fn assert_refused(&self, env: &Env, act: &Act) {
        let door = &self.door;
        assert!(act.error.is_none(), "{door}: {:?}", act.error);
        match self.refusal {
            Refusal::Says(key) => {
                let expected =
                    env.core()
                        .catalog()
                        .text(&tickets_i18n::Locale::english(), key, &[]);
                assert_eq!(act.content(), expected, "{door}: {:?}", act.response);
                assert!(
                    act.is_ephemeral(),
                    "{door}: the refusal is shown to the actor only"
                );
            }
            Refusal::NoSuggestions => {
                let answer = act
                    .response
                    .as_ref()
                    .unwrap_or_else(|| panic!("{door}: no answer"));
                assert_eq!(answer["type"], 8, "{door}: {answer}");
                assert_eq!(answer["data"]["choices"], json!([]), "{door}: {answer}");
            }
        }
    }
}
