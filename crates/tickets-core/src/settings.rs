//! Changing a server's settings (the dashboard's Settings page and, later, the API).

use crate::channels::ChannelKind;
use crate::{Core, UseCaseError};
use tickets_store::settings::GuildSettings;

impl Core {
    /// Saves every setting of a server after checking that each channel it names is a channel
    /// of that server of the right kind, and the panel it names is the server's. Values are validated by their types at the edge.
    ///
    /// # Errors
    ///
    /// [`UseCaseError::Invalid`] naming the field of a foreign or wrong-kind channel, Discord
    /// failing to list the channels, storage failures.
    pub async fn save_settings(&self, settings: &GuildSettings) -> Result<(), UseCaseError> {
        let named = [
            settings.ticket_category_id,
            settings.overflow_category_id,
            settings.open_command_category_id,
            settings.transcripts_channel_id,
            settings.ticket_notification_channel_id,
        ];
        let choices = self
            .channel_choices_including(settings.guild_id, &named)
            .await?;
        for (channel, kind, field) in [
            (
                settings.ticket_category_id,
                ChannelKind::Category,
                "category",
            ),
            (
                settings.overflow_category_id,
                ChannelKind::Category,
                "overflow-category",
            ),
            (
                settings.open_command_category_id,
                ChannelKind::Category,
                "open-command-category",
            ),
            (
                settings.transcripts_channel_id,
                ChannelKind::Text,
                "transcripts-channel",
            ),
            (
                settings.ticket_notification_channel_id,
                ChannelKind::Text,
                "notification-channel",
            ),
        ] {
            Self::require_channel(&choices, channel, kind, field)?;
        }
        if let Some(panel) = settings.context_menu_panel_id
            && self
                .db()
                .panels()
                .get(settings.guild_id, panel)
                .await?
                .is_none()
        {
            return Err(tickets_model::values::ValueError::Invalid {
                field: "context-menu-panel",
                problem: tickets_model::values::Problem::Choice,
            }
            .into());
        }
        self.db().settings().save(settings).await?;
        Ok(())
    }
}
