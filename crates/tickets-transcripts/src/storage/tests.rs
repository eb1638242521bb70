//! One suite of storage behaviour, run against the directory backend and against the S3 backend
//! talking to a real S3-compatible server (moto's server mode) that the test starts on loopback.

use super::*;
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Everything a caller of [`ObjectStore`] relies on, whichever backend is underneath.
async fn storage_suite(store: &ObjectStore) {
    // Missing objects.
    assert_eq!(
        store.get("guilds/1/tickets/1/transcript").await.unwrap(),
        None
    );
    assert!(!store.exists("guilds/1/tickets/1/transcript").await.unwrap());

    // Round trip of every byte value, an empty object and a large one.
    let all_bytes: Vec<u8> = (0..=255).collect();
    store
        .put("guilds/1/tickets/1/transcript", all_bytes.clone())
        .await
        .unwrap();
    assert!(store.exists("guilds/1/tickets/1/transcript").await.unwrap());
    assert_eq!(
        store.get("guilds/1/tickets/1/transcript").await.unwrap(),
        Some(all_bytes)
    );
    store
        .put("guilds/1/tickets/1/files/empty", Vec::new())
        .await
        .unwrap();
    assert_eq!(
        store.get("guilds/1/tickets/1/files/empty").await.unwrap(),
        Some(Vec::new())
    );
    let large: Vec<u8> = (0..6 * 1024 * 1024).map(|i: u32| (i % 251) as u8).collect();
    store
        .put("guilds/1/tickets/1/files/large", large.clone())
        .await
        .unwrap();
    assert_eq!(
        store.get("guilds/1/tickets/1/files/large").await.unwrap(),
        Some(large)
    );

    // Writing again replaces.
    store
        .put("guilds/1/tickets/1/transcript", b"second".to_vec())
        .await
        .unwrap();
    assert_eq!(
        store.get("guilds/1/tickets/1/transcript").await.unwrap(),
        Some(b"second".to_vec())
    );

    // A key that is only a prefix of others is no object.
    assert!(!store.exists("guilds/1/tickets/1").await.unwrap());
    assert_eq!(store.get("guilds/1/tickets/1").await.unwrap(), None);

    // Keys that could escape the store or mean different things to the backends are refused,
    // by every operation.
    for bad in [
        "",
        "/etc/passwd",
        "../outside",
        "guilds/../../x",
        "a//b",
        "a/./b",
        ".hidden",
        "a/.tmp",
        "a\\b",
        "a b",
        "a/",
        "é",
    ] {
        assert!(
            matches!(
                store.put(bad, b"x".to_vec()).await,
                Err(StorageError::InvalidKey(_))
            ),
            "put {bad:?}"
        );
        assert!(
            matches!(store.get(bad).await, Err(StorageError::InvalidKey(_))),
            "get {bad:?}"
        );
        assert!(
            matches!(store.exists(bad).await, Err(StorageError::InvalidKey(_))),
            "exists {bad:?}"
        );
    }
    for bad in ["", "/", "../x", "a/../b"] {
        assert!(
            matches!(
                store.delete_prefix(bad).await,
                Err(StorageError::InvalidKey(_))
            ),
            "delete_prefix {bad:?}"
        );
    }

    // Concurrent writers of different keys all land.
    let writes = (0..16).map(|i| store.put_owned(format!("guilds/3/tickets/{i}/transcript"), i));
    for result in futures_util::future::join_all(writes).await {
        result.unwrap();
    }
    for i in 0..16u8 {
        assert_eq!(
            store
                .get(&format!("guilds/3/tickets/{i}/transcript"))
                .await
                .unwrap(),
            Some(vec![i; 100])
        );
    }

    // Deleting a prefix takes whole segments: ticket 1 goes, ticket 10 and guild 2 stay.
    store
        .put("guilds/1/tickets/10/transcript", b"ten".to_vec())
        .await
        .unwrap();
    store
        .put("guilds/2/tickets/1/transcript", b"other guild".to_vec())
        .await
        .unwrap();
    store
        .put("guilds/1/tickets/1/files/a", b"a".to_vec())
        .await
        .unwrap();
    assert_eq!(store.delete_prefix("guilds/1/tickets/1").await.unwrap(), 4);
    for gone in [
        "guilds/1/tickets/1/transcript",
        "guilds/1/tickets/1/files/a",
        "guilds/1/tickets/1/files/empty",
        "guilds/1/tickets/1/files/large",
    ] {
        assert!(!store.exists(gone).await.unwrap(), "{gone} is still there");
    }
    assert_eq!(
        store.get("guilds/1/tickets/10/transcript").await.unwrap(),
        Some(b"ten".to_vec())
    );
    assert_eq!(
        store.get("guilds/2/tickets/1/transcript").await.unwrap(),
        Some(b"other guild".to_vec())
    );
    // Again: nothing left to delete. With a trailing slash, and on a single object, too.
    assert_eq!(store.delete_prefix("guilds/1/tickets/1/").await.unwrap(), 0);
    assert_eq!(
        store
            .delete_prefix("guilds/1/tickets/10/transcript")
            .await
            .unwrap(),
        1
    );
    assert!(
        !store
            .exists("guilds/1/tickets/10/transcript")
            .await
            .unwrap()
    );
    // And a new object where a deleted one was.
    store
        .put("guilds/1/tickets/1/transcript", b"again".to_vec())
        .await
        .unwrap();
    assert_eq!(
        store.get("guilds/1/tickets/1/transcript").await.unwrap(),
        Some(b"again".to_vec())
    );
}

