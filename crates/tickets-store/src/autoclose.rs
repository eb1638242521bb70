//! Automatic closing: a server's rules, a panel's overrides, and each ticket's timer facts (when
//! it was kept open, which deadline a warning was posted for). The timers are jobs
//! ([`crate::jobs::Jobs::replace`]).

use crate::{Database, StoreError, col, db_id, flag_col, now_ms};
use sqlx::any::AnyRow;
use tickets_model::{GuildId, PanelId};

/// A server's automatic closing rules; durations in whole minutes, `None` when a rule is off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AutocloseSettings {
    /// Whether any rule works at all.
    pub enabled: bool,
    /// Close a ticket when its opener leaves the server.
    pub on_user_leave: bool,
    /// Close when the opener wrote nothing this long after opening.
    pub since_open_minutes: Option<u32>,
    /// Close when nobody wrote anything this long.
    pub since_last_message_minutes: Option<u32>,
    /// How long before closing the warning comes; `None`: a quarter of the rule, at most a day.
    pub warning_minutes: Option<u32>,
}

impl AutocloseSettings {
    /// A server that never configured automatic closing: everything off.
    pub const OFF: Self = Self {
        enabled: false,
        on_user_leave: false,
        since_open_minutes: None,
        since_last_message_minutes: None,
        warning_minutes: None,
    };
}

/// One rule's override on a panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Override<T> {
    /// As the server says.
    #[default]
    Server,
    /// Off for this panel's tickets.
    Off,
    /// This value for this panel's tickets.
    Set(T),
}

/// A panel's overrides of the server's rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PanelAutoclose {
    /// Since open with no response, in minutes.
    pub since_open: Override<u32>,
    /// Since last message, in minutes.
    pub since_last_message: Override<u32>,
    /// Close on the opener leaving.
    pub on_user_leave: Override<bool>,
}

/// What a ticket's timers know beyond its own row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TicketTimers {
    /// When someone last pressed Keep it open (Unix milliseconds).
    pub kept_open_at: Option<i64>,
    /// The deadline of the since-open rule that a warning was posted for.
    pub open_warned_for: Option<i64>,
    /// The deadline of the since-last-message rule that a warning was posted for.
    pub message_warned_for: Option<i64>,
}

/// Which rule a warning belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WarnedRule {
    /// Since open with no response.
    SinceOpen,
    /// Since last message.
    SinceLastMessage,
}

impl WarnedRule {
    fn column(self) -> &'static str {
        match self {
            Self::SinceOpen => "open_warned_for",
            Self::SinceLastMessage => "message_warned_for",
        }
    }
}

fn minutes(row: &AnyRow, column: &'static str) -> Result<Option<u32>, StoreError> {
    col::<Option<i64>>(row, column)?
        .map(|m| u32::try_from(m).map_err(|_| StoreError::Corrupt(column)))
        .transpose()
}

fn overridden(row: &AnyRow, column: &'static str) -> Result<Override<u32>, StoreError> {
    Ok(match minutes(row, column)? {
        None => Override::Server,
        Some(0) => Override::Off,
        Some(m) => Override::Set(m),
    })
}

fn stored(value: Override<u32>) -> Option<i64> {
    match value {
        Override::Server => None,
        Override::Off => Some(0),
        Override::Set(m) => Some(i64::from(m)),
    }
}

/// The automatic closing repository; see [`Database::autoclose`].
#[derive(Debug, Clone, Copy)]
pub struct Autoclose<'a> {
    pub(crate) db: &'a Database,
}

