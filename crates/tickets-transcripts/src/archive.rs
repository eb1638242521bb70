//! The archive the core stores transcripts in: documents and attachment copies, each sealed
//! for its ticket and kept in the object store under
//! `guilds/{guild}/tickets/{number}/transcript` and `guilds/{guild}/tickets/{number}/files/{id}`.

use crate::crypto::{self, Binding, CryptoError, KeyRing};
use crate::format::{self, Document, FORMAT_VERSION, FormatError};
use crate::storage::{ObjectStore, StorageError};
use std::sync::Arc;

/// The name the document is bound to (an attachment's is `files/{id}`).
const DOCUMENT: &str = "transcript";

/// Sealed transcripts and their attachments in an object store; cheap to clone.
#[derive(Debug, Clone)]
pub struct Archive {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    store: ObjectStore,
    keys: KeyRing,
}

/// Why the archive could not store or give back an object.
#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    /// The object store failed.
    #[error(transparent)]
    Storage(#[from] StorageError),
    /// A stored object does not open: damaged, moved from another ticket, or sealed under a
    /// master key that is not in the key file.
    #[error("stored object {key}: {source}")]
    Crypto {
        /// The object's key.
        key: String,
        /// Why it does not open.
        source: CryptoError,
    },
    /// The document opened but is not a transcript this build reads.
    #[error("stored transcript {key}: {source}")]
    Format {
        /// The object's key.
        key: String,
        /// What is wrong with it.
        source: FormatError,
    },
    /// An attachment id that cannot name an object (Discord's are numbers).
    #[error("invalid attachment id {0:?}")]
    InvalidAttachmentId(String),
}

impl Archive {
    /// An archive keeping objects in `store`, sealed under the keys of `keys`.
    #[must_use]
    pub fn new(store: ObjectStore, keys: KeyRing) -> Self {
        Self {
            inner: Arc::new(Inner { store, keys }),
        }
    }

    /// The object store underneath.
    #[must_use]
    pub fn store(&self) -> &ObjectStore {
        &self.inner.store
    }

    /// Seals and stores a ticket's compressed document (from [`format::finish_compressed`]),
    /// replacing one stored before, and returns the bytes stored.
    ///
    /// # Errors
    ///
    /// The object store failed.
    pub async fn put_document(
        &self,
        guild: u64,
        number: i64,
        compressed: Vec<u8>,
    ) -> Result<u64, ArchiveError> {
        let binding = binding(guild, number, FORMAT_VERSION, DOCUMENT);
        let sealed = crypto::seal(&self.inner.keys, &binding, &compressed);
        drop(compressed);
        let stored = sealed.len() as u64;
        self.inner
            .store
            .put(&document_key(guild, number), sealed)
            .await?;
        Ok(stored)
    }

    /// Opens a ticket's document, or `None` when none is stored.
    ///
    /// # Errors
    ///
    /// The object store failed, or the stored object does not open or read as a document.
    pub async fn document(
        &self,
        guild: u64,
        number: i64,
    ) -> Result<Option<Document>, ArchiveError> {
        let key = document_key(guild, number);
        let Some(sealed) = self.inner.store.get(&key).await? else {
            return Ok(None);
        };
        let compressed = self.open(&key, guild, number, DOCUMENT, &sealed)?;
        format::read_compressed(&compressed)
            .map(Some)
            .map_err(|source| ArchiveError::Format { key, source })
    }

    /// Whether a document is stored for the ticket.
    ///
    /// # Errors
    ///
    /// The object store failed.
    pub async fn has_document(&self, guild: u64, number: i64) -> Result<bool, ArchiveError> {
        Ok(self
            .inner
            .store
            .exists(&document_key(guild, number))
            .await?)
    }

    /// Seals and stores a copy of an attachment of the ticket, replacing one stored before.
    ///
    /// # Errors
    ///
    /// An attachment id that cannot name an object, or the object store failed.
    pub async fn put_attachment(
        &self,
        guild: u64,
        number: i64,
        attachment_id: &str,
        bytes: Vec<u8>,
    ) -> Result<(), ArchiveError> {
        let object = attachment_object(attachment_id)?;
        let binding = binding(guild, number, FORMAT_VERSION, &object);
        let sealed = crypto::seal(&self.inner.keys, &binding, &bytes);
        drop(bytes);
        self.inner
            .store
            .put(&object_key(guild, number, &object), sealed)
            .await?;
        Ok(())
    }

