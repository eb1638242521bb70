//! Panels: creating, editing, deleting and re-sending the messages members open tickets from.
//!
//! The dashboard and the API both call these; each keeps the stored panel and its Discord message
//! in step, and a panel whose message someone deleted in Discord stays until an admin deletes it.

use crate::access::Caller;
use crate::channels::ChannelKind;
use crate::{Core, DiscordFailure, UseCaseError};
use tickets_model::custom_id::CustomId;
use tickets_model::emoji::PanelEmoji;
use tickets_model::naming::NamingScheme;
use tickets_model::panel::{
    ButtonLabel, ButtonStyle, Colour, ImageUrl, Mention, MentionOnOpen, PanelContent, PanelTitle,
    WelcomeMessage,
};
use tickets_model::permissions::Capability;
use tickets_model::{ChannelId, FormId, GuildId, MessageId, PanelId};
use tickets_store::panels::{PanelFields, PanelRow};
use tickets_store::staff::{PanelTeams, TeamRow};
use twilight_model::channel::message::EmojiReactionType;
use twilight_model::channel::message::component::{ActionRow, Button};
use twilight_model::channel::message::{Component, Embed};
use twilight_util::builder::embed::EmbedBuilder;

/// A panel as an admin describes it, every value already validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PanelDraft {
    /// The embed's title.
    pub title: PanelTitle,
    /// The embed's description.
    pub content: PanelContent,
    /// The embed's colour.
    pub colour: Colour,
    /// Where the message is posted.
    pub channel_id: ChannelId,
    /// Where its tickets open; `None` is the server's ticket category.
    pub category_id: Option<ChannelId>,
    /// The button's colour.
    pub button_style: ButtonStyle,
    /// The button's text; `None` is the title.
    pub button_label: Option<ButtonLabel>,
    /// The button's emoji.
    pub emoji: Option<PanelEmoji>,
    /// Replaces the server's welcome message.
    pub welcome_message: Option<WelcomeMessage>,
    /// Replaces the server's naming scheme.
    pub naming_scheme: Option<NamingScheme>,
    /// Who is pinged when a ticket opens.
    pub mention_on_open: MentionOnOpen,
    /// An image under the welcome message.
    pub large_image: Option<ImageUrl>,
    /// A thumbnail beside the welcome message.
    pub small_image: Option<ImageUrl>,
    /// Whether the button refuses to open tickets.
    pub disabled: bool,
    /// Whether its tickets are private threads (`Some(true)`), channels (`Some(false)`), or as
    /// the server's settings say (`None`).
    pub thread_mode: Option<bool>,
    /// The category its ticket channels move to ten minutes after the staff's last message
    /// while the opener has not answered (channel tickets only).
    pub awaiting_category_id: Option<ChannelId>,
    /// The form asked before a ticket opens.
    pub form_id: Option<FormId>,
    /// The exit survey asked after its tickets are rated; `None` is the server's.
    pub exit_survey_form_id: Option<FormId>,
    /// The staff teams that handle its tickets.
    pub teams: PanelTeams,
}

impl PanelDraft {
    /// A panel with `title` posted in `channel` and every other setting at its default: no
    /// content, blurple, a primary button labelled with the title, the server's category, naming
    /// scheme and welcome message, no form, no mentions, no images, enabled.
    #[must_use]
    pub fn new(title: PanelTitle, channel_id: ChannelId) -> Self {
        Self {
            title,
            content: PanelContent::default(),
            colour: Colour::DEFAULT,
            channel_id,
            category_id: None,
            button_style: ButtonStyle::Primary,
            button_label: None,
            emoji: None,
            welcome_message: None,
            naming_scheme: None,
            mention_on_open: MentionOnOpen::default(),
            teams: PanelTeams {
                default_team: true,
                teams: Vec::new(),
            },
            large_image: None,
            small_image: None,
            disabled: false,
            thread_mode: None,
            awaiting_category_id: None,
            form_id: None,
            exit_survey_form_id: None,
        }
    }

