//! Configuration in two stages: raw values from `tickets.toml` and the environment, then a
//! validated [`Config`] built once and passed down explicitly.

use crate::settings::SETTINGS;
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use tickets_transcripts::storage::StoreConfig;

mod transcripts;

pub use transcripts::TranscriptsConfig;
use twilight_model::id::Id;
use twilight_model::id::marker::ApplicationMarker;

/// A setting that is missing or malformed, with what to do about it.
#[derive(Debug, thiserror::Error)]
#[error("configuration: {setting} {problem}; {fix}")]
pub struct ConfigError {
    /// The environment variable and file key, e.g. `DISCORD_TOKEN (discord.token)`.
    pub setting: String,
    /// What is wrong.
    pub problem: String,
    /// How to fix it.
    pub fix: String,
}

impl ConfigError {
    fn new(key: &str, problem: impl Into<String>, fix: impl Into<String>) -> Self {
        let env = SETTINGS
            .iter()
            .find(|s| s.key == key)
            .map_or(key, |s| s.env);
        Self {
            setting: format!("{env} ({key})"),
            problem: problem.into(),
            fix: fix.into(),
        }
    }
}

/// The raw values, by file key, after the environment overrode the file.
#[derive(Debug, Default, Clone)]
pub struct RawConfig {
    values: BTreeMap<&'static str, String>,
}

impl RawConfig {
    /// Reads `file` (if it exists) and then the environment.
    ///
    /// # Errors
    ///
    /// An unreadable or invalid file, or a key in it that is not a setting (a typo).
    pub fn load(
        file: Option<&Path>,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, ConfigError> {
        let mut raw = Self::default();
        if let Some(path) = file.filter(|p| p.exists()) {
            let text = std::fs::read_to_string(path).map_err(|e| {
                ConfigError::new(
                    "config file",
                    format!("{} cannot be read: {e}", path.display()),
                    "check the path and its permissions",
                )
            })?;
            raw.merge_toml(&text)?;
        }
        for setting in SETTINGS {
            if let Some(value) = env(setting.env).filter(|v| !v.trim().is_empty()) {
                raw.values.insert(setting.key, value);
            }
        }
        Ok(raw)
    }

    fn merge_toml(&mut self, text: &str) -> Result<(), ConfigError> {
        let table: toml::Table = text.parse().map_err(|e: toml::de::Error| {
            ConfigError::new(
                "config file",
                format!("is not valid TOML: {}", e.message()),
                "compare it with config.example.toml",
            )
        })?;
        let mut flat = Vec::new();
        flatten("", &table, &mut flat);
        for (key, value) in flat {
            let Some(setting) = SETTINGS.iter().find(|s| s.key == key) else {
                return Err(ConfigError::new(
                    &key,
                    "is not a known setting",
                    "see config.example.toml for every setting",
                ));
            };
            self.values.insert(setting.key, value);
        }
        Ok(())
    }

    /// Sets a value as if it came from the environment (used by `demo` and the tests).
    pub fn set(&mut self, key: &'static str, value: impl Into<String>) {
        self.values.insert(key, value.into());
    }

    /// Whether a setting was given (in the file or the environment), rather than defaulted.
    #[must_use]
    pub fn is_set(&self, key: &str) -> bool {
        self.values.contains_key(key)
    }

    fn get(&self, key: &str) -> Option<&str> {
        self.values.get(key).map(String::as_str)
    }
}

fn flatten(prefix: &str, table: &toml::Table, out: &mut Vec<(String, String)>) {
    for (name, value) in table {
        let key = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}.{name}")
        };
        match value {
            toml::Value::Table(inner) => flatten(&key, inner, out),
            toml::Value::String(s) => out.push((key, s.clone())),
            toml::Value::Integer(i) => out.push((key, i.to_string())),
            toml::Value::Float(f) => out.push((key, f.to_string())),
            toml::Value::Boolean(b) => out.push((key, b.to_string())),
            // Arrays and dates are no setting's type; the string form makes validation say so.
            other => out.push((key, format!("{other:?}"))),
        }
    }
}

