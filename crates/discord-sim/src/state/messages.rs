//! Posting, editing and deleting messages, shared by the channel routes, interaction responses
//! and webhook followups. Each publishes what Discord would (nothing for ephemeral messages,
//! which only their viewer sees).

use serde_json::{Value, json};

use super::limits;
use super::model::{EPHEMERAL, IS_COMPONENTS_V2, LOADING, Message, MessageOrigin, SUPPRESS_EMBEDS};
use super::render;
use super::snowflake::{iso_from_ms, timestamp_ms};
use super::world::World;
use crate::dispatch::Audience;
use crate::errors::ApiError;

/// Flags a bot may set when sending a message.
const SENDABLE_FLAGS: u64 = SUPPRESS_EMBEDS | EPHEMERAL | (1 << 12) | IS_COMPONENTS_V2;

/// Checks a message body against Discord's limits, and that it shows something.
///
/// # Errors
///
/// 50035 with the failing fields, or 50006 for an empty message.
pub fn check_body(body: &Value, prefix: &[&str], require_content: bool) -> Result<(), ApiError> {
    let errors = limits::check_message(body, prefix);
    if !errors.is_empty() {
        return Err(ApiError::form(&errors));
    }
    if let Some(flags) = body.get("flags").and_then(Value::as_u64)
        && flags & !SENDABLE_FLAGS != 0
    {
        let mut path: Vec<&str> = prefix.to_vec();
        path.push("flags");
        return Err(ApiError::field(
            &path,
            "MESSAGE_FLAGS_INVALID",
            "Invalid message flags",
        ));
    }
    if require_content && limits::is_empty_message(body) {
        return Err(ApiError::empty_message());
    }
    Ok(())
}

/// Mentions in content (`<@id>`, `<@!id>`, `<@&id>`), filtered by `allowed_mentions`.
fn mentions(world: &World, body: &Value, content: &str) -> (Vec<u64>, Vec<u64>, bool) {
    let allowed = body.get("allowed_mentions");
    let parse: Vec<&str> = allowed
        .and_then(|a| a.get("parse"))
        .and_then(Value::as_array)
        .map(|list| list.iter().filter_map(Value::as_str).collect())
        .unwrap_or_else(|| vec!["users", "roles", "everyone"]);
    let listed = |key: &str| -> Vec<u64> {
        allowed
            .and_then(|a| a.get(key))
            .and_then(Value::as_array)
            .map(|l| l.iter().filter_map(super::model::snowflake).collect())
            .unwrap_or_default()
    };
    let (listed_users, listed_roles) = (listed("users"), listed("roles"));
    let mut users = Vec::new();
    let mut roles = Vec::new();
    let mut rest = content;
    while let Some(start) = rest.find("<@") {
        rest = &rest[start + 2..];
        let Some(end) = rest.find('>') else { break };
        let token = &rest[..end];
        if let Some(role) = token.strip_prefix('&').and_then(|t| t.parse::<u64>().ok()) {
            if (parse.contains(&"roles") || listed_roles.contains(&role)) && !roles.contains(&role)
            {
                roles.push(role);
            }
        } else if let Ok(user) = token.trim_start_matches('!').parse::<u64>()
            && world.users.contains_key(&user)
            && (parse.contains(&"users") || listed_users.contains(&user))
            && !users.contains(&user)
        {
            users.push(user);
        }
    }
    let everyone =
        parse.contains(&"everyone") && (content.contains("@everyone") || content.contains("@here"));
    (users, roles, everyone)
}

fn strings(body: &Value, key: &str) -> Vec<Value> {
    body.get(key)
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
}

impl World {
    /// Publishes a message event where its readers are: the guild, or the DM's bots.
    pub(crate) fn publish_message(&self, channel_id: u64, event: &'static str, data: Value) {
        let Some(channel) = self.channels.get(&channel_id) else {
            return;
        };
        match channel.guild_id {
            Some(guild_id) => self.publish_guild(guild_id, event, data),
            None => {
                for recipient in &channel.recipients {
                    if let Some(app) = self.application_of_bot(*recipient) {
                        self.publish(
                            Audience::Application {
                                application_id: app.id,
                                guild_id: None,
                            },
                            event,
                            data.clone(),
                        );
                    }
                }
            }
        }
    }

    /// Posts a checked message body and publishes MESSAGE_CREATE (unless ephemeral).
    ///
    /// # Errors
    ///
    /// 10003 when the channel is gone.
    pub fn post_message(
        &mut self,
        channel_id: u64,
        author_id: u64,
        body: &Value,
        kind: u8,
        origin: MessageOrigin,
    ) -> Result<Message, ApiError> {
        self.post_message_with(channel_id, author_id, body, kind, origin, Vec::new())
    }

