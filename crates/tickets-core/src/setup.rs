//! The setup commands: `/setup auto` builds a basic configuration and reports each step;
//! `/setup limit`, `/setup transcripts`, `/setup use-threads` and `/language` change one setting.
//! Only bot admins may use them.

use crate::access::Caller;
use crate::channels::ChannelKind;
use crate::{Core, UseCaseError};
use tickets_model::permissions::{Capability, PermissionLevel};
use tickets_model::staff::MemberOrRole;
use tickets_model::values::{Problem, TicketLimit, ValueError};
use tickets_model::{ChannelId, RoleId};
use tickets_store::settings::GuildSettings;
use twilight_model::channel::permission_overwrite::{PermissionOverwrite, PermissionOverwriteType};
use twilight_model::channel::{Channel, ChannelType};
use twilight_model::guild::{Permissions, Role};
use twilight_model::id::Id;

/// The names `/setup auto` gives what it creates.
const CATEGORY_NAME: &str = "Tickets";
const TRANSCRIPTS_NAME: &str = "transcripts";
const ADMIN_ROLE: &str = "Tickets Admin";
const SUPPORT_ROLE: &str = "Tickets Support";

/// One step of `/setup auto` and how it went.
#[derive(Debug)]
pub enum SetupStep {
    /// The ticket category: created, or the one set already kept.
    Category(Result<(ChannelId, bool), UseCaseError>),
    /// The transcripts channel: created, or the one set already kept.
    Transcripts(Result<(ChannelId, bool), UseCaseError>),
    /// A staff role (admin or support): created or found by name, and given its level.
    Role(PermissionLevel, Result<(RoleId, bool), UseCaseError>),
    /// Saving the settings.
    Saved(Result<(), UseCaseError>),
}

impl Core {
    /// `/setup auto`: a ticket category, a private transcripts channel, and the "Tickets Admin"
    /// and "Tickets Support" roles made bot admin and support. What exists already is kept; a
    /// step that fails is reported and the others still run.
    ///
    /// # Errors
    ///
    /// [`UseCaseError::NotPermitted`], storage failures reading the settings.
    pub async fn setup_auto(&self, caller: &Caller) -> Result<Vec<SetupStep>, UseCaseError> {
        self.authorize(caller, Capability::ManageSettings).await?;
        let guild = caller.guild_id;
        let mut settings = self.db().settings().get(guild).await?;
        let existing = self
            .channel_choices_including(
                guild,
                &[settings.ticket_category_id, settings.transcripts_channel_id],
            )
            .await?;
        let kept = |id: Option<ChannelId>, category: bool| {
            id.filter(|id| {
                existing
                    .iter()
                    .any(|c| c.id == *id && c.is_category == category)
            })
        };
        let mut steps = Vec::new();

        let category = match kept(settings.ticket_category_id, true) {
            Some(id) => Ok((id, false)),
            None => self
                .create_setup_channel(&settings, CATEGORY_NAME, ChannelType::GuildCategory)
                .await
                .map(|id| (id, true)),
        };
        if let Ok((id, _)) = category {
            settings.ticket_category_id = Some(id);
        }
        steps.push(SetupStep::Category(category));

        let transcripts = match kept(settings.transcripts_channel_id, false) {
            Some(id) => Ok((id, false)),
            None => self
                .create_setup_channel(&settings, TRANSCRIPTS_NAME, ChannelType::GuildText)
                .await
                .map(|id| (id, true)),
        };
        if let Ok((id, _)) = transcripts {
            settings.transcripts_channel_id = Some(id);
        }
        steps.push(SetupStep::Transcripts(transcripts));

        let roles = self.roles(guild).await;
        for (name, level) in [
            (ADMIN_ROLE, PermissionLevel::Admin),
            (SUPPORT_ROLE, PermissionLevel::Support),
        ] {
            let role = match &roles {
                Ok(roles) => self.staff_role(caller, roles, name, level).await,
                Err(error) => Err(UseCaseError::Discord(error.clone())),
            };
            steps.push(SetupStep::Role(level, role));
        }
        steps.push(SetupStep::Saved(
            self.db()
                .settings()
                .save(&settings)
                .await
                .map_err(Into::into),
        ));
        tracing::info!(%guild, by = %caller.user_id, "automatic setup ran");
        Ok(steps)
    }

    async fn roles(&self, guild: tickets_model::GuildId) -> Result<Vec<Role>, crate::DiscordError> {
        let request = self.discord().http().roles(guild);
        self.discord().models("get_guild_roles", request).await
    }