/// Discord's side of the configuration.
#[derive(Debug, Clone)]
pub struct DiscordConfig {
    /// The bot token.
    pub token: Option<String>,
    /// The application id.
    pub application_id: Option<Id<ApplicationMarker>>,
    /// The application's public key (hex).
    pub public_key: Option<String>,
    /// The OAuth2 client secret.
    pub client_secret: Option<String>,
    /// Base URL of the HTTP API, without `/api/v10`.
    pub api_url: String,
    /// Gateway URL override.
    pub gateway_url: Option<String>,
    /// Whether to ask for the privileged Server Members intent.
    pub members_intent: bool,
}

/// The validated configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// Local state directory.
    pub data_dir: PathBuf,
    /// Log filter.
    pub log: String,
    /// How long stopping may take after SIGTERM or Ctrl-C: in-flight work gets this long to
    /// finish, and the process exits then whatever Discord or the database do.
    pub shutdown_timeout: std::time::Duration,
    /// Database URL.
    pub database_url: String,
    /// Discord settings.
    pub discord: DiscordConfig,
    /// Address of the web server.
    pub listen: SocketAddr,
    /// URL users reach the web server at, without a trailing slash.
    pub public_url: String,
    /// Where transcripts are kept.
    pub transcripts: TranscriptsConfig,
}

impl Config {
    /// Validates raw values.
    ///
    /// # Errors
    ///
    /// The first malformed setting, named with how to fix it.
    pub fn from_raw(raw: &RawConfig) -> Result<Self, ConfigError> {
        let data_dir = PathBuf::from(raw.get("data_dir").unwrap_or("./data"));
        let database_url = match raw.get("database.url") {
            Some(url) => url.to_owned(),
            None => format!("sqlite://{}", data_dir.join("tickets.db").display()),
        };
        let shutdown_timeout = match raw.get("shutdown_timeout") {
            None => std::time::Duration::from_secs(10),
            Some(text) => text
                .trim()
                .parse::<u64>()
                .ok()
                .filter(|seconds| (1..=3600).contains(seconds))
                .map(std::time::Duration::from_secs)
                .ok_or_else(|| {
                    ConfigError::new(
                        "shutdown_timeout",
                        format!("must be a whole number of seconds from 1 to 3600, found {text:?}"),
                        "write it as e.g. 10",
                    )
                })?,
        };
        let listen: SocketAddr = raw
            .get("web.listen")
            .unwrap_or("127.0.0.1:8080")
            .parse()
            .map_err(|_| {
                ConfigError::new(
                    "web.listen",
                    "is not an address",
                    "write it as HOST:PORT, e.g. 127.0.0.1:8080",
                )
            })?;
        let public_url = raw.get("web.public_url").map_or_else(
            || format!("http://{listen}"),
            |u| u.trim_end_matches('/').to_owned(),
        );
        if !public_url.starts_with("http://") && !public_url.starts_with("https://") {
            return Err(ConfigError::new(
                "web.public_url",
                "must start with http:// or https://",
                "give the full URL, e.g. https://tickets.example.org",
            ));
        }
        let application_id = match raw.get("discord.application_id") {
            None => None,
            Some(text) => Some(
                text.trim()
                    .parse::<u64>()
                    .ok()
                    .and_then(Id::new_checked)
                    .ok_or_else(|| {
                        ConfigError::new(
                            "discord.application_id",
                            format!("must be a number, found {text:?}"),
                            "copy the Application ID from the Developer Portal",
                        )
                    })?,
            ),
        };
        let public_key = raw.get("discord.public_key").map(str::to_owned);
        if let Some(key) = &public_key
            && (key.len() != 64 || !key.bytes().all(|b| b.is_ascii_hexdigit()))
        {
            return Err(ConfigError::new(
                "discord.public_key",
                "must be 64 hexadecimal characters",
                "copy the Public Key from the Developer Portal",
            ));
        }
        let api_url = raw
            .get("discord.api_url")
            .unwrap_or("https://discord.com")
            .trim_end_matches('/')
            .to_owned();
        if !api_url.starts_with("http://") && !api_url.starts_with("https://") {
            return Err(ConfigError::new(
                "discord.api_url",
                "must start with http:// or https://",
                "use https://discord.com or the simulator's URL",
            ));
        }
        let transcripts = TranscriptsConfig::from_raw(raw, &data_dir)?;
        Ok(Self {
            data_dir,
            log: raw.get("log").unwrap_or("info").to_owned(),
            shutdown_timeout,
            database_url,
            discord: DiscordConfig {
                token: raw.get("discord.token").map(str::to_owned),
                application_id,
                public_key,
                client_secret: raw.get("discord.client_secret").map(str::to_owned),
                api_url,
                gateway_url: raw.get("discord.gateway_url").map(str::to_owned),
                members_intent: match raw.get("discord.members_intent").map(str::trim) {
                    None | Some("false") => false,
                    Some("true") => true,
                    Some(other) => {
                        return Err(ConfigError::new(
                            "discord.members_intent",
                            format!("must be true or false, found {other:?}"),
                            "write it as members_intent = true",
                        ));
                    }
                },
            },
            listen,
            public_url,
            transcripts,
        })
    }

