//! Scenarios: the world a simulator starts with, written by hand in TOML or JSON.
//!
//! Everything refers to everything else by name (a member's `user` is a username, a channel's
//! `parent` is a category name), so a scenario reads like a description of a server. Ids are
//! optional: when absent the simulator's snowflake generator assigns them.

use std::path::Path;

use serde::{Deserialize, Deserializer, Serialize};
use twilight_model::guild::Permissions as P;

/// Why a scenario could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ScenarioError {
    /// The file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// The text is not a valid scenario.
    #[error("invalid scenario: {0}")]
    Parse(String),
    /// A name refers to nothing, or a value is out of range.
    #[error("inconsistent scenario: {0}")]
    Invalid(String),
}

/// A permission bitfield written as a number or as a decimal string (Discord's form).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(into = "String")]
pub struct Bits(pub u64);

impl From<Bits> for String {
    fn from(bits: Bits) -> Self {
        bits.0.to_string()
    }
}

impl<'de> Deserialize<'de> for Bits {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Number(u64),
            Text(String),
        }
        match Raw::deserialize(deserializer)? {
            Raw::Number(n) => Ok(Self(n)),
            Raw::Text(text) => text.trim().parse().map(Self).map_err(|_| {
                serde::de::Error::custom(format!("not a permission bitfield: {text:?}"))
            }),
        }
    }
}

/// An id written as a number or a string.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(into = "String")]
pub struct Snowflake(pub u64);

impl From<Snowflake> for String {
    fn from(id: Snowflake) -> Self {
        id.0.to_string()
    }
}

impl<'de> Deserialize<'de> for Snowflake {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Bits::deserialize(deserializer).map(|b| Self(b.0))
    }
}

/// The whole starting world.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Scenario {
    pub applications: Vec<ScenarioApplication>,
    pub users: Vec<ScenarioUser>,
    pub guilds: Vec<ScenarioGuild>,
}

/// An application with its bot user. Secrets left out are generated at random on each start.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ScenarioApplication {
    pub name: String,
    pub id: Option<Snowflake>,
    /// The bot user's username (defaults to `name`).
    pub bot_username: Option<String>,
    pub bot_user_id: Option<Snowflake>,
    pub token: Option<String>,
    /// The Ed25519 private key (32 bytes, hex); the public key follows from it.
    pub private_key: Option<String>,
    pub client_secret: Option<String>,
    /// Accepted OAuth2 redirect URIs; empty accepts any.
    pub redirect_uris: Vec<String>,
    /// Application flags (`GATEWAY_*` intents flags: 1<<19 members, 1<<18 message content ...).
    pub flags: u64,
}

/// A user.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ScenarioUser {
    pub username: String,
    pub global_name: Option<String>,
    pub id: Option<Snowflake>,
    /// The client locale sent in this user's interactions (default `en-US`).
    pub locale: Option<String>,
}

/// A guild with its roles, channels, members and installed bots.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ScenarioGuild {
    pub name: String,
    pub id: Option<Snowflake>,
    /// The owner's username.
    pub owner: String,
    /// Permissions of @everyone (Discord's defaults when absent).
    pub everyone_permissions: Option<Bits>,
    pub preferred_locale: Option<String>,
    pub roles: Vec<ScenarioRole>,
    /// Channels in order; a channel's `parent` must be a category listed before it.
    pub channels: Vec<ScenarioChannel>,
    /// Members besides the owner (who is always one) and the bots.
    pub members: Vec<ScenarioMember>,
    /// Applications whose bot is in the guild, with the permissions of its managed role.
    pub bots: Vec<ScenarioBot>,
}

/// A role.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ScenarioRole {
    pub name: String,
    pub id: Option<Snowflake>,
    pub permissions: Bits,
    pub color: u32,
    pub hoist: bool,
    pub mentionable: bool,
}

