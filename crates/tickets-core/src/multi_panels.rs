//! Multi-panels: one message offering several panels, as buttons or a select menu. The ticket
//! opens exactly as from the chosen panel (its category, form, welcome message...).

use crate::access::Caller;
use crate::channels::ChannelKind;
use crate::{Core, DiscordFailure, UseCaseError};
use tickets_model::custom_id::CustomId;
use tickets_model::panel::{
    ButtonLabel, ButtonStyle, Colour, ImageUrl, PanelContent, PanelTitle, SelectPlaceholder,
};
use tickets_model::permissions::Capability;
use tickets_model::values::{Problem, ValueError};
use tickets_model::{GuildId, MessageId, MultiPanelId, PanelId};
use tickets_store::StoreError;
use tickets_store::multi_panels::{MultiPanelFields, MultiPanelRow};
use tickets_store::panels::PanelRow;
use twilight_model::channel::message::component::{
    ActionRow, Button, SelectMenu, SelectMenuOption, SelectMenuType,
};
use twilight_model::channel::message::{Component, Embed};
use twilight_util::builder::embed::{EmbedBuilder, ImageSource};

/// Most choices: Discord's 25 select options, or 5 rows of 5 buttons.
pub const MAX_PANELS: usize = 25;

/// Discord's limit on a select option's label.
const SELECT_OPTION_LABEL_MAX: usize = 100;

/// A multi-panel as an admin describes it, every value already validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MultiPanelDraft {
    /// The embed's title.
    pub title: PanelTitle,
    /// The embed's description.
    pub content: PanelContent,
    /// The embed's colour.
    pub colour: Colour,
    /// Where the message is posted.
    pub channel_id: tickets_model::ChannelId,
    /// The panels offered, in order: two or more.
    pub panels: Vec<PanelId>,
    /// A select menu instead of buttons.
    pub use_select_menu: bool,
    /// The select menu's placeholder.
    pub select_placeholder: Option<SelectPlaceholder>,
    /// An image under the description.
    pub large_image: Option<ImageUrl>,
    /// A thumbnail beside it.
    pub small_image: Option<ImageUrl>,
}

impl MultiPanelDraft {
    fn to_fields(&self) -> MultiPanelFields {
        MultiPanelFields {
            title: self.title.as_str().to_owned(),
            content: self.content.as_str().to_owned(),
            colour: self.colour.get(),
            channel_id: self.channel_id,
            use_select_menu: self.use_select_menu,
            select_placeholder: self
                .select_placeholder
                .as_ref()
                .map(|p| p.as_str().to_owned()),
            large_image_url: self.large_image.as_ref().map(|u| u.as_str().to_owned()),
            small_image_url: self.small_image.as_ref().map(|u| u.as_str().to_owned()),
            panels: self.panels.clone(),
        }
    }
}

fn panels_refused() -> UseCaseError {
    ValueError::Invalid {
        field: "panels",
        problem: Problem::Choice,
    }
    .into()
}

fn foreign_panel(error: StoreError) -> UseCaseError {
    match error {
        StoreError::NotFound { .. } => panels_refused(),
        other => other.into(),
    }
}

/// The embed of a multi-panel's message.
#[must_use]
pub fn multi_panel_embed(fields: &MultiPanelFields) -> Embed {
    let mut embed = EmbedBuilder::new()
        .title(fields.title.clone())
        .color(Colour::from_u32(fields.colour).get());
    if !fields.content.is_empty() {
        embed = embed.description(fields.content.clone());
    }
    if let Some(url) = fields.large_image_url.as_deref()
        && let Ok(image) = ImageSource::url(url)
    {
        embed = embed.image(image);
    }
    if let Some(url) = fields.small_image_url.as_deref()
        && let Ok(image) = ImageSource::url(url)
    {
        embed = embed.thumbnail(image);
    }
    embed.build()
}