impl ObjectStore {
    /// `put` with owned arguments, so that many can run at once in the suite.
    async fn put_owned(&self, key: String, fill: u8) -> Result<(), StorageError> {
        self.put(&key, vec![fill; 100]).await
    }
}

#[tokio::test]
async fn the_directory_backend_passes_the_storage_suite() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("transcripts");
    let store = ObjectStore::open(&StoreConfig::Directory(root.clone())).unwrap();
    storage_suite(&store).await;

    // Nothing but objects on the disk: no temporary file left behind, nothing outside the root.
    let mut files = Vec::new();
    collect_files(dir.path(), &mut files);
    files.sort();
    let mut expected: Vec<_> = (0..16)
        .map(|i| root.join(format!("guilds/3/tickets/{i}/transcript")))
        .collect();
    expected.push(root.join("guilds/1/tickets/1/transcript"));
    expected.push(root.join("guilds/2/tickets/1/transcript"));
    expected.sort();
    assert_eq!(files, expected);
    // Deleting a ticket removed its emptied directories too.
    assert!(!root.join("guilds/1/tickets/10").exists());
}

fn collect_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect_files(&path, out);
        } else {
            out.push(path);
        }
    }
}

#[tokio::test]
async fn the_s3_backend_passes_the_storage_suite() {
    let Some(server) = S3Server::start() else {
        return;
    };
    let store = ObjectStore::open(&StoreConfig::S3(server.config("transcripts"))).unwrap();
    server.create_bucket("transcripts").await;
    storage_suite(&store).await;

    // The archive on top of it: a sealed document and attachment in, out, and deleted.
    let archive = crate::archive::Archive::new(store.clone(), crate::crypto::KeyRing::generated());
    let writer = crate::format::compressed_writer(&crate::format::Header::default()).unwrap();
    let document = crate::format::finish_compressed(
        writer,
        &crate::format::TicketFacts::default(),
        &crate::format::Capture::default(),
    )
    .unwrap();
    archive.put_document(9, 1, document).await.unwrap();
    archive
        .put_attachment(9, 1, "77", b"file".to_vec())
        .await
        .unwrap();
    assert!(archive.document(9, 1).await.unwrap().is_some());
    assert_eq!(
        archive.attachment(9, 1, "77").await.unwrap().unwrap(),
        b"file"
    );
    let raw = store
        .get("guilds/9/tickets/1/files/77")
        .await
        .unwrap()
        .unwrap();
    assert!(raw.starts_with(b"TKTS") && !raw.windows(4).any(|w| w == b"file"));
    archive.delete(9, 1).await.unwrap();
    assert!(!archive.has_document(9, 1).await.unwrap());
    assert!(archive.attachment(9, 1, "77").await.unwrap().is_none());

    // A bucket that does not exist is an error, not an empty store.
    let missing = ObjectStore::open(&StoreConfig::S3(server.config("no-such-bucket"))).unwrap();
    assert!(missing.put("a/b", b"x".to_vec()).await.is_err());
}

