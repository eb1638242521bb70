//! One router for every interaction, whichever way it arrived: it decodes the interaction, hands
//! it to its feature's handler, answers in time (directly, or by deferring) and runs what follows
//! the answer.

use crate::action::Action;
use crate::handlers::{self, Ctx, Handled, Outcome};
use crate::in_flight::InFlight;
use crate::reply::{Answer, Reply};
use std::time::Duration;
use tickets_core::receipts::Arrival;
use tickets_core::{Core, UseCaseError};
use tickets_i18n::Locale;
use tickets_model::custom_id::CustomId;
use tickets_model::permissions::PermissionLevel::{Admin, Support};
use twilight_model::application::interaction::{Interaction, InteractionType};

/// How long the work may take before we defer: Discord wants a first answer within 3 s, and
/// answering directly saves a REST call, so wait most of that, leaving room for the network.
const ANSWER_DIRECTLY_WITHIN: Duration = Duration::from_millis(2_000);

/// Commands whose answer everyone in the channel sees (they change the ticket for everyone).
const PUBLIC_COMMANDS: &[&str] = &[
    "close",
    "claim",
    "unclaim",
    "transfer",
    "add",
    "remove",
    "rename",
    "switchpanel",
    "closerequest",
    "autoclose",
    "tag",
];

/// Addresses the bot's answers point to.
#[derive(Debug, Clone)]
pub struct Links {
    /// The dashboard's public address, e.g. `https://tickets.example.org`.
    pub dashboard: String,
    /// The link that adds the bot to a server.
    pub invite: String,
}

/// Routes interactions to the use cases.
#[derive(Debug, Clone)]
pub struct Router {
    core: Core,
    links: std::sync::Arc<Links>,
    in_flight: InFlight,
}

impl Router {
    /// A router over the use cases.
    #[must_use]
    pub fn new(core: Core, links: Links) -> Self {
        Self {
            core,
            links: std::sync::Arc::new(links),
            in_flight: InFlight::default(),
        }
    }

    /// The use cases behind this router.
    #[must_use]
    pub fn core(&self) -> &Core {
        &self.core
    }

    /// The interactions being handled, for a bounded stop.
    #[must_use]
    pub fn in_flight(&self) -> &InFlight {
        &self.in_flight
    }

