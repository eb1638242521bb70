//! A ticket's automatic closing timers as durable jobs: one per ticket and rule, re-planned from
//! the facts whenever they change (opening, a message, Keep it open, new settings), and
//! deciding again from the facts when it fires: a job that runs late or twice closes nothing
//! that got a message meanwhile.

use super::plan::{Facts, Rule, Step, TicketRules, next_step};
use crate::jobs::Job;
use crate::{Core, UseCaseError};
use tickets_model::custom_id::CustomId;
use tickets_model::ticket::TicketStatus;
use tickets_model::values::TimeSpan;
use tickets_model::{ChannelId, GuildId};
use tickets_store::tickets::TicketRow;
use twilight_model::channel::message::component::{ActionRow, ButtonStyle};
use twilight_model::channel::message::{AllowedMentions, Component};

/// The job kind of every autoclose timer (its payload names the ticket and the rule).
pub(crate) const KIND: &str = "autoclose";

impl Core {
    /// The rules that apply to a ticket, or none when it is excluded.
    pub(crate) async fn rules_of(&self, ticket: &TicketRow) -> Result<TicketRules, UseCaseError> {
        let guild = ticket.guild_id;
        let settings = self.db().autoclose().settings(guild).await?;
        if !settings.enabled
            || self
                .db()
                .close_requests()
                .is_excluded(guild, ticket.number)
                .await?
        {
            return Ok(TicketRules::default());
        }
        let panel = match ticket.panel_id {
            Some(panel) => self.db().autoclose().panel(guild, panel).await?,
            None => tickets_store::autoclose::PanelAutoclose::default(),
        };
        Ok(TicketRules::of(&settings, &panel))
    }

    /// What the ticket's timers go by.
    async fn facts_of(&self, ticket: &TicketRow) -> Result<Facts, UseCaseError> {
        Ok(Facts {
            opened_at: ticket.opened_at.unwrap_or(ticket.created_at),
            last_message_at: ticket.activity.last_message_at,
            opener_last_message_at: ticket.activity.opener_last_message_at,
            timers: self
                .db()
                .autoclose()
                .timers(ticket.guild_id, ticket.number)
                .await?,
        })
    }