    /// The public URL once the web server is bound: with port 0 and no explicit public URL, the
    /// default names the port actually bound (tests and the demo use port 0).
    #[must_use]
    pub fn public_url_for(&self, bound: SocketAddr) -> String {
        if self.public_url == format!("http://{}", self.listen) {
            format!("http://{bound}")
        } else {
            self.public_url.clone()
        }
    }

    /// The settings `serve` cannot run without.
    ///
    /// # Errors
    ///
    /// The first one missing.
    pub fn require_discord(&self) -> Result<(String, Id<ApplicationMarker>, String), ConfigError> {
        let token = self.discord.token.clone().ok_or_else(|| {
            ConfigError::new(
                "discord.token",
                "is not set",
                "create a bot in the Developer Portal and set DISCORD_TOKEN to its token",
            )
        })?;
        let application_id = self.discord.application_id.ok_or_else(|| {
            ConfigError::new(
                "discord.application_id",
                "is not set",
                "set DISCORD_APPLICATION_ID to the Application ID from the Developer Portal",
            )
        })?;
        let public_key = self.discord.public_key.clone().ok_or_else(|| {
            ConfigError::new(
                "discord.public_key",
                "is not set",
                "set DISCORD_PUBLIC_KEY to the Public Key from the Developer Portal",
            )
        })?;
        Ok((token, application_id, public_key))
    }

    /// The effective configuration as `tickets.toml` lines, secrets masked.
    #[must_use]
    pub fn describe(&self, raw: &RawConfig) -> String {
        let mut out = String::new();
        for setting in SETTINGS {
            let effective = match setting.key {
                "data_dir" => Some(self.data_dir.display().to_string()),
                "log" => Some(self.log.clone()),
                "shutdown_timeout" => Some(self.shutdown_timeout.as_secs().to_string()),
                "database.url" => Some(self.database_url.clone()),
                "discord.api_url" => Some(self.discord.api_url.clone()),
                "web.listen" => Some(self.listen.to_string()),
                "web.public_url" => Some(self.public_url.clone()),
                "transcripts.storage" => Some(
                    match self.transcripts.store {
                        StoreConfig::Directory(_) => "directory",
                        StoreConfig::S3(_) => "s3",
                    }
                    .to_owned(),
                ),
                "transcripts.directory" => match &self.transcripts.store {
                    StoreConfig::Directory(path) => Some(path.display().to_string()),
                    StoreConfig::S3(_) => raw.get(setting.key).map(str::to_owned),
                },
                "transcripts.key_file" => Some(self.transcripts.key_file.display().to_string()),
                "transcripts.max_attachment_bytes" => {
                    Some(self.transcripts.max_attachment_bytes.to_string())
                }
                "transcripts.max_transcript_bytes" => {
                    Some(self.transcripts.max_transcript_bytes.to_string())
                }
                key => raw.get(key).map(str::to_owned),
            };
            let shown = match effective {
                None => "(not set)".to_owned(),
                Some(value) if setting.secret => mask(&value),
                Some(value) => format!("{value:?}"),
            };
            out.push_str(&format!("{} = {shown}\n", setting.key));
        }
        out
    }
}

