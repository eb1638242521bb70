//! A server's settings: reading them and changing them (the dashboard's Settings page and, later,
//! the API). Every value arrives as typed and is parsed here, so each entry point refuses the
//! same values with the same messages next to the same fields.

use crate::access::Caller;
use crate::channels::ChannelKind;
use crate::{Core, UseCaseError};
use tickets_model::ids::parse_snowflake;
use tickets_model::naming::{NamingScheme, NamingTemplate};
use tickets_model::panel::WelcomeMessage;
use tickets_model::permissions::{Capability, PermissionLevel};
use tickets_model::staff::ClaimMode;
use tickets_model::values::{Problem, TicketLimit, ValueError};
use tickets_model::{ChannelId, GuildId};
pub use tickets_store::settings::GuildSettings;

/// Every setting as a person gave it: texts as typed, switches as on or off.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SettingsInput {
    /// Tickets one member may have open at once.
    pub ticket_limit: String,
    /// A language tag of the catalog, or blank to follow each member's language.
    pub language: String,
    /// Channel ids (blank for none).
    pub ticket_category: String,
    /// Where ticket channels go when the category is full.
    pub overflow_category: String,
    /// Where transcripts are posted.
    pub transcripts_channel: String,
    /// The category of `/open` tickets.
    pub open_category: String,
    /// Where thread tickets are announced.
    pub notification_channel: String,
    /// The channel whose private threads `/open` tickets are in thread mode.
    pub open_thread_channel: String,
    /// `number`, `username` or `custom` (with `naming_custom`).
    pub naming: String,
    /// The custom naming scheme.
    pub naming_custom: String,
    /// `/open`'s naming: blank for the server's, else as `naming`.
    pub open_naming: String,
    /// `/open`'s custom naming scheme.
    pub open_naming_custom: String,
    /// The welcome message (blank for the catalog's).
    pub welcome_message: String,
    /// `/open`'s welcome message (blank for the server's).
    pub open_welcome_message: String,
    /// `view-only`, `view-and-type`... (blank for the default).
    pub claim_mode: String,
    /// `everyone`, `support` or `admin`: who may use "Start Ticket".
    pub context_level: String,
    /// The panel "Start Ticket" opens with (blank for `/open`'s settings).
    pub context_panel: String,
    /// Whether "Start Ticket" adds the message's sender.
    pub context_add_sender: bool,
    /// Whether members may close their own tickets.
    pub allow_users_close: bool,
    /// Whether the Close button asks for confirmation.
    pub close_confirmation: bool,
    /// Whether members are asked for feedback.
    pub feedback_enabled: bool,
    /// Whether the welcome message leaves out Claim.
    pub hide_claim_button: bool,
    /// Whether transcripts are kept.
    pub store_transcripts: bool,
    /// Whether `/open` works.
    pub open_command_enabled: bool,
    /// Ticket permissions of openers.
    pub perm_attach_files: bool,
    /// Link previews of openers.
    pub perm_embed_links: bool,
    /// Reactions of openers.
    pub perm_add_reactions: bool,
    /// Whether tickets are private threads.
    pub thread_mode: bool,
    /// The form asked after a rating (blank for none).
    pub exit_survey: String,
}

impl SettingsInput {
    /// The stored settings as they would be typed again: what the form shows.
    #[must_use]
    pub fn of(s: &GuildSettings) -> Self {
        let id = |c: Option<ChannelId>| c.map(|c| c.to_string()).unwrap_or_default();
        let (naming, naming_custom) = naming_parts(Some(&s.naming_scheme));
        let (open_naming, open_naming_custom) =
            naming_parts(s.open_command_naming_scheme.as_deref());
        Self {
            ticket_limit: s.ticket_limit.to_string(),
            language: s.language.clone().unwrap_or_default(),
            ticket_category: id(s.ticket_category_id),
            overflow_category: id(s.overflow_category_id),
            transcripts_channel: id(s.transcripts_channel_id),
            open_category: id(s.open_command_category_id),
            notification_channel: id(s.ticket_notification_channel_id),
            open_thread_channel: id(s.open_command_thread_channel_id),
            naming,
            naming_custom,
            open_naming,
            open_naming_custom,
            welcome_message: s.welcome_message.clone().unwrap_or_default(),
            open_welcome_message: s.open_command_welcome_message.clone().unwrap_or_default(),
            claim_mode: s.claim_mode.as_str().to_owned(),
            context_level: match s.context_menu_level {
                PermissionLevel::Admin => "admin",
                PermissionLevel::Support => "support",
                PermissionLevel::Everyone => "everyone",
            }
            .to_owned(),
            context_panel: s
                .context_menu_panel_id
                .map(|p| p.to_string())
                .unwrap_or_default(),
            context_add_sender: s.context_menu_add_sender,
            allow_users_close: s.allow_users_close,
            close_confirmation: s.close_confirmation,
            feedback_enabled: s.feedback_enabled,
            hide_claim_button: s.hide_claim_button,
            store_transcripts: s.store_transcripts,
            open_command_enabled: s.open_command_enabled,
            perm_attach_files: s.perm_attach_files,
            perm_embed_links: s.perm_embed_links,
            perm_add_reactions: s.perm_add_reactions,
            thread_mode: s.thread_mode,
            exit_survey: s
                .exit_survey_form_id
                .map(|f| f.to_string())
                .unwrap_or_default(),
        }
    }
}

