//! Reactions: emoji as the routes name them, adding and removing with the gateway events
//! Discord sends (MESSAGE_REACTION_ADD / _REMOVE, under GUILD_MESSAGE_REACTIONS or
//! DIRECT_MESSAGE_REACTIONS), and the `reactions` of a message object.

use axum::http::StatusCode;
use serde_json::{Value, json};

use super::model::{Emoji, Message, Reaction};
use super::render;
use super::world::World;
use crate::errors::ApiError;

/// Distinct emoji per message.
pub const MAX_REACTIONS: usize = 20;

/// Discord's answer for an emoji it does not know: 400 10014.
#[must_use]
pub fn unknown_emoji() -> ApiError {
    ApiError::new(StatusCode::BAD_REQUEST, 10014, "Unknown Emoji")
}

fn max_reactions() -> ApiError {
    ApiError::new(
        StatusCode::BAD_REQUEST,
        30010,
        "Maximum number of reactions reached (20)",
    )
}

/// Decodes `%F0%9F%91%8D` into its bytes (`+` is not a space in a path).
fn percent_decode(raw: &str) -> Option<String> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at] == b'%' {
            let hex = raw.get(at + 1..at + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            at += 3;
        } else {
            out.push(bytes[at]);
            at += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The emoji of a route's `{emoji_name}`: a URL-encoded unicode emoji, or `name:id` for a
/// custom one.
///
/// # Errors
///
/// 10014 for text that is no emoji, and for custom emoji (the simulated guilds have none).
pub fn parse_emoji(raw: &str) -> Result<Emoji, ApiError> {
    let text = percent_decode(raw).ok_or_else(unknown_emoji)?;
    if let Some((name, id)) = text.split_once(':') {
        let id: u64 = id.parse().map_err(|_| unknown_emoji())?;
        // A custom emoji must belong to a guild the bot shares; these guilds have no emoji.
        let _ = (name, id);
        return Err(unknown_emoji());
    }
    // Unicode emoji are outside ASCII (keycaps start with a digit, # or * and go on with
    // U+FE0F U+20E3); plain words are not emoji.
    let first_ascii_word = text.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
    if text.is_empty() || text.is_ascii() || first_ascii_word {
        return Err(unknown_emoji());
    }
    Ok(Emoji {
        name: text,
        id: None,
    })
}

fn emoji_json(emoji: &Emoji) -> Value {
    json!({"id": emoji.id.map(|id| id.to_string()), "name": emoji.name})
}

impl World {
    fn stored_mut(&mut self, channel_id: u64, message_id: u64) -> Result<&mut Message, ApiError> {
        self.message(channel_id, message_id)?;
        self.messages
            .get_mut(&channel_id)
            .and_then(|m| m.get_mut(&message_id))
            .ok_or_else(ApiError::unknown_message)
    }

    fn reaction_event(&self, message: &Message, emoji: &Emoji, user_id: u64) -> Value {
        let mut event = json!({
            "user_id": user_id.to_string(),
            "channel_id": message.channel_id.to_string(),
            "message_id": message.id.to_string(),
            "emoji": emoji_json(emoji),
            "burst": false,
            "type": 0,
        });
        if let Some(guild_id) = message.guild_id {
            event["guild_id"] = json!(guild_id.to_string());
        }
        event
    }

    /// Whether someone already reacted to the message with this emoji (then adding the same
    /// reaction needs no Add Reactions).
    ///
    /// # Errors
    ///
    /// 10003/10008 when the channel or message is gone.
    pub fn has_reaction(
        &self,
        channel_id: u64,
        message_id: u64,
        emoji: &Emoji,
    ) -> Result<bool, ApiError> {
        Ok(self
            .message(channel_id, message_id)?
            .reactions
            .iter()
            .any(|r| &r.emoji == emoji && !r.users.is_empty()))
    }

    /// Adds `user_id`'s reaction; publishes MESSAGE_REACTION_ADD when it is new.
    ///
    /// # Errors
    ///
    /// 10003/10008 when gone, 30010 for a 21st emoji.
    pub fn add_reaction(
        &mut self,
        channel_id: u64,
        message_id: u64,
        emoji: &Emoji,
        user_id: u64,
    ) -> Result<(), ApiError> {
        let message = self.stored_mut(channel_id, message_id)?;
        let distinct = message.reactions.len();
        match message.reactions.iter_mut().find(|r| &r.emoji == emoji) {
            Some(reaction) if reaction.users.contains(&user_id) => return Ok(()),
            Some(reaction) => reaction.users.push(user_id),
            None if distinct >= MAX_REACTIONS => return Err(max_reactions()),
            None => message.reactions.push(Reaction {
                emoji: emoji.clone(),
                users: vec![user_id],
            }),
        }
        let message = self.message(channel_id, message_id)?.clone();
        let mut event = self.reaction_event(&message, emoji, user_id);
        event["message_author_id"] = json!(message.author_id.to_string());
        event["burst_colors"] = json!([]);
        if let Some(member) = message
            .guild_id
            .and_then(|g| self.guilds.get(&g))
            .and_then(|g| g.members.get(&user_id))
        {
            event["member"] = render::member(self, member);
        }
        self.publish_message(channel_id, "MESSAGE_REACTION_ADD", event);
        Ok(())
    }

    /// Removes `user_id`'s reaction, if there is one; publishes MESSAGE_REACTION_REMOVE.
    ///
    /// # Errors
    ///
    /// 10003/10008 when gone.
    pub fn remove_reaction(
        &mut self,
        channel_id: u64,
        message_id: u64,
        emoji: &Emoji,
        user_id: u64,
    ) -> Result<(), ApiError> {
        let message = self.stored_mut(channel_id, message_id)?;
        let Some(reaction) = message.reactions.iter_mut().find(|r| &r.emoji == emoji) else {
            return Ok(());
        };
        let before = reaction.users.len();
        reaction.users.retain(|u| *u != user_id);
        if reaction.users.len() == before {
            return Ok(());
        }
        message.reactions.retain(|r| !r.users.is_empty());
        let message = self.message(channel_id, message_id)?.clone();
        let event = self.reaction_event(&message, emoji, user_id);
        self.publish_message(channel_id, "MESSAGE_REACTION_REMOVE", event);
        Ok(())
    }

    /// Removes every reaction (or every one with `emoji`) and publishes
    /// MESSAGE_REACTION_REMOVE_ALL (or MESSAGE_REACTION_REMOVE_EMOJI).
    ///
    /// # Errors
    ///
    /// 10003/10008 when gone.
    pub fn clear_reactions(
        &mut self,
        channel_id: u64,
        message_id: u64,
        emoji: Option<&Emoji>,
    ) -> Result<(), ApiError> {
        let message = self.stored_mut(channel_id, message_id)?;
        let before = message.reactions.len();
        message
            .reactions
            .retain(|r| emoji.is_some_and(|e| &r.emoji != e));
        if message.reactions.len() == before {
            return Ok(());
        }
        let guild_id = message.guild_id;
        let mut event = json!({
            "channel_id": channel_id.to_string(),
            "message_id": message_id.to_string(),
        });
        if let Some(guild_id) = guild_id {
            event["guild_id"] = json!(guild_id.to_string());
        }
        let name = match emoji {
            Some(emoji) => {
                event["emoji"] = emoji_json(emoji);
                "MESSAGE_REACTION_REMOVE_EMOJI"
            }
            None => "MESSAGE_REACTION_REMOVE_ALL",
        };
        self.publish_message(channel_id, name, event);
        Ok(())
    }

    /// The users who reacted with `emoji`, ordered by id, those after `after`, at most `limit`.
    ///
    /// # Errors
    ///
    /// 10003/10008 when gone.
    pub fn reacted(
        &self,
        channel_id: u64,
        message_id: u64,
        emoji: &Emoji,
        after: u64,
        limit: usize,
    ) -> Result<Vec<Value>, ApiError> {
        let message = self.message(channel_id, message_id)?;
        let mut users: Vec<u64> = message
            .reactions
            .iter()
            .find(|r| &r.emoji == emoji)
            .map(|r| r.users.clone())
            .unwrap_or_default();
        users.sort_unstable();
        Ok(users
            .into_iter()
            .filter(|u| *u > after)
            .take(limit)
            .map(|u| render::user_by_id(self, u))
            .collect())
    }
}

/// The `reactions` of a message object, `me` for `viewer`.
#[must_use]
pub fn render(message: &Message, viewer: Option<u64>) -> Vec<Value> {
    message
        .reactions
        .iter()
        .map(|r| {
            json!({
                "emoji": emoji_json(&r.emoji),
                "count": r.users.len(),
                "count_details": {"burst": 0, "normal": r.users.len()},
                "burst_colors": [],
                "me_burst": false,
                "me": viewer.is_some_and(|v| r.users.contains(&v)),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emoji_are_decoded_and_words_refused() {
        assert_eq!(parse_emoji("%F0%9F%91%8D").unwrap().name, "👍");
        assert_eq!(parse_emoji("👍").unwrap().name, "👍");
        assert_eq!(
            parse_emoji("1%EF%B8%8F%E2%83%A3").unwrap().name,
            "1\u{fe0f}\u{20e3}"
        );
        for bad in [
            "thumbsup",
            "",
            "%ZZ",
            "blob:123",
            "blob:x",
            "abc%F0%9F%91%8D",
        ] {
            assert_eq!(parse_emoji(bad).unwrap_err().code(), 10014, "{bad}");
        }
    }
}
