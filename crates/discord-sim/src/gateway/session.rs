//! Gateway sessions: sequence numbers, the replay buffer, and the task that fills it.
//!
//! A session outlives its connections: its pump task keeps filtering and numbering dispatches
//! while no connection is attached, so that RESUME can replay them. Connections read the buffer
//! through a cursor (the last sequence number they sent), which makes live delivery and replay
//! one mechanism and keeps the order of dispatches.
//!
//! The buffer holds every dispatch not yet sent (up to a backlog limit, past which the session is
//! invalidated rather than silently dropping events) plus the last sent ones for RESUME.

use super::{Shared, intents, lock, payload};
use crate::dispatch::{Audience, Dispatch};
use serde_json::Value;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{broadcast, mpsc, watch};
use tokio::time::{Instant, MissedTickBehavior};

/// The shard that owns a guild, by Discord's formula.
pub(crate) fn shard_of(guild_id: u64, shard_count: u64) -> u64 {
    (guild_id >> 22) % shard_count.max(1)
}

/// Who a session belongs to and what it asked for in IDENTIFY.
#[derive(Debug, Clone)]
pub(crate) struct Identity {
    pub(crate) application_id: u64,
    pub(crate) bot_user_id: u64,
    /// `[shard_id, shard_count]`.
    pub(crate) shard: [u64; 2],
    pub(crate) intents: u64,
}

/// One gateway session.
pub(crate) struct Session {
    pub(crate) id: String,
    pub(crate) identity: Identity,
    state: Mutex<State>,
    /// Set once the session is over; stops its pump.
    ended: watch::Sender<bool>,
}

/// How many dispatches a session keeps.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    /// Sent dispatches kept for RESUME.
    pub(crate) replay: usize,
    /// Dispatches not yet sent that a session may accumulate before it is invalidated.
    pub(crate) backlog: usize,
}

/// The mutable part of a session.
struct State {
    /// The last sequence number handed out.
    seq: u64,
    /// The last sequence number a connection took from the buffer.
    sent: u64,
    /// Recent dispatches with their sequence numbers, oldest first.
    buffer: VecDeque<(u64, Arc<str>)>,
    limits: Limits,
    /// The highest sequence number dropped from the buffer: RESUME from before it cannot replay.
    evicted_up_to: u64,
    attached: Option<Attachment>,
    detached_at: Instant,
    invalid: bool,
}

/// The connection currently reading a session.
struct Attachment {
    connection: u64,
    /// Wakes the connection; capacity 1, because one pending wake-up covers any number of frames.
    wake: mpsc::Sender<()>,
}

/// What a connection gets when it reads its session.
pub(crate) enum Take {
    /// Frames after the cursor, in order (possibly none).
    Frames(Vec<Arc<str>>),
    /// Another connection resumed the session.
    Superseded,
    /// The session can no longer deliver everything: the client must identify again.
    Invalid,
}

impl Session {
    /// Creates a session that keeps dispatches within `limits`.
    pub(crate) fn new(id: String, identity: Identity, limits: Limits) -> Self {
        Self {
            id,
            identity,
            state: Mutex::new(State {
                seq: 0,
                sent: 0,
                buffer: VecDeque::with_capacity(limits.replay.min(1024)),
                limits,
                evicted_up_to: 0,
                attached: None,
                detached_at: Instant::now(),
                invalid: false,
            }),
            ended: watch::Sender::new(false),
        }
    }

    /// Hands out the next sequence number for a dispatch that is not replayed (READY, RESUMED).
    pub(crate) fn allocate(&self) -> u64 {
        let mut state = lock(&self.state);
        state.seq += 1;
        state.seq
    }

    /// Numbers, buffers and announces a dispatch if this session's intents admit it.
    pub(crate) fn offer(&self, event: &str, data: &Value) {
        let identity = &self.identity;
        let Some(data) = intents::admit(event, data, identity.intents, identity.bot_user_id) else {
            return;
        };
        // Serialising a `Value` cannot fail: its keys are strings.
        let Ok(data) = serde_json::to_string(&*data) else {
            return;
        };
        let mut state = lock(&self.state);
        if state.invalid {
            return;
        }
        state.seq += 1;
        let frame: Arc<str> = payload::dispatch(event, state.seq, &data).into();
        let seq = state.seq;
        state.buffer.push_back((seq, frame));
        // Only frames already sent may go: the rest is the connection's (or the resume's) due.
        while state.buffer.len() > state.limits.replay
            && let Some(&(oldest, _)) = state.buffer.front()
            && oldest <= state.sent
        {
            state.buffer.pop_front();
            state.evicted_up_to = oldest;
        }
        let unsent = state.buffer.len() - state.buffer.partition_point(|(s, _)| *s <= state.sent);
        let overflow = unsent > state.limits.backlog;
        if overflow {
            // Dropping dispatches silently would desynchronise the client: it must start over.
            state.invalid = true;
        }
        state.wake_attached();
        drop(state);
        if overflow {
            tracing::warn!(session = %self.id, "gateway session backlog overflowed; invalidating");
            self.ended.send_replace(true);
        }
    }

