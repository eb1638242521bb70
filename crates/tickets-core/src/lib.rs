//! The use cases of `tickets`: opening and closing tickets, the sweeper that repairs what a crash
//! left half done, and the jobs that retry what Discord refused for a while.
//!
//! A slash command, a button, the dashboard and the REST API all call the same function here;
//! nothing above this crate decides a business rule.

pub mod access;
pub mod activity;
pub mod autoclose;
pub mod awaiting;
pub mod blacklist;
pub mod cache;
pub mod channels;
pub mod claim;
mod claim_display;
pub mod clock;
pub mod close;
pub mod close_requests;
mod close_summary;
pub mod discord;
pub mod error;
pub mod feedback;
pub mod forms;
pub mod jobs;
pub mod jump;
pub mod leases;
mod liveness;
pub mod logins;
pub mod metrics;
pub mod multi_panels;
pub mod notes;
pub mod on_call;
pub mod open;
pub mod overwrites;
pub mod panels;
pub mod placeholders;
pub mod receipts;
pub mod rename;
pub mod settings;
pub mod setup;
pub mod staff;
mod staff_reach;
pub mod start_ticket;
pub mod sweeper;
pub mod switch_panel;
pub mod tags;
pub mod threads;
pub mod ticket_members;
pub mod ticket_view;
pub mod transcripts;
pub mod welcome;

use std::sync::Arc;
use tickets_i18n::Catalog;
use tickets_model::UserId;
use tickets_store::Database;
use twilight_model::id::Id;
use twilight_model::id::marker::ApplicationMarker;

pub use clock::Clock;
pub use discord::{Discord, DiscordError, DiscordFailure};
pub use error::UseCaseError;
pub use metrics::Metrics;

/// Who the bot is on Discord.
#[derive(Debug, Clone, Copy)]
pub struct BotIdentity {
    /// The application's id (interactions and commands are addressed to it).
    pub application_id: Id<ApplicationMarker>,
    /// The bot user's id (its permission overwrites name it).
    pub user_id: UserId,
}

/// Everything the use cases need, shared cheaply between tasks.
#[derive(Debug, Clone)]
pub struct Core {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    db: Database,
    discord: Discord,
    catalog: Catalog,
    metrics: Arc<Metrics>,
    bot: BotIdentity,
    clock: Clock,
    dm_channels: close_summary::DmChannels,
    facts: cache::FactCache,
    lease: leases::ProcessLease,
    transcripts: transcripts::Transcripts,
    live: ticket_view::LiveBus,
    members_intent: std::sync::atomic::AtomicBool,
}

impl Core {
    /// Assembles the use cases over their dependencies.
    #[must_use]
    pub fn new(
        db: Database,
        discord: Discord,
        catalog: Catalog,
        metrics: Arc<Metrics>,
        bot: BotIdentity,
        clock: Clock,
        transcripts: transcripts::TranscriptConfig,
    ) -> Self {
        Self {
            inner: Arc::new(Inner {
                db,
                discord,
                catalog,
                metrics,
                bot,
                clock,
                dm_channels: close_summary::DmChannels::default(),
                facts: cache::FactCache::default(),
                lease: leases::ProcessLease::new(),
                transcripts: transcripts::Transcripts::new(transcripts),
                live: ticket_view::LiveBus::default(),
                members_intent: std::sync::atomic::AtomicBool::new(false),
            }),
        }
    }

    /// Records whether the operator turned on the privileged Server Members intent, which the
    /// gateway then asks for: closing a ticket when its opener leaves needs it.
    pub fn use_members_intent(&self, on: bool) {
        self.inner
            .members_intent
            .store(on, std::sync::atomic::Ordering::Relaxed);
    }

    /// Whether the gateway receives members leaving (see [`Core::use_members_intent`]).
    #[must_use]
    pub fn members_intent(&self) -> bool {
        self.inner
            .members_intent
            .load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Direct-message channels already opened with members.
    pub(crate) fn dm_channels(&self) -> &close_summary::DmChannels {
        &self.inner.dm_channels
    }

    /// What the bot knows of its servers and their members without asking Discord.
    pub(crate) fn cache(&self) -> &cache::FactCache {
        &self.inner.facts
    }

    /// Transcripts: their archive and settings.
    pub(crate) fn transcript_service(&self) -> &transcripts::Transcripts {
        &self.inner.transcripts
    }

    /// The bus of message events the live ticket views read.
    pub(crate) fn live_bus(&self) -> &ticket_view::LiveBus {
        &self.inner.live
    }

    /// This process's lease.
    pub(crate) fn lease(&self) -> &leases::ProcessLease {
        &self.inner.lease
    }

    /// The time the use cases go by (Unix milliseconds).
    #[must_use]
    pub fn now(&self) -> i64 {
        self.inner.clock.now_ms()
    }

    /// The database.
    #[must_use]
    pub(crate) fn db(&self) -> &Database {
        &self.inner.db
    }

    /// The Discord REST client.
    #[must_use]
    pub fn discord(&self) -> &Discord {
        &self.inner.discord
    }

    /// The translations.
    #[must_use]
    pub fn catalog(&self) -> &Catalog {
        &self.inner.catalog
    }

    /// The metrics.
    #[must_use]
    pub fn metrics(&self) -> &Arc<Metrics> {
        &self.inner.metrics
    }

    /// Who the bot is.
    #[must_use]
    pub fn bot(&self) -> BotIdentity {
        self.inner.bot
    }
}

/// Milliseconds since the Unix epoch, the unit every stored time uses.
#[must_use]
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}
