//! The master keys: a small text file of numbered keys, one of them current, readable only by
//! its owner. Keys are only ever added, so every object sealed under an older key still opens.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use rand::RngCore;
use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use zeroize::Zeroizing;

/// The master keys by id, one of them current (the one new objects are sealed under).
#[derive(Clone)]
pub struct KeyRing {
    keys: BTreeMap<u32, Zeroizing<[u8; 32]>>,
    current: u32,
    /// A copy of the current key, so that sealing needs no lookup that could miss.
    current_key: Zeroizing<[u8; 32]>,
}

impl std::fmt::Debug for KeyRing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Ids only: a key ring in a log line or a panic message must not give the keys away.
        f.debug_struct("KeyRing")
            .field("ids", &self.keys.keys().collect::<Vec<_>>())
            .field("current", &self.current)
            .finish()
    }
}

/// Why the key file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// Reading or writing the file failed.
    #[error("key file {}: {source}", path.display())]
    Io {
        /// The key file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// The file is not a key file of ours, or was damaged.
    #[error("key file {} line {line}: {problem}", path.display())]
    Malformed {
        /// The key file.
        path: PathBuf,
        /// The line (1-based).
        line: usize,
        /// What is wrong with it.
        problem: String,
    },
    /// Others than its owner may read the file, so the keys may have leaked.
    #[error(
        "key file {} may be read by others (mode {mode:o}); run `chmod 600` on it",
        path.display()
    )]
    Permissions {
        /// The key file.
        path: PathBuf,
        /// Its permission bits.
        mode: u32,
    },
    /// There is no key file to rotate.
    #[error(
        "no key file at {} (the bot creates it when it first stores a transcript; check the \
         transcripts.key_file setting)",
        .0.display()
    )]
    Missing(PathBuf),
}

const FILE_HEADER: &str = "\
# Master keys of the transcripts of `tickets`. Without this file no stored transcript opens:
# keep it secret (it is readable by its owner only) and back it up with the transcripts.
# `tickets keys rotate` adds a key and makes it current; never delete a key while objects
# sealed under it are kept.
";

