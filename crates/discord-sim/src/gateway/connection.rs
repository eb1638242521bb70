//! One WebSocket connection: HELLO, then the client's commands, its session's dispatches and the
//! gateway's control messages, until either side closes.

use super::compression::Transport;
use super::members::MemberRequest;
use super::payload::{self, Command, Identify, Resume, close, snowflake};
use super::session::{self, Identity, Limits, Session, Take, shard_of};
use super::{Shared, intents};
use axum::extract::ws::{CloseFrame, Message, WebSocket};
use futures_util::SinkExt;
use rand::Rng;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc;
use tokio::time::{Instant, sleep_until, timeout};

/// What the gateway asks of a connection.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Control {
    /// Send op 7 and let the client resume elsewhere.
    Reconnect,
    /// Send op 9 with this `d`.
    Invalidate { resumable: bool },
}

/// Discord's limit on payloads a client may send per window.
const RATE_LIMIT: u32 = 120;
const RATE_WINDOW: Duration = Duration::from_secs(60);
/// Most guilds one shard may hold before Discord requires sharding.
const MAX_GUILDS_PER_SHARD: usize = 2500;

/// How handling one event left the connection.
enum Step {
    Continue,
    /// Close with this code and reason.
    Close(u16, &'static str),
    /// The client is gone.
    Gone,
}

/// What woke the connection up.
enum Wake {
    Socket(Option<Result<Message, axum::Error>>),
    Session,
    Control(Control),
    HeartbeatOverdue,
    GraceOver,
}

struct Connection {
    shared: Arc<Shared>,
    id: u64,
    socket: WebSocket,
    transport: Transport,
    session: Option<Arc<Session>>,
    /// The last sequence number sent from the session.
    cursor: u64,
    wake: mpsc::Sender<()>,
    heartbeat_deadline: Instant,
    /// Set after op 7 or op 9: when to close if the client does not.
    grace_deadline: Option<Instant>,
    window_start: Instant,
    window_count: u32,
}

/// Serves one upgraded WebSocket until it closes.
pub(crate) async fn run(
    shared: Arc<Shared>,
    socket: WebSocket,
    transport: Transport,
    version_ok: bool,
) {
    let (id, mut control) = shared.open_connection();
    let (wake, mut woken) = mpsc::channel(1);
    let mut connection = Connection {
        heartbeat_deadline: Instant::now() + shared.options.heartbeat_interval.mul_f64(1.5),
        shared,
        id,
        socket,
        transport,
        session: None,
        cursor: 0,
        wake,
        grace_deadline: None,
        window_start: Instant::now(),
        window_count: 0,
    };
    connection.serve(version_ok, &mut control, &mut woken).await;
    if let Some(session) = connection.session.take() {
        session.detach(id);
    }
    connection.shared.close_connection(id);
}

impl Connection {
    async fn serve(
        &mut self,
        version_ok: bool,
        control: &mut mpsc::UnboundedReceiver<Control>,
        woken: &mut mpsc::Receiver<()>,
    ) {
        if !version_ok {
            self.close(close::INVALID_API_VERSION, "Invalid API version")
                .await;
            return;
        }
        let interval = self.shared.options.heartbeat_interval.as_millis();
        let hello = payload::hello(u64::try_from(interval).unwrap_or(u64::MAX));
        let mut step = self.send(&hello).await;
        while let Step::Continue = step {
            let grace = self.grace_deadline;
            let wake = tokio::select! {
                message = self.socket.recv() => Wake::Socket(message),
                Some(()) = woken.recv() => Wake::Session,
                Some(order) = control.recv() => Wake::Control(order),
                () = sleep_until(self.heartbeat_deadline) => Wake::HeartbeatOverdue,
                () = async {
                    match grace {
                        Some(deadline) => sleep_until(deadline).await,
                        None => std::future::pending().await,
                    }
                } => Wake::GraceOver,
            };
            step = match wake {
                Wake::Socket(Some(Ok(message))) => self.on_message(message).await,
                Wake::Socket(_) => Step::Gone,
                Wake::Session => self.drain().await,
                Wake::Control(order) => self.on_control(order).await,
                Wake::HeartbeatOverdue => {
                    Step::Close(close::SESSION_TIMED_OUT, "Session timed out")
                }
                Wake::GraceOver => Step::Close(close::UNKNOWN_ERROR, "Reconnect requested"),
            };
        }
        if let Step::Close(code, reason) = step {
            self.close(code, reason).await;
        }
    }

