//! The message that greets a new ticket and carries its buttons.

use tickets_i18n::{Catalog, Locale};
use tickets_model::UserId;
use tickets_model::custom_id::CustomId;
use tickets_model::values::Subject;
use tickets_store::panels::PanelFields;
use twilight_model::channel::message::Component;
use twilight_model::channel::message::Embed;
use twilight_model::channel::message::component::{ActionRow, Button, ButtonStyle};
use twilight_util::builder::embed::{EmbedBuilder, EmbedFieldBuilder, ImageSource};

/// The accent colour of our embeds (Discord's blurple).
pub const ACCENT: u32 = 0x0058_65F2;

/// What the welcome embed is made of.
#[derive(Debug, Clone)]
pub struct WelcomeParts<'a> {
    /// The subject the opener gave, if any.
    pub subject: Option<&'a Subject>,
    /// The panel the ticket was opened from, if any.
    pub panel: Option<&'a PanelFields>,
    /// The welcome text, placeholders already filled in.
    pub description: String,
}

/// Discord's limit on the characters of all embeds of one message together.
pub const MESSAGE_EMBED_BUDGET: usize = 6000;
/// Discord's limit on an embed field's value.
const FIELD_VALUE_MAX: usize = 1024;

/// The characters of an embed that count against [`MESSAGE_EMBED_BUDGET`].
#[must_use]
pub fn embed_length(embed: &Embed) -> usize {
    let count = |text: Option<&String>| text.map_or(0, |t| t.chars().count());
    count(embed.title.as_ref())
        + count(embed.description.as_ref())
        + embed
            .fields
            .iter()
            .map(|f| f.name.chars().count() + f.value.chars().count())
            .sum::<usize>()
        + embed.footer.as_ref().map_or(0, |f| f.text.chars().count())
        + embed.author.as_ref().map_or(0, |a| a.name.chars().count())
}

/// The second embed of the welcome message: the form's answers, one field each, shortened
/// (the full answers stay stored with the ticket) so the message fits in `room` characters.
#[must_use]
pub fn answers_embed(
    catalog: &Catalog,
    locale: &Locale,
    answers: &[(String, String)],
    room: usize,
) -> Embed {
    let title = catalog.text(locale, "ticket-form-answers", &[]);
    let labels: usize = answers.iter().map(|(l, _)| l.chars().count()).sum();
    let share = room
        .saturating_sub(title.chars().count() + labels)
        .checked_div(answers.len().max(1))
        .unwrap_or(0)
        .min(FIELD_VALUE_MAX);
    let mut embed = EmbedBuilder::new().title(title).color(ACCENT);
    for (label, answer) in answers {
        let value = tickets_model::text::shorten(answer, share);
        embed = embed.field(EmbedFieldBuilder::new(label.clone(), value));
    }
    embed.build()
}

/// The catalog's welcome text, for servers that did not write their own.
#[must_use]
pub fn default_welcome_text(catalog: &Catalog, locale: &Locale, opener: UserId) -> String {
    catalog.text(
        locale,
        "ticket-welcome-body",
        &[("user", format!("<@{opener}>").into())],
    )
}

/// The welcome embed: the subject as title, else the panel's title, else "No subject given";
/// the welcome text as description; the panel's colour and images.
#[must_use]
pub fn welcome_embed(catalog: &Catalog, locale: &Locale, parts: &WelcomeParts<'_>) -> Embed {
    let title = match (parts.subject, parts.panel) {
        (Some(subject), _) => subject.as_str().to_owned(),
        (None, Some(panel)) => panel.title.clone(),
        (None, None) => catalog.text(locale, "ticket-welcome-no-subject", &[]),
    };
    let colour = parts.panel.map_or(ACCENT, |p| p.colour);
    let mut embed = EmbedBuilder::new()
        .title(title)
        .description(parts.description.clone())
        .color(colour);
    if let Some(panel) = parts.panel {
        if let Some(url) = panel.large_image_url.as_deref()
            && let Ok(image) = ImageSource::url(url)
        {
            embed = embed.image(image);
        }
        if let Some(url) = panel.small_image_url.as_deref()
            && let Ok(image) = ImageSource::url(url)
        {
            embed = embed.thumbnail(image);
        }
    }
    embed.build()
}

/// The row of buttons under the welcome message: Close, Close With Reason, and Claim unless
/// the server hides it.
#[must_use]
pub fn welcome_buttons(catalog: &Catalog, locale: &Locale, show_claim: bool) -> Vec<Component> {
    let text = |key: &str| catalog.text(locale, key, &[]);
    let mut buttons = vec![
        button(
            CustomId::Close,
            text("ticket-close-button"),
            ButtonStyle::Danger,
        ),
        button(
            CustomId::CloseWithReason,
            text("ticket-close-reason-button"),
            ButtonStyle::Danger,
        ),
    ];
    if show_claim {
        buttons.push(button(
            CustomId::Claim,
            text("ticket-claim-button"),
            ButtonStyle::Success,
        ));
    }
    vec![Component::ActionRow(ActionRow {
        id: None,
        components: buttons,
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
