//! Gateway intents: which dispatches a session receives, and which privileged data they keep.

use super::payload::{close, snowflake};
use serde_json::{Map, Value};
use std::borrow::Cow;

pub(crate) const GUILDS: u64 = 1 << 0;
pub(crate) const GUILD_MEMBERS: u64 = 1 << 1;
const GUILD_MODERATION: u64 = 1 << 2;
const GUILD_EXPRESSIONS: u64 = 1 << 3;
const GUILD_INTEGRATIONS: u64 = 1 << 4;
const GUILD_WEBHOOKS: u64 = 1 << 5;
const GUILD_INVITES: u64 = 1 << 6;
const GUILD_VOICE_STATES: u64 = 1 << 7;
pub(crate) const GUILD_PRESENCES: u64 = 1 << 8;
pub(crate) const GUILD_MESSAGES: u64 = 1 << 9;
const GUILD_MESSAGE_REACTIONS: u64 = 1 << 10;
const GUILD_MESSAGE_TYPING: u64 = 1 << 11;
pub(crate) const DIRECT_MESSAGES: u64 = 1 << 12;
const DIRECT_MESSAGE_REACTIONS: u64 = 1 << 13;
const DIRECT_MESSAGE_TYPING: u64 = 1 << 14;
pub(crate) const MESSAGE_CONTENT: u64 = 1 << 15;
const GUILD_SCHEDULED_EVENTS: u64 = 1 << 16;
const AUTO_MODERATION_CONFIGURATION: u64 = 1 << 20;
const AUTO_MODERATION_EXECUTION: u64 = 1 << 21;
const GUILD_MESSAGE_POLLS: u64 = 1 << 24;
const DIRECT_MESSAGE_POLLS: u64 = 1 << 25;

/// Every intent bit Discord defines; any other bit is closed with 4013.
const KNOWN: u64 = ((1 << 17) - 1)
    | AUTO_MODERATION_CONFIGURATION
    | AUTO_MODERATION_EXECUTION
    | GUILD_MESSAGE_POLLS
    | DIRECT_MESSAGE_POLLS;

/// Privileged intents and the application flags (full or `_LIMITED`) that allow each.
const PRIVILEGED: [(u64, u64); 3] = [
    (GUILD_PRESENCES, 1 << 12 | 1 << 13),
    (GUILD_MEMBERS, 1 << 14 | 1 << 15),
    (MESSAGE_CONTENT, 1 << 18 | 1 << 19),
];

/// Checks IDENTIFY's intents against Discord's list and the application's approvals.
pub(crate) fn check(intents: u64, application_flags: u64) -> Result<(), u16> {
    if intents & !KNOWN != 0 {
        return Err(close::INVALID_INTENTS);
    }
    let disallowed = PRIVILEGED
        .iter()
        .any(|&(intent, flags)| intents & intent != 0 && application_flags & flags == 0);
    if disallowed {
        return Err(close::DISALLOWED_INTENTS);
    }
    Ok(())
}

