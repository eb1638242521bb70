//! The modals (dialog forms) the bot shows.

use tickets_core::forms::AskedForm;
use tickets_core::forms::FormInputRow;
use tickets_core::forms::stored_options;
use tickets_i18n::{Catalog, Locale};
use tickets_model::custom_id::{CustomId, REASON_INPUT};
use tickets_model::values::CloseReason;
use tickets_model::{FormInputId, PanelId};
use twilight_model::channel::message::Component;
use twilight_model::channel::message::component::{
    Label, SelectMenu, SelectMenuOption, SelectMenuType, TextInput, TextInputStyle,
};
use twilight_model::http::interaction::InteractionResponseData;

/// Close With Reason: one paragraph input for the reason, limited as the reason is.
#[must_use]
#[expect(
    deprecated,
    reason = "the struct literal must name TextInput::label; it stays None, the Label component carries the label"
)]
pub fn close_reason(catalog: &Catalog, locale: &Locale) -> InteractionResponseData {
    let input = TextInput {
        custom_id: REASON_INPUT.to_owned(),
        id: None,
        label: None,
        max_length: u16::try_from(CloseReason::MAX).ok(),
        min_length: Some(1),
        placeholder: None,
        required: Some(true),
        style: TextInputStyle::Paragraph,
        value: None,
    };
    InteractionResponseData {
        custom_id: Some(CustomId::CloseReasonModal.encode()),
        title: Some(catalog.text(locale, "ticket-close-reason-modal-title", &[])),
        components: Some(vec![Component::Label(Label {
            component: Box::new(Component::TextInput(input)),
            description: None,
            id: None,
            label: catalog.text(locale, "ticket-close-reason-label", &[]),
        })]),
        ..InteractionResponseData::default()
    }
}

/// The `custom_id` of a form question's input: `q:<input id>`.
#[must_use]
pub fn question_id(input: FormInputId) -> String {
    format!("q:{input}")
}

/// Reads [`question_id`] back.
#[must_use]
pub fn parse_question_id(custom_id: &str) -> Option<FormInputId> {
    custom_id.strip_prefix("q:")?.parse().ok()
}

/// A panel's form as a modal: one labelled text input per question.
#[must_use]
pub fn panel_form(panel: PanelId, form: &AskedForm) -> InteractionResponseData {
    form_modal(CustomId::PanelForm(panel), form)
}

/// A form as a modal under `custom_id` (a panel's form, an exit survey): one labelled input per
/// question.
#[must_use]
#[expect(
    deprecated,
    reason = "the struct literal must name TextInput::label; it stays None, the Label component carries the label"
)]
pub fn form_modal(custom_id: CustomId, form: &AskedForm) -> InteractionResponseData {
    let components = form
        .inputs
        .iter()
        .map(|question| {
            let input = &question.input;
            let style = if input.style == "paragraph" {
                TextInputStyle::Paragraph
            } else {
                TextInputStyle::Short
            };
            if input.style == "select" {
                return Component::Label(Label {
                    component: Box::new(Component::SelectMenu(select_question(question))),
                    description: input.placeholder.clone(),
                    id: None,
                    label: input.label.clone(),
                });
            }
            Component::Label(Label {
                component: Box::new(Component::TextInput(TextInput {
                    custom_id: question_id(question.input_id),
                    id: None,
                    label: None,
                    max_length: input.max_length,
                    min_length: input.min_length,
                    placeholder: input.placeholder.clone(),
                    required: Some(input.required),
                    style,
                    value: None,
                })),
                description: None,
                id: None,
                label: input.label.clone(),
            })
        })
        .collect();
    InteractionResponseData {
        custom_id: Some(custom_id.encode()),
        title: Some(form.name.clone()),
        components: Some(components),
        ..InteractionResponseData::default()
    }
}

/// A select question: one choice among the form's options.
fn select_question(question: &FormInputRow) -> SelectMenu {
    let options = stored_options(question.input.options.as_deref())
        .into_iter()
        .map(|option| SelectMenuOption {
            default: false,
            description: None,
            emoji: None,
            label: option.clone(),
            value: option,
        })
        .collect();
    SelectMenu {
        channel_types: None,
        custom_id: question_id(question.input_id),
        default_values: None,
        disabled: false,
        id: None,
        kind: SelectMenuType::Text,
        max_values: Some(1),
        min_values: Some(u8::from(question.input.required)),
        options: Some(options),
        placeholder: None,
        required: Some(question.input.required),
    }
}
