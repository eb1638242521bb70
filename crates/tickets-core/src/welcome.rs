//! The message that greets a new ticket and carries its buttons.

use tickets_i18n::{Catalog, Locale};
use tickets_model::UserId;
use tickets_model::custom_id::CustomId;
use tickets_model::values::Subject;
use twilight_model::channel::message::Component;
use twilight_model::channel::message::Embed;
use twilight_model::channel::message::component::{ActionRow, Button, ButtonStyle};
use twilight_util::builder::embed::EmbedBuilder;

/// The accent colour of our embeds (Discord's blurple).
pub const ACCENT: u32 = 0x0058_65F2;

/// The welcome embed: the subject as title, the welcome text as description.
#[must_use]
pub fn welcome_embed(
    catalog: &Catalog,
    locale: &Locale,
    subject: Option<&Subject>,
    opener: UserId,
) -> Embed {
    let title = subject.map_or_else(
        || catalog.text(locale, "ticket-welcome-no-subject", &[]),
        |s| s.as_str().to_owned(),
    );
    let description = catalog.text(
        locale,
        "ticket-welcome-body",
        &[("user", format!("<@{opener}>").into())],
    );
    EmbedBuilder::new()
        .title(title)
        .description(description)
        .color(ACCENT)
        .build()
}

/// The row of buttons under the welcome message.
#[must_use]
pub fn welcome_buttons(catalog: &Catalog, locale: &Locale) -> Vec<Component> {
    vec![Component::ActionRow(ActionRow {
        id: None,
        components: vec![button(
            CustomId::Close,
            catalog.text(locale, "ticket-close-button", &[]),
            ButtonStyle::Danger,
        )],
    })]
}

/// One of our buttons.
#[must_use]
pub fn button(id: CustomId, label: String, style: ButtonStyle) -> Component {
    Component::Button(Button {
        custom_id: Some(id.encode()),
        disabled: false,
        emoji: None,
        id: None,
        label: Some(label),
        sku_id: None,
        style,
        url: None,
    })
}
