//! Opening a ticket: record the intent, create the private channel, greet the opener.

use crate::jobs::Job;
use crate::{Core, UseCaseError, now_ms, welcome};
use tickets_i18n::Locale;
use tickets_model::values::Subject;
use tickets_model::{ChannelId, GuildId, UserId};
use tickets_store::tickets::{BeginOpen, TicketRow};
use twilight_model::channel::ChannelType;
use twilight_model::channel::permission_overwrite::{PermissionOverwrite, PermissionOverwriteType};
use twilight_model::guild::Permissions;
use twilight_model::id::Id;

/// A request to open a ticket, from any entry point.
#[derive(Debug, Clone)]
pub struct OpenTicket {
    /// The server.
    pub guild_id: GuildId,
    /// Who opens it.
    pub opener: UserId,
    /// What it is about, if given.
    pub subject: Option<Subject>,
    /// The language of the messages the ticket starts with.
    pub locale: Locale,
}

/// A ticket that is now open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Opened {
    /// Its number in the server.
    pub number: i64,
    /// Its channel.
    pub channel_id: ChannelId,
}

/// What the opener may do in their ticket channel.
pub fn opener_permissions() -> Permissions {
    Permissions::VIEW_CHANNEL
        | Permissions::SEND_MESSAGES
        | Permissions::READ_MESSAGE_HISTORY
        | Permissions::ATTACH_FILES
        | Permissions::EMBED_LINKS
}

/// What the bot needs in a ticket channel. It can only grant what it holds itself, so this stays
/// within the permissions of its invite link.
pub fn bot_permissions() -> Permissions {
    opener_permissions() | Permissions::MANAGE_CHANNELS | Permissions::MANAGE_MESSAGES
}

impl Core {
    /// Opens a ticket.
    ///
    /// The ticket row is written (status `opening`) before any Discord call, so a crash leaves a
    /// trace for the sweeper; a refused Discord call marks it failed, which frees the member's
    /// slot at once so that retrying works.
    ///
    /// # Errors
    ///
    /// [`UseCaseError::LimitReached`] when the member has too many open tickets (staff are
    /// immune), and Discord or storage failures.
    pub async fn open_ticket(&self, request: OpenTicket) -> Result<Opened, UseCaseError> {
        let guild = request.guild_id;
        let settings = self.db().settings().get(guild).await?;
        let owner = self.guild_owner(guild).await?;
        let level = self.permission_level(guild, request.opener).await?;
        let limit = (!level.is_staff()).then_some(settings.ticket_limit);
        let subject = request.subject.as_ref().map(Subject::as_str);
        let ticket = match self
            .db()
            .tickets()
            .begin_open(guild, request.opener, subject, None, limit)
            .await?
        {
            BeginOpen::Reserved(ticket) => ticket,
            BeginOpen::LimitReached { limit, open } => {
                return Err(UseCaseError::LimitReached { open, limit });
            }
        };
        match self
            .create_ticket_channel(&request, &ticket, owner, settings.ticket_category_id)
            .await
        {
            Ok(channel_id) => {
                let recorded = self
                    .db()
                    .tickets()
                    .mark_open(guild, ticket.number, channel_id)
                    .await?;
                if !recorded {
                    // The sweeper gave up on this opening while Discord was slow: the member's
                    // slot is already free, so the channel would be an untracked duplicate.
                    self.remove_orphan_channel(guild, channel_id).await;
                    return Err(UseCaseError::Abandoned);
                }
                self.metrics().ticket_opened();
                tracing::info!(%guild, number = ticket.number, %channel_id, "ticket opened");
                Ok(Opened {
                    number: ticket.number,
                    channel_id,
                })
            }
            Err(error) => {
                self.db()
                    .tickets()
                    .mark_failed(guild, ticket.number)
                    .await?;
                Err(error)
            }
        }
    }

    /// Creates the channel with its overwrites in one request, then posts the welcome message.
    /// When the welcome cannot be posted, the channel is removed again so nothing is half made.
    async fn create_ticket_channel(
        &self,
        request: &OpenTicket,
        ticket: &TicketRow,
        owner: UserId,
        category: Option<ChannelId>,
    ) -> Result<ChannelId, UseCaseError> {
        let guild = request.guild_id;
        let overwrites = self.ticket_overwrites(guild, request.opener, owner);
        let name = tickets_model::ticket::channel_name(ticket.number);
        let http = self.discord().http();
        let mut create = http
            .create_guild_channel(guild, &name)
            .kind(ChannelType::GuildText)
            .permission_overwrites(overwrites.as_slice());
        if let Some(category) = category {
            create = create.parent_id(category);
        }
        let channel = self.discord().model("create_guild_channel", create).await?;

        let embed = welcome::welcome_embed(
            self.catalog(),
            &request.locale,
            request.subject.as_ref(),
            request.opener,
        );
        let buttons = welcome::welcome_buttons(self.catalog(), &request.locale);
        let embeds = [embed];
        let welcome = http
            .create_message(channel.id)
            .embeds(&embeds)
            .components(&buttons);
        if let Err(error) = self.discord().call("create_message", welcome).await {
            self.remove_orphan_channel(guild, channel.id).await;
            return Err(error.into());
        }
        Ok(channel.id)
    }

    /// Deletes a channel that no ticket records. When Discord refuses, the sweeper will not find
    /// it (its ticket is failed, not opening), so a job retries the deletion.
    async fn remove_orphan_channel(&self, guild: GuildId, channel: ChannelId) {
        if let Err(error) = self.delete_channel(channel).await {
            tracing::warn!(%error, %channel, "could not remove a half-made ticket channel; retrying later");
            let job = Job::DeleteChannel {
                channel_id: channel,
            };
            if let Err(error) = self.schedule(guild, job, now_ms()).await {
                tracing::error!(%error, %channel, "could not schedule the removal of a half-made channel");
            }
        }
    }

    /// @everyone denied; the opener, the owner (a bot admin) and the bot allowed.
    fn ticket_overwrites(
        &self,
        guild: GuildId,
        opener: UserId,
        owner: UserId,
    ) -> Vec<PermissionOverwrite> {
        let member = |id: UserId, allow: Permissions| PermissionOverwrite {
            allow,
            deny: Permissions::empty(),
            id: id.cast(),
            kind: PermissionOverwriteType::Member,
        };
        let mut overwrites = vec![
            PermissionOverwrite {
                allow: Permissions::empty(),
                deny: Permissions::VIEW_CHANNEL,
                id: Id::new(guild.get()),
                kind: PermissionOverwriteType::Role,
            },
            member(self.bot().user_id, bot_permissions()),
            member(opener, opener_permissions()),
        ];
        if owner != opener {
            overwrites.push(member(owner, opener_permissions()));
        }
        overwrites
    }
}