    /// Opens the stored copy of an attachment, or `None` when there is none.
    ///
    /// # Errors
    ///
    /// An attachment id that cannot name an object, the object store failed, or the stored
    /// object does not open.
    pub async fn attachment(
        &self,
        guild: u64,
        number: i64,
        attachment_id: &str,
    ) -> Result<Option<Vec<u8>>, ArchiveError> {
        let object = attachment_object(attachment_id)?;
        let key = object_key(guild, number, &object);
        let Some(sealed) = self.inner.store.get(&key).await? else {
            return Ok(None);
        };
        self.open(&key, guild, number, &object, &sealed).map(Some)
    }

    /// Deletes a ticket's document and every attachment stored with it; nothing stored is fine.
    ///
    /// # Errors
    ///
    /// The object store failed (deleting again finishes the job).
    pub async fn delete(&self, guild: u64, number: i64) -> Result<(), ArchiveError> {
        self.inner
            .store
            .delete_prefix(&ticket_prefix(guild, number))
            .await?;
        Ok(())
    }

    fn open(
        &self,
        key: &str,
        guild: u64,
        number: i64,
        object: &str,
        sealed: &[u8],
    ) -> Result<Vec<u8>, ArchiveError> {
        let crypto_error = |source| ArchiveError::Crypto {
            key: key.to_owned(),
            source,
        };
        // The header says which format version the object was sealed with (older builds wrote
        // older ones); opening proves that claim, as the version is bound too.
        let version = crypto::sealed_format_version(sealed).map_err(crypto_error)?;
        crypto::open(
            &self.inner.keys,
            &binding(guild, number, version, object),
            sealed,
        )
        .map_err(crypto_error)
    }
}

fn binding(guild: u64, number: i64, format_version: u32, object: &str) -> Binding<'_> {
    Binding {
        guild_id: guild,
        ticket_number: number,
        format_version,
        object,
    }
}

fn ticket_prefix(guild: u64, number: i64) -> String {
    format!("guilds/{guild}/tickets/{number}")
}

fn document_key(guild: u64, number: i64) -> String {
    object_key(guild, number, DOCUMENT)
}

fn object_key(guild: u64, number: i64, object: &str) -> String {
    format!("{}/{object}", ticket_prefix(guild, number))
}

