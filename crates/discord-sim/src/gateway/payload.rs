//! Gateway payloads: opcodes, close codes, parsing what clients send and writing what the gateway
//! sends.
//!
//! Outgoing payloads put `t`, `s` and `op` before `d` on purpose: twilight (like Discord's own
//! payloads) finds those keys by scanning the text, and a `"t":` inside `d` must not come first.

use super::BotIdentity;
use super::members::MemberRequest;
use serde::Deserialize;
use serde_json::{Value, json};

/// Gateway opcodes (Discord's "Gateway Opcodes" table).
pub(crate) mod op {
    pub(crate) const DISPATCH: u64 = 0;
    pub(crate) const HEARTBEAT: u64 = 1;
    pub(crate) const IDENTIFY: u64 = 2;
    pub(crate) const PRESENCE_UPDATE: u64 = 3;
    pub(crate) const VOICE_STATE_UPDATE: u64 = 4;
    pub(crate) const RESUME: u64 = 6;
    pub(crate) const RECONNECT: u64 = 7;
    pub(crate) const REQUEST_GUILD_MEMBERS: u64 = 8;
    pub(crate) const INVALID_SESSION: u64 = 9;
    pub(crate) const HELLO: u64 = 10;
    pub(crate) const HEARTBEAT_ACK: u64 = 11;
    pub(crate) const REQUEST_SOUNDBOARD_SOUNDS: u64 = 31;
}

/// Gateway close codes (Discord's "Gateway Close Event Codes" table) used by the simulator.
pub mod close {
    /// Something went wrong; the session may be resumed (also used to end a connection after op 7
    /// when the client does not close it itself).
    pub const UNKNOWN_ERROR: u16 = 4000;
    /// An unknown opcode, or a payload that does not fit its opcode.
    pub const UNKNOWN_OPCODE: u16 = 4001;
    /// A payload that is not a JSON object, or larger than 4096 bytes.
    pub const DECODE_ERROR: u16 = 4002;
    /// A payload other than a heartbeat, IDENTIFY or RESUME before identifying.
    pub const NOT_AUTHENTICATED: u16 = 4003;
    /// An unknown token in IDENTIFY or RESUME.
    pub const AUTHENTICATION_FAILED: u16 = 4004;
    /// IDENTIFY or RESUME on a connection that already has a session.
    pub const ALREADY_AUTHENTICATED: u16 = 4005;
    /// More than 120 payloads in 60 seconds.
    pub const RATE_LIMITED: u16 = 4008;
    /// No heartbeat for 1.5 heartbeat intervals; the session stays resumable.
    pub const SESSION_TIMED_OUT: u16 = 4009;
    /// A shard array that is not `[id, count]` with `id < count`.
    pub const INVALID_SHARD: u16 = 4010;
    /// More than 2500 guilds on one shard.
    pub const SHARDING_REQUIRED: u16 = 4011;
    /// A `v` query parameter other than 10 (or none).
    pub const INVALID_API_VERSION: u16 = 4012;
    /// Intents with bits Discord does not define.
    pub const INVALID_INTENTS: u16 = 4013;
    /// Privileged intents the application is not approved for.
    pub const DISALLOWED_INTENTS: u16 = 4014;
}

/// The largest payload a client may send, as on Discord.
pub(crate) const MAX_CLIENT_PAYLOAD: usize = 4096;

/// A command a client sent, parsed.
#[derive(Debug)]
pub(crate) enum Command {
    /// Op 1 (its `d`, the client's last sequence number, is only checked for type).
    Heartbeat,
    /// Op 2.
    Identify(Identify),
    /// Op 6.
    Resume(Resume),
    /// Op 8.
    RequestGuildMembers(MemberRequest),
    /// Ops 3, 4 and 31: accepted once identified, otherwise ignored by the simulator.
    Other,
}

