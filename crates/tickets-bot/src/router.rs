//! One router for every interaction, whichever way it arrived.

use crate::action::Action;
use crate::reply::{Answer, Reply};
use std::time::Duration;
use tickets_core::close::{CloseTicket, Closed};
use tickets_core::open::OpenTicket;
use tickets_core::{Core, UseCaseError};
use tickets_i18n::Locale;
use tickets_model::custom_id::{CustomId, REASON_INPUT};
use tickets_model::values::{CloseReason, Subject};
use twilight_model::application::interaction::Interaction;

/// How long the work may take before we defer: Discord wants a first answer within 3 s, and
/// answering directly saves a REST call, so wait most of that, leaving room for the network.
const ANSWER_DIRECTLY_WITHIN: Duration = Duration::from_millis(2_000);

/// Routes interactions to the use cases.
#[derive(Debug, Clone)]
pub struct Router {
    core: Core,
}

/// Where an opening comes from: `/open` with its subject, or a panel with its form's answers.
struct OpenSource {
    subject: Option<Subject>,
    panel: Option<tickets_model::PanelId>,
    form_answers: Vec<(tickets_model::FormInputId, String)>,
}

impl OpenSource {
    fn panel(
        panel: tickets_model::PanelId,
        form_answers: Vec<(tickets_model::FormInputId, String)>,
    ) -> Self {
        Self {
            subject: None,
            panel: Some(panel),
            form_answers,
        }
    }
}

/// What to tell the user, and what to do once they have been told.
struct Outcome {
    answer: Answer,
    after: Option<Closed>,
}

impl Router {
    /// A router over the use cases.
    #[must_use]
    pub fn new(core: Core) -> Self {
        Self { core }
    }

    /// The use cases behind this router.
    #[must_use]
    pub fn core(&self) -> &Core {
        &self.core
    }

    /// Handles one interaction to the end: answers it and runs what follows the answer.
    pub async fn handle(&self, interaction: Interaction, mut reply: Reply) {
        let kind = Action::kind_label(&interaction);
        let action = Action::decode(&interaction);
        let locale = self.locale(&interaction).await;
        let private = !matches!(
            action,
            Action::Close { .. }
                | Action::Component(CustomId::Close | CustomId::Claim)
                | Action::Modal {
                    id: CustomId::CloseReasonModal,
                    ..
                }
        );
        let work = self.run(action, &interaction, &locale);
        tokio::pin!(work);

        let (result, deferred) = tokio::select! {
            result = &mut work => (result, false),
            () = tokio::time::sleep(ANSWER_DIRECTLY_WITHIN) => {
                if let Err(error) = reply.defer(private).await {
                    tracing::warn!(%error, "could not defer an interaction");
                }
                (work.await, true)
            }
        };
        let (answer, after, outcome) = match result {
            Ok(outcome) => (outcome.answer, outcome.after, "ok"),
            Err(error) => {
                let label = if error.is_refusal() {
                    "refused"
                } else {
                    "error"
                };
                if label == "error" {
                    tracing::error!(%error, "interaction failed");
                }
                (
                    Answer::private(error.user_message(self.core.catalog(), &locale)),
                    None,
                    label,
                )
            }
        };
        self.core.metrics().interaction(kind, outcome);
        let sent = if deferred {
            reply.edit(&answer).await
        } else {
            reply.message(&answer).await
        };
        if let Err(error) = sent {
            tracing::warn!(%error, "could not answer an interaction");
        }
        if let Some(closed) = after {
            reply.settled().await;
            self.core.remove_ticket_channel(closed).await;
        }
    }

