//! The archive the core calls: documents and their files, by server and ticket.
//!
//! This first version keeps objects as plain files under one directory; sealing and the object
//! store backends replace its insides without changing its interface.

use std::path::PathBuf;

/// Where transcripts and their files are kept.
#[derive(Debug, Clone)]
pub struct Archive {
    root: PathBuf,
}

/// Why the archive failed.
#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    /// The storage failed.
    #[error("transcript storage failed: {0}")]
    Io(#[from] std::io::Error),
    /// A stored document does not read.
    #[error(transparent)]
    Format(#[from] crate::format::FormatError),
}

impl Archive {
    /// An archive under `root`.
    #[must_use]
    pub fn in_directory(root: PathBuf) -> Self {
        Self { root }
    }

    fn ticket_dir(&self, guild: u64, number: i64) -> PathBuf {
        self.root.join(format!("guilds/{guild}/tickets/{number}"))
    }

    /// Stores a ticket's compressed document; returns the bytes stored.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn put_document(
        &self,
        guild: u64,
        number: i64,
        compressed: Vec<u8>,
    ) -> Result<u64, ArchiveError> {
        let dir = self.ticket_dir(guild, number);
        tokio::fs::create_dir_all(&dir).await?;
        let size = compressed.len() as u64;
        tokio::fs::write(dir.join("transcript"), compressed).await?;
        Ok(size)
    }

    /// A ticket's document, when stored.
    ///
    /// # Errors
    ///
    /// Storage failures, a document that does not read.
    pub async fn document(
        &self,
        guild: u64,
        number: i64,
    ) -> Result<Option<crate::format::Document>, ArchiveError> {
        match tokio::fs::read(self.ticket_dir(guild, number).join("transcript")).await {
            Ok(bytes) => Ok(Some(crate::format::read_compressed(&bytes)?)),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(error) => Err(error.into()),
        }
    }

    /// Stores a file of a ticket's transcript.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn put_attachment(
        &self,
        guild: u64,
        number: i64,
        attachment_id: &str,
        bytes: Vec<u8>,
    ) -> Result<(), ArchiveError> {
        let dir = self.ticket_dir(guild, number).join("files");
        tokio::fs::create_dir_all(&dir).await?;
        tokio::fs::write(dir.join(attachment_id), bytes).await?;
        Ok(())
    }

    /// A file of a ticket's transcript, when stored.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn attachment(
        &self,
        guild: u64,
        number: i64,
        attachment_id: &str,
    ) -> Result<Option<Vec<u8>>, ArchiveError> {
        let path = self
            .ticket_dir(guild, number)
            .join("files")
            .join(attachment_id);
        match tokio::fs::read(path).await {
            Ok(bytes) => Ok(Some(bytes)),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(error) => Err(error.into()),
        }
    }

    /// Deletes a ticket's document and files.
    ///
    /// # Errors
    ///
    /// Storage failures.
    pub async fn delete(&self, guild: u64, number: i64) -> Result<(), ArchiveError> {
        match tokio::fs::remove_dir_all(self.ticket_dir(guild, number)).await {
            Err(error) if error.kind() != std::io::ErrorKind::NotFound => Err(error.into()),
            _ => Ok(()),
        }
    }
}
