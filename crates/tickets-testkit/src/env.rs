//! A complete test environment: the simulator seeded with the demo server, and the real
//! application wired to it on random ports with a fresh database.

use crate::sim_client::SimClient;
use serde_json::Value;
use std::time::Duration;
use tickets::app::{AppOptions, RunningApp};
use tickets::config::{Config, RawConfig};
use tickets_bot::commands::CommandScope;
use tickets_store::testing::TestDatabase;

/// Which database the application runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// A SQLite file in a temporary directory.
    Sqlite,
    /// A fresh database on the `TICKETS_TEST_POSTGRES_URL` server.
    Postgres,
}

/// How the simulator delivers interactions to the application.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    /// As INTERACTION_CREATE over the gateway.
    Gateway,
    /// Signed POSTs to the application's `/interactions` endpoint.
    Http,
}

/// Ids of the demo scenario, as strings the control API speaks.
#[derive(Debug, Clone)]
pub struct DemoIds {
    /// The application.
    pub application: String,
    /// The bot's user.
    pub bot_user: String,
    /// "Demo Server".
    pub guild: String,
    /// Its owner.
    pub owner: String,
    /// A member with the Staff role.
    pub staff: String,
    /// A member.
    pub alice: String,
    /// Another member.
    pub bob: String,
    /// The "Support" category.
    pub support_category: String,
    /// `#general`.
    pub general: String,
}

/// A running simulator and application.
pub struct Env {
    /// The simulator's control API.
    pub sim: SimClient,
    /// The demo ids.
    pub ids: DemoIds,
    /// The application's credentials as the simulator knows them.
    pub app_credentials: Value,
    app: Option<RunningApp>,
    sim_handle: Option<discord_sim::SimHandle>,
    database: Option<TestDatabase>,
    config: Config,
    clock: tickets_core::Clock,
    /// The application's data directory.
    data_dir: tempfile::TempDir,
    /// Whether [`Env::stop`] or [`Env::finish`] ran (and with it the request-log check).
    finished: bool,
}

impl std::fmt::Debug for Env {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Env")
            .field("ids", &self.ids)
            .finish_non_exhaustive()
    }
}

/// Options of an environment.
#[derive(Debug, Clone)]
pub struct EnvOptions {
    /// Database engine.
    pub backend: Backend,
    /// Interaction delivery.
    pub delivery: Delivery,
    /// Replace the application's public key (hex) with one the test controls.
    pub public_key: Option<String>,
}

fn find<'a>(list: &'a Value, key: &str, wanted: &str) -> &'a Value {
    list.as_array()
        .and_then(|items| items.iter().find(|item| item[key].as_str() == Some(wanted)))
        .unwrap_or_else(|| panic!("no {key} = {wanted:?} in {list}"))
}

fn id_of(value: &Value) -> String {
    value["id"]
        .as_str()
        .unwrap_or_else(|| panic!("no id in {value}"))
        .to_owned()
}

