//! Forms: asked in a modal when a panel is clicked, answers shown in the welcome message, and
//! edited on the dashboard.

use crate::helpers::*;
use serde_json::{Value, json};
use tickets_core::panels::PanelDraft;
use tickets_model::form::{FormInput, FormName};
use tickets_model::panel::PanelTitle;
use tickets_model::values::TicketLimit;
use tickets_testkit::{Env, e2e_test, parse};

async fn panel_channel(env: &Env) -> String {
    env.sim
        .channels(&env.ids.guild)
        .await
        .into_iter()
        .find(|c| c["name"] == "open-a-ticket")
        .and_then(|c| c["id"].as_str().map(str::to_owned))
        .unwrap()
}

/// A panel asking "Order number" (one line, required, at most 20), "Details" (optional) and
/// "Topic" (a choice between Refund and Exchange).
async fn panel_with_form(env: &Env) -> (tickets_model::PanelId, String, Vec<String>) {
    let guild = env.guild_id();
    let form = env
        .core()
        .create_form(&env.owner(), &FormName::parse("Refund request").unwrap())
        .await
        .unwrap();
    let questions = [
        FormInput::parse("Order number", "e.g. 1234", "short", true, "", "20", "").unwrap(),
        FormInput::parse("Details", "", "paragraph", false, "", "", "").unwrap(),
        FormInput::parse("Topic", "", "select", true, "", "", "Refund\nExchange").unwrap(),
    ];
    env.core()
        .save_form_inputs(&env.owner(), form.form_id, &questions)
        .await
        .unwrap();
    let channel = panel_channel(env).await;
    let draft = PanelDraft {
        form_id: Some(form.form_id),
        ..PanelDraft::new(PanelTitle::parse("Refunds").unwrap(), parse(&channel))
    };
    let panel = env.core().create_panel(&env.owner(), &draft).await.unwrap();
    let inputs = env.db().forms().inputs(guild, form.form_id).await.unwrap();
    let ids = inputs.iter().map(|i| format!("q:{}", i.input_id)).collect();
    (panel.panel_id, panel.message_id.unwrap().to_string(), ids)
}

e2e_test! {
    async fn a_panels_form_is_asked_and_its_answers_open_the_ticket(env) {
        let (panel, message, ids) = panel_with_form(env).await;
        let channel = panel_channel(env).await;
        let shown = env.sim.click(&channel, &message, &env.ids.alice, &format!("t:p:{panel}")).await;
        let modal = shown.response.clone().unwrap();
        assert_eq!(modal["type"], 9, "{modal}");
        assert_eq!(modal["data"]["title"], "Refund request");
        let labels: Vec<&Value> = modal["data"]["components"].as_array().unwrap().iter().collect();
        assert_eq!(labels.len(), 3);
        let topic = &labels[2]["component"];
        assert_eq!(topic["type"], 3, "a select menu inside the label");
        assert_eq!(topic["options"][1]["value"], "Exchange");
        assert_eq!(labels[0]["label"], "Order number");
        assert_eq!(labels[0]["component"]["max_length"], 20);
        assert_eq!(labels[0]["component"]["placeholder"], "e.g. 1234");
        assert_eq!(labels[1]["component"]["style"], 2, "paragraph");
        assert_eq!(open_count(env, &env.ids.alice).await, 0, "nothing opens before the answers");

        let answers = json!({ids[0].clone(): "1234", ids[1].clone(): "The parcel never came", ids[2].clone(): "Exchange"});
        let opened = env.sim.submit_modal(&channel, &env.ids.alice, &format!("t:f:{panel}"), answers).await;
        let ticket = opened.mentioned_channel().unwrap_or_else(|| panic!("{:?}", opened.response));
        let welcome = env.sim.messages(&ticket).await.remove(0);
        let fields = welcome["embeds"][1]["fields"].as_array().unwrap().clone();
        assert_eq!(welcome["embeds"][1]["title"], "Answers");
        assert_eq!(fields[0]["name"], "Order number");
        assert_eq!(fields[0]["value"], "1234");
        assert_eq!(fields[1]["name"], "Details");
        assert_eq!(fields[1]["value"], "The parcel never came");
        assert_eq!(fields[2]["name"], "Topic");
        assert_eq!(fields[2]["value"], "Exchange");
        let number = env.db().tickets().get_by_channel(env.guild_id(), parse(&ticket)).await.unwrap().unwrap().number;
        let stored = env.db().forms().answers(env.guild_id(), number).await.unwrap();
        assert_eq!(stored[0], ("Order number".to_owned(), "1234".to_owned()));
    }
}

e2e_test! {
    async fn a_member_at_the_limit_is_told_before_filling_in_the_form(env) {
        let (panel, message, _) = panel_with_form(env).await;
        let limit = TicketLimit::new(1).unwrap();
        env.db().settings().set_ticket_limit(env.guild_id(), limit).await.unwrap();
        open_ok(env, &env.ids.alice, None).await;
        let channel = panel_channel(env).await;
        let refused = env.sim.click(&channel, &message, &env.ids.alice, &format!("t:p:{panel}")).await;
        assert!(refused.is_ephemeral(), "{:?}", refused.response);
        assert_eq!(
            refused.content(),
            "You already have 1 open ticket; the limit in this server is 1. Close one before opening another."
        );
        // A barred member is told before the form too.
        let bob = tickets_store::blacklist::Barred::User(parse(&env.ids.bob));
        env.db().blacklist().add(env.guild_id(), bob).await.unwrap();
        let barred = env.sim.click(&channel, &message, &env.ids.bob, &format!("t:p:{panel}")).await;
        assert!(barred.is_ephemeral(), "{:?}", barred.response);
        assert!(barred.content().starts_with("You are not allowed to open tickets"), "{}", barred.content());
    }
}