    /// The role called `name` (created when missing), given `level`.
    async fn staff_role(
        &self,
        caller: &Caller,
        roles: &[Role],
        name: &str,
        level: PermissionLevel,
    ) -> Result<(RoleId, bool), UseCaseError> {
        let guild = caller.guild_id;
        let (role, created) = match roles.iter().find(|r| r.name == name) {
            Some(role) => (role.id, false),
            None => {
                let request = self
                    .discord()
                    .http()
                    .create_role(guild)
                    .name(name)
                    .permissions(Permissions::empty());
                let role: Role = self.discord().model("create_guild_role", request).await?;
                (role.id, true)
            }
        };
        self.grant_level(caller, MemberOrRole::Role(role), level)
            .await?;
        Ok((role, created))
    }

    /// A channel only the bot (and the server's administrators) can see at first: staff get
    /// access through their roles' permissions or the ticket overwrites.
    async fn create_setup_channel(
        &self,
        settings: &GuildSettings,
        name: &str,
        kind: ChannelType,
    ) -> Result<ChannelId, UseCaseError> {
        let guild = settings.guild_id;
        let overwrites = [
            PermissionOverwrite {
                allow: Permissions::empty(),
                deny: Permissions::VIEW_CHANNEL,
                id: Id::new(guild.get()),
                kind: PermissionOverwriteType::Role,
            },
            PermissionOverwrite {
                allow: Permissions::VIEW_CHANNEL
                    | Permissions::SEND_MESSAGES
                    | Permissions::EMBED_LINKS
                    | Permissions::READ_MESSAGE_HISTORY,
                deny: Permissions::empty(),
                id: self.bot().user_id.cast(),
                kind: PermissionOverwriteType::Member,
            },
        ];
        let request = self
            .discord()
            .http()
            .create_guild_channel(guild, name)
            .kind(kind)
            .permission_overwrites(&overwrites);
        let channel: Channel = self
            .discord()
            .model("create_guild_channel", request)
            .await?;
        Ok(channel.id)
    }

    /// `/setup limit`.
    ///
    /// # Errors
    ///
    /// [`UseCaseError::NotPermitted`], [`UseCaseError::Invalid`] outside 1..=50, storage failures.
    pub async fn setup_limit(
        &self,
        caller: &Caller,
        limit: i64,
    ) -> Result<TicketLimit, UseCaseError> {
        self.authorize(caller, Capability::ManageSettings).await?;
        let limit = TicketLimit::new(limit)?;
        self.db()
            .settings()
            .set_ticket_limit(caller.guild_id, limit)
            .await?;
        Ok(limit)
    }

    /// `/setup transcripts`: the channel must be a text channel of the server.
    ///
    /// # Errors
    ///
    /// [`UseCaseError::NotPermitted`], [`UseCaseError::Invalid`], Discord and storage failures.
    pub async fn setup_transcripts(
        &self,
        caller: &Caller,
        channel: ChannelId,
    ) -> Result<(), UseCaseError> {
        self.authorize(caller, Capability::ManageSettings).await?;
        let mut settings = self.db().settings().get(caller.guild_id).await?;
        let choices = self
            .channel_choices_including(caller.guild_id, &[Some(channel)])
            .await?;
        Self::require_channel(
            &choices,
            Some(channel),
            ChannelKind::Text,
            "transcripts-channel",
        )?;
        settings.transcripts_channel_id = Some(channel);
        self.db().settings().save(&settings).await?;
        Ok(())
    }

    /// `/setup use-threads`: stores thread mode and its notification channel.
    ///
    /// # Errors
    ///
    /// [`UseCaseError::NotPermitted`], [`UseCaseError::Invalid`], Discord and storage failures.
    pub async fn setup_thread_mode(
        &self,
        caller: &Caller,
        enabled: bool,
        notification: Option<ChannelId>,
    ) -> Result<(), UseCaseError> {
        self.authorize(caller, Capability::ManageSettings).await?;
        let mut settings = self.db().settings().get(caller.guild_id).await?;
        if notification.is_some() {
            let choices = self
                .channel_choices_including(caller.guild_id, &[notification])
                .await?;
            Self::require_channel(
                &choices,
                notification,
                ChannelKind::Text,
                "notification-channel",
            )?;
            settings.ticket_notification_channel_id = notification;
        }
        settings.thread_mode = enabled;
        self.db().settings().save(&settings).await?;
        Ok(())
    }

    /// `/language`: the server's language, one of the catalog's (`None`: each member's own).
    ///
    /// # Errors
    ///
    /// [`UseCaseError::NotPermitted`], [`UseCaseError::Invalid`] for a language we do not have,
    /// storage failures.
    pub async fn set_language(
        &self,
        caller: &Caller,
        tag: Option<&str>,
    ) -> Result<(), UseCaseError> {
        self.authorize(caller, Capability::ManageSettings).await?;
        if let Some(tag) = tag
            && !self.catalog().languages().contains(&tag)
        {
            return Err(ValueError::Invalid {
                field: "language",
                problem: Problem::Choice,
            }
            .into());
        }
        self.db()
            .settings()
            .set_language(caller.guild_id, tag)
            .await?;
        Ok(())
    }
}
