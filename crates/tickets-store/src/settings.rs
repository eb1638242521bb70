//! Per-server settings: one row per guild, created on the first change.

use crate::{Database, StoreError, col, count_col, db_id, flag_col, now_ms, opt_id_col};
use sqlx::any::AnyRow;
use tickets_model::permissions::PermissionLevel;
use tickets_model::staff::ClaimMode;
use tickets_model::values::TicketLimit;
use tickets_model::{ChannelId, GuildId};
use tickets_model::{FormId, PanelId};

/// A server's settings, defaults included.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuildSettings {
    /// The server.
    pub guild_id: GuildId,
    /// How many tickets one member may have open at once (staff are immune).
    pub ticket_limit: u32,
    /// The category new ticket channels go into; `None` puts them at the top level.
    pub ticket_category_id: Option<ChannelId>,
    /// Where ticket channels go when the ticket category holds Discord's 50 channels.
    pub overflow_category_id: Option<ChannelId>,
    /// The server's language for bot messages, e.g. `"de"`; `None` follows each user's language.
    pub language: Option<String>,
    /// Whether members may close their own tickets.
    pub allow_users_close: bool,
    /// Whether the Close button asks for confirmation.
    pub close_confirmation: bool,
    /// Whether members are asked to rate the support they got.
    pub feedback_enabled: bool,
    /// Whether the welcome message leaves out the Claim button.
    pub hide_claim_button: bool,
    /// Whether transcripts of closed tickets are kept.
    pub store_transcripts: bool,
    /// Where summaries of closed tickets are posted.
    pub transcripts_channel_id: Option<ChannelId>,
    /// The naming scheme's stored spelling (`number`, `username`, `custom:<scheme>`).
    pub naming_scheme: String,
    /// The welcome message; `None` is the catalog's text in the ticket's language.
    pub welcome_message: Option<String>,
    /// Whether members may use `/open`.
    pub open_command_enabled: bool,
    /// The category of tickets opened with `/open`; `None` is the ticket category.
    pub open_command_category_id: Option<ChannelId>,
    /// The naming scheme of tickets opened with `/open`; `None` is the server's.
    pub open_command_naming_scheme: Option<String>,
    /// The welcome message of tickets opened with `/open`; `None` is the server's.
    pub open_command_welcome_message: Option<String>,
    /// Whether openers may attach files in their ticket.
    pub perm_attach_files: bool,
    /// Whether openers' links show previews in their ticket.
    pub perm_embed_links: bool,
    /// Whether openers may add reactions in their ticket.
    pub perm_add_reactions: bool,
    /// What claiming a ticket does to the other staff.
    pub claim_mode: ClaimMode,
    /// The level needed to use "Start Ticket" on a message.
    pub context_menu_level: PermissionLevel,
    /// Whether "Start Ticket" adds the message's sender to the ticket.
    pub context_menu_add_sender: bool,
    /// The panel whose settings "Start Ticket" opens with; `None` is the `/open` command's.
    pub context_menu_panel_id: Option<PanelId>,
    /// Whether tickets open as private threads (a panel may choose otherwise).
    pub thread_mode: bool,
    /// Where thread-mode tickets are announced to staff.
    pub ticket_notification_channel_id: Option<ChannelId>,
    /// The text channel whose private threads `/open` tickets are in thread mode.
    pub open_command_thread_channel_id: Option<ChannelId>,
    /// The form asked as an exit survey after a rating (a panel's own choice wins).
    pub exit_survey_form_id: Option<FormId>,
}

impl GuildSettings {
    /// The settings of a server that never changed any; the schema's column defaults match.
    #[must_use]
    pub fn defaults(guild_id: GuildId) -> Self {
        Self {
            guild_id,
            ticket_limit: TicketLimit::DEFAULT.get(),
            ticket_category_id: None,
            overflow_category_id: None,
            language: None,
            allow_users_close: true,
            close_confirmation: true,
            feedback_enabled: true,
            hide_claim_button: false,
            store_transcripts: true,
            transcripts_channel_id: None,
            naming_scheme: "number".to_owned(),
            welcome_message: None,
            open_command_enabled: true,
            open_command_category_id: None,
            open_command_naming_scheme: None,
            open_command_welcome_message: None,
            perm_attach_files: true,
            perm_embed_links: true,
            perm_add_reactions: true,
            claim_mode: ClaimMode::default(),
            context_menu_level: PermissionLevel::Everyone,
            context_menu_add_sender: true,
            context_menu_panel_id: None,
            thread_mode: false,
            ticket_notification_channel_id: None,
            open_command_thread_channel_id: None,
            exit_survey_form_id: None,
        }
    }