/// The fields of IDENTIFY the simulator uses.
#[derive(Debug, Deserialize)]
pub(crate) struct Identify {
    pub(crate) token: String,
    pub(crate) intents: u64,
    // Checked for presence only: Discord rejects an IDENTIFY without them.
    #[expect(dead_code, reason = "required like Discord does, but never read")]
    pub(crate) properties: Properties,
    #[serde(default)]
    pub(crate) shard: Option<[u64; 2]>,
    #[serde(default)]
    pub(crate) compress: bool,
}

/// The connection properties of IDENTIFY.
#[derive(Debug, Deserialize)]
pub(crate) struct Properties {
    #[expect(dead_code, reason = "required like Discord does, but never read")]
    pub(crate) os: String,
    #[expect(dead_code, reason = "required like Discord does, but never read")]
    pub(crate) browser: String,
    #[expect(dead_code, reason = "required like Discord does, but never read")]
    pub(crate) device: String,
}

/// The fields of RESUME.
#[derive(Debug, Deserialize)]
pub(crate) struct Resume {
    pub(crate) token: String,
    pub(crate) session_id: String,
    pub(crate) seq: u64,
}

/// Parses a client payload, or returns the close code Discord would answer it with.
pub(crate) fn parse(text: &str) -> Result<Command, u16> {
    if text.len() > MAX_CLIENT_PAYLOAD {
        return Err(close::DECODE_ERROR);
    }
    // Read as a map first: serde would also accept a JSON array for a struct.
    let Ok(Value::Object(mut envelope)) = serde_json::from_str::<Value>(text) else {
        return Err(close::DECODE_ERROR);
    };
    let opcode = envelope.get("op").and_then(Value::as_u64);
    let data = envelope.remove("d").unwrap_or(Value::Null);
    let fits =
        |result: Result<Command, serde_json::Error>| result.map_err(|_| close::UNKNOWN_OPCODE);
    match opcode.ok_or(close::UNKNOWN_OPCODE)? {
        op::HEARTBEAT => match data {
            Value::Null | Value::Number(_) => Ok(Command::Heartbeat),
            _ => Err(close::UNKNOWN_OPCODE),
        },
        op::IDENTIFY => fits(serde_json::from_value(data).map(Command::Identify)),
        op::RESUME => fits(serde_json::from_value(data).map(Command::Resume)),
        op::REQUEST_GUILD_MEMBERS => match data {
            Value::Object(data) => MemberRequest::parse(&data)
                .map(Command::RequestGuildMembers)
                .ok_or(close::UNKNOWN_OPCODE),
            _ => Err(close::UNKNOWN_OPCODE),
        },
        op::PRESENCE_UPDATE | op::VOICE_STATE_UPDATE | op::REQUEST_SOUNDBOARD_SOUNDS => {
            match data {
                Value::Object(_) => Ok(Command::Other),
                _ => Err(close::UNKNOWN_OPCODE),
            }
        }
        _ => Err(close::UNKNOWN_OPCODE),
    }
}

