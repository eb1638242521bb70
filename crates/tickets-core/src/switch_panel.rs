//! `/switchpanel`: moves a ticket to another panel, so its category, its teams and therefore
//! who can see it follow the new panel.

use crate::access::Caller;
use crate::threads::ChannelOnly;
use crate::{Core, UseCaseError};
use tickets_model::{ChannelId, PanelId};
use tickets_store::panels::PanelRow;

impl Core {
    /// Moves the ticket of `channel` to the panel named `wanted` (its id or its title): one
    /// request changes its category and its overwrites, then the ticket records its new panel.
    /// Staff who work the ticket may. A change of category is refused like a third rename when
    /// the channel was renamed or moved twice in the last ten minutes.
    ///
    /// # Errors
    ///
    /// [`UseCaseError::NotPermitted`], [`UseCaseError::PanelNotFound`],
    /// [`UseCaseError::RenameLimited`], ticket lookup, storage and Discord failures (nothing
    /// changes then).
    pub async fn switch_panel(
        &self,
        caller: &Caller,
        channel: ChannelId,
        wanted: &str,
    ) -> Result<PanelRow, UseCaseError> {
        let guild = caller.guild_id;
        let ticket = self.open_ticket_in(guild, channel).await?;
        self.require_handler(caller, &ticket).await?;
        Self::refuse_in_thread_mode(&ticket, ChannelOnly::SwitchPanel)?;
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
        let current = match ticket.panel_id {
            Some(old) => match self.db().panels().get(guild, old).await? {
                Some(old) => Some(old.fields.category_id.or(settings.ticket_category_id)),
                // The old panel is gone: where the ticket sits is unknown, so it moves.
                None => None,
            },
            None => Some(settings.ticket_category_id),
        };
        let mut request = self
            .discord()
            .http()
            .update_channel(channel)
            .permission_overwrites(&overwrites);
        // A move counts against Discord's two renames or moves per ten minutes, so the parent is
        // sent only when it changes, and only within that budget (else Discord would hold the
        // request for up to ten minutes).
        // A channel waiting in the awaiting-response category is not where its panel says.
        let awaiting = self
            .db()
            .awaiting()
            .home(guild, ticket.number)
            .await?
            .is_some();
        let reserved = if current == Some(category) && !awaiting {
            None
        } else {
            request = request.parent_id(category);
            Some(self.reserve_channel_change(guild, channel).await?)
        };
        if let Err(error) = self.discord().call("update_channel", request).await {
            if let Some(at) = reserved {
                self.db()
                    .ticket_members()
                    .release_rename(guild, channel, at)
                    .await?;
            }
            return Err(error.into());
        }
        self.db()
            .tickets()
            .set_panel(guild, ticket.number, panel)
            .await?;
        self.db().awaiting().returned(guild, ticket.number).await?;
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