    fn from_row(guild_id: GuildId, row: &AnyRow) -> Result<Self, StoreError> {
        Ok(Self {
            guild_id,
            ticket_limit: count_col(row, "ticket_limit")?,
            ticket_category_id: opt_id_col(row, "ticket_category_id")?,
            overflow_category_id: opt_id_col(row, "overflow_category_id")?,
            language: col(row, "language")?,
            allow_users_close: flag_col(row, "allow_users_close")?,
            close_confirmation: flag_col(row, "close_confirmation")?,
            feedback_enabled: flag_col(row, "feedback_enabled")?,
            hide_claim_button: flag_col(row, "hide_claim_button")?,
            store_transcripts: flag_col(row, "store_transcripts")?,
            transcripts_channel_id: opt_id_col(row, "transcripts_channel_id")?,
            naming_scheme: col(row, "naming_scheme")?,
            welcome_message: col(row, "welcome_message")?,
            open_command_enabled: flag_col(row, "open_command_enabled")?,
            open_command_category_id: opt_id_col(row, "open_command_category_id")?,
            open_command_naming_scheme: col(row, "open_command_naming_scheme")?,
            open_command_welcome_message: col(row, "open_command_welcome_message")?,
            perm_attach_files: flag_col(row, "perm_attach_files")?,
            perm_embed_links: flag_col(row, "perm_embed_links")?,
            perm_add_reactions: flag_col(row, "perm_add_reactions")?,
            claim_mode: col::<String>(row, "claim_mode")?
                .parse()
                .map_err(|_| StoreError::Corrupt("claim_mode"))?,
            context_menu_level: match col::<String>(row, "context_menu_level")?.as_str() {
                "admin" => PermissionLevel::Admin,
                "support" => PermissionLevel::Support,
                "everyone" => PermissionLevel::Everyone,
                _ => return Err(StoreError::Corrupt("context_menu_level")),
            },
            context_menu_add_sender: flag_col(row, "context_menu_add_sender")?,
            context_menu_panel_id: col::<Option<i64>>(row, "context_menu_panel_id")?
                .and_then(PanelId::new),
            thread_mode: flag_col(row, "thread_mode")?,
            ticket_notification_channel_id: opt_id_col(row, "ticket_notification_channel_id")?,
            open_command_thread_channel_id: opt_id_col(row, "open_command_thread_channel_id")?,
            exit_survey_form_id: col::<Option<i64>>(row, "exit_survey_form_id")?
                .and_then(FormId::new),
        })
    }
}

/// The columns [`GuildSettings::from_row`] reads and [`Settings::save`] writes, in `save`'s
/// argument order after the guild id.
const COLUMNS: [&str; 27] = [
    "ticket_limit",
    "ticket_category_id",
    "overflow_category_id",
    "language",
    "allow_users_close",
    "close_confirmation",
    "feedback_enabled",
    "hide_claim_button",
    "store_transcripts",
    "transcripts_channel_id",
    "naming_scheme",
    "welcome_message",
    "open_command_enabled",
    "open_command_category_id",
    "open_command_naming_scheme",
    "open_command_welcome_message",
    "perm_attach_files",
    "perm_embed_links",
    "perm_add_reactions",
    "claim_mode",
    "context_menu_level",
    "context_menu_add_sender",
    "context_menu_panel_id",
    "thread_mode",
    "ticket_notification_channel_id",
    "open_command_thread_channel_id",
    "exit_survey_form_id",
];

/// The settings repository; see [`Database::settings`].
#[derive(Debug, Clone, Copy)]
pub struct Settings<'a> {
    pub(crate) db: &'a Database,
}

