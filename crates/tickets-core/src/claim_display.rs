//! What a claim changes in the ticket's looks: a channel name whose scheme uses `%claimed%` and
//! a welcome message that uses `%claimed_by%` follow the claim (and its removal or transfer).

use crate::placeholders::TicketFacts;
use crate::rename::{RENAME_WINDOW_MS, RENAMES_PER_WINDOW};
use crate::{Core, UseCaseError, now_ms};
use tickets_model::naming::{NamingContext, NamingScheme, channel_name};
use tickets_model::panel::WelcomeMessage;
use tickets_model::{ChannelId, UserId};
use tickets_store::settings::GuildSettings;
use tickets_store::tickets::TicketRow;

impl Core {
    /// Brings the ticket's name and welcome message in line with its claim. Looks only: a
    /// failure is logged and the claim stands.
    pub(crate) async fn show_claim(&self, ticket: &TicketRow) {
        if let Err(error) = self.try_show_claim(ticket).await {
            tracing::warn!(%error, guild = %ticket.guild_id, number = ticket.number, "could not show a claim change");
        }
    }

    async fn try_show_claim(&self, ticket: &TicketRow) -> Result<(), UseCaseError> {
        let Some(channel) = ticket.channel_id else {
            return Ok(());
        };
        let settings = self.db().settings().get(ticket.guild_id).await?;
        let (naming, welcome) = self.ticket_templates(ticket, &settings).await?;
        let renames =
            matches!(&naming, NamingScheme::Custom(t) if t.as_str().contains("%claimed%"));
        let rewelcomes = welcome
            .as_deref()
            .is_some_and(|w| w.contains("%claimed_by%"));
        if !renames && !rewelcomes {
            return Ok(());
        }
        let (opener_name, opener_nick) = self.member_names(ticket, ticket.opener_id).await?;
        if renames {
            let claimer = match ticket.claimed_by {
                Some(user) => Some(self.member_names(ticket, user).await?.0),
                None => None,
            };
            let name = channel_name(
                &naming,
                &NamingContext {
                    number: ticket.number,
                    username: &opener_name,
                    nickname: opener_nick.as_deref(),
                    claimed_by: claimer.as_deref(),
                },
            );
            self.rename_within_budget(ticket, channel, &name).await?;
        }
        if let Some(welcome) = welcome.filter(|_| rewelcomes) {
            let locale = self.catalog().resolve(settings.language.as_deref(), None);
            let facts = TicketFacts {
                guild_id: ticket.guild_id,
                opener: ticket.opener_id,
                opener_name: &opener_name,
                number: ticket.number,
                channel_id: channel,
                ticket_limit: settings.ticket_limit,
                claimed_by: ticket.claimed_by,
            };
            let text = self
                .render_placeholders(&welcome, &facts, &locale, WelcomeMessage::MAX)
                .await?;
            self.rewrite_welcome(channel, text).await?;
        }
        Ok(())
    }

    /// The naming scheme and welcome message the ticket was opened with.
    async fn ticket_templates(
        &self,
        ticket: &TicketRow,
        settings: &GuildSettings,
    ) -> Result<(NamingScheme, Option<String>), UseCaseError> {
        let mut naming = settings.naming_scheme.clone();
        let mut welcome = settings.welcome_message.clone();
        match ticket.panel_id {
            Some(panel) => {
                if let Some(row) = self.db().panels().get(ticket.guild_id, panel).await? {
                    naming = row.fields.naming_scheme.unwrap_or(naming);
                    welcome = row.fields.welcome_message.or(welcome);
                }
            }
            None => {
                naming = settings
                    .open_command_naming_scheme
                    .clone()
                    .unwrap_or(naming);
                welcome = settings.open_command_welcome_message.clone().or(welcome);
            }
        }
        Ok((NamingScheme::from_stored(&naming), welcome))
    }

    /// A member's username and nickname, as Discord has them now.
    async fn member_names(
        &self,
        ticket: &TicketRow,
        user: UserId,
    ) -> Result<(String, Option<String>), UseCaseError> {
        let request = self.discord().http().guild_member(ticket.guild_id, user);
        let member: twilight_model::guild::Member =
            self.discord().model("get_guild_member", request).await?;
        Ok((member.user.name, member.nick))
    }

    /// Renames the channel if Discord's two renames per ten minutes allow it now; otherwise the
    /// name stays (a claim must not wait ten minutes).
    async fn rename_within_budget(
        &self,
        ticket: &TicketRow,
        channel: ChannelId,
        name: &str,
    ) -> Result<(), UseCaseError> {
        let now = now_ms();
        let renames = self.db().ticket_members();
        if renames
            .reserve_rename(
                ticket.guild_id,
                channel,
                now - RENAME_WINDOW_MS,
                now,
                RENAMES_PER_WINDOW,
            )
            .await?
            .is_err()
        {
            tracing::info!(%channel, "claim rename skipped: two renames in the last ten minutes");
            return Ok(());
        }
        let request = self.discord().http().update_channel(channel).name(name);
        if let Err(error) = self.discord().call("update_channel", request).await {
            renames
                .release_rename(ticket.guild_id, channel, now)
                .await?;
            return Err(error.into());
        }
        Ok(())
    }

    /// Replaces the description of the welcome message (the ticket's first message).
    async fn rewrite_welcome(&self, channel: ChannelId, text: String) -> Result<(), UseCaseError> {
        let Some(first) = self.first_message(channel).await? else {
            return Ok(());
        };
        if first.author.id != self.bot().user_id {
            return Ok(());
        }
        let mut embeds = first.embeds;
        let Some(welcome) = embeds.first_mut() else {
            return Ok(());
        };
        welcome.description = Some(text);
        let request = self
            .discord()
            .http()
            .update_message(channel, first.id)
            .embeds(Some(&embeds));
        self.discord().call("update_message", request).await?;
        Ok(())
    }
}
