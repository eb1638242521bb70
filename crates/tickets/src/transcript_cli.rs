//! `tickets transcript …`: transcripts on the command line, without a server or a database, so
//! that a stored document or another tool's export can be read as a page.

use anyhow::Context as _;
use clap::Subcommand;
use std::io::BufWriter;
use std::path::{Path, PathBuf};
use tickets_transcripts::format::{self, Document};
use tickets_transcripts::render::{self, DocumentAssets, Labels, RenderOptions};

/// The transcript subcommands.
#[derive(Debug, Subcommand)]
pub enum TranscriptCommand {
    /// Render a transcript as one self-contained HTML page: our JSON (plain or zstd-compressed)
    /// or a DiscordChatExporter JSON export.
    Render {
        /// The transcript to read.
        #[arg(long)]
        input: PathBuf,
        /// Where to write the page.
        #[arg(long)]
        output: PathBuf,
    },
}

/// zstd's frame magic number, which every compressed document starts with.
const ZSTD_MAGIC: [u8; 4] = [0x28, 0xb5, 0x2f, 0xfd];

/// Runs a transcript subcommand.
///
/// # Errors
///
/// An input that cannot be read or is no transcript, or an output that cannot be written;
/// each message names the file.
pub fn run(command: &TranscriptCommand) -> anyhow::Result<()> {
    match command {
        TranscriptCommand::Render { input, output } => {
            let document = read(input)?;
            write(&document, output)?;
            println!(
                "wrote {} ({} messages)",
                output.display(),
                document.messages.len()
            );
            Ok(())
        }
    }
}

fn read(input: &Path) -> anyhow::Result<Document> {
    let bytes = std::fs::read(input)
        .with_context(|| format!("cannot read the transcript {}", input.display()))?;
    let document = if bytes.starts_with(&ZSTD_MAGIC) {
        format::read_compressed(&bytes)
    } else {
        format::read_document(&bytes)
    };
    document.with_context(|| {
        format!(
            "{} is not a transcript (our JSON or a DiscordChatExporter JSON export)",
            input.display()
        )
    })
}

fn write(document: &Document, output: &Path) -> anyhow::Result<()> {
    let cannot = || format!("cannot write the page {}", output.display());
    let file = std::fs::File::create(output).with_context(cannot)?;
    let mut out = BufWriter::new(file);
    let labels = Labels::english();
    let options = RenderOptions {
        assets: &DocumentAssets,
        labels: &labels,
    };
    render::render(document, &options, &mut out).with_context(cannot)?;
    out.into_inner()
        .map_err(std::io::IntoInnerError::into_error)
        .and_then(|file| file.sync_all())
        .with_context(cannot)
}