/// The intent a dispatch needs (0 for events every session receives, such as interactions).
fn required(event: &str, in_guild: bool) -> u64 {
    let guild_or_dm = |guild, dm| if in_guild { guild } else { dm };
    match event {
        "GUILD_CREATE"
        | "GUILD_UPDATE"
        | "GUILD_DELETE"
        | "GUILD_ROLE_CREATE"
        | "GUILD_ROLE_UPDATE"
        | "GUILD_ROLE_DELETE"
        | "CHANNEL_CREATE"
        | "CHANNEL_UPDATE"
        | "CHANNEL_DELETE"
        | "THREAD_CREATE"
        | "THREAD_UPDATE"
        | "THREAD_DELETE"
        | "THREAD_LIST_SYNC"
        | "THREAD_MEMBER_UPDATE"
        | "THREAD_MEMBERS_UPDATE" => GUILDS,
        e if e.starts_with("STAGE_INSTANCE_") => GUILDS,
        "CHANNEL_PINS_UPDATE" => guild_or_dm(GUILDS, DIRECT_MESSAGES),
        "GUILD_MEMBER_ADD" | "GUILD_MEMBER_UPDATE" | "GUILD_MEMBER_REMOVE" => GUILD_MEMBERS,
        "GUILD_BAN_ADD" | "GUILD_BAN_REMOVE" | "GUILD_AUDIT_LOG_ENTRY_CREATE" => GUILD_MODERATION,
        "GUILD_EMOJIS_UPDATE" | "GUILD_STICKERS_UPDATE" => GUILD_EXPRESSIONS,
        e if e.starts_with("GUILD_SOUNDBOARD_") => GUILD_EXPRESSIONS,
        "GUILD_INTEGRATIONS_UPDATE" => GUILD_INTEGRATIONS,
        e if e.starts_with("INTEGRATION_") => GUILD_INTEGRATIONS,
        "WEBHOOKS_UPDATE" => GUILD_WEBHOOKS,
        "INVITE_CREATE" | "INVITE_DELETE" => GUILD_INVITES,
        "VOICE_STATE_UPDATE" | "VOICE_CHANNEL_EFFECT_SEND" => GUILD_VOICE_STATES,
        "PRESENCE_UPDATE" => GUILD_PRESENCES,
        "MESSAGE_CREATE" | "MESSAGE_UPDATE" | "MESSAGE_DELETE" | "MESSAGE_DELETE_BULK" => {
            guild_or_dm(GUILD_MESSAGES, DIRECT_MESSAGES)
        }
        e if e.starts_with("MESSAGE_REACTION_") => {
            guild_or_dm(GUILD_MESSAGE_REACTIONS, DIRECT_MESSAGE_REACTIONS)
        }
        "TYPING_START" => guild_or_dm(GUILD_MESSAGE_TYPING, DIRECT_MESSAGE_TYPING),
        e if e.starts_with("GUILD_SCHEDULED_EVENT_") => GUILD_SCHEDULED_EVENTS,
        "AUTO_MODERATION_ACTION_EXECUTION" => AUTO_MODERATION_EXECUTION,
        e if e.starts_with("AUTO_MODERATION_RULE_") => AUTO_MODERATION_CONFIGURATION,
        "MESSAGE_POLL_VOTE_ADD" | "MESSAGE_POLL_VOTE_REMOVE" => {
            guild_or_dm(GUILD_MESSAGE_POLLS, DIRECT_MESSAGE_POLLS)
        }
        _ => 0,
    }
}

/// What a session with `intents` receives of a dispatch: nothing, the payload as published, or
/// a copy without the data its intents do not cover.
pub(crate) fn admit<'a>(
    event: &str,
    data: &'a Value,
    intents: u64,
    bot_user_id: u64,
) -> Option<Cow<'a, Value>> {
    let in_guild = data.get("guild_id").is_some_and(|id| !id.is_null());
    let needed = required(event, in_guild);
    if intents & needed != needed {
        return None;
    }
    match event {
        "THREAD_MEMBERS_UPDATE" if intents & GUILD_MEMBERS == 0 => {
            // Without GUILD_MEMBERS Discord only tells the bot about itself being added or removed.
            thread_members_concern(data, bot_user_id).then_some(Cow::Borrowed(data))
        }
        "GUILD_CREATE" if intents & GUILD_PRESENCES == 0 => {
            Some(Cow::Owned(without_presences(data, bot_user_id)))
        }
        "MESSAGE_CREATE" | "MESSAGE_UPDATE" if intents & MESSAGE_CONTENT == 0 && in_guild => {
            // The replied-to message follows its own author and mentions, not the reply's.
            let outer = !message_exempt(data, bot_user_id);
            let referenced = data
                .get("referenced_message")
                .is_some_and(|r| r.is_object() && !message_exempt(r, bot_user_id));
            if !outer && !referenced {
                return Some(Cow::Borrowed(data));
            }
            let mut data = if outer {
                without_content(data)
            } else {
                data.clone()
            };
            if referenced && let Some(reply_to) = data.get_mut("referenced_message") {
                *reply_to = without_content(reply_to);
            }
            Some(Cow::Owned(data))
        }
        _ => Some(Cow::Borrowed(data)),
    }
}

