//! The `[transcripts]` settings: the object store, the master key file and the attachment
//! limits.

use super::{ConfigError, RawConfig};
use std::path::{Path, PathBuf};
use tickets_transcripts::archive::Archive;
use tickets_transcripts::crypto::KeyRing;
use tickets_transcripts::storage::{ObjectStore, S3Config, StoreConfig};

/// Where transcripts are kept, what they are encrypted with, and how much of their attachments.
#[derive(Debug, Clone)]
pub struct TranscriptsConfig {
    /// The object store of the sealed documents and attachment copies.
    pub store: StoreConfig,
    /// The master key file (created when missing).
    pub key_file: PathBuf,
    /// The largest attachment copied, in bytes.
    pub max_attachment_bytes: u64,
    /// The most attachment bytes copied for one transcript.
    pub max_transcript_bytes: u64,
}

impl TranscriptsConfig {
    pub(super) fn from_raw(raw: &RawConfig, data_dir: &Path) -> Result<Self, ConfigError> {
        let store = match get(raw, "transcripts.storage") {
            None | Some("directory") => StoreConfig::Directory(
                get(raw, "transcripts.directory")
                    .map_or_else(|| data_dir.join("transcripts"), PathBuf::from),
            ),
            Some("s3") => StoreConfig::S3(s3_config(raw)?),
            Some(other) => {
                return Err(ConfigError::new(
                    "transcripts.storage",
                    format!("must be \"directory\" or \"s3\", found {other:?}"),
                    "write storage = \"directory\" to keep transcripts on this machine",
                ));
            }
        };
        let bytes = |key: &str, default: u64| match get(raw, key) {
            None => Ok(default),
            Some(text) => text
                .trim()
                .parse::<u64>()
                .ok()
                .filter(|n| *n > 0)
                .ok_or_else(|| {
                    ConfigError::new(
                        key,
                        format!("must be a whole number of bytes above 0, found {text:?}"),
                        format!("write it as e.g. {default}"),
                    )
                }),
        };
        Ok(Self {
            store,
            key_file: get(raw, "transcripts.key_file")
                .map_or_else(|| data_dir.join("transcript-keys"), PathBuf::from),
            max_attachment_bytes: bytes("transcripts.max_attachment_bytes", 25 * 1024 * 1024)?,
            max_transcript_bytes: bytes("transcripts.max_transcript_bytes", 500 * 1024 * 1024)?,
        })
    }

    /// Opens the archive these settings describe: the object store, and the key file (created
    /// with one key when missing).
    ///
    /// # Errors
    ///
    /// A key file that cannot be read or created, or S3 settings that make no client.
    pub fn open_archive(&self) -> anyhow::Result<Archive> {
        let keys = KeyRing::load_or_create(&self.key_file)?;
        let store = ObjectStore::open(&self.store)?;
        Ok(Archive::new(store, keys))
    }
}

/// A value as given, with an empty one (an uncommented example line) taken as not given.
fn get<'a>(raw: &'a RawConfig, key: &str) -> Option<&'a str> {
    raw.get(key).map(str::trim).filter(|v| !v.is_empty())
}

