//! Multi-panels: several panels in one message, by buttons or a select menu; the ticket opens as
//! from the chosen panel, form included.

use crate::helpers::*;
use tickets_core::UseCaseError;
use tickets_core::multi_panels::MultiPanelDraft;
use tickets_core::panels::PanelDraft;
use tickets_model::form::{FormInput, FormName};
use tickets_model::panel::{
    ButtonLabel, ButtonStyle, Colour, PanelContent, PanelTitle, SelectPlaceholder,
};
use tickets_model::{FormId, PanelId};
use tickets_testkit::{Env, e2e_test, parse};

async fn channel_named(env: &Env, name: &str) -> String {
    env.sim
        .channels(&env.ids.guild)
        .await
        .into_iter()
        .find(|c| c["name"] == name)
        .and_then(|c| c["id"].as_str().map(str::to_owned))
        .unwrap()
}

async fn panel(env: &Env, title: &str, category: Option<&str>, form: Option<FormId>) -> PanelId {
    let channel = channel_named(env, "open-a-ticket").await;
    let draft = PanelDraft {
        category_id: category.map(parse),
        button_style: ButtonStyle::Secondary,
        button_label: ButtonLabel::parse(&format!("{title} help")).unwrap(),
        form_id: form,
        ..PanelDraft::new(PanelTitle::parse(title).unwrap(), parse(&channel))
    };
    env.core()
        .create_panel(&env.owner(), &draft)
        .await
        .unwrap()
        .panel_id
}

fn multi(channel: &str, panels: Vec<PanelId>, select: bool) -> MultiPanelDraft {
    MultiPanelDraft {
        title: PanelTitle::parse("How can we help?").unwrap(),
        content: PanelContent::parse("Choose a topic").unwrap(),
        colour: Colour::DEFAULT,
        channel_id: parse(channel),
        panels,
        use_select_menu: select,
        select_placeholder: SelectPlaceholder::parse("Pick a topic").unwrap(),
        large_image: None,
        small_image: None,
    }
}

e2e_test! {
    async fn a_multi_panel_button_opens_the_chosen_panels_ticket(env) {
        let billing_category = env.sim.create_channel(&env.ids.guild, "Billing", 4, None).await;
        let billing = panel(env, "Billing", Some(&billing_category), None).await;
        let bugs = panel(env, "Bugs", None, None).await;
        let channel = channel_named(env, "general").await;
        let made = env.core().create_multi_panel(&env.owner(), &multi(&channel, vec![billing, bugs], false)).await.unwrap();
        let message = env.sim.messages(&channel).await.pop().unwrap();
        assert_eq!(message["embeds"][0]["title"], "How can we help?");
        let buttons = message["components"][0]["components"].as_array().unwrap();
        assert_eq!(buttons.len(), 2);
        assert_eq!(buttons[0]["label"], "Billing help");
        assert_eq!(buttons[1]["custom_id"], format!("t:p:{bugs}"));

        let id = made.message_id.unwrap().to_string();
        let act = env.sim.click(&channel, &id, &env.ids.alice, &format!("t:p:{billing}")).await;
        let ticket = act.mentioned_channel().unwrap();
        let created = channel_of(env, &ticket).await;
        assert_eq!(created["parent_id"].as_str(), Some(billing_category.as_str()));
        assert_eq!(env.sim.messages(&ticket).await[0]["embeds"][0]["title"], "Billing");

        // One panel is not a multi-panel.
        assert!(matches!(
            env.core().create_multi_panel(&env.owner(), &multi(&channel, vec![bugs], false)).await,
            Err(UseCaseError::Invalid(_))
        ));
    }
}

e2e_test! {
    async fn a_multi_panel_select_asks_the_chosen_panels_form(env) {
        let form = env.core().create_form(&env.owner(), &FormName::parse("Bug report").unwrap()).await.unwrap();
        let question = FormInput::parse("What broke?", "", "paragraph", true, "", "", "").unwrap();
        env.core().save_form_inputs(&env.owner(), form.form_id, &[question]).await.unwrap();
        let billing = panel(env, "Billing", None, None).await;
        let bugs = panel(env, "Bugs", None, Some(form.form_id)).await;
        let channel = channel_named(env, "general").await;
        let made = env.core().create_multi_panel(&env.owner(), &multi(&channel, vec![billing, bugs], true)).await.unwrap();
        let message = env.sim.messages(&channel).await.pop().unwrap();
        let menu = &message["components"][0]["components"][0];
        assert_eq!(menu["placeholder"], "Pick a topic");
        assert_eq!(menu["options"][1]["label"], "Bugs");
        let custom_id = menu["custom_id"].as_str().unwrap().to_owned();

        let id = made.message_id.unwrap().to_string();
        let shown = env.sim.select(&channel, &id, &env.ids.alice, &custom_id, &[bugs.to_string()]).await;
        let modal = shown.response.clone().unwrap();
        assert_eq!(modal["type"], 9, "{modal}");
        assert_eq!(modal["data"]["title"], "Bug report");
        let input = modal["data"]["components"][0]["component"]["custom_id"].as_str().unwrap().to_owned();
        let opened = env
            .sim
            .submit_modal(&channel, &env.ids.alice, &format!("t:f:{bugs}"), serde_json::json!({input: "The login page"}))
            .await;
        let ticket = opened.mentioned_channel().unwrap_or_else(|| panic!("{:?}", opened.response));
        let welcome = env.sim.messages(&ticket).await.remove(0);
        assert_eq!(welcome["embeds"][0]["title"], "Bugs");
        assert_eq!(welcome["embeds"][1]["fields"][0]["value"], "The login page");

        // Billing has no form: choosing it opens at once.
        let direct = env.sim.select(&channel, &id, &env.ids.bob, &custom_id, &[billing.to_string()]).await;
        assert!(direct.mentioned_channel().is_some(), "{:?}", direct.response);
    }
}

e2e_test! {
    async fn multi_panel_messages_are_edited_resent_and_deleted(env) {
        let a = panel(env, "A", None, None).await;
        let b = panel(env, "B", None, None).await;
        let c = panel(env, "C", None, None).await;
        let channel = channel_named(env, "general").await;
        let made = env.core().create_multi_panel(&env.owner(), &multi(&channel, vec![a, b], false)).await.unwrap();
        let edited = env.core().update_multi_panel(&env.owner(), made.multi_panel_id, &multi(&channel, vec![a, b, c], false)).await.unwrap();
        assert_eq!(edited.message_id, made.message_id, "edited in place");
        let messages = env.sim.messages(&channel).await;
        assert_eq!(messages.len(), 1);
        assert_eq!(messages[0]["components"][0]["components"].as_array().unwrap().len(), 3);

        let resent = env.core().resend_multi_panel(&env.owner(), made.multi_panel_id).await.unwrap();
        assert_ne!(resent.message_id, made.message_id);
        assert_eq!(env.sim.messages(&channel).await.len(), 1, "the old message went");
        env.core().delete_multi_panel(&env.owner(), made.multi_panel_id).await.unwrap();
        assert!(env.sim.messages(&channel).await.is_empty());
        assert!(env.core().panel(&env.owner(), a).await.is_ok(), "its panels stay");
    }
}