fn attachment_object(attachment_id: &str) -> Result<String, ArchiveError> {
    let plain = !attachment_id.is_empty()
        && attachment_id.len() <= 64
        && attachment_id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if plain {
        Ok(format!("files/{attachment_id}"))
    } else {
        Err(ArchiveError::InvalidAttachmentId(attachment_id.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::{Author, Capture, Header, Message, TicketFacts};
    use crate::storage::StoreConfig;

    const SECRET: &str = "my card number is 4111 1111 1111 1111";

    fn archive(root: &std::path::Path) -> Archive {
        let store = ObjectStore::open(&StoreConfig::Directory(root.to_owned())).unwrap();
        Archive::new(store, KeyRing::generated())
    }

    fn compressed(number: i64) -> Vec<u8> {
        let mut writer = format::compressed_writer(&Header::default()).unwrap();
        writer
            .push(&Message {
                id: "1".to_owned(),
                timestamp: "2026-01-01T00:00:00+00:00".to_owned(),
                content: SECRET.to_owned(),
                ..Message::default()
            })
            .unwrap();
        let ticket = TicketFacts {
            number,
            opener: Author::default(),
            ..TicketFacts::default()
        };
        format::finish_compressed(writer, &ticket, &Capture::default()).unwrap()
    }

    fn files_under(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
        let mut out = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                out.extend(files_under(&path));
            } else {
                out.push(path);
            }
        }
        out
    }

    #[tokio::test]
    async fn a_document_and_its_attachments_go_in_sealed_and_come_back() {
        let dir = tempfile::tempdir().unwrap();
        let archive = archive(dir.path());
        assert!(!archive.has_document(5, 7).await.unwrap());
        assert!(archive.document(5, 7).await.unwrap().is_none());

        let stored = archive.put_document(5, 7, compressed(7)).await.unwrap();
        archive
            .put_attachment(5, 7, "1234", SECRET.as_bytes().to_vec())
            .await
            .unwrap();
        assert!(archive.has_document(5, 7).await.unwrap());
        let document = archive.document(5, 7).await.unwrap().unwrap();
        assert_eq!(document.messages[0].content, SECRET);
        assert_eq!(document.ticket.unwrap().number, 7);
        assert_eq!(
            archive.attachment(5, 7, "1234").await.unwrap().unwrap(),
            SECRET.as_bytes()
        );
        assert!(archive.attachment(5, 7, "999").await.unwrap().is_none());

        // What is on the disk is sealed: the right size, and no readable text.
        let transcript = dir.path().join("guilds/5/tickets/7/transcript");
        assert_eq!(std::fs::metadata(&transcript).unwrap().len(), stored);
        for file in files_under(dir.path()) {
            let bytes = std::fs::read(&file).unwrap();
            assert!(bytes.starts_with(b"TKTS"), "{}", file.display());
            assert!(
                !bytes.windows(4).any(|w| w == b"4111" || w == b"card"),
                "{} holds plaintext",
                file.display()
            );
        }
    }

    #[tokio::test]
    async fn storing_a_document_again_replaces_it() {
        let dir = tempfile::tempdir().unwrap();
        let archive = archive(dir.path());
        archive.put_document(5, 7, compressed(7)).await.unwrap();
        archive.put_document(5, 7, compressed(70)).await.unwrap();
        let document = archive.document(5, 7).await.unwrap().unwrap();
        assert_eq!(document.ticket.unwrap().number, 70);
    }

    #[tokio::test]
    async fn an_object_copied_to_another_ticket_or_swapped_does_not_open() {
        let dir = tempfile::tempdir().unwrap();
        let archive = archive(dir.path());
        archive.put_document(5, 7, compressed(7)).await.unwrap();
        archive
            .put_attachment(5, 7, "1", b"one".to_vec())
            .await
            .unwrap();
        let ticket = dir.path().join("guilds/5/tickets/7");
        let document = std::fs::read(ticket.join("transcript")).unwrap();
        let attachment = std::fs::read(ticket.join("files/1")).unwrap();

        for (guild, number) in [(5, 8), (6, 7)] {
            let other = dir.path().join(format!("guilds/{guild}/tickets/{number}"));
            std::fs::create_dir_all(other.join("files")).unwrap();
            std::fs::write(other.join("transcript"), &document).unwrap();
            std::fs::write(other.join("files/1"), &attachment).unwrap();
            assert!(matches!(
                archive.document(guild, number).await,
                Err(ArchiveError::Crypto {
                    source: CryptoError::Rejected,
                    ..
                })
            ));
            assert!(matches!(
                archive.attachment(guild, number, "1").await,
                Err(ArchiveError::Crypto {
                    source: CryptoError::Rejected,
                    ..
                })
            ));
        }
        // The attachment in the document's place, and the document as another attachment.
        std::fs::write(ticket.join("transcript"), &attachment).unwrap();
        std::fs::write(ticket.join("files/2"), &document).unwrap();
        assert!(archive.document(5, 7).await.is_err());
        assert!(archive.attachment(5, 7, "2").await.is_err());
        assert_eq!(
            archive.attachment(5, 7, "1").await.unwrap().unwrap(),
            b"one"
        );
    }

    #[tokio::test]
    async fn deleting_a_ticket_takes_its_attachments_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let archive = archive(dir.path());
        for number in [7, 70] {
            archive
                .put_document(5, number, compressed(number))
                .await
                .unwrap();
            archive
                .put_attachment(5, number, "1", b"x".to_vec())
                .await
                .unwrap();
        }
        archive.delete(5, 7).await.unwrap();
        assert!(!archive.has_document(5, 7).await.unwrap());
        assert!(archive.attachment(5, 7, "1").await.unwrap().is_none());
        assert!(archive.has_document(5, 70).await.unwrap());
        assert!(archive.attachment(5, 70, "1").await.unwrap().is_some());
        // Deleting what is gone is fine (the core's job may retry).
        archive.delete(5, 7).await.unwrap();
    }

    #[tokio::test]
    async fn attachment_ids_that_could_name_other_objects_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let archive = archive(dir.path());
        for bad in ["", "../transcript", "a/b", ".x", "x y"] {
            assert!(matches!(
                archive.put_attachment(5, 7, bad, b"x".to_vec()).await,
                Err(ArchiveError::InvalidAttachmentId(_))
            ));
            assert!(matches!(
                archive.attachment(5, 7, bad).await,
                Err(ArchiveError::InvalidAttachmentId(_))
            ));
        }
    }

    #[test]
    fn the_archive_can_be_shared_between_tasks() {
        fn shareable<T: Clone + Send + Sync + std::fmt::Debug + 'static>() {}
        shareable::<Archive>();
    }
}