    async fn on_message(&mut self, message: Message) -> Step {
        match message {
            Message::Text(text) => {
                if !self.within_rate_limit() {
                    return Step::Close(close::RATE_LIMITED, "You are being rate limited.");
                }
                match payload::parse(text.as_str()) {
                    Ok(command) => self.on_command(command).await,
                    Err(code) => Step::Close(code, reason(code)),
                }
            }
            // With encoding=json, binary payloads would be ETF, which the simulator refuses.
            Message::Binary(_) => Step::Close(close::DECODE_ERROR, "Error while decoding payload."),
            Message::Ping(_) | Message::Pong(_) => Step::Continue,
            Message::Close(frame) => {
                // As on Discord, closing with 1000 or 1001 ends the session; any other close
                // leaves it resumable.
                if let Some(session) = self.session.take() {
                    if frame.is_some_and(|frame| matches!(frame.code, 1000 | 1001)) {
                        self.shared.end_session(&session);
                    } else {
                        session.detach(self.id);
                    }
                }
                // Lets the WebSocket answer the close frame before the connection goes away.
                _ = timeout(Duration::from_secs(1), self.socket.close()).await;
                Step::Gone
            }
        }
    }

    fn within_rate_limit(&mut self) -> bool {
        let now = Instant::now();
        if now.duration_since(self.window_start) >= RATE_WINDOW {
            self.window_start = now;
            self.window_count = 0;
        }
        self.window_count += 1;
        self.window_count <= RATE_LIMIT
    }

    async fn on_command(&mut self, command: Command) -> Step {
        match command {
            Command::Heartbeat => {
                self.heartbeat_deadline =
                    Instant::now() + self.shared.options.heartbeat_interval.mul_f64(1.5);
                self.send(&payload::heartbeat_ack()).await
            }
            Command::Identify(_) | Command::Resume(_) if self.session.is_some() => Step::Close(
                close::ALREADY_AUTHENTICATED,
                "You have already authenticated.",
            ),
            Command::Identify(identify) => self.identify(identify).await,
            Command::Resume(resume) => self.resume(resume).await,
            Command::RequestGuildMembers(_) | Command::Other if self.session.is_none() => {
                Step::Close(close::NOT_AUTHENTICATED, "You're not authenticated.")
            }
            Command::RequestGuildMembers(request) => self.request_members(&request).await,
            Command::Other => Step::Continue,
        }
    }

    /// Answers op 8 with GUILD_MEMBERS_CHUNK dispatches on this session. As on Discord, a
    /// request the session may not make (the whole list without GUILD_MEMBERS), or for a guild
    /// the bot is not in or another shard owns, gets no answer.
    async fn request_members(&mut self, request: &MemberRequest) -> Step {
        let Some(session) = self.session.clone() else {
            return Step::Continue;
        };
        let identity = &session.identity;
        let [shard_id, shard_count] = identity.shard;
        if shard_of(request.guild_id, shard_count) != shard_id || !request.allowed(identity.intents)
        {
            return Step::Continue;
        }
        let Some(members) = self
            .shared
            .world
            .guild_members(identity.application_id, request.guild_id)
        else {
            return Step::Continue;
        };
        for chunk in request.chunks(members, identity.intents) {
            session.offer("GUILD_MEMBERS_CHUNK", &chunk);
        }
        self.drain().await
    }

