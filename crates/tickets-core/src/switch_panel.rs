//! `/switchpanel`: moves a ticket to another panel, so its category, its teams and therefore
//! who can see it follow the new panel.

use crate::access::Caller;
use crate::{Core, UseCaseError};
use tickets_model::{ChannelId, PanelId};
use tickets_store::panels::PanelRow;

impl Core {
    /// Moves the ticket of `channel` to the panel named `wanted` (its id or its title): one
    /// request changes its category and its overwrites, then the ticket records its new panel.
    /// Staff who work the ticket may.
    ///
    /// # Errors
    ///
    /// [`UseCaseError::NotPermitted`], [`UseCaseError::PanelNotFound`], ticket lookup, storage
    /// and Discord failures (nothing changes then).
    pub async fn switch_panel(
        &self,
        caller: &Caller,
        channel: ChannelId,
        wanted: &str,
    ) -> Result<PanelRow, UseCaseError> {
        let guild = caller.guild_id;
        let ticket = self.open_ticket_in(guild, channel).await?;
        self.require_handler(caller, &ticket).await?;
        let panel = self
            .find_panel(guild, wanted)
            .await?
            .ok_or(UseCaseError::PanelNotFound)?;
        let target = self.panel_row(guild, panel).await?;
        let settings = self.db().settings().get(guild).await?;
        let mut moved = ticket.clone();
        moved.panel_id = Some(panel);
        let overwrites = self.overwrites_of(&moved).await?;
        let category = target.fields.category_id.or(settings.ticket_category_id);
        let request = self
            .discord()
            .http()
            .update_channel(channel)
            .parent_id(category)
            .permission_overwrites(&overwrites);
        self.discord().call("update_channel", request).await?;
        self.db()
            .tickets()
            .set_panel(guild, ticket.number, panel)
            .await?;
        tracing::info!(%guild, number = ticket.number, %panel, "ticket switched panel");
        Ok(target)
    }
}

impl Core {
    /// A panel of the server named by its id or its title (ignoring case); `None` when none
    /// matches.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn find_panel(
        &self,
        guild: tickets_model::GuildId,
        wanted: &str,
    ) -> Result<Option<PanelId>, UseCaseError> {
        let wanted = wanted.trim();
        let panels = self.db().panels().list(guild).await?;
        let by_id = wanted.parse::<PanelId>().ok();
        Ok(panels
            .iter()
            .find(|p| Some(p.panel_id) == by_id)
            .or_else(|| {
                panels
                    .iter()
                    .find(|p| p.fields.title.eq_ignore_ascii_case(wanted))
            })
            .map(|p| p.panel_id))
    }
}
