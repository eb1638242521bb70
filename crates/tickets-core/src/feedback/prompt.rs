//! What the rating prompt looks like: five buttons labelled 1 to 5 with a star, the chosen one
//! highlighted, and the stars as a line of filled and empty ones.

use tickets_i18n::{Catalog, Locale};
use tickets_model::GuildId;
use tickets_model::custom_id::{CustomId, Stars};
use twilight_model::channel::message::component::{ActionRow, Button, ButtonStyle};
use twilight_model::channel::message::{Component, Embed};
use twilight_util::builder::embed::{EmbedBuilder, EmbedFieldBuilder};

/// The colour of the rating prompt posted in a thread ticket.
const PROMPT_COLOUR: u32 = 0x00FE_E75C;

/// The row of rating buttons of a ticket; `chosen` is highlighted.
pub(crate) fn rating_row(
    catalog: &Catalog,
    locale: &Locale,
    guild: GuildId,
    number: i64,
    chosen: Option<Stars>,
) -> Component {
    let buttons = Stars::ALL
        .into_iter()
        .map(|stars| {
            Component::Button(Button {
                custom_id: Some(
                    CustomId::Rate {
                        guild,
                        number,
                        stars,
                    }
                    .encode(),
                ),
                disabled: false,
                emoji: None,
                id: None,
                label: Some(catalog.text(
                    locale,
                    "feedback-rate-button",
                    &[("stars", stars.get().into())],
                )),
                sku_id: None,
                style: if chosen == Some(stars) {
                    ButtonStyle::Primary
                } else {
                    ButtonStyle::Secondary
                },
                url: None,
            })
        })
        .collect();
    Component::ActionRow(ActionRow {
        id: None,
        components: buttons,
    })
}

/// A rating as people read it: `★★★★☆ (4/5)`.
#[must_use]
pub fn stars_text(catalog: &Catalog, locale: &Locale, stars: Stars) -> String {
    let filled = usize::from(stars.get());
    let bar = format!("{}{}", "★".repeat(filled), "☆".repeat(5 - filled));
    catalog.text(
        locale,
        "feedback-rating-value",
        &[("bar", bar.into()), ("stars", stars.get().into())],
    )
}

/// The prompt posted in a thread ticket before it is archived.
pub(crate) fn thread_prompt(
    catalog: &Catalog,
    locale: &Locale,
    guild: GuildId,
    number: i64,
    chosen: Option<Stars>,
) -> (Embed, Component) {
    let mut embed = EmbedBuilder::new()
        .title(catalog.text(locale, "feedback-prompt-title", &[]))
        .description(catalog.text(locale, "feedback-prompt-description", &[]))
        .color(PROMPT_COLOUR);
    if let Some(stars) = chosen {
        embed = embed.field(EmbedFieldBuilder::new(
            catalog.text(locale, "feedback-your-rating", &[]),
            stars_text(catalog, locale, stars),
        ));
    }
    (
        embed.build(),
        rating_row(catalog, locale, guild, number, chosen),
    )
}