    /// Plans (again) both timers of a ticket from its facts: each rule that applies gets its one
    /// job at its next step, the others none.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub(crate) async fn plan_autoclose(&self, ticket: &TicketRow) -> Result<(), UseCaseError> {
        let rules = if ticket.status == TicketStatus::Open {
            self.rules_of(ticket).await?
        } else {
            TicketRules::default()
        };
        self.plan_by(ticket, &rules).await
    }

    /// [`Core::plan_autoclose`] with the ticket's rules already read.
    async fn plan_by(&self, ticket: &TicketRow, rules: &TicketRules) -> Result<(), UseCaseError> {
        let facts = self.facts_of(ticket).await?;
        let now = self.now();
        for rule in Rule::ALL {
            let step = rules.span(rule).map_or(Step::Off, |span| {
                next_step(rule, span, rules.warning, &facts, now)
            });
            let payload = payload(ticket.number, rule);
            let jobs = self.db().jobs();
            match step {
                Step::Off => {
                    jobs.cancel(KIND, ticket.guild_id, &payload, now).await?;
                }
                Step::WaitUntil(at) => {
                    jobs.replace(KIND, ticket.guild_id, &payload, at, now)
                        .await?;
                }
                Step::Warn { .. } | Step::Close => {
                    jobs.replace(KIND, ticket.guild_id, &payload, now, now)
                        .await?;
                }
            }
        }
        Ok(())
    }

    /// Plans the timers of every open ticket of a server, after its rules changed.
    pub(crate) async fn plan_autoclose_everywhere(
        &self,
        guild: GuildId,
    ) -> Result<(), UseCaseError> {
        for ticket in self.db().tickets().open_in_guild(guild).await? {
            self.plan_autoclose(&ticket).await?;
        }
        Ok(())
    }

    /// Plans a just opened ticket's timers. Best effort: the ticket is open either way, and
    /// the next change of the server's rules plans it again.
    pub(crate) async fn plan_autoclose_of_new(&self, guild: GuildId, number: i64) {
        let planned = match self.db().tickets().get(guild, number).await {
            Ok(Some(ticket)) => self.plan_autoclose_where_rules_apply(&ticket).await,
            Ok(None) => Ok(()),
            Err(error) => Err(error.into()),
        };
        if let Err(error) = planned {
            tracing::warn!(%error, %guild, number, "could not plan a new ticket's automatic closing");
        }
    }

    /// A reopened ticket: its timers start again from now, as if it had been kept open. Best
    /// effort, as for a new ticket.
    pub(crate) async fn restart_autoclose(&self, guild: GuildId, number: i64) {
        let now = self.now();
        if let Err(error) = self.db().autoclose().keep_open(guild, number, now).await {
            tracing::warn!(%error, %guild, number, "could not restart a reopened ticket's automatic closing");
            return;
        }
        self.plan_autoclose_of_new(guild, number).await;
    }

    /// Plans a ticket's timers after someone wrote in it (or it opened). Nothing is written when
    /// no rule applies to it (the cheap case of every message on most servers); a job left from
    /// earlier rules finds nothing to do when it fires.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub(crate) async fn plan_autoclose_where_rules_apply(
        &self,
        ticket: &TicketRow,
    ) -> Result<(), UseCaseError> {
        let rules = self.rules_of(ticket).await?;
        if rules.since_open.is_none() && rules.since_last_message.is_none() {
            return Ok(());
        }
        self.plan_by(ticket, &rules).await
    }

    /// The job of a timer: warns or closes when the facts say so now, else plans itself again.
    pub(crate) async fn autoclose_due(
        &self,
        guild: GuildId,
        number: i64,
        rule: Rule,
    ) -> Result<(), UseCaseError> {
        let Some(ticket) = self.db().tickets().get(guild, number).await? else {
            return Ok(());
        };
        if ticket.status != TicketStatus::Open {
            return Ok(());
        }
        let rules = self.rules_of(&ticket).await?;
        let Some(span) = rules.span(rule) else {
            return Ok(());
        };
        let facts = self.facts_of(&ticket).await?;
        let now = self.now();
        match next_step(rule, span, rules.warning, &facts, now) {
            Step::Off => Ok(()),
            Step::WaitUntil(_) => self.plan_by(&ticket, &rules).await,
            Step::Warn { deadline } => {
                let warnings = self.db().autoclose();
                if warnings
                    .claim_warning(guild, number, rule.warned(), deadline)
                    .await?
                    && let Err(error) = self.post_warning(&ticket, deadline - now).await
                {
                    warnings
                        .release_warning(guild, number, rule.warned(), deadline)
                        .await?;
                    return Err(error);
                }
                self.plan_by(&ticket, &rules).await
            }
            Step::Close => self.close_for_inactivity(&ticket).await,
        }
    }

    /// Closes a ticket whose timer ran out, as the bot, through the one close use case.
    async fn close_for_inactivity(&self, ticket: &TicketRow) -> Result<(), UseCaseError> {
        let locale = self.locale_of(Some(ticket.guild_id), None).await;
        let reason = self
            .catalog()
            .text(&locale, "autoclose-reason-inactivity", &[]);
        match self
            .record_close(ticket, self.bot().user_id, Some(&reason))
            .await
        {
            Ok(closed) => {
                tracing::info!(guild = %ticket.guild_id, number = ticket.number, "ticket closed for inactivity");
                self.finish_close(closed).await;
                Ok(())
            }
            Err(UseCaseError::AlreadyClosed) => Ok(()),
            Err(error) => Err(error),
        }
    }

    /// Posts the warning with its Keep it open button in the ticket, naming its opener.
    async fn post_warning(&self, ticket: &TicketRow, left_ms: i64) -> Result<(), UseCaseError> {
        let channel: ChannelId = ticket.channel_id.ok_or(UseCaseError::NotATicket)?;
        let locale = self.locale_of(Some(ticket.guild_id), None).await;
        // Rounded up: a warning 59.5 minutes before reads "1 hour".
        let minutes = u32::try_from((left_ms + 59_999) / 60_000).unwrap_or(u32::MAX);
        let time = TimeSpan::from_minutes(minutes.max(1))
            .map(|span| super::words(self.catalog(), &locale, span))
            .unwrap_or_default();
        let content = self.catalog().text(
            &locale,
            "autoclose-warning",
            &[
                ("opener", format!("<@{}>", ticket.opener_id).into()),
                ("time", time.into()),
            ],
        );
        let buttons = [Component::ActionRow(ActionRow {
            id: None,
            components: vec![crate::welcome::button(
                CustomId::KeepOpen,
                self.catalog().text(&locale, "autoclose-keep-open", &[]),
                ButtonStyle::Primary,
            )],
        })];
        let allowed = AllowedMentions {
            users: vec![ticket.opener_id],
            ..AllowedMentions::default()
        };
        let message = self
            .discord()
            .http()
            .create_message(channel)
            .content(&content)
            .components(&buttons)
            .allowed_mentions(Some(&allowed));
        self.discord().call("create_message", message).await?;
        tracing::info!(guild = %ticket.guild_id, number = ticket.number, left_ms, "autoclose warning posted");
        Ok(())
    }
}

/// A timer job's payload: the same text for the same ticket and rule, so that re-planning finds
/// and replaces it.
fn payload(number: i64, rule: Rule) -> String {
    serde_json::to_string(&Job::Autoclose { number, rule }).unwrap_or_default()
}
