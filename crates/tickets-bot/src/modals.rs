//! The modals (dialog forms) the bot shows.

use tickets_i18n::{Catalog, Locale};
use tickets_model::custom_id::{CustomId, REASON_INPUT};
use tickets_model::values::CloseReason;
use twilight_model::channel::message::Component;
use twilight_model::channel::message::component::{Label, TextInput, TextInputStyle};
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
