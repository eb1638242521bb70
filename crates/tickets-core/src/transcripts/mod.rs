//! Transcripts: what closing a ticket keeps of it. The close's job captures the channel's
//! messages and files into a sealed document before the channel goes ([`job`]), announces it in
//! the transcripts channel and to the opener ([`announce`]), and the viewer's use cases decide who
//! may read it ([`viewer`]).

mod announce;
mod capture;
mod files;
pub(crate) mod job;
mod mentions;
pub mod viewer;

use std::sync::OnceLock;
use tickets_transcripts::archive::Archive;

/// How transcripts are kept, from the configuration.
#[derive(Debug, Clone)]
pub struct TranscriptConfig {
    /// Where documents and files go.
    pub archive: Archive,
    /// The address of the dashboard, for "View transcript" links.
    pub viewer_url: String,
    /// Largest file copied (bytes); larger ones are listed but not kept.
    pub max_attachment_bytes: u64,
    /// Most bytes of files copied for one transcript.
    pub max_transcript_bytes: u64,
    /// Hosts files are fetched from: Discord's CDN, or the simulator's address in tests and the
    /// demo. A file anywhere else is listed but never fetched.
    pub file_hosts: Vec<String>,
}

impl TranscriptConfig {
    /// Discord's CDN hosts, the only ones files of real messages come from.
    pub const DISCORD_FILE_HOSTS: [&'static str; 2] =
        ["cdn.discordapp.com", "media.discordapp.net"];
}

/// The transcripts part of the core.
#[derive(Debug)]
pub(crate) struct Transcripts {
    pub(crate) config: TranscriptConfig,
    /// Fetches files; no redirects followed (a CDN address must not lead elsewhere).
    pub(crate) http: reqwest::Client,
    /// Whether Discord sends this application message content, once asked.
    pub(crate) content_intent: OnceLock<bool>,
}

impl Transcripts {
    pub(crate) fn new(config: TranscriptConfig) -> Self {
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(std::time::Duration::from_secs(30))
            .build()
            .unwrap_or_default();
        Self {
            config,
            http,
            content_intent: OnceLock::new(),
        }
    }

    /// The page of a ticket's transcript.
    pub(crate) fn link(&self, guild: tickets_model::GuildId, number: i64) -> String {
        format!(
            "{}/guilds/{guild}/transcripts/{number}",
            self.config.viewer_url.trim_end_matches('/')
        )
    }
}