fn s3_config(raw: &RawConfig) -> Result<S3Config, ConfigError> {
    let bucket = get(raw, "transcripts.s3_bucket").ok_or_else(|| {
        ConfigError::new(
            "transcripts.s3_bucket",
            "is not set, and storage is \"s3\"",
            "name the (existing) bucket transcripts go to",
        )
    })?;
    let endpoint = get(raw, "transcripts.s3_endpoint").map(|e| e.trim_end_matches('/').to_owned());
    if let Some(endpoint) = &endpoint
        && !endpoint.starts_with("http://")
        && !endpoint.starts_with("https://")
    {
        return Err(ConfigError::new(
            "transcripts.s3_endpoint",
            "must start with http:// or https://",
            "give the service's base URL, e.g. https://s3.example.org",
        ));
    }
    let access_key_id = get(raw, "transcripts.s3_access_key_id").map(str::to_owned);
    let secret_access_key = get(raw, "transcripts.s3_secret_access_key").map(str::to_owned);
    if access_key_id.is_some() != secret_access_key.is_some() {
        let missing = if access_key_id.is_some() {
            "transcripts.s3_secret_access_key"
        } else {
            "transcripts.s3_access_key_id"
        };
        return Err(ConfigError::new(
            missing,
            "is not set, but the other half of the key pair is",
            "set both the access key id and its secret, or neither",
        ));
    }
    Ok(S3Config {
        endpoint,
        bucket: bucket.to_owned(),
        region: get(raw, "transcripts.s3_region")
            .unwrap_or("us-east-1")
            .to_owned(),
        access_key_id,
        secret_access_key,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::config::tests::config;

    #[test]
    fn transcripts_default_to_the_data_directory() {
        let c = config("data_dir = \"/srv/tickets\"\n", &[]).unwrap();
        assert_eq!(
            c.transcripts.store,
            StoreConfig::Directory(PathBuf::from("/srv/tickets/transcripts"))
        );
        assert_eq!(
            c.transcripts.key_file,
            PathBuf::from("/srv/tickets/transcript-keys")
        );
        assert_eq!(c.transcripts.max_attachment_bytes, 25 * 1024 * 1024);
        assert_eq!(c.transcripts.max_transcript_bytes, 500 * 1024 * 1024);
        // An example line uncommented as it is means the default, not an empty path.
        let c = config("[transcripts]\nkey_file = \"\"\ndirectory = \"\"\n", &[]).unwrap();
        assert_eq!(
            c.transcripts.key_file,
            PathBuf::from("./data/transcript-keys")
        );
        assert_eq!(
            c.transcripts.store,
            StoreConfig::Directory(PathBuf::from("./data/transcripts"))
        );
    }

    #[tokio::test]
    async fn the_default_archive_lives_in_the_data_directory() {
        let data = tempfile::tempdir().unwrap();
        let mut raw = RawConfig::default();
        raw.set("data_dir", data.path().display().to_string());
        let archive = Config::from_raw(&raw)
            .unwrap()
            .transcripts
            .open_archive()
            .unwrap();
        archive
            .put_attachment(1, 2, "3", b"x".to_vec())
            .await
            .unwrap();
        assert!(data.path().join("transcript-keys").is_file());
        assert!(
            data.path()
                .join("transcripts/guilds/1/tickets/2/files/3")
                .is_file()
        );
        // Opened again, the same key file opens what was stored.
        let raw_again = raw.clone();
        let again = Config::from_raw(&raw_again)
            .unwrap()
            .transcripts
            .open_archive()
            .unwrap();
        assert_eq!(again.attachment(1, 2, "3").await.unwrap().unwrap(), b"x");
    }

    #[test]
    fn s3_storage_takes_its_settings_and_masks_the_secret() {
        let mut raw = RawConfig::default();
        raw.merge_toml(
            "[transcripts]\nstorage = \"s3\"\ns3_endpoint = \"http://127.0.0.1:9000/\"\n\
             s3_bucket = \"tickets\"\ns3_access_key_id = \"minio\"\n",
        )
        .unwrap();
        raw.set("transcripts.s3_secret_access_key", "minio-secret");
        let c = Config::from_raw(&raw).unwrap();
        let StoreConfig::S3(s3) = &c.transcripts.store else {
            panic!("{:?}", c.transcripts.store);
        };
        assert_eq!(s3.endpoint.as_deref(), Some("http://127.0.0.1:9000"));
        assert_eq!(s3.bucket, "tickets");
        assert_eq!(s3.region, "us-east-1");
        assert_eq!(s3.secret_access_key.as_deref(), Some("minio-secret"));
        let shown = c.describe(&raw);
        assert!(!shown.contains("minio-secret"), "{shown}");
        assert!(
            shown.contains("transcripts.s3_secret_access_key = \"********\""),
            "{shown}"
        );
        assert!(shown.contains("transcripts.storage = \"s3\""), "{shown}");
    }

    #[test]
    fn incomplete_or_wrong_transcript_settings_are_refused_by_name() {
        let cases: &[(&[(&str, &str)], &str)] = &[
            (
                &[("TICKETS_TRANSCRIPTS_STORAGE", "disk")],
                "TICKETS_TRANSCRIPTS_STORAGE",
            ),
            (
                &[("TICKETS_TRANSCRIPTS_STORAGE", "s3")],
                "TICKETS_S3_BUCKET",
            ),
            (
                &[
                    ("TICKETS_TRANSCRIPTS_STORAGE", "s3"),
                    ("TICKETS_S3_BUCKET", "b"),
                    ("TICKETS_S3_ENDPOINT", "minio:9000"),
                ],
                "TICKETS_S3_ENDPOINT",
            ),
            (
                &[
                    ("TICKETS_TRANSCRIPTS_STORAGE", "s3"),
                    ("TICKETS_S3_BUCKET", "b"),
                    ("TICKETS_S3_ACCESS_KEY_ID", "id"),
                ],
                "TICKETS_S3_SECRET_ACCESS_KEY",
            ),
            (
                &[("TICKETS_MAX_ATTACHMENT_BYTES", "25MB")],
                "TICKETS_MAX_ATTACHMENT_BYTES",
            ),
            (
                &[("TICKETS_MAX_TRANSCRIPT_BYTES", "0")],
                "TICKETS_MAX_TRANSCRIPT_BYTES",
            ),
        ];
        for (env, named) in cases {
            let e = config("", env).unwrap_err().to_string();
            assert!(e.contains(named), "{env:?}: {e}");
        }
    }
}