impl KeyRing {
    /// Reads the key file at `path`, or creates it (mode 0600, parent directories included) with
    /// one new key when there is none.
    ///
    /// # Errors
    ///
    /// An unreadable, malformed or group/world-readable file, or one that cannot be created.
    pub fn load_or_create(path: &Path) -> Result<Self, KeyError> {
        match Self::load(path) {
            Err(KeyError::Missing(_)) => {}
            other => return other,
        }
        let ring = Self::generated();
        // Linking the finished temporary file into place fails when another process created the
        // file meanwhile: then its keys win and ours were never used.
        let temp = write_temp(path, &ring.to_text())?;
        let linked = std::fs::hard_link(&temp, path);
        let _ = std::fs::remove_file(&temp);
        match linked {
            Ok(()) => {
                sync_parent(path)?;
                Ok(ring)
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Self::load(path),
            Err(source) => Err(io(path, source)),
        }
    }

    /// Adds a new key to the file at `path` and makes it current; the old keys stay, so what
    /// was sealed under them still opens. A running bot uses the new key from its next start.
    ///
    /// # Errors
    ///
    /// No file at `path`, or one that cannot be read or replaced.
    pub fn rotate(path: &Path) -> Result<u32, KeyError> {
        let mut ring = Self::load(path)?;
        let id = ring
            .keys
            .keys()
            .next_back()
            .map_or(Some(1), |last| last.checked_add(1))
            .ok_or_else(|| KeyError::Malformed {
                path: path.to_owned(),
                line: 0,
                problem: "every key id is taken".to_owned(),
            })?;
        let key = random_key();
        ring.keys.insert(id, key.clone());
        ring.current = id;
        ring.current_key = key;
        let temp = write_temp(path, &ring.to_text())?;
        std::fs::rename(&temp, path).map_err(|e| {
            let _ = std::fs::remove_file(&temp);
            io(path, e)
        })?;
        sync_parent(path)?;
        Ok(id)
    }

    /// A ring of one random key (id 1) that lives only in memory: for tests and the demo.
    #[must_use]
    pub fn generated() -> Self {
        let key = random_key();
        Self {
            keys: BTreeMap::from([(1, key.clone())]),
            current: 1,
            current_key: key,
        }
    }

    /// The id of the key new objects are sealed under.
    #[must_use]
    pub fn current_id(&self) -> u32 {
        self.current
    }

    /// The ids of every key in the ring, oldest first.
    #[must_use]
    pub fn ids(&self) -> Vec<u32> {
        self.keys.keys().copied().collect()
    }

    pub(super) fn current(&self) -> (u32, &[u8; 32]) {
        (self.current, &self.current_key)
    }

    pub(super) fn get(&self, id: u32) -> Option<&[u8; 32]> {
        self.keys.get(&id).map(|k| &**k)
    }

    fn load(path: &Path) -> Result<Self, KeyError> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => Zeroizing::new(text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(KeyError::Missing(path.to_owned()));
            }
            Err(e) => return Err(io(path, e)),
        };
        check_permissions(path)?;
        Self::parse(path, &text)
    }

    fn parse(path: &Path, text: &str) -> Result<Self, KeyError> {
        let bad = |line: usize, problem: &str| KeyError::Malformed {
            path: path.to_owned(),
            line,
            problem: problem.to_owned(),
        };
        let mut keys = BTreeMap::new();
        let mut current = None;
        for (index, line) in text.lines().enumerate() {
            let number = index + 1;
            let mut words = line.split_whitespace();
            match (words.next(), words.next(), words.next(), words.next()) {
                (None, ..) => {}
                (Some(word), ..) if word.starts_with('#') => {}
                (Some("current"), Some(id), None, None) => {
                    current = Some(id.parse::<u32>().map_err(|_| bad(number, "bad key id"))?);
                }
                (Some("key"), Some(id), Some(encoded), None) => {
                    let id = id.parse::<u32>().map_err(|_| bad(number, "bad key id"))?;
                    let decoded = Zeroizing::new(
                        BASE64
                            .decode(encoded)
                            .map_err(|_| bad(number, "the key is not base64"))?,
                    );
                    let mut key = Zeroizing::new([0u8; 32]);
                    if decoded.len() != key.len() {
                        return Err(bad(number, "a key must be 32 bytes"));
                    }
                    key.copy_from_slice(&decoded);
                    if keys.insert(id, key).is_some() {
                        return Err(bad(number, "this key id appears twice"));
                    }
                }
                _ => return Err(bad(number, "expected `current ID` or `key ID BASE64`")),
            }
        }
        let current = current.ok_or_else(|| bad(0, "no `current` line"))?;
        let current_key = keys
            .get(&current)
            .cloned()
            .ok_or_else(|| bad(0, "the current key is not in the file"))?;
        Ok(Self {
            keys,
            current,
            current_key,
        })
    }

    fn to_text(&self) -> Zeroizing<String> {
        let mut text = Zeroizing::new(String::from(FILE_HEADER));
        text.push_str(&format!("current {}\n", self.current));
        for (id, key) in &self.keys {
            let encoded = Zeroizing::new(BASE64.encode(key.as_ref()));
            text.push_str("key ");
            text.push_str(&id.to_string());
            text.push(' ');
            text.push_str(&encoded);
            text.push('\n');
        }
        text
    }
}

fn random_key() -> Zeroizing<[u8; 32]> {
    let mut key = Zeroizing::new([0u8; 32]);
    rand::rngs::OsRng.fill_bytes(key.as_mut());
    key
}

fn io(path: &Path, source: std::io::Error) -> KeyError {
    KeyError::Io {
        path: path.to_owned(),
        source,
    }
}

/// Writes `text` to a new owner-only file beside `path`, flushed to disk, and returns its path.
fn write_temp(path: &Path, text: &str) -> Result<PathBuf, KeyError> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
    if let Some(dir) = dir {
        std::fs::create_dir_all(dir).map_err(|e| io(path, e))?;
    }
    let name = path
        .file_name()
        .map_or_else(|| "keys".into(), |n| n.to_string_lossy().into_owned());
    let temp = path.with_file_name(format!(
        ".{name}.tmp-{}-{:08x}",
        std::process::id(),
        rand::rngs::OsRng.next_u32()
    ));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let written = options.open(&temp).and_then(|mut file| {
        file.write_all(text.as_bytes())?;
        file.sync_all()
    });
    match written {
        Ok(()) => Ok(temp),
        Err(e) => {
            let _ = std::fs::remove_file(&temp);
            Err(io(path, e))
        }
    }
}

/// Makes a rename or link in the file's directory durable.
fn sync_parent(path: &Path) -> Result<(), KeyError> {
    #[cfg(unix)]
    {
        let dir = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(|e| io(path, e))?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

fn check_permissions(path: &Path) -> Result<(), KeyError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(path)
            .map_err(|e| io(path, e))?
            .permissions()
            .mode()
            & 0o777;
        if mode & 0o077 != 0 {
            return Err(KeyError::Permissions {
                path: path.to_owned(),
                mode,
            });
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}
