//! The table of every setting: its key in `tickets.toml`, its environment variable, its default
//! and its documentation. `config.example.toml` is generated from this table, and a test fails
//! when the committed file is stale.

/// One setting.
#[derive(Debug, Clone, Copy)]
pub struct Setting {
    /// Key in `tickets.toml` (`section.name`).
    pub key: &'static str,
    /// Environment variable that overrides the file.
    pub env: &'static str,
    /// Default, as written in the example file; `None` when there is none.
    pub default: Option<&'static str>,
    /// What it is for, one or more lines.
    pub doc: &'static str,
    /// Whether `tickets config` masks its value.
    pub secret: bool,
}

/// Every setting, in the order the example file shows them.
pub const SETTINGS: &[Setting] = &[
    Setting {
        key: "data_dir",
        env: "TICKETS_DATA_DIR",
        default: Some("./data"),
        doc: "Directory for the SQLite database and other local state. Created if missing.",
        secret: false,
    },
    Setting {
        key: "log",
        env: "TICKETS_LOG",
        default: Some("info"),
        doc: "Log filter, in tracing's syntax (e.g. \"info,tickets_core=debug\").",
        secret: false,
    },
    Setting {
        key: "shutdown_timeout",
        env: "TICKETS_SHUTDOWN_TIMEOUT",
        default: Some("10"),
        doc: "Seconds `serve` and `demo` may take to stop after SIGTERM or Ctrl-C. Work under way gets\nthat long to finish; whatever is left is repaired at the next start.",
        secret: false,
    },
    Setting {
        key: "database.url",
        env: "DATABASE_URL",
        default: None,
        doc: "Database URL: sqlite://PATH (default: sqlite://<data_dir>/tickets.db) or postgres://USER:PASSWORD@HOST/DB.",
        secret: true,
    },
    Setting {
        key: "discord.token",
        env: "DISCORD_TOKEN",
        default: None,
        doc: "The bot token (Developer Portal, Bot, Reset Token). Required by `serve`.",
        secret: true,
    },
    Setting {
        key: "discord.application_id",
        env: "DISCORD_APPLICATION_ID",
        default: None,
        doc: "The application id (Developer Portal, General Information). Required by `serve`.",
        secret: false,
    },
    Setting {
        key: "discord.public_key",
        env: "DISCORD_PUBLIC_KEY",
        default: None,
        doc: "The application's public key, to verify HTTP interactions. Required by `serve`.",
        secret: false,
    },
    Setting {
        key: "discord.client_secret",
        env: "DISCORD_CLIENT_SECRET",
        default: None,
        doc: "The OAuth2 client secret, for the dashboard login (Developer Portal, OAuth2).",
        secret: true,
    },
    Setting {
        key: "discord.api_url",
        env: "DISCORD_API_URL",
        default: Some("https://discord.com"),
        doc: "Base URL of Discord's HTTP API and OAuth2 pages. Point it at the simulator to test offline.",
        secret: false,
    },
    Setting {
        key: "discord.gateway_url",
        env: "DISCORD_GATEWAY_URL",
        default: None,
        doc: "Gateway URL; by default the one Discord recommends. The simulator's is ws://HOST:PORT/gateway.",
        secret: false,
    },
    Setting {
        key: "discord.members_intent",
        env: "DISCORD_MEMBERS_INTENT",
        default: Some("false"),
        doc: "Whether the bot asks Discord for the privileged Server Members intent, which closing a\nticket when its opener leaves the server (Auto Close) needs. Turn it on in the Developer\nPortal (Bot, Privileged Gateway Intents) first: Discord refuses a bot that asks for it\nwithout it.",
        secret: false,
    },
    Setting {
        key: "web.listen",
        env: "TICKETS_LISTEN",
        default: Some("127.0.0.1:8080"),
        doc: "Address the web server (dashboard, API, interactions endpoint) listens on.",
        secret: false,
    },
    Setting {
        key: "web.public_url",
        env: "TICKETS_PUBLIC_URL",
        default: None,
        doc: "URL users reach the web server at (default: http://<web.listen>). OAuth2 redirects go to <public_url>/login/callback.",
        secret: false,
    },
    Setting {
        key: "transcripts.storage",
        env: "TICKETS_TRANSCRIPTS_STORAGE",
        default: Some("directory"),
        doc: "Where transcripts and their attachment copies are kept, encrypted: \"directory\" (on this\nmachine) or \"s3\" (an S3-compatible bucket: AWS, MinIO, Garage, Ceph, ...).",
        secret: false,
    },
    Setting {
        key: "transcripts.directory",
        env: "TICKETS_TRANSCRIPTS_DIR",
        default: None,
        doc: "Directory of the \"directory\" storage (default: <data_dir>/transcripts). Created if missing.",
        secret: false,
    },
    Setting {
        key: "transcripts.key_file",
        env: "TICKETS_TRANSCRIPTS_KEY_FILE",
        default: None,
        doc: "File of the master keys transcripts are encrypted with (default: <data_dir>/transcript-keys).\nCreated with one key, readable by its owner only, when missing; `tickets keys rotate` adds a\nnew current key and keeps the old ones. Back it up apart from the transcripts: without it they\ncannot be read. Keys live only in this file, never in the environment, as a rotation must\nkeep every earlier key.",
        secret: false,
    },
    Setting {
        key: "transcripts.s3_endpoint",
        env: "TICKETS_S3_ENDPOINT",
        default: None,
        doc: "Base URL of the S3-compatible service (e.g. http://127.0.0.1:9000); unset for AWS itself.\nRequests are path-style (<endpoint>/<bucket>/<key>), which every S3-compatible service accepts.",
        secret: false,
    },
    Setting {
        key: "transcripts.s3_bucket",
        env: "TICKETS_S3_BUCKET",
        default: None,
        doc: "The bucket, which must exist. Required when storage is \"s3\".",
        secret: false,
    },
    Setting {
        key: "transcripts.s3_region",
        env: "TICKETS_S3_REGION",
        default: Some("us-east-1"),
        doc: "The bucket's region (most S3-compatible services accept any).",
        secret: false,
    },
    Setting {
        key: "transcripts.s3_access_key_id",
        env: "TICKETS_S3_ACCESS_KEY_ID",
        default: None,
        doc: "Access key id. Without a key pair, the instance's metadata service is asked (on AWS).",
        secret: false,
    },
    Setting {
        key: "transcripts.s3_secret_access_key",
        env: "TICKETS_S3_SECRET_ACCESS_KEY",
        default: None,
        doc: "Secret access key of that key id.",
        secret: true,
    },
    Setting {
        key: "transcripts.max_attachment_bytes",
        env: "TICKETS_MAX_ATTACHMENT_BYTES",
        default: Some("26214400"),
        doc: "Largest attachment copied into a transcript, in bytes (default 25 MiB). A larger one is\nlisted with its name and size, but not kept.",
        secret: false,
    },
    Setting {
        key: "transcripts.max_transcript_bytes",
        env: "TICKETS_MAX_TRANSCRIPT_BYTES",
        default: Some("524288000"),
        doc: "Most bytes of attachments kept for one transcript (default 500 MiB). Attachments past it\nare listed, but not kept.",
        secret: false,
    },
];

/// The example configuration file, generated from [`SETTINGS`].
#[must_use]
pub fn example_file() -> String {
    let mut out = String::from(
        "# Example configuration of `tickets`. Copy it to tickets.toml and uncomment what you need.\n\
         # Every setting can also be given by the environment variable named beside it, which wins.\n\
         # This file is generated from the code (crates/tickets/src/settings.rs); a test keeps it current.\n",
    );
    let mut section = "";
    for setting in SETTINGS {
        let (this_section, name) = setting.key.split_once('.').unwrap_or(("", setting.key));
        if this_section != section {
            out.push_str(&format!("\n[{this_section}]\n"));
            section = this_section;
        } else {
            out.push('\n');
        }
        for line in setting.doc.lines() {
            out.push_str(&format!("# {line}\n"));
        }
        out.push_str(&format!("# Environment: {}\n", setting.env));
        match setting.default {
            Some(default) => out.push_str(&format!("# {name} = \"{default}\"\n")),
            None => out.push_str(&format!("# {name} = \"\"\n")),
        }
    }
    out
}