    /// Whether a published dispatch is meant for this session's application and shard.
    fn concerns(&self, world: &dyn super::GatewayWorld, audience: &Audience) -> bool {
        let [shard_id, shard_count] = self.identity.shard;
        match audience {
            Audience::Guild(guild) => {
                shard_of(*guild, shard_count) == shard_id
                    && world.bot_in_guild(self.identity.application_id, *guild)
            }
            Audience::Application {
                application_id,
                guild_id,
            } => {
                *application_id == self.identity.application_id
                    && shard_of(guild_id.unwrap_or(0), shard_count) == shard_id
            }
        }
    }

    /// Makes `connection` the reader of this session.
    pub(crate) fn attach(&self, connection: u64, wake: mpsc::Sender<()>) {
        let mut state = lock(&self.state);
        state.attached = Some(Attachment { connection, wake });
        state.wake_attached();
    }

    /// Lets `connection` go; the session stays resumable for the resume window.
    pub(crate) fn detach(&self, connection: u64) {
        let mut state = lock(&self.state);
        if state.attached.as_ref().map(|a| a.connection) == Some(connection) {
            state.attached = None;
            state.detached_at = Instant::now();
        }
    }

    /// Gives `connection` the frames after its cursor and moves the cursor past them.
    pub(crate) fn take(&self, connection: u64, cursor: &mut u64) -> Take {
        let mut state = lock(&self.state);
        if state.invalid {
            return Take::Invalid;
        }
        if state.attached.as_ref().map(|a| a.connection) != Some(connection) {
            return Take::Superseded;
        }
        let frames = state.after(*cursor);
        *cursor = state.seq;
        state.sent = state.seq;
        Take::Frames(frames)
    }

    /// Resumes the session on `connection` from the client's last sequence number: returns the
    /// frames to replay and the sequence number of RESUMED, or `None` when that is impossible.
    pub(crate) fn resume(
        &self,
        connection: u64,
        wake: mpsc::Sender<()>,
        client_seq: u64,
    ) -> Option<(Vec<Arc<str>>, u64)> {
        let mut state = lock(&self.state);
        if state.invalid || client_seq > state.seq || client_seq < state.evicted_up_to {
            return None;
        }
        let frames = state.after(client_seq);
        state.seq += 1;
        let resumed = state.seq;
        state.sent = resumed;
        // A connection still attached learns on its next read that it was superseded.
        if let Some(previous) = state.attached.replace(Attachment { connection, wake })
            && previous.connection != connection
        {
            _ = previous.wake.try_send(());
        }
        Some((frames, resumed))
    }

    /// Ends the session: it cannot be resumed, and its connection (if any) is told on its next
    /// read.
    pub(crate) fn invalidate(&self) {
        let mut state = lock(&self.state);
        state.invalid = true;
        state.wake_attached();
        drop(state);
        self.ended.send_replace(true);
    }

    /// Whether the session has been without a connection for longer than `window`.
    fn expired(&self, window: Duration) -> bool {
        let state = lock(&self.state);
        state.attached.is_none() && state.detached_at.elapsed() >= window
    }
}

impl State {
    /// The buffered frames with a sequence number above `seq`.
    fn after(&self, seq: u64) -> Vec<Arc<str>> {
        let start = self.buffer.partition_point(|(s, _)| *s <= seq);
        self.buffer
            .range(start..)
            .map(|(_, frame)| Arc::clone(frame))
            .collect()
    }

    fn wake_attached(&self) {
        if let Some(attached) = &self.attached {
            // A full channel already holds a wake-up; a closed one belongs to a finished
            // connection.
            _ = attached.wake.try_send(());
        }
    }
}

