//! Gateway v10 over WebSocket, with Discord's semantics: HELLO, IDENTIFY, READY and GUILD_CREATE,
//! heartbeats, intents, sharding, RESUME with replay, RECONNECT and INVALID_SESSION, zstd and zlib
//! transport compression, payload compression, and Request Guild Members.
//!
//! The gateway reads the simulated world only through [`GatewayWorld`]. Each session subscribes to
//! the world's dispatches, keeps those that concern it in a bounded replay buffer, and its
//! connection sends them in order.

mod compression;
mod connection;
mod intents;
mod members;
mod payload;
mod session;
pub mod world;

pub use payload::close;
pub use world::{BotIdentity, GatewayWorld};

use axum::Router;
use axum::extract::ws::WebSocketUpgrade;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use compression::Transport;
use connection::Control;
use session::Session;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;
use tokio::sync::mpsc;

/// Settings of a [`Gateway`].
#[derive(Debug, Clone)]
pub struct GatewayOptions {
    /// The interval HELLO asks clients to heartbeat at; a connection silent for 1.5 times as long
    /// is closed with 4009 (its session stays resumable).
    pub heartbeat_interval: Duration,
    /// How many sent dispatches each session keeps for RESUME.
    pub replay_capacity: usize,
    /// How many dispatches a session may have waiting to be sent (a slow client, or a
    /// disconnected one while events flow) before it is invalidated with op 9 rather than lose
    /// any of them.
    pub max_backlog: usize,
    /// How long a session stays resumable after its connection is gone.
    pub resume_window: Duration,
    /// How long a client may keep a connection open after op 7 or op 9 before the gateway closes
    /// it with 4000.
    pub close_grace: Duration,
}

impl Default for GatewayOptions {
    fn default() -> Self {
        Self {
            heartbeat_interval: Duration::from_millis(41_250),
            replay_capacity: 1000,
            max_backlog: 50_000,
            resume_window: Duration::from_secs(180),
            close_grace: Duration::from_secs(5),
        }
    }
}

/// Counters of a [`Gateway`], for the control API and benchmarks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GatewayStats {
    /// Open WebSocket connections.
    pub connections: usize,
    /// Sessions that are connected or still resumable.
    pub sessions: usize,
    /// Op 0 payloads written to connections since the gateway started, replays included.
    pub dispatches_sent: u64,
}

/// The simulated Discord gateway; cheap to clone.
#[derive(Clone)]
pub struct Gateway {
    shared: Arc<Shared>,
}

/// State shared by the gateway handle, its connections and its session pumps.
pub(crate) struct Shared {
    world: Arc<dyn GatewayWorld>,
    options: GatewayOptions,
    sessions: Mutex<HashMap<String, Arc<Session>>>,
    connections: Mutex<HashMap<u64, mpsc::UnboundedSender<Control>>>,
    next_connection: AtomicU64,
    dispatches_sent: AtomicU64,
}

impl Gateway {
    /// Creates a gateway serving `world`.
    pub fn new(world: Arc<dyn GatewayWorld>, options: GatewayOptions) -> Self {
        Self {
            shared: Arc::new(Shared {
                world,
                options,
                sessions: Mutex::new(HashMap::new()),
                connections: Mutex::new(HashMap::new()),
                next_connection: AtomicU64::new(1),
                dispatches_sent: AtomicU64::new(0),
            }),
        }
    }

    /// The WebSocket endpoint, at `/`, `/gateway` and `/gateway/`.
    ///
    /// Query parameters as Discord's: `v=10` (anything else is closed with 4012),
    /// `encoding=json`, and `compress=zstd-stream`, `compress=zlib-stream` or none.
    pub fn router(&self) -> Router {
        Router::new()
            .route("/", get(upgrade))
            .route("/gateway", get(upgrade))
            .route("/gateway/", get(upgrade))
            .with_state(self.clone())
    }

    /// Sends op 7 RECONNECT to every open connection; identified sessions stay resumable, and
    /// what is published until they resume is replayed. Returns the number of connections told.
    pub fn reconnect_all(&self) -> usize {
        self.shared.tell_all(|| Control::Reconnect)
    }

    /// Sends op 9 INVALID_SESSION with `d: resumable` to every identified connection. When not
    /// resumable, every session (connected or not) ends. Returns the number of connections told.
    pub fn invalidate_all(&self, resumable: bool) -> usize {
        let told = self.shared.tell_all(|| Control::Invalidate { resumable });
        if !resumable {
            let sessions: Vec<Arc<Session>> =
                lock(&self.shared.sessions).values().cloned().collect();
            for session in sessions {
                self.shared.end_session(&session);
            }
        }
        told
    }

    /// Current counters.
    pub fn stats(&self) -> GatewayStats {
        GatewayStats {
            connections: lock(&self.shared.connections).len(),
            sessions: lock(&self.shared.sessions).len(),
            dispatches_sent: self.shared.dispatches_sent.load(Ordering::Relaxed),
        }
    }
}

impl Shared {
    fn tell_all(&self, control: impl Fn() -> Control) -> usize {
        lock(&self.connections)
            .values()
            .filter(|connection| connection.send(control()).is_ok())
            .count()
    }

    fn register_session(&self, session: Arc<Session>) {
        lock(&self.sessions).insert(session.id.clone(), session);
    }

    fn session(&self, id: &str) -> Option<Arc<Session>> {
        lock(&self.sessions).get(id).cloned()
    }

    /// Ends a session and forgets it, unless a newer session already took its id.
    fn end_session(&self, session: &Arc<Session>) {
        session.invalidate();
        let mut sessions = lock(&self.sessions);
        if sessions
            .get(&session.id)
            .is_some_and(|known| Arc::ptr_eq(known, session))
        {
            sessions.remove(&session.id);
        }
    }

    fn open_connection(&self) -> (u64, mpsc::UnboundedReceiver<Control>) {
        let id = self.next_connection.fetch_add(1, Ordering::Relaxed);
        let (sender, receiver) = mpsc::unbounded_channel();
        lock(&self.connections).insert(id, sender);
        (id, receiver)
    }

    fn close_connection(&self, id: u64) {
        lock(&self.connections).remove(&id);
    }

    fn count_dispatches(&self, sent: usize) {
        self.dispatches_sent
            .fetch_add(u64::try_from(sent).unwrap_or(u64::MAX), Ordering::Relaxed);
    }
}

/// Locks a mutex, ignoring poisoning: every critical section leaves its data consistent.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Accepts a WebSocket connection after checking the query parameters HTTP can refuse.
async fn upgrade(
    State(gateway): State<Gateway>,
    Query(query): Query<HashMap<String, String>>,
    upgrade: WebSocketUpgrade,
) -> Response {
    if query
        .get("encoding")
        .is_some_and(|encoding| encoding != "json")
    {
        let message = "encoding must be json: the simulator does not speak ETF";
        return (StatusCode::BAD_REQUEST, message).into_response();
    }
    let transport = match Transport::from_query(query.get("compress").map(String::as_str)) {
        Ok(transport) => transport,
        Err(error) => return (StatusCode::BAD_REQUEST, error.to_string()).into_response(),
    };
    let version_ok = query.get("v").is_some_and(|v| v == "10");
    let shared = Arc::clone(&gateway.shared);
    // Clients may send at most 4096 bytes, but a larger payload must reach the gateway to be
    // closed with 4002 as Discord does, rather than break the WebSocket.
    upgrade
        .max_message_size(64 * 1024)
        .on_upgrade(move |socket| connection::run(shared, socket, transport, version_ok))
}
