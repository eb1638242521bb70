//! `tickets keys`: managing the master keys transcripts are encrypted with.

use crate::config::Config;
use clap::Subcommand;
use tickets_transcripts::crypto::KeyRing;

/// What to do with the master keys.
#[derive(Debug, Subcommand)]
pub enum KeysCommand {
    /// Add a new master key and make it current. Transcripts stored from then on are sealed
    /// under it; earlier ones stay readable with the keys kept beside it. A running bot uses
    /// the new key from its next start.
    Rotate,
}

/// Runs a `keys` subcommand against the configured key file.
///
/// # Errors
///
/// The key file is missing, unreadable, malformed or cannot be replaced.
pub fn run(command: KeysCommand, config: &Config) -> anyhow::Result<()> {
    let path = &config.transcripts.key_file;
    match command {
        KeysCommand::Rotate => {
            let id = KeyRing::rotate(path)?;
            let ring = KeyRing::load_or_create(path)?;
            let ids: Vec<String> = ring.ids().iter().map(u32::to_string).collect();
            println!(
                "master key {id} is now current in {} (keys kept: {}); restart the bot to seal new transcripts with it",
                path.display(),
                ids.join(", ")
            );
            Ok(())
        }
    }
}
