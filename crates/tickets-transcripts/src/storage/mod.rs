//! Where sealed objects live: a directory on the local disk (the default) or an S3-compatible
//! bucket. Both take the same keys and behave alike; one test suite runs against both.
//!
//! Keys are `/`-separated paths of plain segments (letters, digits, `-`, `_`, `.`, never a
//! segment that starts with `.`), checked here before either backend sees them, so that no key
//! escapes the directory and both backends accept exactly the same keys.

mod directory;
mod s3;

pub use directory::DirectoryStore;
pub use s3::{S3Config, S3Store};

use std::path::PathBuf;

/// An object store: one of the backends, chosen by configuration.
#[derive(Debug, Clone)]
pub enum ObjectStore {
    /// Files under a local directory.
    Directory(DirectoryStore),
    /// An S3-compatible bucket.
    S3(S3Store),
}

/// Which backend to open, as the configuration says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreConfig {
    /// Files under this directory (created when missing).
    Directory(PathBuf),
    /// An S3-compatible bucket.
    S3(S3Config),
}

/// Why an object could not be stored, read or deleted.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    /// The key is not a valid object key (empty, absolute, `..`, or unusual characters).
    #[error("invalid object key {0:?}")]
    InvalidKey(String),
    /// The local disk failed.
    #[error("object store directory: {0}")]
    Io(#[from] std::io::Error),
    /// The S3 service failed or refused.
    #[error("S3 object store: {0}")]
    S3(#[from] object_store::Error),
    /// The S3 settings are incomplete or wrong.
    #[error("S3 object store settings: {0}")]
    Config(String),
}

impl ObjectStore {
    /// Opens the backend `config` names.
    ///
    /// # Errors
    ///
    /// S3 settings that do not make a client (a malformed endpoint, for one). Nothing is
    /// contacted yet: an unreachable service shows at the first request.
    pub fn open(config: &StoreConfig) -> Result<Self, StorageError> {
        Ok(match config {
            StoreConfig::Directory(root) => Self::Directory(DirectoryStore::new(root.clone())),
            StoreConfig::S3(s3) => Self::S3(S3Store::new(s3)?),
        })
    }

    /// Stores `bytes` under `key`, replacing what was there; once this returns the object is
    /// durable and readers see either the old or the new object, never a part.
    ///
    /// # Errors
    ///
    /// An invalid key, or the backend failed.
    pub async fn put(&self, key: &str, bytes: Vec<u8>) -> Result<(), StorageError> {
        check_key(key)?;
        match self {
            Self::Directory(store) => store.put(key, bytes).await,
            Self::S3(store) => store.put(key, bytes).await,
        }
    }

    /// Reads the object under `key`, or `None` when there is none.
    ///
    /// # Errors
    ///
    /// An invalid key, or the backend failed.
    pub async fn get(&self, key: &str) -> Result<Option<Vec<u8>>, StorageError> {
        check_key(key)?;
        match self {
            Self::Directory(store) => store.get(key).await,
            Self::S3(store) => store.get(key).await,
        }
    }

    /// Whether there is an object under `key`.
    ///
    /// # Errors
    ///
    /// An invalid key, or the backend failed.
    pub async fn exists(&self, key: &str) -> Result<bool, StorageError> {
        check_key(key)?;
        match self {
            Self::Directory(store) => store.exists(key).await,
            Self::S3(store) => store.exists(key).await,
        }
    }

    /// Deletes the object `prefix` and every object under `prefix/` (whole segments: the prefix
    /// `a/1` does not touch `a/10`), and returns how many objects went.
    ///
    /// # Errors
    ///
    /// An invalid prefix, or the backend failed (some objects may be gone then; deleting again
    /// finishes the job).
    pub async fn delete_prefix(&self, prefix: &str) -> Result<u64, StorageError> {
        let prefix = prefix.strip_suffix('/').unwrap_or(prefix);
        check_key(prefix)?;
        match self {
            Self::Directory(store) => store.delete_prefix(prefix).await,
            Self::S3(store) => store.delete_prefix(prefix).await,
        }
    }
}

/// Refuses keys that could leave the store's root or mean different things to the backends.
fn check_key(key: &str) -> Result<(), StorageError> {
    let segment_ok = |segment: &str| {
        !segment.is_empty()
            && !segment.starts_with('.')
            && segment
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
    };
    if key.len() > 512 || !key.split('/').all(segment_ok) {
        return Err(StorageError::InvalidKey(key.to_owned()));
    }
    Ok(())
}

#[cfg(test)]
mod tests;
