//! Opening a ticket as a private thread of its panel's channel.

use crate::open::{OpenTicket, OpeningPlan};
use crate::{Core, UseCaseError};
use tickets_model::ChannelId;
use tickets_model::naming::thread_name;
use tickets_model::staff::MemberOrRole;
use tickets_store::tickets::TicketRow;
use twilight_model::channel::message::AllowedMentions;
use twilight_model::channel::thread::AutoArchiveDuration;
use twilight_model::channel::{Channel, ChannelType};

impl Core {
    /// Creates the ticket's private thread in `parent`, adds the opener and the members named
    /// with them, and posts the welcome message. When any step fails the thread is deleted again,
    /// so nothing is half made.
    pub(crate) async fn create_ticket_thread(
        &self,
        request: &OpenTicket,
        ticket: &TicketRow,
        parent: ChannelId,
        plan: &OpeningPlan,
        answers: &[(String, String)],
    ) -> Result<ChannelId, UseCaseError> {
        let name = thread_name(&plan.naming, &request.naming_context(ticket.number));
        let create = self
            .discord()
            .http()
            .create_thread(parent, &name, ChannelType::PrivateThread)
            // Only the bot adds people: members must not invite others into someone's ticket.
            .invitable(false)
            .auto_archive_duration(AutoArchiveDuration::from(super::AUTO_ARCHIVE_MINUTES));
        let thread: Channel = self.discord().model("create_thread", create).await?;
        if let Err(error) = self
            .fill_ticket_thread(request, ticket, plan, thread.id, answers)
            .await
        {
            self.remove_orphan_channel(request.guild_id, thread.id)
                .await;
            return Err(error);
        }
        Ok(thread.id)
    }

    /// Pings the on-call roles of the teams that handle the ticket's panel in its thread, which
    /// adds their members who can see the panel's channel. Best effort: staff can still join
    /// from the notification.
    pub(crate) async fn ping_on_call(
        &self,
        guild: tickets_model::GuildId,
        thread: ChannelId,
        panel: Option<tickets_model::PanelId>,
    ) {
        let roles = match self.on_call_roles(guild, panel).await {
            Ok(roles) if !roles.is_empty() => roles,
            Ok(_) => return,
            Err(error) => {
                tracing::warn!(%error, %guild, "could not read the on-call roles");
                return;
            }
        };
        let content: Vec<String> = roles.iter().map(|role| format!("<@&{role}>")).collect();
        let content = content.join(" ");
        let allowed = AllowedMentions {
            roles: roles.clone(),
            ..AllowedMentions::default()
        };
        let ping = self
            .discord()
            .http()
            .create_message(thread)
            .content(&content)
            .allowed_mentions(Some(&allowed));
        if let Err(error) = self.discord().call("ping_on_call", ping).await {
            tracing::warn!(%error, %thread, "could not ping the on-call staff");
        }
    }

    async fn fill_ticket_thread(
        &self,
        request: &OpenTicket,
        ticket: &TicketRow,
        plan: &OpeningPlan,
        thread: ChannelId,
        answers: &[(String, String)],
    ) -> Result<(), UseCaseError> {
        // Roles cannot be members of a thread; a role named with the ticket is pinged by the
        // welcome's mentions instead, which adds those of its members who can see the channel.
        let users = request.members.iter().filter_map(|member| match member {
            MemberOrRole::User(user) => Some(*user),
            MemberOrRole::Role(_) => None,
        });
        for user in std::iter::once(request.opener).chain(users) {
            let add = self.discord().http().add_thread_member(thread, user);
            self.discord().call("add_thread_member", add).await?;
        }
        self.post_welcome(request, ticket, plan, thread, answers)
            .await
    }
}
