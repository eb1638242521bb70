//! The S3 backend, through the `object_store` crate: path-style requests to a configurable
//! endpoint, so that MinIO, Garage, Ceph and other S3-compatible services work as AWS does.

use super::StorageError;
use futures_util::TryStreamExt as _;
use object_store::path::Path;
use object_store::{ObjectStore as _, ObjectStoreExt as _};
use std::sync::Arc;
use std::time::Duration;

/// Where the bucket is and how to sign in to it.
#[derive(Clone, PartialEq, Eq)]
pub struct S3Config {
    /// The service's base URL (`https://s3.example.org`, `http://127.0.0.1:9000`); `None` for
    /// AWS itself.
    pub endpoint: Option<String>,
    /// The bucket, which must exist.
    pub bucket: String,
    /// The region (many S3-compatible services accept any, commonly `us-east-1`).
    pub region: String,
    /// The access key id; with no key pair the client asks the instance's metadata service.
    pub access_key_id: Option<String>,
    /// The secret access key.
    pub secret_access_key: Option<String>,
}

impl std::fmt::Debug for S3Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("S3Config")
            .field("endpoint", &self.endpoint)
            .field("bucket", &self.bucket)
            .field("region", &self.region)
            .field("access_key_id", &self.access_key_id)
            .field(
                "secret_access_key",
                &self.secret_access_key.as_ref().map(|_| "********"),
            )
            .finish()
    }
}

/// Objects in an S3-compatible bucket.
#[derive(Clone)]
pub struct S3Store {
    inner: Arc<object_store::aws::AmazonS3>,
    endpoint: Option<String>,
    bucket: String,
}

impl std::fmt::Debug for S3Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The client's own Debug output would include the credentials.
        f.debug_struct("S3Store")
            .field("endpoint", &self.endpoint)
            .field("bucket", &self.bucket)
            .finish_non_exhaustive()
    }
}

impl S3Store {
    /// A client for the bucket `config` names; nothing is contacted yet.
    ///
    /// # Errors
    ///
    /// [`StorageError::Config`] for settings that make no client (an empty bucket, a malformed
    /// endpoint).
    pub fn new(config: &S3Config) -> Result<Self, StorageError> {
        if config.bucket.trim().is_empty() {
            return Err(StorageError::Config("the bucket is not set".to_owned()));
        }
        // HTTPS endpoints need rustls's crypto provider; an error only means one is installed.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let retry = object_store::RetryConfig {
            max_retries: 3,
            retry_timeout: Duration::from_secs(30),
            ..object_store::RetryConfig::default()
        };
        let mut builder = object_store::aws::AmazonS3Builder::new()
            .with_bucket_name(&config.bucket)
            .with_region(&config.region)
            .with_virtual_hosted_style_request(false)
            .with_retry(retry);
        if let Some(endpoint) = &config.endpoint {
            let endpoint = endpoint.trim_end_matches('/');
            if !endpoint.starts_with("http://") && !endpoint.starts_with("https://") {
                return Err(StorageError::Config(format!(
                    "the endpoint {endpoint:?} must start with http:// or https://"
                )));
            }
            builder = builder
                .with_endpoint(endpoint)
                .with_allow_http(endpoint.starts_with("http://"));
        }
        if let Some(id) = &config.access_key_id {
            builder = builder.with_access_key_id(id);
        }
        if let Some(secret) = &config.secret_access_key {
            builder = builder.with_secret_access_key(secret);
        }
        let inner = builder
            .build()
            .map_err(|e| StorageError::Config(e.to_string()))?;
        Ok(Self {
            inner: Arc::new(inner),
            endpoint: config.endpoint.clone(),
            bucket: config.bucket.clone(),
        })
    }

    pub(super) async fn put(&self, key: &str, bytes: Vec<u8>) -> Result<(), StorageError> {
        // A single PUT: S3 makes it visible whole or not at all.
        self.inner.put(&path(key)?, bytes.into()).await?;
        Ok(())
    }

    pub(super) async fn get(&self, key: &str) -> Result<Option<Vec<u8>>, StorageError> {
        match self.inner.get(&path(key)?).await {
            Ok(result) => Ok(Some(result.bytes().await?.to_vec())),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    pub(super) async fn exists(&self, key: &str) -> Result<bool, StorageError> {
        match self.inner.head(&path(key)?).await {
            Ok(_) => Ok(true),
            Err(object_store::Error::NotFound { .. }) => Ok(false),
            Err(e) => Err(e.into()),
        }
    }

    pub(super) async fn delete_prefix(&self, prefix: &str) -> Result<u64, StorageError> {
        let prefix = path(prefix)?;
        // Listing `a/1` lists what is under `a/1/`, whole segments as the directory backend;
        // the object `a/1` itself is looked up apart.
        let mut doomed: Vec<Path> = self
            .inner
            .list(Some(&prefix))
            .map_ok(|meta| meta.location)
            .try_collect()
            .await?;
        if self.exists(prefix.as_ref()).await? {
            doomed.push(prefix);
        }
        let mut removed = 0;
        for location in doomed {
            match self.inner.delete(&location).await {
                Ok(()) | Err(object_store::Error::NotFound { .. }) => removed += 1,
                Err(e) => return Err(e.into()),
            }
        }
        Ok(removed)
    }
}

fn path(key: &str) -> Result<Path, StorageError> {
    Path::parse(key).map_err(|_| StorageError::InvalidKey(key.to_owned()))
}