/// Hides a secret but its scheme (for URLs) so the output still helps debugging.
fn mask(value: &str) -> String {
    match value.split_once("://") {
        Some((scheme, rest)) if !rest.contains('@') && scheme == "sqlite" => format!("{value:?}"),
        Some((scheme, _)) => format!("\"{scheme}://********\""),
        None => "\"********\"".to_owned(),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The configuration a file and environment variables give (shared by the settings' tests).
    pub(crate) fn config(file: &str, env: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let mut raw = RawConfig::default();
        raw.merge_toml(file)?;
        for (name, value) in env {
            let setting = SETTINGS.iter().find(|s| s.env == *name).unwrap();
            raw.set(setting.key, *value);
        }
        Config::from_raw(&raw)
    }

    #[test]
    fn defaults_put_sqlite_in_the_data_dir() {
        let c = config("", &[]).unwrap();
        assert_eq!(c.database_url, "sqlite://./data/tickets.db");
        assert_eq!(c.listen.to_string(), "127.0.0.1:8080");
        assert_eq!(c.public_url, "http://127.0.0.1:8080");
        assert_eq!(c.discord.api_url, "https://discord.com");
    }

    #[test]
    fn the_shutdown_timeout_defaults_to_ten_seconds_and_refuses_nonsense() {
        assert_eq!(config("", &[]).unwrap().shutdown_timeout.as_secs(), 10);
        let c = config("shutdown_timeout = 3\n", &[]).unwrap();
        assert_eq!(c.shutdown_timeout.as_secs(), 3);
        for bad in ["0", "ten", "-1", "99999"] {
            let e = config("", &[("TICKETS_SHUTDOWN_TIMEOUT", bad)])
                .unwrap_err()
                .to_string();
            assert!(
                e.contains("TICKETS_SHUTDOWN_TIMEOUT (shutdown_timeout)"),
                "{e}"
            );
        }
    }

    #[test]
    fn environment_wins_over_the_file() {
        let c = config(
            "[web]\nlisten = \"127.0.0.1:1\"\n",
            &[("TICKETS_LISTEN", "127.0.0.1:2")],
        )
        .unwrap();
        assert_eq!(c.listen.port(), 2);
    }

    #[test]
    fn errors_name_the_setting_and_the_fix() {
        let e = config("", &[("DISCORD_APPLICATION_ID", "abc")])
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("DISCORD_APPLICATION_ID (discord.application_id)"),
            "{e}"
        );
        assert!(e.contains("Developer Portal"), "{e}");
        let e = config("[web]\nlisen = \"x\"\n", &[])
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("web.lisen") && e.contains("not a known setting"),
            "{e}"
        );
        let e = config("", &[("DISCORD_PUBLIC_KEY", "xyz")])
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("DISCORD_PUBLIC_KEY") && e.contains("64 hexadecimal"),
            "{e}"
        );
        let e = config("", &[])
            .unwrap()
            .require_discord()
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("configuration: DISCORD_TOKEN (discord.token) is not set"),
            "{e}"
        );
    }

    #[test]
    fn secrets_are_masked() {
        let mut raw = RawConfig::default();
        raw.set("discord.token", "very-secret");
        raw.set("database.url", "postgres://u:pw@h/db");
        let c = Config::from_raw(&raw).unwrap();
        let shown = c.describe(&raw);
        assert!(
            !shown.contains("very-secret") && !shown.contains("pw"),
            "{shown}"
        );
        assert!(
            shown.contains("database.url = \"postgres://********\""),
            "{shown}"
        );
    }

    #[test]
    fn committed_example_is_current() {
        let committed = include_str!("../../../config.example.toml");
        assert_eq!(
            committed,
            crate::settings::example_file(),
            "config.example.toml is stale: run `cargo run -- config --example > config.example.toml`"
        );
    }

    #[test]
    fn example_parses_as_toml_with_known_keys_only() {
        let uncommented: String = crate::settings::example_file()
            .lines()
            .map(|line| {
                line.strip_prefix("# ")
                    .filter(|l| l.contains(" = "))
                    .unwrap_or(line)
            })
            .map(|line| format!("{line}\n"))
            .collect();
        let mut raw = RawConfig::default();
        raw.merge_toml(&uncommented).unwrap();
    }
}
