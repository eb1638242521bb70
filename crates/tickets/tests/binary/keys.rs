//! `tickets keys rotate`: a new master key becomes current in the configured key file, and a
//! transcript stored before the rotation still opens after it.

use std::process::{Command, Output};
use tickets_transcripts::archive::Archive;
use tickets_transcripts::crypto::{self, KeyRing};
use tickets_transcripts::format::{self, Header, Message, TicketFacts};
use tickets_transcripts::storage::{ObjectStore, StoreConfig};

fn rotate(data: &std::path::Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tickets"))
        .args(["--config", "no-such-file.toml", "keys", "rotate"])
        .env("TICKETS_DATA_DIR", data)
        .env_remove("TICKETS_TRANSCRIPTS_KEY_FILE")
        .output()
        .unwrap()
}

fn document(text: &str) -> Vec<u8> {
    let mut writer = format::compressed_writer(&Header::default()).unwrap();
    writer
        .push(&Message {
            id: "1".to_owned(),
            timestamp: "2026-01-01T00:00:00+00:00".to_owned(),
            content: text.to_owned(),
            ..Message::default()
        })
        .unwrap();
    format::finish_compressed(writer, &TicketFacts::default(), &Default::default()).unwrap()
}

#[tokio::test]
async fn rotating_keeps_earlier_transcripts_readable_and_seals_new_ones_under_the_new_key() {
    let data = tempfile::tempdir().unwrap();
    // What the bot does with the default settings: the key file and the store under the data
    // directory.
    let key_file = data.path().join("transcript-keys");
    let store = || ObjectStore::open(&StoreConfig::Directory(data.path().join("transcripts")));
    let before = Archive::new(
        store().unwrap(),
        KeyRing::load_or_create(&key_file).unwrap(),
    );
    before
        .put_document(1, 1, document("sealed before"))
        .await
        .unwrap();

    let output = rotate(data.path());
    let printed = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{printed}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(printed.contains("master key 2 is now current"), "{printed}");
    assert!(printed.contains("keys kept: 1, 2"), "{printed}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&key_file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "the rotated key file stays owner-only");
    }

    let ring = KeyRing::load_or_create(&key_file).unwrap();
    assert_eq!(ring.current_id(), 2);
    let after = Archive::new(store().unwrap(), ring);
    let old = after.document(1, 1).await.unwrap().unwrap();
    assert_eq!(old.messages[0].content, "sealed before");
    after
        .put_document(1, 2, document("sealed after"))
        .await
        .unwrap();
    let stored = std::fs::read(
        data.path()
            .join("transcripts/guilds/1/tickets/2/transcript"),
    )
    .unwrap();
    assert_eq!(crypto::sealed_key_id(&stored).unwrap(), 2);
    let stored = std::fs::read(
        data.path()
            .join("transcripts/guilds/1/tickets/1/transcript"),
    )
    .unwrap();
    assert_eq!(crypto::sealed_key_id(&stored).unwrap(), 1);
}

#[test]
fn rotating_without_a_key_file_fails_and_says_why() {
    let data = tempfile::tempdir().unwrap();
    let output = rotate(data.path());
    assert!(!output.status.success());
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(said.contains("no key file at"), "{said}");
    assert!(
        !data.path().join("transcript-keys").exists(),
        "nothing created"
    );
}