/// Feeds a session from the world's dispatches until it ends, expires or falls behind.
pub(crate) async fn pump(
    shared: Arc<Shared>,
    session: Arc<Session>,
    mut dispatches: broadcast::Receiver<Dispatch>,
) {
    let mut ended = session.ended.subscribe();
    let window = shared.options.resume_window;
    let mut expiry =
        tokio::time::interval(window.clamp(Duration::from_millis(10), Duration::from_secs(1)));
    expiry.set_missed_tick_behavior(MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            biased;
            _ = ended.wait_for(|ended| *ended) => break,
            received = dispatches.recv() => match received {
                Ok(dispatch) => {
                    if session.concerns(&*shared.world, &dispatch.audience) {
                        session.offer(dispatch.event, &dispatch.data);
                    }
                }
                Err(broadcast::error::RecvError::Lagged(missed)) => {
                    // Resuming cannot bring back what the channel dropped; invalidating makes the
                    // client identify again and receive the guilds' state afresh.
                    tracing::warn!(
                        session = %session.id,
                        missed,
                        "gateway session lagged; invalidating it"
                    );
                    break;
                }
                Err(broadcast::error::RecvError::Closed) => break,
            },
            _ = expiry.tick() => {
                if session.expired(window) {
                    break;
                }
            }
        }
    }
    shared.end_session(&session);
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn session(replay: usize, backlog: usize) -> Session {
        let identity = Identity {
            application_id: 1,
            bot_user_id: 2,
            shard: [0, 1],
            intents: intents::GUILDS,
        };
        Session::new("s".to_owned(), identity, Limits { replay, backlog })
    }

    fn seqs(frames: &[Arc<str>]) -> Vec<u64> {
        frames
            .iter()
            .map(|f| serde_json::from_str::<Value>(f).map_or(0, |v| v["s"].as_u64().unwrap_or(0)))
            .collect()
    }

    fn channel() -> Value {
        json!({"guild_id": "9"})
    }

    #[test]
    fn guild_routing_follows_discords_formula() {
        assert_eq!(shard_of(81_384_788_765_712_384, 1), 0);
        assert_eq!(shard_of(3 << 22, 2), 1);
        assert_eq!(shard_of(4 << 22, 2), 0);
    }

    #[test]
    fn cursor_reads_in_order_and_skips_filtered_events() {
        let session = session(10, 100);
        let (wake, mut woken) = mpsc::channel(1);
        assert_eq!(session.allocate(), 1);
        session.attach(7, wake);
        session.offer("CHANNEL_CREATE", &channel());
        session.offer("GUILD_MEMBER_ADD", &channel());
        session.offer("CHANNEL_DELETE", &channel());
        assert!(woken.try_recv().is_ok());
        let mut cursor = 1;
        let Take::Frames(frames) = session.take(7, &mut cursor) else {
            panic!("attached connection must read");
        };
        assert_eq!(seqs(&frames), [2, 3]);
        assert_eq!(cursor, 3);
        assert!(matches!(session.take(8, &mut cursor), Take::Superseded));
    }

    #[test]
    fn resume_replays_after_the_client_sequence() {
        let session = session(3, 100);
        let (wake, _woken) = mpsc::channel(1);
        session.attach(1, wake.clone());
        for _ in 0..5 {
            session.offer("CHANNEL_CREATE", &channel());
        }
        // Unsent frames are never evicted, however many there are.
        let mut cursor = 0;
        let Take::Frames(frames) = session.take(1, &mut cursor) else {
            panic!("attached connection must read");
        };
        assert_eq!(seqs(&frames), [1, 2, 3, 4, 5]);
        // Sent frames beyond the replay capacity go: 4, 5 and 6 stay.
        session.offer("CHANNEL_CREATE", &channel());
        assert!(session.resume(2, wake.clone(), 2).is_none());
        assert!(session.resume(2, wake.clone(), 7).is_none());
        let Some((frames, resumed)) = session.resume(2, wake, 4) else {
            panic!("resume from a buffered sequence must work");
        };
        assert_eq!(seqs(&frames), [5, 6]);
        assert_eq!(resumed, 7);
        assert!(matches!(session.take(1, &mut cursor), Take::Superseded));
    }

    #[test]
    fn backlog_overflow_invalidates_instead_of_dropping() {
        let session = session(2, 3);
        let (wake, _woken) = mpsc::channel(1);
        session.attach(1, wake.clone());
        for _ in 0..4 {
            session.offer("CHANNEL_CREATE", &channel());
        }
        let mut cursor = 0;
        assert!(matches!(session.take(1, &mut cursor), Take::Invalid));
        assert!(session.resume(1, wake, 0).is_none());
        assert!(*session.ended.borrow());
    }

    #[test]
    fn detached_sessions_expire() {
        let session = session(3, 100);
        assert!(session.expired(Duration::ZERO));
        let (wake, _woken) = mpsc::channel(1);
        session.attach(1, wake);
        assert!(!session.expired(Duration::ZERO));
        session.detach(2);
        assert!(!session.expired(Duration::ZERO));
        session.detach(1);
        assert!(session.expired(Duration::ZERO));
    }
}