/// A channel or category.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ScenarioChannel {
    pub name: String,
    pub id: Option<Snowflake>,
    /// Discord's channel type: 0 text (default), 2 voice, 4 category, 5 announcement.
    #[serde(rename = "type")]
    pub kind: u8,
    /// The name of the parent category.
    pub parent: Option<String>,
    pub topic: Option<String>,
    pub permission_overwrites: Vec<ScenarioOverwrite>,
}

/// A permission overwrite: exactly one of `everyone`, `role` or `user`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ScenarioOverwrite {
    pub everyone: bool,
    pub role: Option<String>,
    pub user: Option<String>,
    pub allow: Bits,
    pub deny: Bits,
}

/// A member.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ScenarioMember {
    /// The username.
    pub user: String,
    /// Role names.
    pub roles: Vec<String>,
    pub nick: Option<String>,
}

/// A bot installation.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ScenarioBot {
    /// The application's name.
    pub application: String,
    pub permissions: Bits,
}

/// What @everyone may do in a new Discord server.
#[must_use]
pub fn default_everyone_permissions() -> u64 {
    (P::CREATE_INVITE
        | P::ADD_REACTIONS
        | P::STREAM
        | P::VIEW_CHANNEL
        | P::SEND_MESSAGES
        | P::EMBED_LINKS
        | P::ATTACH_FILES
        | P::READ_MESSAGE_HISTORY
        | P::USE_EXTERNAL_EMOJIS
        | P::CONNECT
        | P::SPEAK
        | P::USE_VAD
        | P::CHANGE_NICKNAME
        | P::USE_SLASH_COMMANDS
        | P::CREATE_PUBLIC_THREADS
        | P::CREATE_PRIVATE_THREADS
        | P::USE_EXTERNAL_STICKERS
        | P::SEND_MESSAGES_IN_THREADS
        | P::USE_EMBEDDED_ACTIVITIES)
        .bits()
}

/// The permissions the demo bot is joined with when the caller has none to give: those of the
/// tickets bot's invite link.
#[must_use]
pub fn demo_bot_permissions() -> u64 {
    (P::VIEW_CHANNEL
        | P::MANAGE_CHANNELS
        | P::MANAGE_ROLES
        | P::SEND_MESSAGES
        | P::EMBED_LINKS
        | P::ATTACH_FILES
        | P::READ_MESSAGE_HISTORY
        | P::MANAGE_MESSAGES
        | P::MANAGE_THREADS
        | P::CREATE_PRIVATE_THREADS
        | P::SEND_MESSAGES_IN_THREADS
        | P::ADD_REACTIONS
        | P::USE_EXTERNAL_EMOJIS)
        .bits()
}

impl Scenario {
    /// The demo: "Demo Server" owned by `owner`, `staff` (role "Staff"), `alice` and `bob`, a
    /// "Support" category, `#open-a-ticket`, `#transcripts` and `#general`, and the "Tickets"
    /// application's bot joined with `bot_permissions` (what the bot's invite link asks for).
    #[must_use]
    pub fn demo(bot_permissions: u64) -> Self {
        let user = |name: &str, global: &str| ScenarioUser {
            username: name.to_owned(),
            global_name: Some(global.to_owned()),
            ..ScenarioUser::default()
        };
        let channel =
            |name: &str, kind: u8, parent: Option<&str>, topic: Option<&str>| ScenarioChannel {
                name: name.to_owned(),
                kind,
                parent: parent.map(str::to_owned),
                topic: topic.map(str::to_owned),
                ..ScenarioChannel::default()
            };
        Self {
            applications: vec![ScenarioApplication {
                name: "Tickets".to_owned(),
                // Guild members and message content are privileged; the demo app is "verified"
                // for both so the bot can ask for them, as its developer would tick the boxes.
                flags: (1 << 15) | (1 << 19),
                ..ScenarioApplication::default()
            }],
            users: vec![
                user("owner", "Server Owner"),
                user("staff", "Support Staff"),
                user("alice", "Alice"),
                user("bob", "Bob"),
            ],
            guilds: vec![ScenarioGuild {
                name: "Demo Server".to_owned(),
                owner: "owner".to_owned(),
                roles: vec![ScenarioRole {
                    name: "Staff".to_owned(),
                    permissions: Bits(P::MANAGE_MESSAGES.bits()),
                    color: 0x3498db,
                    hoist: true,
                    mentionable: true,
                    ..ScenarioRole::default()
                }],
                channels: vec![
                    channel("Support", 4, None, None),
                    channel(
                        "open-a-ticket",
                        0,
                        Some("Support"),
                        Some("Open a ticket here"),
                    ),
                    channel("transcripts", 0, Some("Support"), None),
                    channel("general", 0, None, Some("Chat about anything")),
                ],
                members: vec![
                    ScenarioMember {
                        user: "staff".to_owned(),
                        roles: vec!["Staff".to_owned()],
                        nick: None,
                    },
                    ScenarioMember {
                        user: "alice".to_owned(),
                        ..ScenarioMember::default()
                    },
                    ScenarioMember {
                        user: "bob".to_owned(),
                        ..ScenarioMember::default()
                    },
                ],
                bots: vec![ScenarioBot {
                    application: "Tickets".to_owned(),
                    permissions: Bits(bot_permissions),
                }],
                ..ScenarioGuild::default()
            }],
        }
    }

