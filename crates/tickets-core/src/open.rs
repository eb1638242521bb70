//! Opening a ticket: record the intent, create the private channel, greet the opener.

use crate::access::Caller;
use crate::jobs::Job;
use crate::overwrites::{TicketAccess, ticket_overwrites};
use crate::placeholders::TicketFacts;
use crate::{Core, DiscordError, DiscordFailure, UseCaseError, now_ms, welcome};
use tickets_i18n::Locale;
use tickets_model::naming::{NamingContext, NamingScheme, channel_name};
use tickets_model::panel::{Mention, MentionOnOpen, WelcomeMessage};
use tickets_model::staff::{ClaimMode, MemberOrRole};
use tickets_model::values::Subject;
use tickets_model::{ChannelId, FormInputId, GuildId, PanelId, RoleId, UserId};
use tickets_store::panels::PanelRow;
use tickets_store::settings::GuildSettings;
use tickets_store::tickets::{BeginOpen, TicketRow};
use twilight_model::channel::message::AllowedMentions;
use twilight_model::channel::message::MentionType;
use twilight_model::channel::permission_overwrite::PermissionOverwrite;
use twilight_model::channel::{Channel, ChannelType, Message};
use twilight_model::guild::Permissions;

/// A request to open a ticket, from any entry point.
#[derive(Debug, Clone)]
pub struct OpenTicket {
    /// The server.
    pub guild_id: GuildId,
    /// Who opens it.
    pub opener: UserId,
    /// What it is about, if given.
    pub subject: Option<Subject>,
    /// The panel clicked; `None` for `/open`.
    pub panel: Option<PanelId>,
    /// The opener's username (for naming schemes and placeholders).
    pub opener_name: String,
    /// The opener's nickname in the server, if any.
    pub opener_nickname: Option<String>,
    /// Answers to the panel's form, by question.
    pub form_answers: Vec<(FormInputId, String)>,
    /// The opener's roles in the server (a barred role bars them).
    pub opener_roles: Vec<RoleId>,
    /// The language of the messages the ticket starts with.
    pub locale: Locale,
    /// Members or roles in the ticket from the start, besides the opener.
    pub members: Vec<MemberOrRole>,
    /// Opened with "Start Ticket" on a message: switching `/open` off does not stop it.
    pub from_message: bool,
}

impl OpenTicket {
    /// What the naming schemes read of this opening, for ticket `number`.
    #[must_use]
    pub fn naming_context(&self, number: i64) -> NamingContext<'_> {
        NamingContext {
            number,
            username: &self.opener_name,
            nickname: self.opener_nickname.as_deref(),
            claimed_by: None,
        }
    }
}

/// How one ticket opens: from its panel's settings, or from the `/open` command's, with the
/// server's settings filling the gaps.
#[derive(Debug, Clone)]
pub(crate) struct OpeningPlan {
    pub(crate) panel: Option<PanelRow>,
    pub(crate) category: Option<ChannelId>,
    pub(crate) overflow: Option<ChannelId>,
    pub(crate) naming: NamingScheme,
    pub(crate) welcome: Option<String>,
    pub(crate) opener_permissions: Permissions,
    pub(crate) ticket_limit: u32,
    pub(crate) show_claim: bool,
    /// In thread mode, the channel whose private thread the ticket is.
    pub(crate) thread_parent: Option<ChannelId>,
    /// Where thread tickets are announced.
    pub(crate) notification_channel: Option<ChannelId>,
}

/// A ticket that is now open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Opened {
    /// Its number in the server.
    pub number: i64,
    /// Its channel.
    pub channel_id: ChannelId,
}

/// Everything an opener may be allowed in their ticket channel (each server chooses which of
/// attach files, embed links and add reactions it grants).
pub fn opener_permissions() -> Permissions {
    Permissions::VIEW_CHANNEL
        | Permissions::SEND_MESSAGES
        | Permissions::READ_MESSAGE_HISTORY
        | Permissions::ATTACH_FILES
        | Permissions::EMBED_LINKS
        | Permissions::ADD_REACTIONS
}