impl Settings<'_> {
    /// A server's settings, or the defaults when it never changed any.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn get(self, guild: GuildId) -> Result<GuildSettings, StoreError> {
        let sql = format!(
            "SELECT {} FROM guild_settings WHERE guild_id = $1",
            COLUMNS.join(", ")
        );
        let row = sqlx::query(&sql)
            .bind(db_id(guild))
            .fetch_optional(&self.db.pool)
            .await?;
        match row {
            Some(row) => GuildSettings::from_row(guild, &row),
            None => Ok(GuildSettings::defaults(guild)),
        }
    }

    /// Stores every setting of `settings.guild_id` in one statement.
    ///
    /// # Errors
    ///
    /// Storage failures, or a ticket limit outside 1..=50 (the schema refuses it).
    pub async fn save(self, settings: &GuildSettings) -> Result<(), StoreError> {
        let numbered: Vec<String> = (2..COLUMNS.len() + 2).map(|n| format!("${n}")).collect();
        let updates: Vec<String> = COLUMNS
            .iter()
            .map(|c| format!("{c} = excluded.{c}"))
            .collect();
        let now = COLUMNS.len() + 2;
        let sql = format!(
            "INSERT INTO guild_settings (guild_id, {}, created_at, updated_at) \
             VALUES ($1, {}, ${now}, ${now}) \
             ON CONFLICT (guild_id) DO UPDATE SET {}, updated_at = excluded.updated_at",
            COLUMNS.join(", "),
            numbered.join(", "),
            updates.join(", ")
        );
        let flag = |b: bool| i64::from(b);
        let s = settings;
        sqlx::query(&sql)
            .bind(db_id(s.guild_id))
            .bind(i64::from(s.ticket_limit))
            .bind(s.ticket_category_id.map(db_id))
            .bind(s.overflow_category_id.map(db_id))
            .bind(s.language.clone())
            .bind(flag(s.allow_users_close))
            .bind(flag(s.close_confirmation))
            .bind(flag(s.feedback_enabled))
            .bind(flag(s.hide_claim_button))
            .bind(flag(s.store_transcripts))
            .bind(s.transcripts_channel_id.map(db_id))
            .bind(s.naming_scheme.clone())
            .bind(s.welcome_message.clone())
            .bind(flag(s.open_command_enabled))
            .bind(s.open_command_category_id.map(db_id))
            .bind(s.open_command_naming_scheme.clone())
            .bind(s.open_command_welcome_message.clone())
            .bind(flag(s.perm_attach_files))
            .bind(flag(s.perm_embed_links))
            .bind(flag(s.perm_add_reactions))
            .bind(s.claim_mode.as_str())
            .bind(match s.context_menu_level {
                PermissionLevel::Admin => "admin",
                PermissionLevel::Support => "support",
                PermissionLevel::Everyone => "everyone",
            })
            .bind(flag(s.context_menu_add_sender))
            .bind(s.context_menu_panel_id.map(PanelId::get))
            .bind(flag(s.thread_mode))
            .bind(s.ticket_notification_channel_id.map(db_id))
            .bind(s.open_command_thread_channel_id.map(db_id))
            .bind(s.exit_survey_form_id.map(FormId::get))
            .bind(now_ms())
            .execute(&self.db.pool)
            .await?;
        Ok(())
    }

    /// Sets how many tickets one member may have open at once.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn set_ticket_limit(
        self,
        guild: GuildId,
        limit: TicketLimit,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO guild_settings (guild_id, ticket_limit, created_at, updated_at) \
             VALUES ($1, $2, $3, $3) \
             ON CONFLICT (guild_id) DO UPDATE \
             SET ticket_limit = excluded.ticket_limit, updated_at = excluded.updated_at",
        )
        .bind(db_id(guild))
        .bind(i64::from(limit.get()))
        .bind(now_ms())
        .execute(&self.db.pool)
        .await?;
        Ok(())
    }

    /// Sets the category new ticket channels go into (`None`: the top level).
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn set_ticket_category(
        self,
        guild: GuildId,
        category: Option<ChannelId>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO guild_settings (guild_id, ticket_category_id, created_at, updated_at) \
             VALUES ($1, $2, $3, $3) \
             ON CONFLICT (guild_id) DO UPDATE \
             SET ticket_category_id = excluded.ticket_category_id, \
                 updated_at = excluded.updated_at",
        )
        .bind(db_id(guild))
        .bind(category.map(db_id))
        .bind(now_ms())
        .execute(&self.db.pool)
        .await?;
        Ok(())
    }

    /// Sets the server's language (`None`: each user's own).
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn set_language(
        self,
        guild: GuildId,
        language: Option<&str>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO guild_settings (guild_id, language, created_at, updated_at) \
             VALUES ($1, $2, $3, $3) \
             ON CONFLICT (guild_id) DO UPDATE \
             SET language = excluded.language, updated_at = excluded.updated_at",
        )
        .bind(db_id(guild))
        .bind(language)
        .bind(now_ms())
        .execute(&self.db.pool)
        .await?;
        Ok(())
    }
}