/// Writes a payload without sequence number or event name.
fn control(opcode: u64, data: &str) -> String {
    format!(r#"{{"t":null,"s":null,"op":{opcode},"d":{data}}}"#)
}

/// Op 10 HELLO.
pub(crate) fn hello(heartbeat_interval_ms: u64) -> String {
    control(
        op::HELLO,
        &format!(r#"{{"heartbeat_interval":{heartbeat_interval_ms}}}"#),
    )
}

/// Op 11 HEARTBEAT_ACK.
pub(crate) fn heartbeat_ack() -> String {
    control(op::HEARTBEAT_ACK, "null")
}

/// Op 7 RECONNECT.
pub(crate) fn reconnect() -> String {
    control(op::RECONNECT, "null")
}

/// Op 9 INVALID_SESSION; `resumable` is its `d`.
pub(crate) fn invalid_session(resumable: bool) -> String {
    control(
        op::INVALID_SESSION,
        if resumable { "true" } else { "false" },
    )
}

/// Op 0 with an event name, a sequence number and `d` already serialised.
pub(crate) fn dispatch(event: &str, seq: u64, data: &str) -> String {
    // Event names are upper-case ASCII constants, so they need no escaping.
    format!(
        r#"{{"t":"{event}","s":{seq},"op":{},"d":{data}}}"#,
        op::DISPATCH
    )
}

/// READY's `d`: the bot, its guilds on this shard as unavailable stubs (GUILD_CREATE follows for
/// each), and what the client needs to resume.
pub(crate) fn ready(
    bot: &BotIdentity,
    guilds: &[u64],
    session_id: &str,
    resume_gateway_url: &str,
    shard: [u64; 2],
) -> String {
    json!({
        "v": 10,
        "user": bot.user,
        "guilds": guilds
            .iter()
            .map(|guild| json!({"id": guild.to_string(), "unavailable": true}))
            .collect::<Vec<_>>(),
        "session_id": session_id,
        "session_type": "normal",
        "resume_gateway_url": resume_gateway_url,
        "shard": shard,
        "application": {"id": bot.application_id.to_string(), "flags": bot.flags},
        "private_channels": [],
        "presences": [],
        "relationships": [],
        "guild_join_requests": [],
        "geo_ordered_rtc_regions": [],
        "user_settings": {},
        "auth": {},
    })
    .to_string()
}

/// Reads a snowflake that Discord writes as a string (numbers are accepted too).
pub(crate) fn snowflake(value: &Value) -> Option<u64> {
    match value {
        Value::String(text) => text.parse().ok(),
        Value::Number(number) => number.as_u64(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const IDENTIFY: &str = r#"{"op":2,"d":{"token":"Bot abc","intents":513,
        "properties":{"os":"linux","browser":"b","device":"d"},"shard":[1,2]}}"#;

    #[test]
    fn parses_identify_resume_and_heartbeat() {
        let Ok(Command::Identify(identify)) = parse(IDENTIFY) else {
            panic!("identify not parsed");
        };
        assert_eq!(identify.token, "Bot abc");
        assert_eq!(identify.intents, 513);
        assert_eq!(identify.shard, Some([1, 2]));
        assert!(!identify.compress);

        let resume = r#"{"op":6,"d":{"token":"t","session_id":"s","seq":7}}"#;
        assert!(matches!(
            parse(resume),
            Ok(Command::Resume(Resume { seq: 7, .. }))
        ));
        assert!(matches!(
            parse(r#"{"op":1,"d":null}"#),
            Ok(Command::Heartbeat)
        ));
        assert!(matches!(
            parse(r#"{"op":1,"d":42}"#),
            Ok(Command::Heartbeat)
        ));
    }

    #[test]
    fn rejects_with_discord_close_codes() {
        assert_eq!(parse("not json").err(), Some(close::DECODE_ERROR));
        assert_eq!(parse("[1]").err(), Some(close::DECODE_ERROR));
        assert_eq!(
            parse(r#"{"op":99,"d":null}"#).err(),
            Some(close::UNKNOWN_OPCODE)
        );
        // IDENTIFY without properties, as Discord requires them.
        let bare = r#"{"op":2,"d":{"token":"t","intents":0}}"#;
        assert_eq!(parse(bare).err(), Some(close::UNKNOWN_OPCODE));
        assert_eq!(
            parse(r#"{"op":1,"d":"x"}"#).err(),
            Some(close::UNKNOWN_OPCODE)
        );
        let huge = format!(r#"{{"op":1,"d":null,"x":"{}"}}"#, "a".repeat(5000));
        assert_eq!(parse(&huge).err(), Some(close::DECODE_ERROR));
    }

    #[test]
    fn outgoing_payloads_put_header_fields_first() {
        let frame = dispatch("CHANNEL_CREATE", 5, r#"{"t":"inner","s":9}"#);
        assert!(frame.starts_with(r#"{"t":"CHANNEL_CREATE","s":5,"op":0,"d":"#));
        let parsed: Value = serde_json::from_str(&frame).unwrap_or_default();
        assert_eq!(parsed["d"]["s"], 9);
        assert_eq!(
            hello(41250),
            r#"{"t":null,"s":null,"op":10,"d":{"heartbeat_interval":41250}}"#
        );
        assert_eq!(
            invalid_session(false),
            r#"{"t":null,"s":null,"op":9,"d":false}"#
        );
    }
}