/// Splits a stored naming scheme into its choice (`number`, `username`, `custom`, or blank for
/// none) and its custom text.
#[must_use]
pub fn naming_parts(stored: Option<&str>) -> (String, String) {
    match stored.map(NamingScheme::from_stored) {
        None => (String::new(), String::new()),
        Some(NamingScheme::TicketNumber) => ("number".to_owned(), String::new()),
        Some(NamingScheme::Username) => ("username".to_owned(), String::new()),
        Some(NamingScheme::Custom(custom)) => ("custom".to_owned(), custom.as_str().to_owned()),
    }
}

/// Reads a naming choice and its custom text; errors are shown next to `field`.
///
/// # Errors
///
/// The custom scheme's [`ValueError`], shown next to `field`.
pub fn parse_naming(
    field: &'static str,
    choice: &str,
    custom: &str,
) -> Result<NamingScheme, ValueError> {
    match choice {
        "username" => Ok(NamingScheme::Username),
        "custom" => NamingTemplate::parse(custom)
            .map(NamingScheme::Custom)
            .map_err(|e| e.for_field(field)),
        _ => Ok(NamingScheme::TicketNumber),
    }
}

/// Collects every refused value of a form instead of stopping at the first.
#[derive(Debug, Default)]
struct Refusals(Vec<ValueError>);

impl Refusals {
    fn take<T>(&mut self, parsed: Result<T, ValueError>) -> Option<T> {
        parsed.map_err(|e| self.0.push(e)).ok()
    }
}

impl Core {
    /// A server's settings, for its bot admins.
    ///
    /// # Errors
    ///
    /// [`UseCaseError::NotPermitted`], storage failures.
    pub async fn settings(&self, caller: &Caller) -> Result<GuildSettings, UseCaseError> {
        self.authorize(caller, Capability::ManageSettings).await?;
        Ok(self.db().settings().get(caller.guild_id).await?)
    }