    /// Posts a checked message body with its attachments (see [`World::attach`]) and
    /// publishes MESSAGE_CREATE (unless ephemeral). A `message_reference` to a message that
    /// exists is kept as the reply's reference; callers check that it must exist.
    ///
    /// # Errors
    ///
    /// 10003 when the channel is gone.
    pub fn post_message_with(
        &mut self,
        channel_id: u64,
        author_id: u64,
        body: &Value,
        kind: u8,
        origin: MessageOrigin,
        attachments: Vec<super::model::Attachment>,
    ) -> Result<Message, ApiError> {
        let guild_id = self.channel(channel_id)?.guild_id;
        let reference = body
            .get("message_reference")
            .filter(|r| !r.is_null())
            .and_then(|r| {
                let message_id = r.get("message_id").and_then(super::model::snowflake)?;
                let target_channel = r
                    .get("channel_id")
                    .and_then(super::model::snowflake)
                    .unwrap_or(channel_id);
                let target = self.message(target_channel, message_id).ok()?;
                Some(super::model::MessageReference {
                    channel_id: target.channel_id,
                    message_id,
                    guild_id: target.guild_id,
                })
            });
        let id = self.next_id();
        let content = body
            .get("content")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let (mention_user_ids, mention_role_ids, mention_everyone) = mentions(self, body, &content);
        let mut flags = body.get("flags").and_then(Value::as_u64).unwrap_or(0) & !EPHEMERAL;
        if origin.ephemeral_viewer.is_some() {
            flags |= EPHEMERAL;
        }
        let message = Message {
            id,
            channel_id,
            guild_id,
            author_id,
            kind,
            content,
            embeds: render::normalise_embeds(&strings(body, "embeds")),
            components: render::normalise_components(&strings(body, "components")),
            flags,
            tts: body.get("tts").and_then(Value::as_bool).unwrap_or(false),
            timestamp: iso_from_ms(timestamp_ms(id)),
            edited_timestamp: None,
            pinned: false,
            mention_user_ids,
            mention_role_ids,
            mention_everyone,
            origin,
            attachments,
            reactions: Vec::new(),
            reference,
        };
        self.messages
            .entry(channel_id)
            .or_default()
            .insert(id, message.clone());
        let channel = self.channel_mut(channel_id)?;
        if message.origin.ephemeral_viewer.is_none() {
            channel.last_message_id = Some(id);
            if let Some(thread) = &mut channel.thread {
                thread.message_count += 1;
                thread.total_message_sent += 1;
            }
            let event = render::message_event(self, &message);
            self.publish_message(channel_id, "MESSAGE_CREATE", event);
        }
        Ok(message)
    }

    /// Applies an edit (content, embeds, components, flags, allowed mentions) and publishes
    /// MESSAGE_UPDATE. Ephemeral messages are found too: callers check who may edit what.
    ///
    /// # Errors
    ///
    /// 10003/10008 when the message is gone, 50006 when the edit would leave it empty.
    pub fn edit_message(
        &mut self,
        channel_id: u64,
        message_id: u64,
        body: &Value,
    ) -> Result<Message, ApiError> {
        let now_iso = self.ids.iso_now();
        self.channel(channel_id)?;
        let mut message = self
            .stored_message(channel_id, message_id)
            .cloned()
            .ok_or_else(ApiError::unknown_message)?;
        if let Some(content) = body.get("content") {
            message.content = content.as_str().unwrap_or_default().to_owned();
            let (users, roles, everyone) = mentions(self, body, &message.content);
            message.mention_user_ids = users;
            message.mention_role_ids = roles;
            message.mention_everyone = everyone;
        }
        if body.get("embeds").is_some() {
            message.embeds = render::normalise_embeds(&strings(body, "embeds"));
        }
        if body.get("components").is_some() {
            message.components = render::normalise_components(&strings(body, "components"));
        }
        if let Some(flags) = body.get("flags").and_then(Value::as_u64) {
            // Only the embed suppression and components v2 flags can change on edit.
            let kept = message.flags & !(SUPPRESS_EMBEDS | IS_COMPONENTS_V2);
            message.flags = kept | (flags & (SUPPRESS_EMBEDS | IS_COMPONENTS_V2));
        }
        if let Some(kept) = body.get("attachments").and_then(Value::as_array) {
            // On an edit, `attachments` lists the existing files to keep.
            let kept: Vec<u64> = kept
                .iter()
                .filter_map(|a| a.get("id").and_then(super::model::snowflake))
                .collect();
            message.attachments.retain(|a| kept.contains(&a.id));
        }
        message.flags &= !LOADING;
        let probe = json!({
            "content": message.content,
            "embeds": message.embeds,
            "components": message.components,
            "attachments": message.attachments.iter().map(|a| a.id).collect::<Vec<_>>(),
        });
        if limits::is_empty_message(&probe) {
            return Err(ApiError::empty_message());
        }
        message.edited_timestamp = Some(now_iso.clone());
        self.messages
            .entry(channel_id)
            .or_default()
            .insert(message_id, message.clone());
        if message.origin.ephemeral_viewer.is_none() {
            let event = render::message_event(self, &message);
            self.publish_message(channel_id, "MESSAGE_UPDATE", event);
        }
        Ok(message)
    }

    /// Deletes a message and publishes MESSAGE_DELETE.
    ///
    /// # Errors
    ///
    /// 10003/10008 when it is gone.
    pub fn delete_message(&mut self, channel_id: u64, message_id: u64) -> Result<(), ApiError> {
        self.channel(channel_id)?;
        let message = self
            .messages
            .get_mut(&channel_id)
            .and_then(|m| m.remove(&message_id))
            .ok_or_else(ApiError::unknown_message)?;
        let channel = self.channel_mut(channel_id)?;
        channel.pins.retain(|(id, _)| *id != message_id);
        if let Some(thread) = &mut channel.thread {
            thread.message_count = thread.message_count.saturating_sub(1);
        }
        if message.origin.ephemeral_viewer.is_none() {
            let mut event =
                json!({"id": message_id.to_string(), "channel_id": channel_id.to_string()});
            if let Some(guild_id) = message.guild_id {
                event["guild_id"] = json!(guild_id.to_string());
            }
            self.publish_message(channel_id, "MESSAGE_DELETE", event);
        }
        Ok(())
    }
}