    /// The stored form.
    #[must_use]
    pub fn to_fields(&self) -> PanelFields {
        PanelFields {
            title: self.title.as_str().to_owned(),
            content: self.content.as_str().to_owned(),
            colour: self.colour.get(),
            channel_id: self.channel_id,
            category_id: self.category_id,
            button_style: self.button_style.as_str().to_owned(),
            button_label: self.button_label.as_ref().map(|l| l.as_str().to_owned()),
            emoji: self.emoji.as_ref().map(ToString::to_string),
            welcome_message: self.welcome_message.as_ref().map(|w| w.as_str().to_owned()),
            naming_scheme: self.naming_scheme.as_ref().map(NamingScheme::to_stored),
            mention_on_open: self.mention_on_open.to_stored(),
            large_image_url: self.large_image.as_ref().map(|u| u.as_str().to_owned()),
            small_image_url: self.small_image.as_ref().map(|u| u.as_str().to_owned()),
            disabled: self.disabled,
            thread_mode: self.thread_mode,
            awaiting_category_id: self.awaiting_category_id,
        }
    }
}

/// The embed of a panel's message.
#[must_use]
pub fn panel_embed(fields: &PanelFields) -> Embed {
    let mut embed = EmbedBuilder::new()
        .title(fields.title.clone())
        .color(Colour::from_u32(fields.colour).get());
    if !fields.content.is_empty() {
        embed = embed.description(fields.content.clone());
    }
    embed.build()
}

/// The button of a panel's message.
#[must_use]
pub fn panel_components(panel: PanelId, fields: &PanelFields) -> Vec<Component> {
    let style = ButtonStyle::parse(&fields.button_style).unwrap_or_default();
    let label = fields
        .button_label
        .clone()
        .unwrap_or_else(|| tickets_model::text::shorten(&fields.title, ButtonLabel::MAX));
    vec![Component::ActionRow(ActionRow {
        id: None,
        components: vec![Component::Button(Button {
            custom_id: Some(CustomId::OpenPanel(panel).encode()),
            disabled: false,
            emoji: button_emoji(fields),
            id: None,
            label: Some(label),
            sku_id: None,
            style: style.to_discord(),
            url: None,
        })],
    })]
}

/// The stored emoji of a panel's button, as Discord shows it; one that no longer parses is left
/// off rather than failing the message.
#[must_use]
pub fn button_emoji(fields: &PanelFields) -> Option<EmojiReactionType> {
    let stored = fields.emoji.as_deref()?;
    PanelEmoji::parse(stored)
        .ok()
        .flatten()
        .map(|e| e.to_discord())
}

impl Core {
    /// Refuses mentioned roles that are not the server's (an id copied from another server).
    async fn check_panel_mentions(
        &self,
        guild: GuildId,
        draft: &PanelDraft,
    ) -> Result<(), UseCaseError> {
        let mentioned = draft.mention_on_open.mentions();
        if !mentioned.iter().any(|m| matches!(m, Mention::Role(_))) {
            return Ok(());
        }
        let roles = self.roles_of(guild).await?;
        let foreign = mentioned
            .iter()
            .any(|m| matches!(m, Mention::Role(role) if !roles.iter().any(|r| r.id == *role)));
        if foreign {
            return Err(tickets_model::values::ValueError::Invalid {
                field: "mention-on-open",
                problem: tickets_model::values::Problem::Choice,
            }
            .into());
        }
        Ok(())
    }

    /// Refuses teams that are not the server's.
    async fn check_panel_teams(
        &self,
        guild: GuildId,
        draft: &PanelDraft,
    ) -> Result<(), UseCaseError> {
        for team in &draft.teams.teams {
            if self.db().staff().team(guild, *team).await?.is_none() {
                return Err(tickets_model::values::ValueError::Invalid {
                    field: "teams",
                    problem: tickets_model::values::Problem::Choice,
                }
                .into());
            }
        }
        Ok(())
    }

