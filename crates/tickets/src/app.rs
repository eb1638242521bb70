//! Wiring every role into one running application: storage, Discord clients, use cases, the
//! gateway, the web server and the maintenance loop.

use crate::config::Config;
use anyhow::Context as _;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tickets_bot::commands::{self, CommandScope};
use tickets_bot::gateway::{self, GatewaySettings};
use tickets_bot::{HttpInteractions, InFlight, Links, Router, invite};
use tickets_core::transcripts::TranscriptConfig;
use tickets_core::{BotIdentity, Clock, Core, Discord, Metrics};
use tickets_i18n::Catalog;
use tickets_store::Database;
use tickets_web::{BoundWeb, WebConfig, WebState};
use tokio::sync::watch;
use tokio::task::JoinSet;

/// Choices that differ between `serve`, `demo` and the tests.
#[derive(Debug, Clone)]
pub struct AppOptions {
    /// Where slash commands are registered.
    pub command_scope: CommandScope,
    /// How often the sweeper and the jobs run.
    pub maintenance_every: Duration,
    /// The time the use cases go by.
    pub clock: Clock,
}

impl Default for AppOptions {
    fn default() -> Self {
        Self {
            command_scope: CommandScope::Global,
            maintenance_every: Duration::from_secs(15),
            clock: Clock::system(),
        }
    }
}

/// The application, running.
#[derive(Debug)]
pub struct RunningApp {
    core: Core,
    web_addr: SocketAddr,
    shutdown: watch::Sender<bool>,
    tasks: JoinSet<()>,
    in_flight: InFlight,
    shutdown_timeout: Duration,
}

/// How transcripts are kept, from the `[transcripts]` settings; their files are fetched from
/// Discord's CDN or from the Discord API's own host (the simulator's, offline).
fn transcript_config(config: &Config, viewer_url: String) -> anyhow::Result<TranscriptConfig> {
    let mut file_hosts: Vec<String> = TranscriptConfig::DISCORD_FILE_HOSTS
        .iter()
        .map(|host| (*host).to_owned())
        .collect();
    if let Ok(api) = reqwest::Url::parse(&config.discord.api_url)
        && let Some(host) = api.host_str()
    {
        file_hosts.push(
            api.port()
                .map_or_else(|| host.to_owned(), |port| format!("{host}:{port}")),
        );
    }
    Ok(TranscriptConfig {
        archive: config
            .transcripts
            .open_archive()
            .context("cannot open the transcript storage ([transcripts] settings)")?,
        viewer_url,
        max_attachment_bytes: config.transcripts.max_attachment_bytes,
        max_transcript_bytes: config.transcripts.max_transcript_bytes,
        file_hosts,
    })
}

