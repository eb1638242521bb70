//! A client of the simulator's control API (`/_sim`), the way a test acts as Discord users and
//! looks at what they would see.

mod threads;

use crate::refusals::{Expectations, Expected};
use serde_json::{Value, json};
use std::time::Duration;

/// The outcome of acting as a user: the bot's first answer, if it came in time.
#[derive(Debug, Clone)]
pub struct Act {
    /// The interaction's id.
    pub interaction_id: String,
    /// The initial callback the bot sent (`{type, data}`), if any.
    pub response: Option<Value>,
    /// `"timeout"` when the bot did not answer within 3 seconds, or the simulator's error.
    pub error: Option<Value>,
}

impl Act {
    /// The text of the first answer (message content), or an empty string.
    #[must_use]
    pub fn content(&self) -> String {
        self.response
            .as_ref()
            .and_then(|r| r["data"]["content"].as_str())
            .unwrap_or_default()
            .to_owned()
    }

    /// Whether the first answer is visible only to the user.
    #[must_use]
    pub fn is_ephemeral(&self) -> bool {
        self.response
            .as_ref()
            .and_then(|r| r["data"]["flags"].as_u64())
            .is_some_and(|flags| flags & 64 != 0)
    }

    /// The first channel mention (`<#id>`) in the answer.
    #[must_use]
    pub fn mentioned_channel(&self) -> Option<String> {
        let content = self.content();
        let start = content.find("<#")? + 2;
        let end = content[start..].find('>')? + start;
        Some(content[start..end].to_owned())
    }
}

/// The control API of one running simulator.
#[derive(Debug, Clone)]
pub struct SimClient {
    base: String,
    http: reqwest::Client,
    expectations: Expectations,
}

impl SimClient {
    /// A client of the simulator at `base` (`http://127.0.0.1:PORT`).
    #[must_use]
    pub fn new(base: &str) -> Self {
        Self {
            base: base.trim_end_matches('/').to_owned(),
            http: reqwest::Client::builder()
                .timeout(Duration::from_secs(15))
                .build()
                .unwrap_or_default(),
            expectations: Expectations::default(),
        }
    }

    /// The refusals the test declared (see [`crate::Env::expect_refusal`]).
    #[must_use]
    pub fn expectations(&self) -> &Expectations {
        &self.expectations
    }

    /// The simulator's base URL.
    #[must_use]
    pub fn base(&self) -> &str {
        &self.base
    }