impl Autoclose<'_> {
    /// A server's rules, all off when it never set any.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn settings(self, guild: GuildId) -> Result<AutocloseSettings, StoreError> {
        let row = sqlx::query(
            "SELECT enabled, on_user_leave, since_open_minutes, since_last_message_minutes, \
             warning_minutes FROM autoclose_settings WHERE guild_id = $1",
        )
        .bind(db_id(guild))
        .fetch_optional(&self.db.pool)
        .await?;
        let Some(row) = row else {
            return Ok(AutocloseSettings::OFF);
        };
        Ok(AutocloseSettings {
            enabled: flag_col(&row, "enabled")?,
            on_user_leave: flag_col(&row, "on_user_leave")?,
            since_open_minutes: minutes(&row, "since_open_minutes")?,
            since_last_message_minutes: minutes(&row, "since_last_message_minutes")?,
            warning_minutes: minutes(&row, "warning_minutes")?,
        })
    }

    /// Stores a server's rules.
    ///
    /// # Errors
    ///
    /// Storage failures (a zero duration is refused by the schema).
    pub async fn save_settings(
        self,
        guild: GuildId,
        settings: &AutocloseSettings,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO autoclose_settings (guild_id, enabled, on_user_leave, \
             since_open_minutes, since_last_message_minutes, warning_minutes, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) \
             ON CONFLICT (guild_id) DO UPDATE SET enabled = excluded.enabled, \
             on_user_leave = excluded.on_user_leave, \
             since_open_minutes = excluded.since_open_minutes, \
             since_last_message_minutes = excluded.since_last_message_minutes, \
             warning_minutes = excluded.warning_minutes, updated_at = excluded.updated_at",
        )
        .bind(db_id(guild))
        .bind(i64::from(settings.enabled))
        .bind(i64::from(settings.on_user_leave))
        .bind(settings.since_open_minutes.map(i64::from))
        .bind(settings.since_last_message_minutes.map(i64::from))
        .bind(settings.warning_minutes.map(i64::from))
        .bind(now_ms())
        .execute(&self.db.pool)
        .await?;
        Ok(())
    }

    /// A panel's overrides; all following the server when it has none.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn panel(self, guild: GuildId, panel: PanelId) -> Result<PanelAutoclose, StoreError> {
        let row = sqlx::query(
            "SELECT since_open_minutes, since_last_message_minutes, on_user_leave \
             FROM autoclose_panel_overrides WHERE guild_id = $1 AND panel_id = $2",
        )
        .bind(db_id(guild))
        .bind(panel.get())
        .fetch_optional(&self.db.pool)
        .await?;
        let Some(row) = row else {
            return Ok(PanelAutoclose::default());
        };
        Ok(PanelAutoclose {
            since_open: overridden(&row, "since_open_minutes")?,
            since_last_message: overridden(&row, "since_last_message_minutes")?,
            on_user_leave: match col::<Option<i64>>(&row, "on_user_leave")? {
                None => Override::Server,
                Some(0) => Override::Set(false),
                Some(_) => Override::Set(true),
            },
        })
    }

    /// Stores a panel's overrides (of one of the server's panels, which the caller checked).
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn save_panel(
        self,
        guild: GuildId,
        panel: PanelId,
        overrides: &PanelAutoclose,
    ) -> Result<(), StoreError> {
        let leave = match overrides.on_user_leave {
            Override::Server => None,
            Override::Off | Override::Set(false) => Some(0_i64),
            Override::Set(true) => Some(1),
        };
        sqlx::query(
            "INSERT INTO autoclose_panel_overrides \
             (guild_id, panel_id, since_open_minutes, since_last_message_minutes, on_user_leave) \
             VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (guild_id, panel_id) DO UPDATE SET \
             since_open_minutes = excluded.since_open_minutes, \
             since_last_message_minutes = excluded.since_last_message_minutes, \
             on_user_leave = excluded.on_user_leave",
        )
        .bind(db_id(guild))
        .bind(panel.get())
        .bind(stored(overrides.since_open))
        .bind(stored(overrides.since_last_message))
        .bind(leave)
        .execute(&self.db.pool)
        .await?;
        Ok(())
    }

    /// A ticket's timer facts.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn timers(self, guild: GuildId, number: i64) -> Result<TicketTimers, StoreError> {
        let row = sqlx::query(
            "SELECT kept_open_at, open_warned_for, message_warned_for FROM autoclose_tickets \
             WHERE guild_id = $1 AND number = $2",
        )
        .bind(db_id(guild))
        .bind(number)
        .fetch_optional(&self.db.pool)
        .await?;
        let Some(row) = row else {
            return Ok(TicketTimers::default());
        };
        Ok(TicketTimers {
            kept_open_at: col(&row, "kept_open_at")?,
            open_warned_for: col(&row, "open_warned_for")?,
            message_warned_for: col(&row, "message_warned_for")?,
        })
    }

    /// Records that the ticket was kept open at `at`: its timers start again from then, and the
    /// warnings already posted no longer count.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn keep_open(self, guild: GuildId, number: i64, at: i64) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO autoclose_tickets (guild_id, number, kept_open_at) VALUES ($1, $2, $3) \
             ON CONFLICT (guild_id, number) DO UPDATE SET kept_open_at = excluded.kept_open_at, \
             open_warned_for = NULL, message_warned_for = NULL",
        )
        .bind(db_id(guild))
        .bind(number)
        .bind(at)
        .execute(&self.db.pool)
        .await?;
        Ok(())
    }

    /// Records that a rule's warning for `deadline` is being posted; `false` when it already was
    /// (a job that ran twice posts one warning).
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn claim_warning(
        self,
        guild: GuildId,
        number: i64,
        rule: WarnedRule,
        deadline: i64,
    ) -> Result<bool, StoreError> {
        let column = rule.column();
        let sql = format!(
            "INSERT INTO autoclose_tickets (guild_id, number, {column}) VALUES ($1, $2, $3) \
             ON CONFLICT (guild_id, number) DO UPDATE SET {column} = excluded.{column} \
             WHERE autoclose_tickets.{column} IS NULL OR autoclose_tickets.{column} <> $3"
        );
        let done = sqlx::query(&sql)
            .bind(db_id(guild))
            .bind(number)
            .bind(deadline)
            .execute(&self.db.pool)
            .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Takes back a warning's record when posting it failed, so that a retry posts it.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn release_warning(
        self,
        guild: GuildId,
        number: i64,
        rule: WarnedRule,
        deadline: i64,
    ) -> Result<(), StoreError> {
        let column = rule.column();
        let sql = format!(
            "UPDATE autoclose_tickets SET {column} = NULL \
             WHERE guild_id = $1 AND number = $2 AND {column} = $3"
        );
        sqlx::query(&sql)
            .bind(db_id(guild))
            .bind(number)
            .bind(deadline)
            .execute(&self.db.pool)
            .await?;
        Ok(())
    }
}