    async fn identify(&mut self, identify: Identify) -> Step {
        if identify.compress {
            self.transport.enable_payload_compression();
        }
        let world = Arc::clone(&self.shared.world);
        let token = identify
            .token
            .strip_prefix("Bot ")
            .unwrap_or(&identify.token);
        let Some(bot) = world.identify(token) else {
            return Step::Close(close::AUTHENTICATION_FAILED, "Authentication failed.");
        };
        let [shard_id, shard_count] = identify.shard.unwrap_or([0, 1]);
        if shard_count == 0 || shard_id >= shard_count {
            return Step::Close(close::INVALID_SHARD, "Invalid shard.");
        }
        if let Err(code) = intents::check(identify.intents, bot.flags) {
            return Step::Close(code, reason(code));
        }
        let application_id = bot.application_id;
        // Subscribing before reading the guilds means nothing published meanwhile is missed.
        let dispatches = world.subscribe();
        let guilds: Vec<u64> = world
            .bot_guilds(application_id)
            .into_iter()
            .filter(|guild| shard_of(*guild, shard_count) == shard_id)
            .collect();
        if guilds.len() > MAX_GUILDS_PER_SHARD {
            return Step::Close(close::SHARDING_REQUIRED, "Sharding is required.");
        }
        let identity = Identity {
            application_id,
            bot_user_id: snowflake(&bot.user["id"]).unwrap_or(0),
            shard: [shard_id, shard_count],
            intents: identify.intents,
        };
        let session_id = format!("{:032x}", rand::thread_rng().r#gen::<u128>());
        let limits = Limits {
            replay: self.shared.options.replay_capacity,
            backlog: self.shared.options.max_backlog,
        };
        let session = Arc::new(Session::new(session_id, identity, limits));
        let ready_seq = session.allocate();
        for guild in &guilds {
            if let Some(guild_create) = world.guild_create(application_id, *guild) {
                session.offer("GUILD_CREATE", &guild_create);
            }
        }
        let ready = payload::ready(
            &bot,
            &guilds,
            &session.id,
            &world.resume_gateway_url(),
            [shard_id, shard_count],
        );
        session.attach(self.id, self.wake.clone());
        self.shared.register_session(Arc::clone(&session));
        tokio::spawn(session::pump(
            Arc::clone(&self.shared),
            Arc::clone(&session),
            dispatches,
        ));
        self.session = Some(session);
        self.cursor = ready_seq;
        let ready = payload::dispatch("READY", ready_seq, &ready);
        match self.send(&ready).await {
            Step::Continue => {
                self.shared.count_dispatches(1);
                // The GUILD_CREATEs follow from the buffer, like any other dispatch.
                self.drain().await
            }
            other => other,
        }
    }

    async fn resume(&mut self, resume: Resume) -> Step {
        let token = resume.token.strip_prefix("Bot ").unwrap_or(&resume.token);
        let Some(bot) = self.shared.world.identify(token) else {
            return Step::Close(close::AUTHENTICATION_FAILED, "Authentication failed.");
        };
        let Some(session) = self
            .shared
            .session(&resume.session_id)
            .filter(|session| session.identity.application_id == bot.application_id)
        else {
            return self.send(&payload::invalid_session(false)).await;
        };
        let Some((frames, resumed_seq)) = session.resume(self.id, self.wake.clone(), resume.seq)
        else {
            // A sequence the buffer cannot serve: the client must identify again.
            self.shared.end_session(&session);
            return self.send(&payload::invalid_session(false)).await;
        };
        self.session = Some(session);
        self.cursor = resumed_seq;
        let resumed = payload::dispatch("RESUMED", resumed_seq, "{}");
        match self.send_frames(&frames, Some(&resumed)).await {
            Step::Continue => self.drain().await,
            other => other,
        }
    }

    /// Sends what the session buffered since the cursor.
    async fn drain(&mut self) -> Step {
        let Some(session) = &self.session else {
            return Step::Continue;
        };
        match session.take(self.id, &mut self.cursor) {
            Take::Frames(frames) if frames.is_empty() => Step::Continue,
            Take::Frames(frames) => self.send_frames(&frames, None).await,
            Take::Superseded => {
                self.session = None;
                Step::Close(
                    close::UNKNOWN_ERROR,
                    "Session resumed on another connection",
                )
            }
            Take::Invalid => {
                self.session = None;
                self.send(&payload::invalid_session(false)).await
            }
        }
    }

    async fn on_control(&mut self, order: Control) -> Step {
        let text = match order {
            Control::Reconnect => payload::reconnect(),
            // Only sessions can be invalidated.
            Control::Invalidate { .. } if self.session.is_none() => return Step::Continue,
            Control::Invalidate { resumable } => payload::invalid_session(resumable),
        };
        if let Some(session) = self.session.take() {
            // Detaching before telling the client means everything published from now on is
            // replayed when it resumes, never half-sent on this connection.
            match order {
                Control::Invalidate { resumable: false } => self.shared.end_session(&session),
                _ => session.detach(self.id),
            }
        }
        self.grace_deadline = Some(Instant::now() + self.shared.options.close_grace);
        self.send(&text).await
    }

    /// Sends dispatch frames, then `last` if given, with one flush.
    async fn send_frames(&mut self, frames: &[Arc<str>], last: Option<&str>) -> Step {
        for frame in frames.iter().map(|frame| &**frame).chain(last) {
            let Ok(message) = self.transport.encode(frame) else {
                return Step::Close(close::UNKNOWN_ERROR, "Compression failed");
            };
            if self.socket.feed(message).await.is_err() {
                return Step::Gone;
            }
        }
        if self.socket.flush().await.is_err() {
            return Step::Gone;
        }
        self.shared
            .count_dispatches(frames.len() + usize::from(last.is_some()));
        Step::Continue
    }

    /// Sends one payload that is not a buffered dispatch.
    async fn send(&mut self, text: &str) -> Step {
        let Ok(message) = self.transport.encode(text) else {
            return Step::Close(close::UNKNOWN_ERROR, "Compression failed");
        };
        match self.socket.send(message).await {
            Ok(()) => Step::Continue,
            Err(_) => Step::Gone,
        }
    }

    /// Sends a close frame and waits briefly for the client's, so that it reads the code.
    async fn close(&mut self, code: u16, reason: &'static str) {
        let frame = CloseFrame {
            code,
            reason: reason.into(),
        };
        if self.socket.send(Message::Close(Some(frame))).await.is_err() {
            return;
        }
        _ = timeout(Duration::from_secs(2), async {
            while let Some(Ok(message)) = self.socket.recv().await {
                if matches!(message, Message::Close(_)) {
                    break;
                }
            }
        })
        .await;
    }
}

/// The reason Discord gives with a close code.
fn reason(code: u16) -> &'static str {
    match code {
        close::UNKNOWN_OPCODE => "Unknown opcode.",
        close::DECODE_ERROR => "Error while decoding payload.",
        close::INVALID_INTENTS => "Invalid intent(s).",
        close::DISALLOWED_INTENTS => "Disallowed intent(s).",
        _ => "Unknown error.",
    }
}