    /// Creates a panel and posts its message. When Discord refuses the message, nothing is kept.
    ///
    /// # Errors
    ///
    /// Discord refusing the message (the bot cannot post in that channel...), storage failures.
    pub async fn create_panel(
        &self,
        caller: &Caller,
        draft: &PanelDraft,
    ) -> Result<PanelRow, UseCaseError> {
        self.authorize(caller, Capability::ManagePanels).await?;
        let guild = caller.guild_id;
        self.check_panel_channels(guild, draft).await?;
        self.check_panel_form(guild, draft).await?;
        self.check_panel_teams(guild, draft).await?;
        self.check_panel_mentions(guild, draft).await?;
        let panel = self.db().panels().create(guild, &draft.to_fields()).await?;
        self.db()
            .forms()
            .attach(guild, panel.panel_id, draft.form_id)
            .await?;
        self.db()
            .feedback()
            .set_panel_survey(guild, panel.panel_id, draft.exit_survey_form_id)
            .await?;
        self.db()
            .staff()
            .set_panel_teams(guild, panel.panel_id, &draft.teams)
            .await?;
        match self.post_panel(&panel).await {
            Ok(message) => {
                self.db()
                    .panels()
                    .set_message(guild, panel.panel_id, Some(message))
                    .await?;
                Ok(PanelRow {
                    message_id: Some(message),
                    ..panel
                })
            }
            Err(error) => {
                self.db().panels().delete(guild, panel.panel_id).await?;
                Err(error)
            }
        }
    }

    /// Changes a panel and its message in place; a panel that moved channel, or whose message
    /// was deleted in Discord, gets a new message.
    ///
    /// # Errors
    ///
    /// [`UseCaseError::PanelNotFound`] for a panel of no (or another) server, Discord and
    /// storage failures.
    pub async fn update_panel(
        &self,
        caller: &Caller,
        panel: PanelId,
        draft: &PanelDraft,
    ) -> Result<PanelRow, UseCaseError> {
        self.authorize(caller, Capability::ManagePanels).await?;
        let guild = caller.guild_id;
        let before = self.panel_row(guild, panel).await?;
        let before_teams = self.db().staff().teams_of_panel(guild, panel).await?;
        self.check_panel_channels(guild, draft).await?;
        self.check_panel_form(guild, draft).await?;
        self.check_panel_teams(guild, draft).await?;
        self.check_panel_mentions(guild, draft).await?;
        self.db()
            .forms()
            .attach(guild, panel, draft.form_id)
            .await?;
        self.db()
            .feedback()
            .set_panel_survey(guild, panel, draft.exit_survey_form_id)
            .await?;
        self.db()
            .staff()
            .set_panel_teams(guild, panel, &draft.teams)
            .await?;
        if before_teams != draft.teams {
            self.reach_open_tickets(guild, crate::staff_reach::Reach::Panels(vec![panel]))
                .await;
        }
        let after = self
            .db()
            .panels()
            .update(guild, panel, &draft.to_fields())
            .await?
            .ok_or(UseCaseError::PanelNotFound)?;
        let same_channel = before.fields.channel_id == after.fields.channel_id;
        if let (Some(message), true) = (before.message_id, same_channel) {
            match self.edit_panel_message(&after, message).await {
                Ok(()) => return Ok(after),
                Err(UseCaseError::Discord(e)) if e.failure() == DiscordFailure::Unknown => {}
                Err(error) => return Err(error),
            }
        }
        self.repost_panel(after, before.message_id).await
    }

    /// Posts a panel's message again (after someone deleted it, or to move it to the bottom).
    ///
    /// # Errors
    ///
    /// As [`Core::update_panel`].
    pub async fn resend_panel(
        &self,
        caller: &Caller,
        panel: PanelId,
    ) -> Result<PanelRow, UseCaseError> {
        self.authorize(caller, Capability::ManagePanels).await?;
        let guild = caller.guild_id;
        let panel = self.panel_row(guild, panel).await?;
        let old = panel.message_id;
        self.repost_panel(panel, old).await
    }

    /// Deletes a panel and its message. Tickets opened from it keep their history.
    ///
    /// # Errors
    ///
    /// [`UseCaseError::PanelNotFound`], Discord (other than a message already gone) and storage
    /// failures.
    pub async fn delete_panel(&self, caller: &Caller, panel: PanelId) -> Result<(), UseCaseError> {
        self.authorize(caller, Capability::ManagePanels).await?;
        let guild = caller.guild_id;
        let row = self.panel_row(guild, panel).await?;
        if let Some(message) = row.message_id {
            self.delete_message_if_present(row.fields.channel_id, message)
                .await?;
        }
        self.db().panels().delete(guild, panel).await?;
        Ok(())
    }