    /// Saves every setting of the caller's server. Only bot admins may. Each value is parsed
    /// here; every channel named must be one of the server's of the right kind, and the panel one
    /// of its panels.
    ///
    /// # Errors
    ///
    /// [`UseCaseError::NotPermitted`]; [`UseCaseError::InvalidFields`] with every refused value
    /// (by field); Discord failing to list the channels, storage failures.
    pub async fn save_settings(
        &self,
        caller: &Caller,
        input: &SettingsInput,
    ) -> Result<GuildSettings, UseCaseError> {
        self.authorize(caller, Capability::ManageSettings).await?;
        let settings = self
            .parse_settings(caller.guild_id, input)
            .map_err(UseCaseError::InvalidFields)?;
        let named = [
            settings.ticket_category_id,
            settings.overflow_category_id,
            settings.open_command_category_id,
            settings.transcripts_channel_id,
            settings.ticket_notification_channel_id,
            settings.open_command_thread_channel_id,
        ];
        let choices = self
            .channel_choices_including(settings.guild_id, &named)
            .await?;
        let mut refused = Refusals::default();
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
            (
                settings.open_command_thread_channel_id,
                ChannelKind::Text,
                "open-thread-channel",
            ),
        ] {
            if let Err(UseCaseError::Invalid(error)) =
                Self::require_channel(&choices, channel, kind, field)
            {
                refused.0.push(error);
            }
        }
        if let Some(panel) = settings.context_menu_panel_id
            && self
                .db()
                .panels()
                .get(settings.guild_id, panel)
                .await?
                .is_none()
        {
            refused.0.push(ValueError::Invalid {
                field: "context-menu-panel",
                problem: Problem::Choice,
            });
        }
        if let Some(form) = settings.exit_survey_form_id
            && self
                .db()
                .forms()
                .get(settings.guild_id, form)
                .await?
                .is_none()
        {
            refused.0.push(ValueError::Invalid {
                field: "exit-survey",
                problem: Problem::Choice,
            });
        }
        if !refused.0.is_empty() {
            return Err(UseCaseError::InvalidFields(refused.0));
        }
        self.db().settings().save(&settings).await?;
        tracing::info!(guild = %settings.guild_id, "settings saved");
        Ok(settings)
    }

    /// The typed settings as stored values, or every value refused.
    fn parse_settings(
        &self,
        guild: GuildId,
        input: &SettingsInput,
    ) -> Result<GuildSettings, Vec<ValueError>> {
        let mut r = Refusals::default();
        let limit = match input.ticket_limit.trim().parse::<i64>() {
            Ok(n) => r.take(TicketLimit::new(n)),
            Err(_) => r.take(TicketLimit::new(0)),
        };
        let language = match input.language.trim() {
            "" => Some(None),
            tag if self.catalog().languages().contains(&tag) => Some(Some(tag.to_owned())),
            _ => r.take(Err(ValueError::Invalid {
                field: "language",
                problem: Problem::Choice,
            })),
        };
        let naming = r.take(parse_naming(
            "naming-scheme",
            &input.naming,
            &input.naming_custom,
        ));
        let open_naming = match input.open_naming.as_str() {
            "" => Some(None),
            choice => r
                .take(parse_naming(
                    "open-naming-scheme",
                    choice,
                    &input.open_naming_custom,
                ))
                .map(Some),
        };
        let welcome = r.take(WelcomeMessage::parse(&input.welcome_message));
        let open_welcome = r.take(
            WelcomeMessage::parse(&input.open_welcome_message)
                .map_err(|e| e.for_field("open-welcome-message")),
        );
        let claim_mode = match input.claim_mode.trim() {
            "" => Some(ClaimMode::default()),
            mode => r.take(mode.parse::<ClaimMode>()),
        };
        let context_level = match input.context_level.as_str() {
            "admin" => Some(PermissionLevel::Admin),
            "support" => Some(PermissionLevel::Support),
            "everyone" | "" => Some(PermissionLevel::Everyone),
            _ => r.take(Err(ValueError::Invalid {
                field: "context-menu-level",
                problem: Problem::Choice,
            })),
        };
        let context_panel = match input.context_panel.trim() {
            "" => Some(None),
            id => r.take(id.parse().map(Some).map_err(|_| ValueError::Invalid {
                field: "context-menu-panel",
                problem: Problem::Choice,
            })),
        };
        let exit_survey = match input.exit_survey.trim() {
            "" => Some(None),
            id => r.take(id.parse().map(Some).map_err(|_| ValueError::Invalid {
                field: "exit-survey",
                problem: Problem::Choice,
            })),
        };
        let mut channel = |field, text: &str| r.take(parse_snowflake(field, text));
        let ticket_category = channel("category", &input.ticket_category);
        let overflow_category = channel("overflow-category", &input.overflow_category);
        let transcripts = channel("transcripts-channel", &input.transcripts_channel);
        let open_category = channel("open-command-category", &input.open_category);
        let notification = channel("notification-channel", &input.notification_channel);
        let open_thread = channel("open-thread-channel", &input.open_thread_channel);
        let settings = (|| {
            Some(GuildSettings {
                guild_id: guild,
                ticket_limit: limit?.get(),
                ticket_category_id: ticket_category?,
                overflow_category_id: overflow_category?,
                language: language?,
                allow_users_close: input.allow_users_close,
                close_confirmation: input.close_confirmation,
                feedback_enabled: input.feedback_enabled,
                hide_claim_button: input.hide_claim_button,
                store_transcripts: input.store_transcripts,
                transcripts_channel_id: transcripts?,
                naming_scheme: naming?.to_stored(),
                welcome_message: welcome?.map(|w| w.as_str().to_owned()),
                open_command_enabled: input.open_command_enabled,
                open_command_category_id: open_category?,
                open_command_naming_scheme: open_naming?.map(|n| n.to_stored()),
                open_command_welcome_message: open_welcome?.map(|w| w.as_str().to_owned()),
                perm_attach_files: input.perm_attach_files,
                perm_embed_links: input.perm_embed_links,
                perm_add_reactions: input.perm_add_reactions,
                claim_mode: claim_mode?,
                context_menu_level: context_level?,
                context_menu_add_sender: input.context_add_sender,
                context_menu_panel_id: context_panel?,
                thread_mode: input.thread_mode,
                ticket_notification_channel_id: notification?,
                open_command_thread_channel_id: open_thread?,
                exit_survey_form_id: exit_survey?,
            })
        })();
        match settings {
            Some(settings) if r.0.is_empty() => Ok(settings),
            _ => Err(r.0),
        }
    }

    /// The language a server's messages are written in: its setting, else the member's
    /// Discord language, else English. Anyone's interaction is answered in it.
    pub async fn locale_of(
        &self,
        guild: Option<GuildId>,
        user_locale: Option<&str>,
    ) -> tickets_i18n::Locale {
        let setting = match guild {
            Some(guild) => match self.db().settings().get(guild).await {
                Ok(settings) => settings.language,
                Err(error) => {
                    tracing::warn!(%error, "settings unavailable; using the user's language");
                    None
                }
            },
            None => None,
        };
        self.catalog().resolve(setting.as_deref(), user_locale)
    }
}