/// The buttons (each opening its panel, as on the panel's own message) or the select menu.
#[must_use]
pub fn multi_panel_components(row: &MultiPanelRow, panels: &[PanelRow]) -> Vec<Component> {
    if row.fields.use_select_menu {
        let options = panels
            .iter()
            .map(|p| SelectMenuOption {
                default: false,
                description: None,
                emoji: crate::panels::button_emoji(&p.fields),
                label: tickets_model::text::shorten(&p.fields.title, SELECT_OPTION_LABEL_MAX),
                value: p.panel_id.to_string(),
            })
            .collect();
        let menu = SelectMenu {
            channel_types: None,
            custom_id: CustomId::MultiPanelSelect(row.multi_panel_id).encode(),
            default_values: None,
            disabled: false,
            id: None,
            kind: SelectMenuType::Text,
            max_values: Some(1),
            min_values: Some(1),
            options: Some(options),
            placeholder: row.fields.select_placeholder.clone(),
            required: None,
        };
        return vec![Component::ActionRow(ActionRow {
            id: None,
            components: vec![Component::SelectMenu(menu)],
        })];
    }
    panels
        .chunks(5)
        .map(|chunk| {
            let buttons = chunk
                .iter()
                .map(|p| {
                    let label = p.fields.button_label.clone().unwrap_or_else(|| {
                        tickets_model::text::shorten(&p.fields.title, ButtonLabel::MAX)
                    });
                    Component::Button(Button {
                        custom_id: Some(CustomId::OpenPanel(p.panel_id).encode()),
                        disabled: false,
                        emoji: crate::panels::button_emoji(&p.fields),
                        id: None,
                        label: Some(label),
                        sku_id: None,
                        style: ButtonStyle::parse(&p.fields.button_style)
                            .unwrap_or_default()
                            .to_discord(),
                        url: None,
                    })
                })
                .collect();
            Component::ActionRow(ActionRow {
                id: None,
                components: buttons,
            })
        })
        .collect()
}

impl Core {
    /// Creates a multi-panel and posts its message; nothing is kept when Discord refuses.
    ///
    /// # Errors
    ///
    /// [`UseCaseError::Invalid`] for fewer than two or more than 25 panels, or panels or a
    /// channel not of this server; Discord and storage failures.
    pub async fn create_multi_panel(
        &self,
        caller: &Caller,
        draft: &MultiPanelDraft,
    ) -> Result<MultiPanelRow, UseCaseError> {
        self.authorize(caller, Capability::ManagePanels).await?;
        let guild = caller.guild_id;
        self.check_multi_panel(guild, draft).await?;
        let row = self
            .db()
            .multi_panels()
            .create(guild, &draft.to_fields())
            .await
            .map_err(foreign_panel)?;
        match self.post_multi_panel(&row).await {
            Ok(message) => {
                let id = row.multi_panel_id;
                self.db()
                    .multi_panels()
                    .set_message(guild, id, Some(message))
                    .await?;
                Ok(MultiPanelRow {
                    message_id: Some(message),
                    ..row
                })
            }
            Err(error) => {
                self.db()
                    .multi_panels()
                    .delete(guild, row.multi_panel_id)
                    .await?;
                Err(error)
            }
        }
    }

    /// Changes a multi-panel; its message is edited in place, or posted anew when it moved or
    /// was deleted.
    ///
    /// # Errors
    ///
    /// [`UseCaseError::MultiPanelNotFound`], as [`Core::create_multi_panel`].
    pub async fn update_multi_panel(
        &self,
        caller: &Caller,
        id: MultiPanelId,
        draft: &MultiPanelDraft,
    ) -> Result<MultiPanelRow, UseCaseError> {
        self.authorize(caller, Capability::ManagePanels).await?;
        let guild = caller.guild_id;
        let before = self.multi_panel_row(guild, id).await?;
        self.check_multi_panel(guild, draft).await?;
        let after = self
            .db()
            .multi_panels()
            .update(guild, id, &draft.to_fields())
            .await
            .map_err(foreign_panel)?
            .ok_or(UseCaseError::MultiPanelNotFound)?;
        if let Some(message) = before.message_id
            && before.fields.channel_id == after.fields.channel_id
        {
            let (embeds, components) = self.multi_panel_message(&after).await?;
            let request = self
                .discord()
                .http()
                .update_message(after.fields.channel_id, message)
                .embeds(Some(&embeds))
                .components(Some(&components));
            match self.discord().call("edit_panel", request).await {
                Ok(_) => return Ok(after),
                Err(e) if e.failure() == DiscordFailure::Unknown => {}
                Err(e) => return Err(e.into()),
            }
        }
        self.repost_multi_panel(after, before.message_id, before.fields.channel_id)
            .await
    }

    /// Posts a multi-panel's message again.
    ///
    /// # Errors
    ///
    /// [`UseCaseError::MultiPanelNotFound`], Discord and storage failures.
    pub async fn resend_multi_panel(
        &self,
        caller: &Caller,
        id: MultiPanelId,
    ) -> Result<MultiPanelRow, UseCaseError> {
        self.authorize(caller, Capability::ManagePanels).await?;
        let guild = caller.guild_id;
        let row = self.multi_panel_row(guild, id).await?;
        let (old, channel) = (row.message_id, row.fields.channel_id);
        self.repost_multi_panel(row, old, channel).await
    }

