//! Request Guild Members (op 8): which members a request selects, under the limits Discord
//! applies, and the GUILD_MEMBERS_CHUNK payloads that answer it.

use super::intents::{GUILD_MEMBERS, GUILD_PRESENCES};
use super::payload::snowflake;
use serde_json::{Map, Value, json};

/// Members per GUILD_MEMBERS_CHUNK, as on Discord.
const CHUNK_SIZE: usize = 1000;
/// Most members a prefix query or a list of user ids returns.
const SELECTIVE_LIMIT: usize = 100;
/// Longest nonce echoed; a longer one is ignored, as Discord documents.
const MAX_NONCE_BYTES: usize = 32;

/// Op 8's `d`, checked for shape.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct MemberRequest {
    pub(crate) guild_id: u64,
    selector: Selector,
    presences: bool,
    nonce: Option<String>,
}

/// What a request asks for: exactly one of `query` or `user_ids`.
#[derive(Debug, PartialEq, Eq)]
enum Selector {
    /// Usernames (or nicknames) starting with `prefix`; an empty prefix is the whole list.
    Query {
        prefix: String,
        limit: usize,
    },
    UserIds(Vec<u64>),
}

impl MemberRequest {
    /// Reads op 8's `d`; `None` for a payload that does not fit the opcode (closed with 4001).
    pub(crate) fn parse(data: &Map<String, Value>) -> Option<Self> {
        // Since intents, one guild per request: an array is not accepted.
        let guild_id = snowflake(data.get("guild_id")?)?;
        let limit = match data.get("limit") {
            None | Some(Value::Null) => None,
            Some(limit) => Some(usize::try_from(limit.as_u64()?).ok()?),
        };
        let selector = match (data.get("query"), data.get("user_ids")) {
            (Some(Value::String(prefix)), None | Some(Value::Null)) => Selector::Query {
                prefix: prefix.clone(),
                // `limit` is required with `query`.
                limit: limit?,
            },
            (None | Some(Value::Null), Some(Value::Array(ids))) => {
                Selector::UserIds(ids.iter().map(snowflake).collect::<Option<_>>()?)
            }
            (None | Some(Value::Null), Some(id)) => Selector::UserIds(vec![snowflake(id)?]),
            _ => return None,
        };
        let presences = match data.get("presences") {
            None | Some(Value::Null) => false,
            Some(value) => value.as_bool()?,
        };
        let nonce = data
            .get("nonce")
            .and_then(Value::as_str)
            .filter(|nonce| nonce.len() <= MAX_NONCE_BYTES)
            .map(str::to_owned);
        Some(Self {
            guild_id,
            selector,
            presences,
            nonce,
        })
    }

    /// Whether a session with `intents` gets an answer: the whole member list needs
    /// GUILD_MEMBERS, and Discord sends nothing at all without it.
    pub(crate) fn allowed(&self, intents: u64) -> bool {
        match &self.selector {
            Selector::Query { prefix, .. } if prefix.is_empty() => intents & GUILD_MEMBERS != 0,
            _ => true,
        }
    }

    /// The GUILD_MEMBERS_CHUNK payloads answering the request, given every member of the guild
    /// (member objects with their `user`); at least one, even when nothing matched.
    pub(crate) fn chunks(&self, members: Vec<Value>, intents: u64) -> Vec<Value> {
        let mut not_found = Vec::new();
        let selected: Vec<Value> = match &self.selector {
            Selector::Query { prefix, limit } => {
                let prefix = prefix.to_lowercase();
                let limit = match (prefix.is_empty(), *limit) {
                    (true, 0) => usize::MAX,
                    (true, limit) => limit,
                    (false, 0) => SELECTIVE_LIMIT,
                    (false, limit) => limit.min(SELECTIVE_LIMIT),
                };
                members
                    .into_iter()
                    .filter(|member| matches_prefix(member, &prefix))
                    .take(limit)
                    .collect()
            }
            Selector::UserIds(ids) => {
                let mut found = Vec::new();
                for id in ids.iter().take(SELECTIVE_LIMIT) {
                    match members
                        .iter()
                        .find(|member| snowflake(&member["user"]["id"]) == Some(*id))
                    {
                        Some(member) => found.push(member.clone()),
                        None => not_found.push(Value::String(id.to_string())),
                    }
                }
                found
            }
        };
        // Presences only with GUILD_PRESENCES; the simulator's users are all offline, so the
        // list is empty.
        let presences = self.presences && intents & GUILD_PRESENCES != 0;
        let count = selected.len().div_ceil(CHUNK_SIZE).max(1);
        let mut pages: Vec<Vec<Value>> =
            selected.chunks(CHUNK_SIZE).map(<[Value]>::to_vec).collect();
        pages.resize_with(count, Vec::new);
        pages
            .into_iter()
            .enumerate()
            .map(|(index, page)| {
                let mut chunk = json!({
                    "guild_id": self.guild_id.to_string(),
                    "members": page,
                    "chunk_index": index,
                    "chunk_count": count,
                });
                if index == 0 && !not_found.is_empty() {
                    chunk["not_found"] = Value::Array(not_found.clone());
                }
                if presences {
                    chunk["presences"] = json!([]);
                }
                if let Some(nonce) = &self.nonce {
                    chunk["nonce"] = json!(nonce);
                }
                chunk
            })
            .collect()
    }
}