/// What the opener may do under a server's ticket permission settings.
#[must_use]
pub fn opener_permissions_for(settings: &GuildSettings) -> Permissions {
    let mut allowed =
        Permissions::VIEW_CHANNEL | Permissions::SEND_MESSAGES | Permissions::READ_MESSAGE_HISTORY;
    for (granted, permission) in [
        (settings.perm_attach_files, Permissions::ATTACH_FILES),
        (settings.perm_embed_links, Permissions::EMBED_LINKS),
        (settings.perm_add_reactions, Permissions::ADD_REACTIONS),
    ] {
        if granted {
            allowed |= permission;
        }
    }
    allowed
}

/// What the bot needs in a ticket channel, the staff's notes thread included. It can only grant
/// what it holds itself, so this stays within the permissions of its invite link.
pub fn bot_permissions() -> Permissions {
    opener_permissions()
        | Permissions::MANAGE_CHANNELS
        | Permissions::MANAGE_MESSAGES
        | Permissions::CREATE_PRIVATE_THREADS
        | Permissions::SEND_MESSAGES_IN_THREADS
        | Permissions::MANAGE_THREADS
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
        let plan = self.opening_plan(&request, &settings).await?;
        let owner = self.guild_owner(guild).await?;
        let level = self
            .level(&Caller {
                guild_id: guild,
                user_id: request.opener,
                roles: request.opener_roles.clone(),
            })
            .await?;
        if !level.is_staff()
            && self
                .db()
                .blacklist()
                .bars(guild, request.opener, &request.opener_roles)
                .await?
        {
            return Err(UseCaseError::Blacklisted);
        }
        let limit = (!level.is_staff()).then_some(settings.ticket_limit);
        let subject = request.subject.as_ref().map(Subject::as_str);
        let panel_id = plan.panel.as_ref().map(|p| p.panel_id);
        let ticket = match self
            .db()
            .tickets()
            .begin_open(
                guild,
                request.opener,
                subject,
                panel_id,
                limit,
                Some(self.process_id()),
            )
            .await?
        {
            BeginOpen::Reserved(ticket) => ticket,
            BeginOpen::LimitReached { limit, open } => {
                return Err(UseCaseError::LimitReached { open, limit });
            }
            BeginOpen::Duplicate(twin) => {
                return Err(UseCaseError::AlreadyOpening {
                    channel: twin.channel_id,
                });
            }
        };
        for member in &request.members {
            self.db()
                .ticket_members()
                .add(guild, ticket.number, *member)
                .await?;
        }
        let answers = match panel_id {
            Some(panel) if !request.form_answers.is_empty() => {
                let answers = self
                    .label_answers(guild, panel, &request.form_answers)
                    .await?;
                self.db()
                    .forms()
                    .save_answers(guild, ticket.number, &answers)
                    .await?;
                answers
            }
            _ => Vec::new(),
        };
        let created = match plan.thread_parent {
            Some(parent) => {
                self.create_ticket_thread(&request, &ticket, parent, &plan, &answers)
                    .await
            }
            None => {
                self.create_ticket_channel(&request, &ticket, owner, &plan, &answers)
                    .await
            }
        };
        match created {
            Ok(channel_id) => {
                let is_thread = plan.thread_parent.is_some();
                let recorded = self
                    .db()
                    .tickets()
                    .mark_open_at(guild, ticket.number, channel_id, is_thread, self.now())
                    .await?;
                if !recorded {
                    // The sweeper gave up on this opening while Discord was slow: the member's
                    // slot is already free, so the channel would be an untracked duplicate.
                    self.remove_orphan_channel(guild, channel_id).await;
                    return Err(UseCaseError::Abandoned);
                }
                self.metrics().ticket_opened();
                tracing::info!(%guild, number = ticket.number, %channel_id, "ticket opened");
                self.plan_autoclose_of_new(guild, ticket.number).await;
                if let Some(panel) = &plan.panel {
                    self.mention_on_open(channel_id, &panel.fields.mention_on_open)
                        .await;
                }
                if plan.thread_parent.is_some() {
                    self.ping_on_call(guild, channel_id, panel_id).await;
                    self.announce_thread_ticket(&request, &ticket, channel_id, &plan, &answers)
                        .await;
                }
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

    /// Decides category, naming scheme and welcome message, refusing a disabled entry point.
    async fn opening_plan(
        &self,
        request: &OpenTicket,
        settings: &GuildSettings,
    ) -> Result<OpeningPlan, UseCaseError> {
        let server_naming = NamingScheme::from_stored(&settings.naming_scheme);
        let mut plan = OpeningPlan {
            panel: None,
            category: settings.ticket_category_id,
            overflow: settings.overflow_category_id,
            naming: server_naming.clone(),
            welcome: settings.welcome_message.clone(),
            opener_permissions: opener_permissions_for(settings),
            ticket_limit: settings.ticket_limit,
            show_claim: !settings.hide_claim_button,
            thread_parent: None,
            notification_channel: settings.ticket_notification_channel_id,
        };
        match request.panel {
            Some(panel) => {
                let panel = self.panel_row(request.guild_id, panel).await?;
                if panel.fields.disabled {
                    return Err(UseCaseError::PanelDisabled);
                }
                let fields = &panel.fields;
                plan.category = fields.category_id.or(plan.category);
                if let Some(naming) = &fields.naming_scheme {
                    plan.naming = NamingScheme::from_stored(naming);
                }
                plan.welcome = fields.welcome_message.clone().or(plan.welcome);
                if crate::threads::opens_as_thread(settings, Some(&panel)) {
                    plan.thread_parent = Some(fields.channel_id);
                }
                plan.panel = Some(panel);
            }
            None => {
                if !settings.open_command_enabled && !request.from_message {
                    return Err(UseCaseError::OpenCommandDisabled);
                }
                plan.category = settings.open_command_category_id.or(plan.category);
                if let Some(naming) = &settings.open_command_naming_scheme {
                    plan.naming = NamingScheme::from_stored(naming);
                }
                plan.welcome = settings
                    .open_command_welcome_message
                    .clone()
                    .or(plan.welcome);
                if crate::threads::opens_as_thread(settings, None) {
                    plan.thread_parent = Some(
                        settings
                            .open_command_thread_channel_id
                            .ok_or(UseCaseError::OpenThreadChannelMissing)?,
                    );
                }
            }
        }
        // Claiming is refused in threads: offering the button would only lead to a refusal.
        plan.show_claim &= plan.thread_parent.is_none();
        Ok(plan)
    }

    /// Creates the channel with its overwrites in one request (in the overflow category when the
    /// ticket category is full), then posts the welcome message. When the welcome cannot be
    /// posted, the channel is removed again so nothing is half made.
    async fn create_ticket_channel(
        &self,
        request: &OpenTicket,
        ticket: &TicketRow,
        owner: UserId,
        plan: &OpeningPlan,
        answers: &[(String, String)],
    ) -> Result<ChannelId, UseCaseError> {
        let guild = request.guild_id;
        let name = channel_name(&plan.naming, &request.naming_context(ticket.number));
        let panel = plan.panel.as_ref().map(|p| p.panel_id);
        let handlers = self.db().staff().handlers(guild, panel).await?;
        let overwrites = ticket_overwrites(&TicketAccess {
            guild,
            bot: self.bot().user_id,
            owner,
            opener: request.opener,
            opener_allowed: plan.opener_permissions,
            handlers: &handlers,
            members: &request.members,
            claimed_by: None,
            claim_mode: ClaimMode::default(),
        });
        let channel = match self
            .create_channel_in(guild, &name, &overwrites, plan.category)
            .await
        {
            Err(error)
                if error.failure() == DiscordFailure::CategoryFull
                    && plan.overflow.is_some()
                    && plan.overflow != plan.category =>
            {
                self.create_channel_in(guild, &name, &overwrites, plan.overflow)
                    .await?
            }
            other => other?,
        };
        if let Err(error) = self
            .post_welcome(request, ticket, plan, channel, answers)
            .await
        {
            self.remove_orphan_channel(guild, channel).await;
            return Err(error);
        }
        Ok(channel)
    }

    async fn create_channel_in(
        &self,
        guild: GuildId,
        name: &str,
        overwrites: &[PermissionOverwrite],
        category: Option<ChannelId>,
    ) -> Result<ChannelId, DiscordError> {
        let mut create = self
            .discord()
            .http()
            .create_guild_channel(guild, name)
            .kind(ChannelType::GuildText)
            .permission_overwrites(overwrites);
        if let Some(category) = category {
            create = create.parent_id(category);
        }
        let channel: Channel = self.discord().model("create_guild_channel", create).await?;
        Ok(channel.id)
    }

    pub(crate) async fn post_welcome(
        &self,
        request: &OpenTicket,
        ticket: &TicketRow,
        plan: &OpeningPlan,
        channel: ChannelId,
        answers: &[(String, String)],
    ) -> Result<(), UseCaseError> {
        let description = match &plan.welcome {
            Some(text) => {
                let facts = TicketFacts {
                    guild_id: request.guild_id,
                    opener: request.opener,
                    opener_name: &request.opener_name,
                    number: ticket.number,
                    channel_id: channel,
                    ticket_limit: plan.ticket_limit,
                    claimed_by: None,
                };
                self.render_placeholders(text, &facts, &request.locale, WelcomeMessage::MAX)
                    .await?
            }
            None => welcome::default_welcome_text(self.catalog(), &request.locale, request.opener),
        };
        let embed = welcome::welcome_embed(
            self.catalog(),
            &request.locale,
            &welcome::WelcomeParts {
                subject: request.subject.as_ref(),
                panel: plan.panel.as_ref().map(|p| &p.fields),
                description,
            },
        );
        let buttons = welcome::welcome_buttons(self.catalog(), &request.locale, plan.show_claim);
        let mut embeds = vec![];
        let room = welcome::MESSAGE_EMBED_BUDGET.saturating_sub(welcome::embed_length(&embed));
        embeds.push(embed);
        if !answers.is_empty() {
            embeds.push(welcome::answers_embed(
                self.catalog(),
                &request.locale,
                answers,
                room,
            ));
        }
        let welcome = self
            .discord()
            .http()
            .create_message(channel)
            .embeds(&embeds)
            .components(&buttons);
        self.discord().call("create_message", welcome).await?;
        Ok(())
    }

    /// Pings whoever the panel names, then deletes the ping at once: the notification stays,
    /// the channel stays clean. Best effort: the ticket is open either way.
    async fn mention_on_open(&self, channel: ChannelId, stored: &str) {
        let Ok(mentions) = MentionOnOpen::parse(stored) else {
            return;
        };
        if mentions.is_empty() {
            return;
        }
        let allowed = allowed_mentions(&mentions);
        let content = mentions.content();
        let http = self.discord().http();
        let ping = http
            .create_message(channel)
            .content(&content)
            .allowed_mentions(Some(&allowed));
        match self
            .discord()
            .model::<Message, _>("mention_on_open", ping)
            .await
        {
            Ok(message) => {
                let delete = http.delete_message(channel, message.id);
                if let Err(error) = self.discord().call("mention_on_open", delete).await {
                    tracing::warn!(%error, %channel, "could not delete the mention on open");
                }
            }
            Err(error) => tracing::warn!(%error, %channel, "could not send the mention on open"),
        }
    }

    /// Deletes a channel that no ticket records. When Discord refuses, the sweeper will not find
    /// it (its ticket is failed, not opening), so a job retries the deletion.
    pub(crate) async fn remove_orphan_channel(&self, guild: GuildId, channel: ChannelId) {
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
}

/// Lets exactly the listed mentions ping, nothing else that the text might contain.
fn allowed_mentions(mentions: &MentionOnOpen) -> AllowedMentions {
    let mut allowed = AllowedMentions::default();
    for mention in mentions.mentions() {
        match *mention {
            Mention::Here => {
                if !allowed.parse.contains(&MentionType::Everyone) {
                    allowed.parse.push(MentionType::Everyone);
                }
            }
            Mention::Role(role) => allowed.roles.push(role),
            Mention::User(user) => allowed.users.push(user),
        }
    }
    allowed
}