    /// Someone deleted a message in Discord: a panel that used it forgets it and can be re-sent.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn message_deleted(
        &self,
        guild: GuildId,
        message: MessageId,
    ) -> Result<(), UseCaseError> {
        let forgotten = self.db().panels().forget_message(guild, message).await?
            + self
                .db()
                .multi_panels()
                .forget_message(guild, message)
                .await?;
        if forgotten > 0 {
            tracing::info!(%guild, %message, "a panel's message was deleted in Discord");
        }
        Ok(())
    }

    /// A panel of this server, as a bot admin edits it.
    ///
    /// # Errors
    ///
    /// [`UseCaseError::NotPermitted`], [`UseCaseError::PanelNotFound`] when the server has no
    /// such panel.
    pub async fn panel(&self, caller: &Caller, panel: PanelId) -> Result<PanelRow, UseCaseError> {
        self.authorize(caller, Capability::ManagePanels).await?;
        self.panel_row(caller.guild_id, panel).await
    }

    /// Every panel of the server, as bot admins manage them.
    ///
    /// # Errors
    ///
    /// [`UseCaseError::NotPermitted`], storage failures.
    pub async fn panels(&self, caller: &Caller) -> Result<Vec<PanelRow>, UseCaseError> {
        self.authorize(caller, Capability::ManagePanels).await?;
        Ok(self.db().panels().list(caller.guild_id).await?)
    }

    /// The form a panel asks and the teams that handle its tickets, as its edit page shows them.
    ///
    /// # Errors
    ///
    /// [`UseCaseError::NotPermitted`], [`UseCaseError::PanelNotFound`], storage failures.
    pub async fn panel_links(
        &self,
        caller: &Caller,
        panel: PanelId,
    ) -> Result<(Option<FormId>, PanelTeams), UseCaseError> {
        self.authorize(caller, Capability::ManagePanels).await?;
        let guild = caller.guild_id;
        self.panel_row(guild, panel).await?;
        let form = self.db().forms().of_panel(guild, panel).await?;
        let teams = self.db().staff().teams_of_panel(guild, panel).await?;
        Ok((form, teams))
    }

    /// The exit survey a panel chose (`None`: the server's), as its edit page shows it.
    ///
    /// # Errors
    ///
    /// [`UseCaseError::NotPermitted`], [`UseCaseError::PanelNotFound`], storage failures.
    pub async fn panel_exit_survey(
        &self,
        caller: &Caller,
        panel: PanelId,
    ) -> Result<Option<FormId>, UseCaseError> {
        self.authorize(caller, Capability::ManagePanels).await?;
        let guild = caller.guild_id;
        self.panel_row(guild, panel).await?;
        Ok(self.db().feedback().panel_survey(guild, panel).await?)
    }

    /// The teams a panel may name, for the panel pages.
    ///
    /// # Errors
    ///
    /// [`UseCaseError::NotPermitted`], storage failures.
    pub async fn team_choices(&self, caller: &Caller) -> Result<Vec<TeamRow>, UseCaseError> {
        self.authorize(caller, Capability::ManagePanels).await?;
        Ok(self.db().staff().teams(caller.guild_id).await?)
    }

    /// `/switchpanel`'s suggestions: the server's panels whose title contains what was typed,
    /// as (id, title); staff only (others are offered none).
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn suggest_panels(
        &self,
        caller: &Caller,
        typed: &str,
    ) -> Result<Vec<(PanelId, String)>, UseCaseError> {
        if !Capability::ChangeTickets.allowed_at(self.level(caller).await?) {
            return Ok(Vec::new());
        }
        let typed = typed.to_lowercase();
        Ok(self
            .db()
            .panels()
            .list(caller.guild_id)
            .await?
            .into_iter()
            .filter(|panel| panel.fields.title.to_lowercase().contains(&typed))
            .map(|panel| (panel.panel_id, panel.fields.title))
            .collect())
    }

    /// A panel of this server, for use cases that checked their caller already.
    pub(crate) async fn panel_row(
        &self,
        guild: GuildId,
        panel: PanelId,
    ) -> Result<PanelRow, UseCaseError> {
        self.db()
            .panels()
            .get(guild, panel)
            .await?
            .ok_or(UseCaseError::PanelNotFound)
    }

    /// The panel's channel must be a text channel and its category a category of this server.
    async fn check_panel_channels(
        &self,
        guild: GuildId,
        draft: &PanelDraft,
    ) -> Result<(), UseCaseError> {
        let choices = self
            .channel_choices_including(
                guild,
                &[
                    Some(draft.channel_id),
                    draft.category_id,
                    draft.awaiting_category_id,
                ],
            )
            .await?;
        Self::require_channel(
            &choices,
            Some(draft.channel_id),
            ChannelKind::Text,
            "channel",
        )?;
        Self::require_channel(
            &choices,
            draft.category_id,
            ChannelKind::Category,
            "category",
        )?;
        Self::require_channel(
            &choices,
            draft.awaiting_category_id,
            ChannelKind::Category,
            "awaiting-category",
        )
    }

    /// The panel's form and exit survey must be forms of this server.
    async fn check_panel_form(
        &self,
        guild: GuildId,
        draft: &PanelDraft,
    ) -> Result<(), UseCaseError> {
        if let Some(form) = draft.exit_survey_form_id
            && self.db().forms().get(guild, form).await?.is_none()
        {
            return Err(tickets_model::values::ValueError::Invalid {
                field: "exit-survey",
                problem: tickets_model::values::Problem::Choice,
            }
            .into());
        }
        match draft.form_id {
            Some(form) if self.db().forms().get(guild, form).await?.is_none() => {
                Err(tickets_model::values::ValueError::Invalid {
                    field: "form",
                    problem: tickets_model::values::Problem::Choice,
                }
                .into())
            }
            _ => Ok(()),
        }
    }

    /// Posts a new message for `panel`, records it, then removes the old one if any.
    async fn repost_panel(
        &self,
        panel: PanelRow,
        old: Option<MessageId>,
    ) -> Result<PanelRow, UseCaseError> {
        let old_channel = panel.fields.channel_id;
        let message = self.post_panel(&panel).await?;
        self.db()
            .panels()
            .set_message(panel.guild_id, panel.panel_id, Some(message))
            .await?;
        // A restarted simulator reissues ids, so the old id may name the new message.
        if let Some(old) = old.filter(|old| *old != message)
            && let Err(error) = self.delete_message_if_present(old_channel, old).await
        {
            // The old message may be in the channel the panel left; a stale button there still
            // opens this panel's tickets, so it does no harm beyond clutter.
            tracing::warn!(%error, %old, "could not delete a panel's previous message");
        }
        Ok(PanelRow {
            message_id: Some(message),
            ..panel
        })
    }

    async fn post_panel(&self, panel: &PanelRow) -> Result<MessageId, UseCaseError> {
        let embeds = [panel_embed(&panel.fields)];
        let components = panel_components(panel.panel_id, &panel.fields);
        let request = self
            .discord()
            .http()
            .create_message(panel.fields.channel_id)
            .embeds(&embeds)
            .components(&components);
        let message: twilight_model::channel::Message =
            self.discord().model("post_panel", request).await?;
        Ok(message.id)
    }

    async fn edit_panel_message(
        &self,
        panel: &PanelRow,
        message: MessageId,
    ) -> Result<(), UseCaseError> {
        let embeds = [panel_embed(&panel.fields)];
        let components = panel_components(panel.panel_id, &panel.fields);
        let request = self
            .discord()
            .http()
            .update_message(panel.fields.channel_id, message)
            .embeds(Some(&embeds))
            .components(Some(&components));
        self.discord().call("edit_panel", request).await?;
        Ok(())
    }

    /// Deletes a panel or multi-panel message; one that is already gone counts as deleted.
    pub(crate) async fn delete_message_if_present(
        &self,
        channel: ChannelId,
        message: MessageId,
    ) -> Result<(), UseCaseError> {
        let request = self.discord().http().delete_message(channel, message);
        match self.discord().call("delete_panel", request).await {
            Ok(_) => Ok(()),
            Err(e) if e.failure() == DiscordFailure::Unknown => Ok(()),
            Err(e) => Err(e.into()),
        }
    }
}