/// Makes rustls usable; twilight's TLS needs a process-wide crypto provider.
pub fn install_crypto() {
    // An error only means a provider is installed already, which is what we want.
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// Builds the twilight REST client for Discord or for another base URL (the simulator).
///
/// # Errors
///
/// A base URL that is neither http nor https.
pub fn discord_client(api_url: &str, token: String) -> anyhow::Result<twilight_http::Client> {
    let builder = twilight_http::Client::builder().token(token);
    let builder = if api_url == "https://discord.com" {
        builder
    } else if let Some(host) = api_url.strip_prefix("http://") {
        builder.proxy(host.trim_end_matches('/').to_owned(), true)
    } else if let Some(host) = api_url.strip_prefix("https://") {
        builder.proxy(host.trim_end_matches('/').to_owned(), false)
    } else {
        anyhow::bail!("DISCORD_API_URL must start with http:// or https://");
    };
    Ok(builder.build())
}

/// Opens the database named by the configuration and brings its schema up to date.
///
/// # Errors
///
/// An unreachable database or a failed migration.
pub async fn open_database(config: &Config) -> anyhow::Result<Database> {
    if config.database_url.starts_with("sqlite://") && !config.data_dir.exists() {
        std::fs::create_dir_all(&config.data_dir).with_context(|| {
            format!(
                "cannot create TICKETS_DATA_DIR {}",
                config.data_dir.display()
            )
        })?;
    }
    let db = Database::connect(&config.database_url).await?;
    db.migrate().await?;
    Ok(db)
}

impl RunningApp {
    /// Starts every role: checks the configuration, migrates the database, registers commands,
    /// binds the web server, connects the gateway.
    ///
    /// # Errors
    ///
    /// Missing settings, an unreachable database or Discord, or a taken address.
    pub async fn start(config: &Config, options: AppOptions) -> anyhow::Result<Self> {
        install_crypto();
        let (token, application_id, public_key) = config.require_discord()?;
        let db = open_database(config).await?;
        let metrics = Arc::new(Metrics::new());
        let http = Arc::new(discord_client(&config.discord.api_url, token.clone())?);
        let discord = Discord::new(Arc::clone(&http), Arc::clone(&metrics));
        let me = discord
            .model("get_current_user", http.current_user())
            .await
            .context("Discord refused the bot token (DISCORD_TOKEN)")?;
        let web = BoundWeb::bind(config.listen)
            .await
            .with_context(|| format!("cannot listen on {} (TICKETS_LISTEN)", config.listen))?;
        let web_addr = web.local_addr()?;
        let core = Core::new(
            db,
            discord,
            Catalog::embedded()?,
            metrics,
            BotIdentity {
                application_id,
                user_id: me.id,
            },
            options.clock.clone(),
            transcript_config(config, config.public_url_for(web_addr))?,
        );
        core.use_members_intent(config.discord.members_intent);
        // Before any opening: every ticket this process opens names its lease.
        core.start_lease()
            .await
            .context("cannot record this process in the database")?;
        if options.command_scope == CommandScope::Global {
            commands::register_global(&core).await?;
        }
        let links = Links {
            dashboard: config.public_url_for(web_addr),
            invite: invite::invite_url(&config.discord.api_url, application_id),
        };
        let router = Router::new(core.clone(), links);
        let in_flight = router.in_flight().clone();
        let interactions = HttpInteractions::new(router.clone(), &public_key)?;
        let web_state = WebState {
            core: core.clone(),
            interactions: Some(interactions),
            config: WebConfig {
                public_url: config.public_url_for(web_addr),
                discord_url: config.discord.api_url.clone(),
                client_id: application_id.get(),
                client_secret: config.discord.client_secret.clone(),
            },
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .timeout(Duration::from_secs(10))
                .build()?,
        };

        let (shutdown, stop) = watch::channel(false);
        let mut tasks = JoinSet::new();
        let web_stop = stop.clone();
        tasks.spawn(async move {
            if let Err(error) = web.serve(web_state, web_stop).await {
                tracing::error!(%error, "web server stopped");
            }
        });
        let settings = GatewaySettings {
            token,
            url: config.discord.gateway_url.clone(),
            command_scope: options.command_scope,
            intents: gateway::intents_with_members(
                core.message_content_intent().await,
                config.discord.members_intent,
            ),
        };
        let gateway_stop = stop.clone();
        tasks.spawn(async move {
            if let Err(error) = gateway::run(router, settings, gateway_stop).await {
                tracing::error!(%error, "gateway stopped");
            }
        });
        let lease = core.clone();
        let mut lease_stop = stop.clone();
        tasks.spawn(async move {
            tokio::select! {
                () = lease.run_lease() => {}
                _ = lease_stop.wait_for(|stop| *stop) => {}
            }
        });
        let maintenance = core.clone();
        let mut maintenance_stop = stop;
        tasks.spawn(async move {
            tokio::select! {
                () = maintenance.run_maintenance(options.maintenance_every) => {}
                _ = maintenance_stop.wait_for(|stop| *stop) => {}
            }
        });
        tracing::info!(%web_addr, "tickets is running");
        Ok(Self {
            core,
            web_addr,
            shutdown,
            tasks,
            in_flight,
            shutdown_timeout: config.shutdown_timeout,
        })
    }

    /// The use cases, for tests and benchmarks that check what was stored.
    #[must_use]
    pub fn core(&self) -> &Core {
        &self.core
    }

    /// Where the web server listens.
    #[must_use]
    pub fn web_addr(&self) -> SocketAddr {
        self.web_addr
    }

    /// Stops every role: no new work is taken, work under way gets until the configured
    /// `shutdown_timeout` to finish, and this returns by then whatever Discord or the database
    /// do. Openings still under way are left to the next start's sweeper (ADR 8).
    pub async fn shutdown(mut self) {
        let deadline = tokio::time::Instant::now() + self.shutdown_timeout;
        let _ = self.shutdown.send(true);
        let roles = async { while self.tasks.join_next().await.is_some() {} };
        if tokio::time::timeout_at(deadline, roles).await.is_err() {
            tracing::warn!("a role did not stop in time; leaving it");
            self.tasks.abort_all();
        }
        let left = deadline.saturating_duration_since(tokio::time::Instant::now());
        if !self.in_flight.finished_within(left).await {
            tracing::warn!(
                under_way = self.in_flight.count(),
                "stopping with interactions still under way; the next start repairs what they leave"
            );
        }
        // Ending the lease lets any process reclaim what is left at once. It gets a moment even
        // when time is up: a lease that is not ended simply runs out.
        let left = deadline
            .saturating_duration_since(tokio::time::Instant::now())
            .max(Duration::from_millis(500));
        match tokio::time::timeout(left, self.core.end_lease()).await {
            Ok(Ok(())) => {}
            Ok(Err(error)) => tracing::warn!(%error, "could not end this process's lease"),
            Err(_) => tracing::warn!("the database did not answer in time to end the lease"),
        }
        tracing::info!("tickets stopped");
    }
}