    /// Deletes a multi-panel and its message; its panels stay.
    ///
    /// # Errors
    ///
    /// [`UseCaseError::MultiPanelNotFound`], Discord and storage failures.
    pub async fn delete_multi_panel(
        &self,
        caller: &Caller,
        id: MultiPanelId,
    ) -> Result<(), UseCaseError> {
        self.authorize(caller, Capability::ManagePanels).await?;
        let guild = caller.guild_id;
        let row = self.multi_panel_row(guild, id).await?;
        if let Some(message) = row.message_id {
            self.delete_message_if_present(row.fields.channel_id, message)
                .await?;
        }
        self.db().multi_panels().delete(guild, id).await?;
        Ok(())
    }

    /// A multi-panel of this server, as a bot admin edits it.
    ///
    /// # Errors
    ///
    /// [`UseCaseError::NotPermitted`], [`UseCaseError::MultiPanelNotFound`], storage failures.
    pub async fn multi_panel(
        &self,
        caller: &Caller,
        id: MultiPanelId,
    ) -> Result<MultiPanelRow, UseCaseError> {
        self.authorize(caller, Capability::ManagePanels).await?;
        self.multi_panel_row(caller.guild_id, id).await
    }

    /// Every multi-panel of the server.
    ///
    /// # Errors
    ///
    /// [`UseCaseError::NotPermitted`], storage failures.
    pub async fn multi_panels(&self, caller: &Caller) -> Result<Vec<MultiPanelRow>, UseCaseError> {
        self.authorize(caller, Capability::ManagePanels).await?;
        Ok(self.db().multi_panels().list(caller.guild_id).await?)
    }

    /// A multi-panel of this server, for use cases that checked their caller already.
    pub(crate) async fn multi_panel_row(
        &self,
        guild: GuildId,
        id: MultiPanelId,
    ) -> Result<MultiPanelRow, UseCaseError> {
        self.db()
            .multi_panels()
            .get(guild, id)
            .await?
            .ok_or(UseCaseError::MultiPanelNotFound)
    }

    /// The panel a member chose in a multi-panel's select menu, if the multi-panel offers it.
    ///
    /// # Errors
    ///
    /// [`UseCaseError::PanelNotFound`] for a choice the multi-panel does not offer (any more).
    pub async fn chosen_panel(
        &self,
        caller: &Caller,
        id: MultiPanelId,
        value: &str,
    ) -> Result<PanelId, UseCaseError> {
        self.authorize(caller, Capability::OpenTicket).await?;
        let guild = caller.guild_id;
        let row = self.multi_panel_row(guild, id).await?;
        value
            .parse::<PanelId>()
            .ok()
            .filter(|p| row.fields.panels.contains(p))
            .ok_or(UseCaseError::PanelNotFound)
    }

    async fn check_multi_panel(
        &self,
        guild: GuildId,
        draft: &MultiPanelDraft,
    ) -> Result<(), UseCaseError> {
        if draft.panels.len() < 2 {
            return Err(panels_refused());
        }
        if draft.panels.len() > MAX_PANELS {
            return Err(ValueError::TooMany {
                field: "panels",
                max: MAX_PANELS,
            }
            .into());
        }
        let choices = self
            .channel_choices_including(guild, &[Some(draft.channel_id)])
            .await?;
        Self::require_channel(
            &choices,
            Some(draft.channel_id),
            ChannelKind::Text,
            "channel",
        )
    }

    async fn multi_panel_message(
        &self,
        row: &MultiPanelRow,
    ) -> Result<(Vec<Embed>, Vec<Component>), UseCaseError> {
        let mut panels = Vec::new();
        for id in &row.fields.panels {
            if let Some(panel) = self.db().panels().get(row.guild_id, *id).await? {
                panels.push(panel);
            }
        }
        Ok((
            vec![multi_panel_embed(&row.fields)],
            multi_panel_components(row, &panels),
        ))
    }

    async fn post_multi_panel(&self, row: &MultiPanelRow) -> Result<MessageId, UseCaseError> {
        let (embeds, components) = self.multi_panel_message(row).await?;
        let request = self
            .discord()
            .http()
            .create_message(row.fields.channel_id)
            .embeds(&embeds)
            .components(&components);
        let message: twilight_model::channel::Message =
            self.discord().model("post_panel", request).await?;
        Ok(message.id)
    }

    async fn repost_multi_panel(
        &self,
        row: MultiPanelRow,
        old: Option<MessageId>,
        old_channel: tickets_model::ChannelId,
    ) -> Result<MultiPanelRow, UseCaseError> {
        let message = self.post_multi_panel(&row).await?;
        self.db()
            .multi_panels()
            .set_message(row.guild_id, row.multi_panel_id, Some(message))
            .await?;
        // A restarted simulator reissues ids, so the old id may name the new message.
        if let Some(old) = old.filter(|old| *old != message)
            && let Err(error) = self.delete_message_if_present(old_channel, old).await
        {
            tracing::warn!(%error, %old, "could not delete a multi-panel's previous message");
        }
        Ok(MultiPanelRow {
            message_id: Some(message),
            ..row
        })
    }
}