#[test]
fn s3_settings_that_make_no_client_are_refused_and_secrets_stay_hidden() {
    let config = S3Config {
        endpoint: Some("s3.example.org".to_owned()),
        bucket: "transcripts".to_owned(),
        region: "us-east-1".to_owned(),
        access_key_id: Some("AKIDEXAMPLE".to_owned()),
        secret_access_key: Some("very-secret".to_owned()),
    };
    assert!(matches!(
        ObjectStore::open(&StoreConfig::S3(config.clone())),
        Err(StorageError::Config(_))
    ));
    let no_bucket = S3Config {
        endpoint: None,
        bucket: " ".to_owned(),
        ..config.clone()
    };
    assert!(matches!(
        S3Store::new(&no_bucket),
        Err(StorageError::Config(_))
    ));
    let fine = S3Config {
        endpoint: Some("https://s3.example.org/".to_owned()),
        ..config.clone()
    };
    let store = ObjectStore::open(&StoreConfig::S3(fine)).unwrap();
    for shown in [format!("{config:?}"), format!("{store:?}")] {
        assert!(!shown.contains("very-secret"), "{shown}");
    }
}

/// A moto S3 server on a loopback port, stopped when dropped.
struct S3Server {
    child: Child,
    addr: SocketAddr,
}

impl S3Server {
    /// Starts the server, or returns `None` (saying why) when it is not installed and this is
    /// not CI; in CI its absence fails the test.
    fn start() -> Option<Self> {
        let program =
            std::env::var("TICKETS_TEST_MOTO_SERVER").unwrap_or_else(|_| "moto_server".into());
        // A free port: bind port 0, note it and let it go for the server.
        let addr = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .and_then(|l| l.local_addr())
            .unwrap();
        let spawned = Command::new(&program)
            .args(["-H", "127.0.0.1", "-p", &addr.port().to_string()])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn();
        let child = match spawned {
            Ok(child) => child,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                assert!(
                    std::env::var("CI").as_deref() != Ok("true"),
                    "the S3 tests need moto's server ({program}); .ci/run installs it"
                );
                eprintln!(
                    "SKIPPED: the S3 backend test needs moto's server: `{program}` is not \
                     installed (pip install 'moto[server]', or set TICKETS_TEST_MOTO_SERVER)"
                );
                return None;
            }
            Err(e) => panic!("starting {program}: {e}"),
        };
        let mut server = Self { child, addr };
        let deadline = Instant::now() + Duration::from_secs(30);
        while TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_err() {
            if let Ok(Some(status)) = server.child.try_wait() {
                panic!("{program} exited at start: {status}");
            }
            assert!(
                Instant::now() < deadline,
                "{program} did not listen within 30 s"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        Some(server)
    }

    fn config(&self, bucket: &str) -> S3Config {
        S3Config {
            endpoint: Some(format!("http://{}", self.addr)),
            bucket: bucket.to_owned(),
            region: "us-east-1".to_owned(),
            access_key_id: Some("testing".to_owned()),
            secret_access_key: Some("testing".to_owned()),
        }
    }

    /// Creates a bucket (moto does not check signatures, so a plain request does).
    async fn create_bucket(&self, bucket: &str) {
        let response = reqwest::Client::new()
            .put(format!("http://{}/{bucket}", self.addr))
            .timeout(Duration::from_secs(10))
            .send()
            .await
            .unwrap();
        assert!(response.status().is_success(), "{}", response.status());
    }
}

impl Drop for S3Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
