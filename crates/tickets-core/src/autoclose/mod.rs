//! Automatic closing: a server's rules (since open with no response, since last message, on the
//! opener leaving), a panel's overrides of them, the warning with its Keep it open button, and
//! `/autoclose configure`. The timers are durable jobs ([`timer`]); a ticket excluded with
//! `/autoclose exclude` never closes by itself. Closing goes through the one close use case.

pub mod plan;
pub(crate) mod timer;

use crate::access::Caller;
use crate::{Core, UseCaseError};
pub use plan::Rule;
use tickets_i18n::{Catalog, Locale};
use tickets_model::permissions::Capability;
use tickets_model::values::{Problem, TimeSpan, ValueError};
use tickets_model::{ChannelId, GuildId, PanelId, UserId};
pub use tickets_store::autoclose::{AutocloseSettings, Override, PanelAutoclose};
use tickets_store::panels::PanelRow;

/// What `/autoclose configure` changes; `None` leaves a setting as it is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AutocloseChange {
    /// Whether automatic closing works at all.
    pub enabled: Option<bool>,
    /// Since open with no response; `Some(None)` turns it off.
    pub since_open: Option<Option<TimeSpan>>,
    /// Since last message; `Some(None)` turns it off.
    pub since_last_message: Option<Option<TimeSpan>>,
    /// Close on the opener leaving.
    pub on_user_leave: Option<bool>,
}

/// The Auto Close settings as the dashboard shows them.
#[derive(Debug, Clone)]
pub struct AutocloseView {
    /// The server's rules.
    pub settings: AutocloseSettings,
    /// Each panel with its overrides.
    pub panels: Vec<(PanelRow, PanelAutoclose)>,
    /// Whether closing on the opener leaving can work: the operator turned on the Server
    /// Members intent.
    pub members_intent: bool,
}

/// The Auto Close card as submitted: texts as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AutocloseInput {
    /// Whether automatic closing works.
    pub enabled: bool,
    /// Close on the opener leaving.
    pub on_user_leave: bool,
    /// Since open with no response (blank: off).
    pub since_open: String,
    /// Since last message (blank: off).
    pub since_last_message: String,
    /// The warning's lead time (blank: the default).
    pub warning: String,
    /// Each panel's overrides.
    pub panels: Vec<PanelAutocloseInput>,
}

/// One panel's overrides as typed: blank follows the server, `off` turns the rule off.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PanelAutocloseInput {
    /// The panel's id.
    pub panel: String,
    /// Since open with no response.
    pub since_open: String,
    /// Since last message.
    pub since_last_message: String,
    /// `on`, `off`, or blank for the server's.
    pub on_user_leave: String,
}

/// A span in words, e.g. "1 day 6 hours", in the locale's language.
#[must_use]
pub fn words(catalog: &Catalog, locale: &Locale, span: TimeSpan) -> String {
    let (days, hours, minutes) = span.parts();
    [
        ("autoclose-days", days),
        ("autoclose-hours", hours),
        ("autoclose-minutes", minutes),
    ]
    .into_iter()
    .filter(|(_, n)| *n > 0)
    .map(|(key, n)| catalog.text(locale, key, &[("n", n.into())]))
    .collect::<Vec<_>>()
    .join(" ")
}

fn panel_span(field: &'static str, text: &str) -> Result<Override<u32>, ValueError> {
    if text.trim().is_empty() {
        return Ok(Override::Server);
    }
    Ok(match TimeSpan::parse_optional(field, text)? {
        None => Override::Off,
        Some(span) => Override::Set(span.minutes()),
    })
}

impl Core {
    /// The Auto Close settings, for the server's bot admins.
    ///
    /// # Errors
    ///
    /// [`UseCaseError::NotPermitted`], storage failures.
    pub async fn autoclose_settings(&self, caller: &Caller) -> Result<AutocloseView, UseCaseError> {
        self.authorize(caller, Capability::ManageSettings).await?;
        let guild = caller.guild_id;
        let mut panels = Vec::new();
        for panel in self.db().panels().list(guild).await? {
            let overrides = self.db().autoclose().panel(guild, panel.panel_id).await?;
            panels.push((panel, overrides));
        }
        Ok(AutocloseView {
            settings: self.db().autoclose().settings(guild).await?,
            panels,
            members_intent: self.members_intent(),
        })
    }

    /// `/autoclose configure`: changes the given settings, plans every open ticket's timers
    /// again and returns the resulting settings. Bot admins only.
    ///
    /// # Errors
    ///
    /// [`UseCaseError::NotPermitted`], storage failures.
    pub async fn configure_autoclose(
        &self,
        caller: &Caller,
        change: AutocloseChange,
    ) -> Result<AutocloseSettings, UseCaseError> {
        self.authorize(caller, Capability::ManageSettings).await?;
        let guild = caller.guild_id;
        let mut settings = self.db().autoclose().settings(guild).await?;
        if let Some(enabled) = change.enabled {
            settings.enabled = enabled;
        }
        if let Some(span) = change.since_open {
            settings.since_open_minutes = span.map(TimeSpan::minutes);
        }
        if let Some(span) = change.since_last_message {
            settings.since_last_message_minutes = span.map(TimeSpan::minutes);
        }
        if let Some(on) = change.on_user_leave {
            settings.on_user_leave = on;
        }
        self.store_autoclose(guild, &settings, &[]).await?;
        Ok(settings)
    }