    /// Parses a scenario from TOML text.
    ///
    /// # Errors
    ///
    /// [`ScenarioError::Parse`] when the text is not a valid scenario.
    pub fn from_toml(text: &str) -> Result<Self, ScenarioError> {
        toml::from_str(text).map_err(|e| ScenarioError::Parse(e.to_string()))
    }

    /// Parses a scenario from JSON text.
    ///
    /// # Errors
    ///
    /// [`ScenarioError::Parse`] when the text is not a valid scenario.
    pub fn from_json(text: &str) -> Result<Self, ScenarioError> {
        serde_json::from_str(text).map_err(|e| ScenarioError::Parse(e.to_string()))
    }

    /// Reads a scenario file: JSON when it ends in `.json`, TOML otherwise.
    ///
    /// # Errors
    ///
    /// [`ScenarioError::Io`] or [`ScenarioError::Parse`].
    pub fn from_file(path: &Path) -> Result<Self, ScenarioError> {
        let text = std::fs::read_to_string(path).map_err(|source| ScenarioError::Io {
            path: path.display().to_string(),
            source,
        })?;
        if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"))
        {
            Self::from_json(&text)
        } else {
            Self::from_toml(&text)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_and_json_scenarios_read_the_same() {
        let toml = r#"
            [[applications]]
            name = "Bot"
            [[users]]
            username = "ann"
            [[guilds]]
            name = "G"
            owner = "ann"
            [[guilds.roles]]
            name = "Mods"
            permissions = "8192"
            [[guilds.channels]]
            name = "Cat"
            type = 4
            [[guilds.channels]]
            name = "room"
            parent = "Cat"
            [[guilds.channels.permission_overwrites]]
            everyone = true
            deny = 1024
            [[guilds.bots]]
            application = "Bot"
            permissions = 3072
        "#;
        let from_toml = Scenario::from_toml(toml).unwrap();
        let json = serde_json::to_string(&from_toml).unwrap();
        let from_json = Scenario::from_json(&json).unwrap();
        assert_eq!(from_json.guilds[0].roles[0].permissions, Bits(8192));
        assert_eq!(
            from_json.guilds[0].channels[1].permission_overwrites[0].deny,
            Bits(1024)
        );
        assert_eq!(from_json.guilds[0].bots[0].permissions, Bits(3072));
        assert!(Scenario::from_toml("[[nope]]").is_err());
    }

    #[test]
    fn the_demo_bot_is_not_an_administrator() {
        let demo = Scenario::demo(demo_bot_permissions());
        assert_eq!(
            demo.guilds[0].bots[0].permissions.0 & P::ADMINISTRATOR.bits(),
            0
        );
    }
}