impl Env {
    /// Starts everything; `None` for PostgreSQL when `TICKETS_TEST_POSTGRES_URL` is unset.
    ///
    /// # Panics
    ///
    /// When anything fails to start: a test environment that cannot start is a failed test.
    pub async fn start(options: EnvOptions) -> Option<Self> {
        tickets::app::install_crypto();
        // `TICKETS_TEST_LOG=debug` shows the application's logs under the failing test.
        if let Ok(filter) = std::env::var("TICKETS_TEST_LOG") {
            let _ = tracing_subscriber::fmt()
                .with_env_filter(tracing_subscriber::EnvFilter::new(filter))
                .with_test_writer()
                .try_init();
        }
        let database = match options.backend {
            Backend::Sqlite => TestDatabase::sqlite().await,
            Backend::Postgres => TestDatabase::postgres().await?,
        };
        let sim_handle = crate::simulator::start_demo().await;
        let sim = SimClient::new(&crate::simulator::base_url(&sim_handle));
        let state = sim.state().await;
        let app_credentials = state["applications"][0].clone();
        let guild = find(&state["guilds"], "name", "Demo Server");
        let channels = &guild["channels"];
        let ids = DemoIds {
            application: id_of(&app_credentials),
            bot_user: app_credentials["bot_user_id"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
            guild: id_of(guild),
            owner: id_of(find(&state["users"], "username", "owner")),
            staff: id_of(find(&state["users"], "username", "staff")),
            alice: id_of(find(&state["users"], "username", "alice")),
            bob: id_of(find(&state["users"], "username", "bob")),
            support_category: id_of(find(channels, "name", "Support")),
            general: id_of(find(channels, "name", "general")),
        };

        // Each environment keeps its local state (transcripts, their key file) in a directory of
        // its own, removed with it.
        let data_dir = tempfile::tempdir().unwrap_or_else(|e| panic!("a data directory: {e}"));
        let mut raw = RawConfig::default();
        raw.set("data_dir", data_dir.path().display().to_string());
        let text = |key: &str| app_credentials[key].as_str().unwrap_or_default().to_owned();
        raw.set("discord.token", text("token"));
        raw.set("discord.application_id", ids.application.clone());
        raw.set(
            "discord.public_key",
            options
                .public_key
                .clone()
                .unwrap_or_else(|| text("public_key")),
        );
        raw.set("discord.client_secret", text("client_secret"));
        raw.set("discord.api_url", sim.base().to_owned());
        raw.set("database.url", database.url().to_owned());
        raw.set("web.listen", "127.0.0.1:0");
        let mut config = Config::from_raw(&raw).unwrap_or_else(|e| panic!("{e}"));
        let clock = tickets_core::Clock::system();
        let app = Self::start_app(&config, &clock).await;
        // A restart must come back on the same port: the simulator delivers interactions there.
        config.listen = app.web_addr();
        config.public_url = format!("http://{}", app.web_addr());
        let env = Self {
            sim,
            ids,
            app_credentials,
            app: Some(app),
            sim_handle: Some(sim_handle),
            database: Some(database),
            config,
            clock,
            data_dir,
            finished: false,
        };
        env.db()
            .settings()
            .set_ticket_category(env.guild_id(), Some(parse(&env.ids.support_category)))
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        env.wait_for_commands(0).await;
        if options.delivery == Delivery::Http {
            let url = format!("http://{}/interactions", env.app().web_addr());
            env.sim
                .set_interactions_endpoint(&env.ids.application, Some(&url))
                .await;
        }
        Some(env)
    }

    async fn start_app(config: &Config, clock: &tickets_core::Clock) -> RunningApp {
        let options = AppOptions {
            command_scope: CommandScope::PerGuild,
            // Tests drive the sweeper themselves.
            maintenance_every: Duration::from_secs(3600),
            clock: clock.clone(),
        };
        RunningApp::start(config, options)
            .await
            .unwrap_or_else(|e| panic!("application start: {e:#}"))
    }

    /// Waits until the bot registered its commands in the demo guild (it does on GUILD_CREATE)
    /// after the simulator's request `after`: only then has its shard the guild, and an
    /// interaction sent before would reach no session.
    async fn wait_for_commands(&self, after: u64) {
        let path = format!(
            "/api/v10/applications/{}/guilds/{}/commands",
            self.ids.application, self.ids.guild
        );
        for _ in 0..200 {
            let done = self.sim.requests_after(after).await.iter().any(|r| {
                r["method"] == "PUT"
                    && r["path"]
                        .as_str()
                        .is_some_and(|p| p.ends_with(&path) || path.ends_with(p))
                    && r["status"].as_u64().is_some_and(|s| s < 300)
            });
            if done {
                return;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        let log = self.sim.requests_after(0).await;
        panic!("the bot never registered its commands in the demo guild; requests: {log:#?}");
    }

    /// The running application.
    ///
    /// # Panics
    ///
    /// After [`Env::stop`].
    #[must_use]
    pub fn app(&self) -> &RunningApp {
        self.app
            .as_ref()
            .unwrap_or_else(|| panic!("application stopped"))
    }

    /// The use cases of the running application.
    #[must_use]
    pub fn core(&self) -> &tickets_core::Core {
        self.app().core()
    }

    /// The demo server's owner as the use cases take them: what a test does "as the owner on the
    /// dashboard" goes through the same checked doors as the pages.
    #[must_use]
    pub fn owner(&self) -> tickets_core::access::Caller {
        tickets_core::access::Caller {
            guild_id: self.guild_id(),
            user_id: crate::parse(&self.ids.owner),
            roles: Vec::new(),
        }
    }

    /// The owner of any server the bot knows, as the use cases take them.
    pub async fn owner_of(&self, guild: tickets_model::GuildId) -> tickets_core::access::Caller {
        tickets_core::access::Caller {
            guild_id: guild,
            user_id: self
                .core()
                .guild_owner(guild)
                .await
                .unwrap_or_else(|e| panic!("the owner of {guild}: {e}")),
            roles: Vec::new(),
        }
    }

    /// Waits (at most 10 s) until the background jobs a staff change started have finished
    /// rewriting the open tickets' overwrites, so that a test's next step sees a quiet server.
    pub async fn staff_changes_settled(&self) {
        for _ in 0..400 {
            let rows = tickets_store::testing::guild_rows(self.db(), self.guild_id())
                .await
                .unwrap_or_else(|e| panic!("{e}"));
            if !rows
                .iter()
                .any(|r| r.starts_with("jobs:") && r.contains("refresh_access"))
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        panic!("the open tickets' overwrites were still being rewritten after 10 s");
    }

    /// The application's database, for tests to arrange and inspect what is stored.
    #[must_use]
    pub fn db(&self) -> &tickets_store::Database {
        self.database
            .as_ref()
            .map(TestDatabase::db)
            .unwrap_or_else(|| panic!("the environment's database is gone"))
    }

    /// The application's data directory (transcripts, their key file).
    #[must_use]
    pub fn data_dir(&self) -> &std::path::Path {
        self.data_dir.path()
    }

    /// The configuration the application runs with.
    #[must_use]
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The demo guild's typed id.
    #[must_use]
    pub fn guild_id(&self) -> tickets_model::GuildId {
        parse(&self.ids.guild)
    }

    /// The application's base URL.
    #[must_use]
    pub fn web_url(&self) -> String {
        format!("http://{}", self.app().web_addr())
    }

    /// Moves the application's clock forward (it stays moved across restarts): timers that fall
    /// due in that time are then run by [`tickets_core::Core::run_due_jobs`].
    pub fn advance_clock(&self, by: Duration) {
        self.clock.advance(by);
    }

    /// Sets the operator's switch for the privileged Server Members intent; it takes effect at
    /// the next start ([`Env::restart_app`]).
    pub fn set_members_intent(&mut self, on: bool) {
        self.config.discord.members_intent = on;
    }

    /// Restarts the application on the same database and simulator (a crash and a restart).
    pub async fn restart_app(&mut self) {
        self.stop_app().await;
        self.resume_app().await;
    }

    /// Stops the application (the simulator keeps running); [`Env::resume_app`] starts it again.
    pub async fn stop_app(&mut self) {
        if let Some(app) = self.app.take() {
            app.shutdown().await;
        }
    }

    /// Starts the application again after [`Env::stop_app`], and waits until it is ready for
    /// interactions, as [`Env::start`] does.
    pub async fn resume_app(&mut self) {
        if self.app.is_none() {
            let after = self.sim.last_request_seq().await;
            self.app = Some(Self::start_app(&self.config, &self.clock).await);
            self.wait_for_commands(after).await;
        }
    }

    /// Declares that this test provokes a refused request: `method` (`*` for any), a path
    /// pattern (`{name}` matches any segment) and the status. Without it, any 4xx or 5xx in the
    /// simulator's log fails the test when it ends; with it, the refusal must happen.
    pub fn expect_refusal(&self, method: &str, path: &str, status: u16) {
        self.sim
            .expectations()
            .add(crate::refusals::Expected::new(method, path, status));
    }

    /// What the simulator's request log says is wrong (empty when nothing): refusals the test
    /// did not declare, declarations nothing matched.
    pub async fn refusal_problems(&self) -> Vec<String> {
        let log = self.sim.requests_after(0).await;
        self.sim.expectations().check(&log)
    }

    /// Ends a test: checks the request log, stops everything, then fails as the body did, or
    /// on any unexpected refusal.
    ///
    /// # Panics
    ///
    /// When the body failed, or the log holds a refusal the test did not declare.
    pub async fn finish(self, outcome: crate::Outcome) {
        // A body that failed may have left the simulator in any state; its own failure is the
        // one to report.
        let problems = if matches!(outcome, Ok(Ok(()))) {
            self.refusal_problems().await
        } else {
            Vec::new()
        };
        self.stop_without_check().await;
        crate::finish(outcome);
        assert!(
            problems.is_empty(),
            "the simulator's request log shows refusals this test did not declare \
             (declare expected ones with Env::expect_refusal):\n{}",
            problems.join("\n")
        );
    }

    /// Stops everything and removes the database, after checking the request log as
    /// [`Env::finish`] does.
    ///
    /// # Panics
    ///
    /// When the log holds a refusal the test did not declare.
    pub async fn stop(self) {
        self.finish(Ok(Ok(()))).await;
    }

    async fn stop_without_check(mut self) {
        self.finished = true;
        if let Some(app) = self.app.take() {
            app.shutdown().await;
        }
        if let Some(handle) = self.sim_handle.take() {
            crate::simulator::stop(handle).await;
        }
        if let Some(database) = self.database.take() {
            database.cleanup().await;
        }
    }
}

impl Drop for Env {
    /// An environment must end with [`Env::finish`] or [`Env::stop`], which check the request
    /// log; one dropped without would let a refused request pass unnoticed.
    fn drop(&mut self) {
        if !self.finished && !std::thread::panicking() {
            panic!(
                "an Env was dropped without Env::finish or Env::stop: its request log was never checked"
            );
        }
    }
}

/// Parses a snowflake string into a typed id.
///
/// # Panics
///
/// When the string is not a snowflake.
#[must_use]
pub fn parse<T>(id: &str) -> twilight_model::id::Id<T> {
    id.parse()
        .unwrap_or_else(|_| panic!("not a snowflake: {id:?}"))
}