    /// Handles one interaction to the end: answers it and runs what follows the answer.
    ///
    /// An interaction runs at most once: one that arrived before (a redelivery, a replay) is
    /// answered with its first answer when that is known, and otherwise not run again.
    pub async fn handle(&self, interaction: Interaction, mut reply: Reply) {
        self.core
            .observe(tickets_core::cache::Observed::Interaction(&interaction));
        let _working = self.in_flight.enter();
        let kind = Action::kind_label(&interaction);
        if runs_once(&interaction) {
            match self.core.interaction_arrived(interaction.id).await {
                Ok(Arrival::First) => {}
                Ok(Arrival::Repeated { answer }) => {
                    self.core.metrics().interaction(kind, "repeated");
                    self.answer_repeated(&interaction, reply.repeated(), answer)
                        .await;
                    return;
                }
                Err(error) => {
                    tracing::error!(%error, "cannot tell whether an interaction ran before; not running it");
                    let locale = self.locale(&interaction).await;
                    let answer = Answer::private(error.user_message(self.core.catalog(), &locale));
                    if let Err(error) = reply.message(&answer).await {
                        tracing::warn!(%error, "could not answer an interaction");
                    }
                    return;
                }
            }
        }
        let action = Action::decode(&interaction);
        let locale = self
            .core
            .locale_of(
                guild_of(&interaction, &action),
                interaction.locale.as_deref(),
            )
            .await;
        let private = !answers_publicly(&action);
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
            self.core.finish_close(closed).await;
        }
    }

    async fn run(&self, action: Action, interaction: &Interaction, locale: &Locale) -> Handled {
        let ctx = Ctx {
            core: &self.core,
            interaction,
            guild_id: guild_of(interaction, &action).ok_or(UseCaseError::GuildOnly)?,
            user: interaction.author_id().ok_or(UseCaseError::GuildOnly)?,
            locale,
            links: &self.links,
        };
        if !matches!(action, Action::Ping | Action::Autocomplete(_)) {
            self.core.refuse_barred(&ctx.caller()).await?;
        }
        match action {
            Action::Command(call) => match call.name.as_str() {
                "open" => handlers::opening::open_command(&ctx, &call).await,
                "close" => handlers::closing::close(&ctx, &call.string("reason")).await,
                "help" => handlers::info::help(&ctx).await,
                "about" => Ok(handlers::info::about(&ctx)),
                "vote" => handlers::info::vote(&ctx).await,
                "premium" => handlers::info::premium(&ctx).await,
                "stats" => handlers::statistics::stats(&ctx).await,
                "notes" => handlers::notes::open(&ctx).await,
                "blacklist" => handlers::blacklist::toggle(&ctx, &call).await,
                "addadmin" => handlers::staff::ask_grant(&ctx, &call, Admin).await,
                "addsupport" => handlers::staff::ask_grant(&ctx, &call, Support).await,
                "removeadmin" => handlers::staff::revoke(&ctx, &call, Admin).await,
                "removesupport" => handlers::staff::revoke(&ctx, &call, Support).await,
                "viewstaff" => handlers::staff::view(&ctx, 0, false).await,
                "on-call" => handlers::on_call::toggle(&ctx).await,
                "claim" => handlers::claiming::claim(&ctx).await,
                "unclaim" => handlers::claiming::unclaim(&ctx).await,
                "transfer" => handlers::claiming::transfer(&ctx, &call).await,
                "add" => handlers::working::add(&ctx, &call).await,
                "remove" => handlers::working::remove(&ctx, &call).await,
                "rename" => handlers::working::rename(&ctx, &call).await,
                "switchpanel" => handlers::working::switch_panel(&ctx, &call).await,
                "jumptotop" => handlers::working::jump_to_top(&ctx).await,
                "setup" => handlers::setup::setup(&ctx, &call).await,
                "closerequest" => handlers::close_requests::request(&ctx, &call).await,
                "autoclose" => handlers::autoclose::autoclose(&ctx, &call).await,
                "managetags" => handlers::tags::manage(&ctx, &call).await,
                "tag" => handlers::tags::send(&ctx, &call).await,
                "language" => handlers::setup::language(&ctx, &call).await,
                "panel" => handlers::setup::panel(&ctx).await,
                "invite" => Ok(handlers::setup::invite(&ctx)),
                "reopen" => handlers::threads::reopen(&ctx, &call).await,
                crate::commands::START_TICKET => {
                    handlers::opening::start_from_message(&ctx, &call).await
                }
                other => unhandled(&ctx, other).await,
            },
            Action::Component(id) => match id {
                CustomId::OpenPanel(panel) => handlers::opening::panel_chosen(&ctx, panel).await,
                CustomId::Close => handlers::closing::close_button(&ctx).await,
                CustomId::CloseConfirm => handlers::closing::close(&ctx, "").await,
                CustomId::CloseWithReason => handlers::closing::close_with_reason(&ctx).await,
                CustomId::Claim => handlers::claiming::claim(&ctx).await,
                CustomId::StaffConfirm { level, who } => {
                    handlers::staff::confirm_grant(&ctx, level, who).await
                }
                CustomId::StaffPage(page) => handlers::staff::view(&ctx, page, true).await,
                CustomId::CloseRequestAccept(request) => {
                    handlers::close_requests::answer(&ctx, request, true).await
                }
                CustomId::CloseRequestDeny(request) => {
                    handlers::close_requests::answer(&ctx, request, false).await
                }
                CustomId::JoinTicket(number) => handlers::threads::join(&ctx, number).await,
                CustomId::Rate {
                    guild,
                    number,
                    stars,
                } => handlers::feedback::rate(&ctx, guild, number, stars).await,
                CustomId::KeepOpen => handlers::autoclose::keep_open(&ctx).await,
                other => Ok(unknown(&ctx, &format!("{other:?}"))),
            },
            Action::Select { id, values } => match id {
                CustomId::MultiPanelSelect(multi) => {
                    handlers::opening::multi_panel_chosen(&ctx, multi, &values).await
                }
                CustomId::LanguageSelect => handlers::setup::language_chosen(&ctx, &values).await,
                other => Ok(unknown(&ctx, &format!("{other:?}"))),
            },
            Action::Modal { id, fields } => match id {
                CustomId::PanelForm(panel) => {
                    handlers::opening::form_submitted(&ctx, panel, fields).await
                }
                CustomId::CloseReasonModal => handlers::closing::reason_given(&ctx, &fields).await,
                CustomId::ExitSurvey { guild, number } => {
                    handlers::feedback::survey_submitted(&ctx, guild, number, fields).await
                }
                other => Ok(unknown(&ctx, &format!("{other:?}"))),
            },
            Action::Autocomplete(call) => match call.name.as_str() {
                "switchpanel" => handlers::autocomplete::panels(&ctx, &call).await,
                "tag" | "managetags" => handlers::tags::suggest(&ctx, &call).await,
                "reopen" => handlers::threads::suggest_reopen(&ctx, &call).await,
                // Discord takes only suggestions as the answer to typing.
                other => {
                    tracing::info!(what = other, "suggestions we do not offer");
                    Ok(Outcome::answer(Answer::choices(Vec::new())))
                }
            },
            Action::Ping | Action::Unknown(_) => Ok(unknown(&ctx, &format!("{action:?}"))),
        }
    }

    /// Answers an interaction that arrived before, without running it again.
    async fn answer_repeated(
        &self,
        interaction: &Interaction,
        mut reply: Reply,
        answer: Option<String>,
    ) {
        tracing::info!(interaction = %interaction.id, "interaction delivered again; not run twice");
        if !reply.is_over_http() {
            // Over the gateway the first delivery answers (Discord would refuse a second one).
            return;
        }
        if let Some(recorded) = answer {
            match reply.replay(&recorded) {
                Ok(()) => return,
                Err(error) => tracing::warn!(%error, "a recorded answer could not be read"),
            }
        }
        let locale = self.locale(interaction).await;
        let text = self
            .core
            .catalog()
            .text(&locale, "error-interaction-repeated", &[]);
        if let Err(error) = reply.message(&Answer::private(text)).await {
            tracing::warn!(%error, "could not answer a repeated interaction");
        }
    }

    /// The server's language setting, else the user's Discord language, else English.
    async fn locale(&self, interaction: &Interaction) -> Locale {
        self.core
            .locale_of(interaction.guild_id, interaction.locale.as_deref())
            .await
    }
}