/// Whether a THREAD_MEMBERS_UPDATE adds or removes the bot itself.
fn thread_members_concern(data: &Value, bot_user_id: u64) -> bool {
    let added = data["added_members"].as_array().is_some_and(|members| {
        members
            .iter()
            .any(|member| snowflake(&member["user_id"]) == Some(bot_user_id))
    });
    let removed = data["removed_member_ids"]
        .as_array()
        .is_some_and(|ids| ids.iter().any(|id| snowflake(id) == Some(bot_user_id)));
    added || removed
}

/// GUILD_CREATE as Discord sends it without GUILD_PRESENCES: no presences, and only the bot and
/// members in voice channels in `members`.
fn without_presences(data: &Value, bot_user_id: u64) -> Value {
    let mut data = data.clone();
    let in_voice: Vec<u64> = data["voice_states"]
        .as_array()
        .map(|states| {
            states
                .iter()
                .filter_map(|s| snowflake(&s["user_id"]))
                .collect()
        })
        .unwrap_or_default();
    if let Some(members) = data.get_mut("members").and_then(Value::as_array_mut) {
        members.retain(|member| {
            snowflake(&member["user"]["id"])
                .is_some_and(|id| id == bot_user_id || in_voice.contains(&id))
        });
    }
    if let Some(presences) = data.get_mut("presences") {
        *presences = Value::Array(Vec::new());
    }
    data
}

/// Whether a guild message keeps its content without MESSAGE_CONTENT: the bot wrote it or is
/// mentioned in it.
fn message_exempt(data: &Value, bot_user_id: u64) -> bool {
    let own = snowflake(&data["author"]["id"]) == Some(bot_user_id);
    let mentioned = data["mentions"].as_array().is_some_and(|users| {
        users
            .iter()
            .any(|user| snowflake(&user["id"]) == Some(bot_user_id))
    });
    own || mentioned
}

/// A message as Discord sends it to an application without MESSAGE_CONTENT.
fn without_content(data: &Value) -> Value {
    let mut data = data.clone();
    if let Some(message) = data.as_object_mut() {
        blank(message, "content", Value::String(String::new()));
        for field in ["embeds", "attachments", "components"] {
            blank(message, field, Value::Array(Vec::new()));
        }
        message.remove("poll");
    }
    data
}