    async fn send(&self, request: reqwest::RequestBuilder) -> Value {
        let response = request
            .send()
            .await
            .unwrap_or_else(|e| panic!("simulator unreachable: {e}"));
        let status = response.status();
        let text = response.text().await.unwrap_or_default();
        assert!(status.is_success(), "simulator answered {status}: {text}");
        if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text)
                .unwrap_or_else(|e| panic!("simulator sent non-JSON ({e}): {text}"))
        }
    }

    async fn get(&self, path: &str) -> Value {
        self.send(self.http.get(format!("{}{path}", self.base)))
            .await
    }

    async fn post(&self, path: &str, body: &Value) -> Value {
        self.send(self.http.post(format!("{}{path}", self.base)).json(body))
            .await
    }

    /// Everything the simulator holds.
    pub async fn state(&self) -> Value {
        self.get("/_sim/state").await
    }

    fn act_result(value: &Value) -> Act {
        Act {
            interaction_id: value["interaction_id"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
            response: Some(value["response"].clone()).filter(|r| !r.is_null()),
            error: Some(value["error"].clone()).filter(|e| !e.is_null()),
        }
    }

    /// Runs a slash command as `user` in `channel`; `options` are Discord-shaped
    /// (`[{"name": ..., "type": 3, "value": ...}]`).
    pub async fn command(
        &self,
        guild: &str,
        channel: &str,
        user: &str,
        name: &str,
        options: Value,
    ) -> Act {
        let body = json!({"guild_id": guild, "channel_id": channel, "user_id": user, "name": name, "options": options});
        Self::act_result(&self.post("/_sim/act/command", &body).await)
    }

    /// Types in the option `focused` of a command (its value in `options` is the text so far):
    /// the bot's answer carries the suggestions (`response.data.choices`).
    pub async fn autocomplete(
        &self,
        guild: &str,
        channel: &str,
        user: &str,
        name: &str,
        options: Value,
        focused: &str,
    ) -> Act {
        let body = json!({"guild_id": guild, "channel_id": channel, "user_id": user, "name": name, "options": options, "focused": focused});
        Self::act_result(&self.post("/_sim/act/command", &body).await)
    }

    /// Uses the message context-menu command `name` on `message` as `user`.
    pub async fn message_command(
        &self,
        guild: &str,
        channel: &str,
        user: &str,
        name: &str,
        message: &str,
    ) -> Act {
        let body = json!({"guild_id": guild, "channel_id": channel, "user_id": user, "name": name, "kind": "message", "target_id": message});
        Self::act_result(&self.post("/_sim/act/command", &body).await)
    }

    /// Clicks a component of a message as `user`.
    pub async fn click(&self, channel: &str, message: &str, user: &str, custom_id: &str) -> Act {
        let body = json!({"channel_id": channel, "message_id": message, "user_id": user, "custom_id": custom_id});
        Self::act_result(&self.post("/_sim/act/component", &body).await)
    }

    /// Chooses `values` in a select menu of a message as `user`.
    pub async fn select(
        &self,
        channel: &str,
        message: &str,
        user: &str,
        custom_id: &str,
        values: &[String],
    ) -> Act {
        let body = json!({"channel_id": channel, "message_id": message, "user_id": user, "custom_id": custom_id, "values": values});
        Self::act_result(&self.post("/_sim/act/component", &body).await)
    }

    /// Submits a modal the bot showed `user`, with its inputs' values by `custom_id`.
    pub async fn submit_modal(
        &self,
        channel: &str,
        user: &str,
        custom_id: &str,
        fields: Value,
    ) -> Act {
        let body = json!({"channel_id": channel, "user_id": user, "custom_id": custom_id, "fields": fields});
        Self::act_result(&self.post("/_sim/act/modal", &body).await)
    }

    /// An interaction as the simulator saw it: its first response, `original` message and
    /// followups.
    pub async fn interaction(&self, id: &str) -> Value {
        self.get(&format!("/_sim/interactions/{id}")).await
    }

    /// Sends a gateway interaction's INTERACTION_CREATE once more, as Discord may after a
    /// reconnect.
    pub async fn redeliver(&self, id: &str) -> Value {
        self.post(&format!("/_sim/interactions/{id}/redeliver"), &json!({}))
            .await
    }

    /// The channels of a guild, as users see them listed.
    pub async fn channels(&self, guild: &str) -> Vec<Value> {
        as_list(self.get(&format!("/_sim/guilds/{guild}/channels")).await)
    }

    /// Creates a channel as an admin would in Discord's client (`kind` 0 text, 4 category).
    pub async fn create_channel(
        &self,
        guild: &str,
        name: &str,
        kind: u8,
        parent: Option<&str>,
    ) -> String {
        let body = json!({"name": name, "type": kind, "parent_id": parent});
        let channel = self
            .post(&format!("/_sim/guilds/{guild}/channels"), &body)
            .await;
        channel["id"].as_str().unwrap_or_default().to_owned()
    }

    /// Creates a text channel whose @everyone may not `denied` (permission bits); returns its id.
    pub async fn create_channel_denying_everyone(
        &self,
        guild: &str,
        name: &str,
        denied: u64,
    ) -> String {
        let everyone = json!({"id": guild, "type": 0, "allow": "0", "deny": denied.to_string()});
        let body = json!({"name": name, "type": 0, "permission_overwrites": [everyone]});
        let channel = self
            .post(&format!("/_sim/guilds/{guild}/channels"), &body)
            .await;
        channel["id"].as_str().unwrap_or_default().to_owned()
    }

    /// Creates a server owned by `owner`; returns its id.
    pub async fn create_guild(&self, name: &str, owner: &str) -> String {
        let guild = self
            .post("/_sim/guilds", &json!({"name": name, "owner_id": owner}))
            .await;
        guild["id"].as_str().unwrap_or_default().to_owned()
    }

    /// Posts a message as `user` in `channel`; returns the message.
    pub async fn act_message(&self, channel: &str, user: &str, content: &str) -> Value {
        let body = json!({"channel_id": channel, "user_id": user, "content": content});
        self.post("/_sim/act/message", &body).await["message"].clone()
    }

    /// Posts a message with files as `user` in `channel` (build each with
    /// `ActFile::new(name, content_type, bytes)`); returns the message, whose attachments'
    /// `url`s the simulator serves.
    pub async fn act_message_with_files(
        &self,
        channel: &str,
        user: &str,
        content: &str,
        files: &[discord_sim::control::api::ActFile],
    ) -> Value {
        let body = json!({"channel_id": channel, "user_id": user, "content": content, "attachments": files});
        self.post("/_sim/act/message", &body).await["message"].clone()
    }

    /// Posts a reply to `message` as `user` in `channel`; returns the reply (type 19).
    pub async fn reply(&self, channel: &str, user: &str, message: &str, content: &str) -> Value {
        let body = json!({"channel_id": channel, "user_id": user, "content": content, "reply_to": message});
        self.post("/_sim/act/message", &body).await["message"].clone()
    }

    /// `user` edits their `message` to `content` (MESSAGE_UPDATE); returns the message.
    pub async fn edit_message(
        &self,
        channel: &str,
        message: &str,
        user: &str,
        content: &str,
    ) -> Value {
        let body = json!({"channel_id": channel, "message_id": message, "user_id": user, "content": content});
        self.post("/_sim/act/edit", &body).await["message"].clone()
    }

    /// `user` reacts to `message` with a unicode `emoji`; returns the message.
    pub async fn react(&self, channel: &str, message: &str, user: &str, emoji: &str) -> Value {
        let body =
            json!({"channel_id": channel, "message_id": message, "user_id": user, "emoji": emoji});
        self.post("/_sim/act/reaction", &body).await["message"].clone()
    }

    /// `user` takes back their `emoji` reaction to `message`; returns the message.
    pub async fn unreact(&self, channel: &str, message: &str, user: &str, emoji: &str) -> Value {
        let body = json!({"channel_id": channel, "message_id": message, "user_id": user, "emoji": emoji, "remove": true});
        self.post("/_sim/act/reaction", &body).await["message"].clone()
    }

    /// Turns the application's Message Content intent on or off, as its developer would in the
    /// portal: without it, REST and gateway messages of others come without their content.
    pub async fn set_message_content_intent(&self, application: &str, enabled: bool) {
        let request = self
            .http
            .patch(format!(
                "{}/_sim/applications/{application}/intents",
                self.base
            ))
            .json(&json!({"message_content": enabled}));
        self.send(request).await;
    }

    /// Every message bots sent `user` by DM, oldest first.
    pub async fn dms(&self, user: &str) -> Vec<Value> {
        as_list(self.get(&format!("/_sim/users/{user}/dms")).await)
    }

    /// Whether `user` accepts DMs from bots (a privacy setting).
    pub async fn set_accepts_dms(&self, user: &str, accepts: bool) {
        let request = self
            .http
            .patch(format!("{}/_sim/users/{user}", self.base))
            .json(&json!({"accepts_dms": accepts}));
        self.send(request).await;
    }

    /// Creates a user; returns their id.
    pub async fn create_user(&self, username: &str) -> String {
        let user = self
            .post("/_sim/users", &json!({"username": username}))
            .await;
        user["id"].as_str().unwrap_or_default().to_owned()
    }

    /// Creates another application with its bot user and adds that bot to `guild`, as a server
    /// adds a second bot; returns the bot user's id.
    pub async fn add_other_bot(&self, guild: &str, name: &str) -> String {
        let app = self
            .post(
                "/_sim/applications",
                &json!({"name": name, "bot_username": name}),
            )
            .await;
        let application = app["id"].as_str().unwrap_or_default().to_owned();
        self.install(guild, &application, 0).await;
        app["bot_user_id"].as_str().unwrap_or_default().to_owned()
    }

    /// Creates a role without permissions in `guild`; returns its id.
    pub async fn create_role(&self, guild: &str, name: &str) -> String {
        let role = self
            .post(
                &format!("/_sim/guilds/{guild}/roles"),
                &json!({"name": name, "permissions": "0"}),
            )
            .await;
        role["id"].as_str().unwrap_or_default().to_owned()
    }

    /// Makes `user` a member of `guild` with exactly `roles`.
    pub async fn set_member(&self, guild: &str, user: &str, roles: &[&str]) {
        let request = self
            .http
            .put(format!("{}/_sim/guilds/{guild}/members/{user}", self.base))
            .json(&json!({"roles": roles}));
        self.send(request).await;
    }

    /// Removes `user` from `guild`, as leaving the server does (GUILD_MEMBER_REMOVE follows).
    pub async fn remove_member(&self, guild: &str, user: &str) {
        let request = self
            .http
            .delete(format!("{}/_sim/guilds/{guild}/members/{user}", self.base));
        self.send(request).await;
    }

    /// Adds the bot `application` to `guild` with `permissions` (GUILD_CREATE follows).
    pub async fn install(&self, guild: &str, application: &str, permissions: u64) {
        self.send(
            self.http
                .put(format!(
                    "{}/_sim/guilds/{guild}/applications/{application}",
                    self.base
                ))
                .json(&json!({"permissions": permissions.to_string()})),
        )
        .await;
    }

    /// Deletes a message as a moderator would in Discord's client.
    pub async fn delete_message(&self, channel: &str, message: &str) {
        self.send(self.http.delete(format!(
            "{}/_sim/channels/{channel}/messages/{message}",
            self.base
        )))
        .await;
    }

    /// The messages of a channel, oldest first.
    pub async fn messages(&self, channel: &str) -> Vec<Value> {
        as_list(
            self.get(&format!("/_sim/channels/{channel}/messages"))
                .await,
        )
    }

    /// What `user` may do in `channel`, by Discord's permission algorithm.
    pub async fn permissions(&self, channel: &str, user: &str) -> Value {
        self.get(&format!("/_sim/channels/{channel}/permissions/{user}"))
            .await
    }

    /// Whether `user` can see `channel`.
    pub async fn can_view(&self, channel: &str, user: &str) -> bool {
        self.permissions(channel, user).await["view_channel"]
            .as_bool()
            .unwrap_or(false)
    }

    /// The REST requests bots made after sequence number `after`.
    pub async fn requests_after(&self, after: u64) -> Vec<Value> {
        as_list(self.get(&format!("/_sim/requests?after={after}")).await)
    }

    /// The sequence number of the last logged REST request (0 when none).
    pub async fn last_request_seq(&self) -> u64 {
        self.requests_after(0)
            .await
            .iter()
            .filter_map(|r| r["seq"].as_u64())
            .max()
            .unwrap_or(0)
    }

    /// Makes the next `count` requests matching `method` and `path` fail with `status`; the
    /// refusals it causes are thereby expected.
    pub async fn fault(&self, method: &str, path: &str, status: u16, count: u32) {
        self.expectations.add(Expected::new(method, path, status));
        let body = json!({"method": method, "path": path, "status": status, "count": count});
        self.post("/_sim/faults", &body).await;
    }

    /// Sets (or clears, with `None`) an application's interactions endpoint URL.
    pub async fn set_interactions_endpoint(&self, application: &str, url: Option<&str>) {
        let body = json!({"interactions_endpoint_url": url});
        self.send(
            self.http
                .patch(format!("{}/_sim/applications/{application}", self.base))
                .json(&body),
        )
        .await;
    }
}

fn as_list(value: Value) -> Vec<Value> {
    match value {
        Value::Array(items) => items,
        Value::Object(mut object) => object
            .values_mut()
            .find(|v| v.is_array())
            .map(Value::take)
            .and_then(|v| v.as_array().cloned())
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}