/// The server an interaction acts in: where it was sent, or for a rating button or an exit
/// survey (used in a DM, where Discord names no server) the server its ticket belongs to.
fn guild_of(interaction: &Interaction, action: &Action) -> Option<tickets_model::GuildId> {
    interaction.guild_id.or(match action {
        Action::Component(CustomId::Rate { guild, .. })
        | Action::Modal {
            id: CustomId::ExitSurvey { guild, .. },
            ..
        } => Some(*guild),
        _ => None,
    })
}

/// Whether an interaction must be recorded so that it runs at most once. A PING changes nothing,
/// and autocomplete only reads (and arrives at every keystroke), so neither is recorded.
fn runs_once(interaction: &Interaction) -> bool {
    !matches!(
        interaction.kind,
        InteractionType::Ping | InteractionType::ApplicationCommandAutocomplete
    )
}

/// Whether the answer to this action is shown to everyone in the channel; decided before the
/// work runs, because a deferred answer's visibility cannot change afterwards.
fn answers_publicly(action: &Action) -> bool {
    match action {
        // The settings `/autoclose configure` answers with are for the admin who asked.
        Action::Command(call) if call.name == "autoclose" => {
            call.subcommand.as_deref() != Some("configure")
        }
        Action::Command(call) => PUBLIC_COMMANDS.contains(&call.name.as_str()),
        Action::Component(id) => matches!(
            id,
            CustomId::Close
                | CustomId::Claim
                | CustomId::CloseRequestAccept(_)
                | CustomId::CloseRequestDeny(_)
                | CustomId::KeepOpen
        ),
        Action::Modal { id, .. } => matches!(id, CustomId::CloseReasonModal),
        _ => false,
    }
}

/// A command without a handler (an old one, or one registered before its handler): whoever lacks
/// what the command would need is refused as usual, so it tells them no more than a refusal.
async fn unhandled(ctx: &Ctx<'_>, name: &str) -> Handled {
    if let Some(needs) = crate::commands::capability_of(ctx.core, name) {
        ctx.core.authorize(&ctx.caller(), needs).await?;
    }
    Ok(unknown(ctx, &format!("/{name}")))
}

/// Something we do not offer (any more): an old command, a foreign component.
fn unknown(ctx: &Ctx<'_>, what: &str) -> Outcome {
    tracing::info!(what, "interaction we do not offer");
    Outcome::private(ctx.text("error-unknown-command", &[]))
}