    async fn run(
        &self,
        action: Action,
        interaction: &Interaction,
        locale: &Locale,
    ) -> Result<Outcome, UseCaseError> {
        let guild_id = interaction.guild_id.ok_or(UseCaseError::GuildOnly)?;
        let user = interaction.author_id().ok_or(UseCaseError::GuildOnly)?;
        let text = |key: &str, args: &[(&str, tickets_i18n::FluentValue<'_>)]| {
            self.core.catalog().text(locale, key, args)
        };
        match action {
            Action::Open { subject } => {
                let source = OpenSource {
                    subject: Subject::parse(&subject)?,
                    panel: None,
                    form_answers: Vec::new(),
                };
                self.open(interaction, guild_id, user, source, locale).await
            }
            Action::Component(CustomId::OpenPanel(panel)) => {
                self.panel_chosen(interaction, guild_id, user, panel, locale)
                    .await
            }
            Action::Select {
                id: CustomId::MultiPanelSelect(multi),
                values,
            } => {
                let value = values.first().map_or("", String::as_str);
                let panel = self.core.chosen_panel(guild_id, multi, value).await?;
                self.panel_chosen(interaction, guild_id, user, panel, locale)
                    .await
            }
            Action::Modal {
                id: CustomId::PanelForm(panel),
                fields,
            } => {
                let answers = fields
                    .into_iter()
                    .filter_map(|(id, value)| {
                        crate::modals::parse_question_id(&id).map(|id| (id, value))
                    })
                    .collect();
                let source = OpenSource::panel(panel, answers);
                self.open(interaction, guild_id, user, source, locale).await
            }
            Action::Help => {
                let admin = self.core.permission_level(guild_id, user).await?
                    == tickets_model::permissions::PermissionLevel::Admin;
                Ok(Outcome {
                    answer: Answer::private(crate::commands::help_text(&self.core, locale, admin)),
                    after: None,
                })
            }
            Action::About => Ok(Outcome {
                answer: Answer::private(text(
                    "about-text",
                    &[("version", env!("CARGO_PKG_VERSION").into())],
                )),
                after: None,
            }),
            Action::Blacklist { target } => {
                let who = target.ok_or(UseCaseError::GuildOnly)?;
                let barred = self.core.toggle_bar(guild_id, user, who).await?;
                let shown = match who {
                    tickets_core::blacklist::Barred::User(id) => format!("<@{id}>"),
                    tickets_core::blacklist::Barred::Role(id) => format!("<@&{id}>"),
                };
                let key = if barred {
                    "blacklist-barred"
                } else {
                    "blacklist-freed"
                };
                Ok(Outcome {
                    answer: Answer::private(text(key, &[("who", shown.into())])),
                    after: None,
                })
            }
            Action::Close { reason } => {
                self.close(interaction, guild_id, user, &reason, locale)
                    .await
            }
            Action::Component(CustomId::Close)
                if self
                    .core
                    .db()
                    .settings()
                    .get(guild_id)
                    .await?
                    .close_confirmation =>
            {
                // The server wants a second click: only the clicker sees the question.
                let confirm = tickets_core::welcome::button(
                    CustomId::CloseConfirm,
                    text("ticket-close-confirm-button", &[]),
                    twilight_model::channel::message::component::ButtonStyle::Danger,
                );
                let mut answer = Answer::private(text("ticket-close-confirm", &[]));
                answer.components = Some(vec![
                    twilight_model::channel::message::Component::ActionRow(
                        twilight_model::channel::message::component::ActionRow {
                            id: None,
                            components: vec![confirm],
                        },
                    ),
                ]);
                Ok(Outcome {
                    answer,
                    after: None,
                })
            }
            Action::Component(CustomId::Close | CustomId::CloseConfirm) => {
                self.close(interaction, guild_id, user, "", locale).await
            }
            Action::Component(CustomId::CloseWithReason) => Ok(Outcome {
                answer: Answer::modal(crate::modals::close_reason(self.core.catalog(), locale)),
                after: None,
            }),
            Action::Modal {
                id: CustomId::CloseReasonModal,
                fields,
            } => {
                let reason = fields
                    .iter()
                    .find(|(id, _)| id == REASON_INPUT)
                    .map_or("", |(_, value)| value.as_str());
                self.close(interaction, guild_id, user, reason, locale)
                    .await
            }
            Action::Component(CustomId::Claim) => {
                let channel = interaction
                    .channel
                    .as_ref()
                    .map(|c| c.id)
                    .ok_or(UseCaseError::NotATicket)?;
                self.core.claim_ticket(guild_id, channel, user).await?;
                let mention = format!("<@{user}>");
                Ok(Outcome {
                    answer: Answer::public(text("ticket-claimed", &[("user", mention.into())])),
                    after: None,
                })
            }
            Action::Component(other)
            | Action::Modal { id: other, .. }
            | Action::Select { id: other, .. } => {
                tracing::info!(?other, "component in a place we do not expect it");
                Ok(Outcome {
                    answer: Answer::private(text("error-unknown-command", &[])),
                    after: None,
                })
            }
            Action::Ping | Action::Unknown(_) => {
                tracing::info!(?action, "interaction we do not offer");
                Ok(Outcome {
                    answer: Answer::private(text("error-unknown-command", &[])),
                    after: None,
                })
            }
        }
    }

    /// A member chose a panel (its button, or a multi-panel's): ask its form, or open.
    async fn panel_chosen(
        &self,
        interaction: &Interaction,
        guild_id: tickets_model::GuildId,
        user: tickets_model::UserId,
        panel: tickets_model::PanelId,
        locale: &Locale,
    ) -> Result<Outcome, UseCaseError> {
        let roles = member_roles(interaction);
        match self
            .core
            .form_before_opening(guild_id, panel, user, &roles)
            .await?
        {
            Some(form) => Ok(Outcome {
                answer: Answer::modal(crate::modals::panel_form(panel, &form)),
                after: None,
            }),
            None => {
                let source = OpenSource::panel(panel, Vec::new());
                self.open(interaction, guild_id, user, source, locale).await
            }
        }
    }

    async fn open(
        &self,
        interaction: &Interaction,
        guild_id: tickets_model::GuildId,
        opener: tickets_model::UserId,
        source: OpenSource,
        locale: &Locale,
    ) -> Result<Outcome, UseCaseError> {
        let member = interaction.member.as_ref();
        let opener_name = member
            .and_then(|m| m.user.as_ref())
            .or(interaction.user.as_ref())
            .map(|u| u.name.clone())
            .unwrap_or_else(|| opener.to_string());
        let opened = self
            .core
            .open_ticket(OpenTicket {
                guild_id,
                opener,
                subject: source.subject,
                panel: source.panel,
                opener_name,
                opener_nickname: member.and_then(|m| m.nick.clone()),
                form_answers: source.form_answers,
                opener_roles: member_roles(interaction),
                locale: locale.clone(),
            })
            .await?;
        let link = format!("<#{}>", opened.channel_id);
        let text = self
            .core
            .catalog()
            .text(locale, "ticket-opened", &[("channel", link.into())]);
        Ok(Outcome {
            answer: Answer::private(text),
            after: None,
        })
    }

    async fn close(
        &self,
        interaction: &Interaction,
        guild_id: tickets_model::GuildId,
        closer: tickets_model::UserId,
        reason: &str,
        locale: &Locale,
    ) -> Result<Outcome, UseCaseError> {
        let channel_id = interaction
            .channel
            .as_ref()
            .map(|c| c.id)
            .ok_or(UseCaseError::NotATicket)?;
        let closed = self
            .core
            .close_ticket(CloseTicket {
                guild_id,
                channel_id,
                closer,
                reason: CloseReason::parse(reason)?,
            })
            .await?;
        Ok(Outcome {
            answer: Answer::public(self.core.catalog().text(locale, "ticket-closing", &[])),
            after: Some(closed),
        })
    }

    /// The server's language setting, else the user's Discord language, else English.
    async fn locale(&self, interaction: &Interaction) -> Locale {
        let setting = match interaction.guild_id {
            Some(guild) => match self.core.db().settings().get(guild).await {
                Ok(settings) => settings.language,
                Err(error) => {
                    tracing::warn!(%error, "settings unavailable; using the user's language");
                    None
                }
            },
            None => None,
        };
        self.core
            .catalog()
            .resolve(setting.as_deref(), interaction.locale.as_deref())
    }
}

/// The roles of the member who sent an interaction (none outside a server).
fn member_roles(interaction: &Interaction) -> Vec<tickets_model::RoleId> {
    interaction
        .member
        .as_ref()
        .map(|m| m.roles.clone())
        .unwrap_or_default()
}
