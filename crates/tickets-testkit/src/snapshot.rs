//! What a refused action must leave as it was: every row the store holds about the demo server,
//! and what Discord shows of it (channels with their overwrites, roles, members, messages, the
//! bots' direct messages to its members). A test takes a [`Snapshot`] before the action and
//! calls [`Snapshot::assert_unchanged`] after it.

use crate::Env;
use serde_json::{Value, json};

/// The state of the demo server at one moment.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct Snapshot {
    /// Every row of the store about the server, sorted.
    pub rows: Vec<String>,
    /// The server as the simulator holds it.
    pub discord: Value,
    /// The last REST request the bot had made by then.
    pub last_request: u64,
}

/// The REST calls that answer the interaction itself (the callback, and edits of a deferred
/// answer): these are how a refusal reaches the user, not changes to the server.
fn answers_the_interaction(path: &str) -> bool {
    let path = path.trim_start_matches("/api/v10");
    path.starts_with("/interactions/") || path.starts_with("/webhooks/")
}

impl Snapshot {
    /// The demo server's state now.
    pub async fn take(env: &Env) -> Self {
        let last_request = env.sim.last_request_seq().await;
        let rows = tickets_store::testing::guild_rows(env.db(), env.guild_id())
            .await
            .unwrap_or_else(|e| panic!("snapshot of the database: {e}"));
        Self {
            rows,
            discord: discord(env).await,
            last_request,
        }
    }

    /// Asserts that nothing changed since this snapshot, and that the bot asked Discord for no
    /// change in the meantime (reads and the interaction's own answer aside). `what` names the
    /// action in the failure message. Returns the snapshot taken now, which a table of actions
    /// can compare the next action against.
    pub async fn assert_unchanged(&self, env: &Env, what: &str) -> Self {
        let now = Self::take(env).await;
        let added: Vec<&String> = now.rows.iter().filter(|r| !self.rows.contains(r)).collect();
        let removed: Vec<&String> = self.rows.iter().filter(|r| !now.rows.contains(r)).collect();
        assert!(
            added.is_empty() && removed.is_empty(),
            "{what}: the database changed\n  added: {added:#?}\n  removed: {removed:#?}"
        );
        assert!(
            now.discord == self.discord,
            "{what}: Discord's state changed\n  before: {}\n  after: {}",
            self.discord,
            now.discord
        );
        let changes: Vec<Value> = env
            .sim
            .requests_after(self.last_request)
            .await
            .into_iter()
            .filter(|r| r["method"] != "GET")
            .filter(|r| !answers_the_interaction(r["path"].as_str().unwrap_or_default()))
            .collect();
        assert!(
            changes.is_empty(),
            "{what}: the bot asked Discord for changes: {changes:#?}"
        );
        now
    }
}

/// Discord's flag of a message only its viewer sees.
const EPHEMERAL: u64 = 1 << 6;

/// The demo server in the simulator, with every channel's messages and the bots' direct
/// messages to its members.
async fn discord(env: &Env) -> Value {
    let state = env.sim.state().await;
    let mut guild = state["guilds"]
        .as_array()
        .and_then(|guilds| guilds.iter().find(|g| g["id"] == env.ids.guild.as_str()))
        .cloned()
        .unwrap_or_else(|| panic!("no demo guild in the simulator"));
    let mut messages = serde_json::Map::new();
    if let Some(channels) = guild["channels"].as_array_mut() {
        for channel in channels {
            // Ephemeral answers (the refusals themselves) move this id; the messages that
            // everyone sees are compared below instead.
            if let Some(fields) = channel.as_object_mut() {
                fields.remove("last_message_id");
            }
            let id = channel["id"].as_str().unwrap_or_default().to_owned();
            messages.insert(id.clone(), json!(env.sim.messages(&id).await));
        }
    }
    let mut dms = serde_json::Map::new();
    let members: Vec<String> = guild["members"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|m| m["user_id"].as_str().map(str::to_owned))
        .collect();
    for member in members {
        // An ephemeral answer in a DM (a refusal of a rating button there) is the refusal
        // itself, as in a channel: only the messages that stay are compared.
        let lasting: Vec<Value> = env
            .sim
            .dms(&member)
            .await
            .into_iter()
            .filter(|m| m["flags"].as_u64().unwrap_or(0) & EPHEMERAL == 0)
            .collect();
        dms.insert(member.clone(), json!(lasting));
    }
    json!({"guild": guild, "messages": messages, "dms": dms})
}