    /// The dashboard's Auto Close card: every value parsed here, every refusal returned at once.
    ///
    /// # Errors
    ///
    /// [`UseCaseError::NotPermitted`]; [`UseCaseError::InvalidFields`] with every refused value;
    /// storage failures.
    pub async fn save_autoclose_settings(
        &self,
        caller: &Caller,
        input: &AutocloseInput,
    ) -> Result<AutocloseSettings, UseCaseError> {
        self.authorize(caller, Capability::ManageSettings).await?;
        let guild = caller.guild_id;
        let mut refused = Vec::new();
        let mut span = |field, text: &str| {
            TimeSpan::parse_optional(field, text)
                .map_err(|e| refused.push(e))
                .ok()
                .flatten()
        };
        let settings = AutocloseSettings {
            enabled: input.enabled,
            on_user_leave: input.on_user_leave,
            since_open_minutes: span("since-open", &input.since_open).map(TimeSpan::minutes),
            since_last_message_minutes: span("since-last-message", &input.since_last_message)
                .map(TimeSpan::minutes),
            warning_minutes: span("autoclose-warning", &input.warning).map(TimeSpan::minutes),
        };
        let known = self.db().panels().list(guild).await?;
        let mut panels = Vec::new();
        for typed in &input.panels {
            let Some(panel) = typed
                .panel
                .trim()
                .parse::<i64>()
                .ok()
                .and_then(PanelId::new)
                .filter(|id| known.iter().any(|p| p.panel_id == *id))
            else {
                refused.push(ValueError::Invalid {
                    field: "panels",
                    problem: Problem::Choice,
                });
                continue;
            };
            let on_user_leave = match typed.on_user_leave.trim() {
                "" => Override::Server,
                "on" => Override::Set(true),
                "off" => Override::Set(false),
                _ => {
                    refused.push(ValueError::Invalid {
                        field: "panel-on-user-leave",
                        problem: Problem::Choice,
                    });
                    continue;
                }
            };
            match (
                panel_span("panel-since-open", &typed.since_open),
                panel_span("panel-since-last-message", &typed.since_last_message),
            ) {
                (Ok(since_open), Ok(since_last_message)) => panels.push((
                    panel,
                    PanelAutoclose {
                        since_open,
                        since_last_message,
                        on_user_leave,
                    },
                )),
                (first, second) => refused.extend(first.err().into_iter().chain(second.err())),
            }
        }
        if !refused.is_empty() {
            return Err(UseCaseError::InvalidFields(refused));
        }
        self.store_autoclose(guild, &settings, &panels).await?;
        Ok(settings)
    }

    async fn store_autoclose(
        &self,
        guild: GuildId,
        settings: &AutocloseSettings,
        panels: &[(PanelId, PanelAutoclose)],
    ) -> Result<(), UseCaseError> {
        self.db().autoclose().save_settings(guild, settings).await?;
        for (panel, overrides) in panels {
            self.db()
                .autoclose()
                .save_panel(guild, *panel, overrides)
                .await?;
        }
        tracing::info!(%guild, ?settings, "autoclose settings saved");
        self.plan_autoclose_everywhere(guild).await
    }

    /// Keep it open, on a warning: the ticket's timers start again from now. Its opener and the
    /// staff who work it may.
    ///
    /// # Errors
    ///
    /// [`UseCaseError::KeepOpenNotAllowed`], ticket lookup and storage failures.
    pub async fn keep_open(&self, caller: &Caller, channel: ChannelId) -> Result<(), UseCaseError> {
        let ticket = self.open_ticket_in(caller.guild_id, channel).await?;
        if ticket.opener_id != caller.user_id && !self.handles(caller, &ticket).await? {
            return Err(UseCaseError::KeepOpenNotAllowed);
        }
        self.db()
            .autoclose()
            .keep_open(caller.guild_id, ticket.number, self.now())
            .await?;
        tracing::info!(guild = %caller.guild_id, number = ticket.number, by = %caller.user_id, "ticket kept open");
        self.plan_autoclose(&ticket).await
    }

    /// A member left the server (GUILD_MEMBER_REMOVE): closes the tickets they opened where the
    /// rules say so, as the bot. Returns how many closed.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn opener_left(&self, guild: GuildId, user: UserId) -> Result<usize, UseCaseError> {
        let mut closed = 0;
        for ticket in self.db().tickets().open_by_opener(guild, user).await? {
            if !self.rules_of(&ticket).await?.on_user_leave {
                continue;
            }
            let locale = self.locale_of(Some(guild), None).await;
            let reason = self.catalog().text(&locale, "autoclose-reason-left", &[]);
            match self
                .record_close(&ticket, self.bot().user_id, Some(&reason))
                .await
            {
                Ok(done) => {
                    tracing::info!(%guild, number = ticket.number, "ticket closed: its opener left");
                    self.finish_close(done).await;
                    closed += 1;
                }
                Err(UseCaseError::AlreadyClosed) => {}
                Err(error) => return Err(error),
            }
        }
        Ok(closed)
    }
}
