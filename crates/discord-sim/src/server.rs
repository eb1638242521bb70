//! Starting and stopping a simulator: [`Simulator::start`] binds, seeds and serves; the
//! returned [`SimHandle`] knows the URLs and stops it.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::routing::{any, get, post};
use tokio::sync::{broadcast, oneshot};
use tokio::task::JoinHandle;

use crate::config::SimConfig;
use crate::faults::Faults;
use crate::gateway::Gateway;
use crate::ratelimit::RateLimiter;
use crate::requests::RequestLog;
use crate::scenario::ScenarioError;
use crate::sim::Sim;
use crate::spec::{Spec, SpecError};
use crate::state::World;
use crate::state::gateway_world::SharedWorld;
use crate::state::snowflake::Snowflakes;
use crate::{control, oauth, rest, state};

/// Why a simulator could not start.
#[derive(Debug, thiserror::Error)]
pub enum SimError {
    /// The address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// The cause.
        source: std::io::Error,
    },
    /// The embedded OpenAPI spec failed to load.
    #[error(transparent)]
    Spec(#[from] SpecError),
    /// The scenario is inconsistent.
    #[error(transparent)]
    Scenario(#[from] ScenarioError),
    /// The outbound HTTP client could not be built.
    #[error("cannot build the HTTP client: {0}")]
    Http(String),
}

/// The simulator's entry point.
#[derive(Debug, Clone, Copy)]
pub struct Simulator;

/// A running simulator. Dropping it stops the server too; [`SimHandle::shutdown`] also waits
/// for it to finish.
pub struct SimHandle {
    pub(crate) sim: Arc<Sim>,
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for SimHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SimHandle")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

fn http_client(config: &SimConfig) -> Result<reqwest::Client, SimError> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let tls = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| SimError::Http(e.to_string()))?
        .with_root_certificates(rustls::RootCertStore::empty())
        .with_no_client_auth();
    reqwest::Client::builder()
        .tls_backend_preconfigured(tls)
        .timeout(config.timing.delivery_timeout)
        .no_proxy()
        .build()
        .map_err(|e| SimError::Http(e.to_string()))
}

impl Simulator {
    /// Binds `config.listen`, seeds the world from `config.scenario` and serves REST, the
    /// gateway, OAuth2 and the control API until the handle is shut down or dropped.
    ///
    /// # Errors
    ///
    /// [`SimError`] when the address is taken, the spec fails to load or the scenario is
    /// inconsistent.
    pub async fn start(config: SimConfig) -> Result<SimHandle, SimError> {
        let spec = Spec::shared()?;
        let listener = tokio::net::TcpListener::bind(config.listen)
            .await
            .map_err(|source| SimError::Bind {
                addr: config.listen,
                source,
            })?;
        let addr = listener.local_addr().map_err(|source| SimError::Bind {
            addr: config.listen,
            source,
        })?;
        let base_url = format!("http://{addr}");
        let (events, _) = broadcast::channel(4096);
        let mut world = World::new(Snowflakes::new(config.id_seed), events);
        world.limits = config.limits;
        state::seed::apply(&mut world, &config.scenario)?;
        let gateway_url = format!("ws://{addr}/gateway");
        let shared = Arc::new(SharedWorld::new(world, gateway_url));
        let gateway = Gateway::new(shared.clone(), config.gateway.clone());
        let sim = Arc::new(Sim {
            world: shared,
            spec,
            timing: config.timing,
            rate_limits: config.rate_limits,
            check_responses: config.check_responses,
            log: Mutex::new(RequestLog::new(config.request_log_capacity)),
            faults: Mutex::new(Faults::default()),
            limiter: Mutex::new(RateLimiter::new(config.rate_limits)),
            http: http_client(&config)?,
            base_url,
            gateway: gateway.clone(),
            clock_listeners: Mutex::new(Vec::new()),
        });
        let app = Router::new()
            .route("/api/v10/oauth2/token", post(oauth::token))
            // Ten files at the upload limit and their JSON fit; larger bodies are cut off.
            .route(
                "/api/v10/{*rest}",
                any(rest::handle).layer(axum::extract::DefaultBodyLimit::max(
                    state::attachments::MAX_FILES * state::attachments::MAX_FILE_SIZE + 1024 * 1024,
                )),
            )
            .route(
                "/attachments/{channel}/{attachment}/{filename}",
                get(crate::cdn::attachment),
            )
            .route("/oauth2/authorize", get(oauth::authorize))
            .nest("/_sim", control::router())
            .with_state(sim.clone())
            .merge(gateway.router());
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let served = axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await;
            if let Err(error) = served {
                tracing::error!(%error, "the simulator's server stopped");
            }
        });
        tracing::info!(%addr, "discord simulator listening");
        Ok(SimHandle {
            sim,
            addr,
            stop: Some(stop),
            task: Some(task),
        })
    }
}

impl SimHandle {
    /// The bound address.
    #[must_use]
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT`: what a Discord client is pointed at, and the control API root.
    #[must_use]
    pub fn base_url(&self) -> String {
        self.sim.base_url.clone()
    }

    /// `http://127.0.0.1:PORT/api/v10`.
    #[must_use]
    pub fn api_url(&self) -> String {
        format!("{}/api/v10", self.sim.base_url)
    }

    /// `ws://127.0.0.1:PORT/gateway`.
    #[must_use]
    pub fn gateway_url(&self) -> String {
        self.sim.gateway_url()
    }

    /// The gateway, for its counters and to force reconnects.
    #[must_use]
    pub fn gateway(&self) -> &Gateway {
        &self.sim.gateway
    }

    /// Stops serving and waits for the server task to end. Open gateway connections are cut.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            // Open WebSockets would hold a graceful shutdown forever; give it a moment.
            let abort = task.abort_handle();
            if tokio::time::timeout(std::time::Duration::from_secs(2), task)
                .await
                .is_err()
            {
                abort.abort();
            }
        }
    }
}

impl Drop for SimHandle {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}
