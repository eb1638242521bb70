//! The directory backend: one file per object, written to a temporary file, flushed and
//! renamed into place, so that a crash leaves either the old object or the new one.

use super::StorageError;
use rand::RngCore;
use std::path::{Path, PathBuf};

/// Objects as files under a root directory.
#[derive(Debug, Clone)]
pub struct DirectoryStore {
    root: PathBuf,
}

impl DirectoryStore {
    /// A store rooted at `root`; the directory is created by the first write.
    #[must_use]
    pub fn new(root: PathBuf) -> Self {
        Self { root }
    }

    /// The root directory.
    #[must_use]
    pub fn root(&self) -> &Path {
        &self.root
    }

    pub(super) async fn put(&self, key: &str, bytes: Vec<u8>) -> Result<(), StorageError> {
        let path = self.root.join(key);
        blocking(move || write_atomically(&path, &bytes)).await
    }

    pub(super) async fn get(&self, key: &str) -> Result<Option<Vec<u8>>, StorageError> {
        let path = self.root.join(key);
        blocking(move || match std::fs::read(&path) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            // A key naming a directory (a prefix of other keys) is no object.
            Err(_) if path.is_dir() => Ok(None),
            Err(e) => Err(e),
        })
        .await
    }

    pub(super) async fn exists(&self, key: &str) -> Result<bool, StorageError> {
        let path = self.root.join(key);
        blocking(move || match std::fs::metadata(&path) {
            Ok(meta) => Ok(meta.is_file()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
            Err(e) => Err(e),
        })
        .await
    }

    pub(super) async fn delete_prefix(&self, prefix: &str) -> Result<u64, StorageError> {
        let path = self.root.join(prefix);
        let root = self.root.clone();
        blocking(move || {
            let removed = match std::fs::symlink_metadata(&path) {
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
                Err(e) => return Err(e),
                Ok(meta) if meta.is_dir() => remove_tree(&path)?,
                Ok(_) => {
                    std::fs::remove_file(&path)?;
                    1
                }
            };
            remove_empty_parents(&root, &path);
            Ok(removed)
        })
        .await
    }
}

async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> std::io::Result<T> + Send + 'static,
) -> Result<T, StorageError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| StorageError::Io(std::io::Error::other(e)))?
        .map_err(StorageError::Io)
}

fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write as _;
    let dir = path
        .parent()
        .ok_or_else(|| std::io::Error::other("an object key has a directory"))?;
    create_dirs_durably(dir)?;
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    // Temporary names start with a dot, which no valid key segment does, so they are never
    // taken for objects.
    let temp = dir.join(format!(".{name}.tmp-{:016x}", rand::rngs::OsRng.next_u64()));
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&temp)
        .and_then(|mut file| {
            file.write_all(bytes)?;
            file.sync_all()
        })
        .and_then(|()| std::fs::rename(&temp, path));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&temp);
        return Err(e);
    }
    // The rename is durable only once the directory itself is flushed.
    std::fs::File::open(dir)?.sync_all()
}

/// Creates `dir` and its missing parents, flushing each parent a directory was created in, so
/// that after a crash the new object is reachable, not only written.
fn create_dirs_durably(dir: &Path) -> std::io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    if let Some(parent) = dir.parent().filter(|p| !p.as_os_str().is_empty()) {
        create_dirs_durably(parent)?;
    }
    match std::fs::create_dir(dir) {
        Ok(()) => {}
        // Another writer of the same ticket made it meanwhile.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && dir.is_dir() => return Ok(()),
        Err(e) => return Err(e),
    }
    let parent = dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::File::open(parent)?.sync_all()
}

/// Removes a directory tree and returns how many objects (files not being temporary ones) it
/// held.
fn remove_tree(dir: &Path) -> std::io::Result<u64> {
    let mut count = 0;
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let kind = entry.file_type()?;
        if kind.is_dir() {
            count += remove_tree(&entry.path())?;
        } else {
            if !entry.file_name().to_string_lossy().starts_with('.') {
                count += 1;
            }
            std::fs::remove_file(entry.path())?;
        }
    }
    std::fs::remove_dir(dir)?;
    Ok(count)
}

/// Removes the directories left empty above a deleted path, up to the root (best effort: a
/// directory a concurrent write just filled stays).
fn remove_empty_parents(root: &Path, path: &Path) {
    let mut current = path.parent();
    while let Some(dir) = current {
        if dir == root || !dir.starts_with(root) || std::fs::remove_dir(dir).is_err() {
            break;
        }
        current = dir.parent();
    }
}