/// Whether a member's username or nickname starts with `prefix` (already lower-case).
fn matches_prefix(member: &Value, prefix: &str) -> bool {
    [&member["user"]["username"], &member["nick"]]
        .into_iter()
        .filter_map(Value::as_str)
        .any(|name| name.to_lowercase().starts_with(prefix))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(data: Value) -> Option<MemberRequest> {
        data.as_object().and_then(MemberRequest::parse)
    }

    fn member(id: u64, name: &str) -> Value {
        json!({"user": {"id": id.to_string(), "username": name}, "nick": null})
    }

    fn ids(chunk: &Value) -> Vec<String> {
        chunk["members"]
            .as_array()
            .map(|members| {
                members
                    .iter()
                    .filter_map(|m| m["user"]["id"].as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    }

    #[test]
    fn payloads_that_do_not_fit_the_opcode_are_refused() {
        assert!(request(json!({"query": "", "limit": 0})).is_none());
        assert!(request(json!({"guild_id": ["1"], "query": "", "limit": 0})).is_none());
        assert!(request(json!({"guild_id": "1", "query": ""})).is_none());
        assert!(request(json!({"guild_id": "1"})).is_none());
        assert!(
            request(json!({"guild_id": "1", "query": "a", "limit": 1, "user_ids": ["2"]}))
                .is_none()
        );
        assert!(request(json!({"guild_id": "1", "user_ids": ["x"]})).is_none());
        assert!(request(json!({"guild_id": "1", "user_ids": "2"})).is_some());
    }

    #[test]
    fn the_whole_list_needs_the_members_intent_and_comes_in_chunks_of_1000() {
        let all = request(json!({"guild_id": "1", "query": "", "limit": 0, "nonce": "n"}));
        let Some(all) = all else {
            panic!("a whole-list request parses");
        };
        assert!(!all.allowed(0));
        assert!(all.allowed(GUILD_MEMBERS));
        let members: Vec<Value> = (0..2500).map(|i| member(i + 1, &format!("u{i}"))).collect();
        let chunks = all.chunks(members, GUILD_MEMBERS);
        assert_eq!(chunks.len(), 3);
        for (index, chunk) in chunks.iter().enumerate() {
            assert_eq!(chunk["chunk_index"], index);
            assert_eq!(chunk["chunk_count"], 3);
            assert_eq!(chunk["nonce"], "n");
        }
        assert_eq!(chunks[2]["members"].as_array().map(Vec::len), Some(500));
    }

    #[test]
    fn prefixes_and_ids_return_at_most_100_and_say_what_was_not_found() {
        let members: Vec<Value> = (0..300).map(|i| member(i + 1, &format!("Ab{i}"))).collect();
        let prefix =
            request(json!({"guild_id": "1", "query": "ab", "limit": 0, "presences": true}));
        let Some(prefix) = prefix else {
            panic!("a prefix request parses");
        };
        assert!(prefix.allowed(0));
        let chunks = prefix.chunks(members.clone(), 0);
        assert_eq!(ids(&chunks[0]).len(), 100);
        assert!(
            chunks[0].get("presences").is_none(),
            "no presences without the intent"
        );
        assert_eq!(
            prefix.chunks(Vec::new(), GUILD_PRESENCES)[0]["presences"],
            json!([])
        );

        let long_nonce = "n".repeat(33);
        let by_id =
            request(json!({"guild_id": "1", "user_ids": ["5", "999"], "nonce": long_nonce}));
        let Some(by_id) = by_id else {
            panic!("a user_ids request parses");
        };
        let chunks = by_id.chunks(members, 0);
        assert_eq!(ids(&chunks[0]), ["5"]);
        assert_eq!(chunks[0]["not_found"], json!(["999"]));
        assert!(
            chunks[0].get("nonce").is_none(),
            "a nonce over 32 bytes is ignored"
        );
    }
}