/// Replaces a field that is present, keeping the payload's shape otherwise (MESSAGE_UPDATE may
/// carry only some fields).
fn blank(message: &mut Map<String, Value>, field: &str, empty: Value) {
    if let Some(value) = message.get_mut(field) {
        *value = empty;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const BOT: u64 = 42;

    fn message(guild: bool, author: u64, mentions: &[u64]) -> Value {
        let mut message = json!({
            "id": "1", "channel_id": "2", "content": "secret", "embeds": [{"title": "t"}],
            "attachments": [{"id": "3"}], "components": [{"type": 1}], "poll": {},
            "author": {"id": author.to_string()},
            "mentions": mentions.iter().map(|id| json!({"id": id.to_string()})).collect::<Vec<_>>(),
        });
        if guild {
            message["guild_id"] = json!("9");
        }
        message
    }

    #[test]
    fn privileged_and_unknown_intents_are_checked() {
        assert_eq!(check(GUILDS | GUILD_MESSAGES, 0), Ok(()));
        assert_eq!(check(1 << 18, 0), Err(close::INVALID_INTENTS));
        assert_eq!(check(MESSAGE_CONTENT, 0), Err(close::DISALLOWED_INTENTS));
        assert_eq!(check(MESSAGE_CONTENT, 1 << 19), Ok(()));
        assert_eq!(check(GUILD_MEMBERS, 1 << 14), Ok(()));
        assert_eq!(
            check(GUILD_PRESENCES, 1 << 14),
            Err(close::DISALLOWED_INTENTS)
        );
    }

    #[test]
    fn events_need_their_intent() {
        let channel = json!({"id": "1", "guild_id": "9"});
        assert!(admit("CHANNEL_CREATE", &channel, 0, BOT).is_none());
        assert!(admit("CHANNEL_CREATE", &channel, GUILDS, BOT).is_some());
        assert!(admit("GUILD_MEMBER_ADD", &channel, GUILDS, BOT).is_none());
        assert!(admit("INTERACTION_CREATE", &channel, 0, BOT).is_some());
        let guild_message = message(true, 7, &[]);
        assert!(admit("MESSAGE_CREATE", &guild_message, DIRECT_MESSAGES, BOT).is_none());
        let dm = message(false, 7, &[]);
        assert!(admit("MESSAGE_CREATE", &dm, GUILD_MESSAGES, BOT).is_none());
        assert!(admit("MESSAGE_CREATE", &dm, DIRECT_MESSAGES, BOT).is_some());
    }

    #[test]
    fn message_content_is_emptied_except_mentions_own_messages_and_dms() {
        let intents = GUILD_MESSAGES | DIRECT_MESSAGES;
        let original = message(true, 7, &[]);
        let redacted = admit("MESSAGE_CREATE", &original, intents, BOT);
        let redacted = redacted.map(Cow::into_owned).unwrap_or_default();
        assert_eq!(redacted["content"], "");
        assert_eq!(redacted["embeds"], json!([]));
        assert_eq!(redacted["attachments"], json!([]));
        assert_eq!(redacted["components"], json!([]));
        assert!(redacted.get("poll").is_none());
        for kept in [
            message(true, 7, &[BOT]),
            message(true, BOT, &[]),
            message(false, 7, &[]),
        ] {
            let out = admit("MESSAGE_CREATE", &kept, intents, BOT);
            assert_eq!(
                out.map(Cow::into_owned).unwrap_or_default()["content"],
                "secret"
            );
        }
        let mut reply = message(true, 7, &[BOT]);
        reply["referenced_message"] = message(true, 8, &[]);
        let out = admit("MESSAGE_CREATE", &reply, intents, BOT);
        let out = out.map(Cow::into_owned).unwrap_or_default();
        assert_eq!(out["content"], "secret", "the reply mentions the bot");
        assert_eq!(
            out["referenced_message"]["content"], "",
            "the original does not"
        );
        assert_eq!(out["referenced_message"]["attachments"], json!([]));
        let full = admit("MESSAGE_UPDATE", &original, intents | MESSAGE_CONTENT, BOT);
        assert_eq!(
            full.map(Cow::into_owned).unwrap_or_default()["content"],
            "secret"
        );
    }

    #[test]
    fn thread_members_of_others_need_guild_members() {
        let others = json!({"guild_id": "9", "added_members": [{"user_id": "7"}]});
        let bot = json!({"guild_id": "9", "removed_member_ids": [BOT.to_string()]});
        assert!(admit("THREAD_MEMBERS_UPDATE", &others, GUILDS, BOT).is_none());
        assert!(admit("THREAD_MEMBERS_UPDATE", &bot, GUILDS, BOT).is_some());
        let all = GUILDS | GUILD_MEMBERS;
        assert!(admit("THREAD_MEMBERS_UPDATE", &others, all, BOT).is_some());
    }

    #[test]
    fn guild_create_without_presences_keeps_only_the_bot_and_voice_members() {
        let guild = json!({
            "id": "9",
            "members": [{"user": {"id": "42"}}, {"user": {"id": "7"}}, {"user": {"id": "8"}}],
            "voice_states": [{"user_id": "8"}],
            "presences": [{"user": {"id": "7"}}],
        });
        let out = admit("GUILD_CREATE", &guild, GUILDS, BOT).map(Cow::into_owned);
        let out = out.unwrap_or_default();
        assert_eq!(
            out["members"],
            json!([{"user": {"id": "42"}}, {"user": {"id": "8"}}])
        );
        assert_eq!(out["presences"], json!([]));
        let full = admit("GUILD_CREATE", &guild, GUILDS | GUILD_PRESENCES, BOT);
        assert!(matches!(full, Some(Cow::Borrowed(_))));
    }
}
