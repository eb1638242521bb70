use super::*;

const TEXT: &[u8] = b"The customer's password reset link is https://example.org/reset/42";

fn binding(object: &str) -> Binding<'_> {
    Binding {
        guild_id: 1_000,
        ticket_number: 7,
        format_version: 1,
        object,
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn a_sealed_object_opens_with_its_binding_and_shows_no_plaintext() {
    let ring = KeyRing::generated();
    let sealed = seal(&ring, &binding("transcript"), TEXT);
    assert!(
        !contains(&sealed, b"password"),
        "plaintext in the sealed bytes"
    );
    assert!(
        !contains(&sealed, b"example.org"),
        "plaintext in the sealed bytes"
    );
    assert_eq!(open(&ring, &binding("transcript"), &sealed).unwrap(), TEXT);
    assert_eq!(sealed_key_id(&sealed).unwrap(), 1);
    assert_eq!(sealed_format_version(&sealed).unwrap(), 1);
}

#[test]
fn the_same_plaintext_seals_differently_every_time() {
    let ring = KeyRing::generated();
    let a = seal(&ring, &binding("transcript"), TEXT);
    let b = seal(&ring, &binding("transcript"), TEXT);
    assert_ne!(a, b, "a fresh data key and nonces per object");
}

#[test]
fn an_object_moved_to_another_ticket_guild_object_or_version_does_not_open() {
    let ring = KeyRing::generated();
    let sealed = seal(&ring, &binding("transcript"), TEXT);
    let others = [
        Binding {
            ticket_number: 8,
            ..binding("transcript")
        },
        Binding {
            guild_id: 1_001,
            ..binding("transcript")
        },
        binding("files/123"),
        Binding {
            format_version: 2,
            ..binding("transcript")
        },
    ];
    for other in others {
        assert_eq!(
            open(&ring, &other, &sealed),
            Err(CryptoError::Rejected),
            "{other:?}"
        );
    }
}

#[test]
fn any_changed_byte_is_refused() {
    let ring = KeyRing::generated();
    let sealed = seal(&ring, &binding("transcript"), TEXT);
    for at in 0..sealed.len() {
        let mut tampered = sealed.clone();
        tampered[at] ^= 0x01;
        assert!(
            open(&ring, &binding("transcript"), &tampered).is_err(),
            "byte {at} changed and it still opened"
        );
    }
    let mut cut = sealed.clone();
    cut.pop();
    assert!(open(&ring, &binding("transcript"), &cut).is_err());
    assert_eq!(
        open(&ring, &binding("transcript"), b"{\"plain\": \"json\"}"),
        Err(CryptoError::NotSealed)
    );
}

#[test]
fn another_ring_does_not_open_it() {
    let sealed = seal(&KeyRing::generated(), &binding("transcript"), TEXT);
    assert_eq!(
        open(&KeyRing::generated(), &binding("transcript"), &sealed),
        Err(CryptoError::Rejected)
    );
}

#[test]
fn the_key_file_is_created_owner_only_and_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state/transcript-keys");
    let ring = KeyRing::load_or_create(&path).unwrap();
    assert_eq!(ring.current_id(), 1);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    let sealed = seal(&ring, &binding("transcript"), TEXT);
    let again = KeyRing::load_or_create(&path).unwrap();
    assert_eq!(open(&again, &binding("transcript"), &sealed).unwrap(), TEXT);
    let leftovers: Vec<_> = std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers, ["transcript-keys"], "no temporary file left");
}

#[test]
fn rotation_keeps_old_objects_readable_and_seals_new_ones_under_the_new_key() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("keys");
    let first = KeyRing::load_or_create(&path).unwrap();
    let old = seal(&first, &binding("transcript"), TEXT);

    assert_eq!(KeyRing::rotate(&path).unwrap(), 2);
    let second = KeyRing::load_or_create(&path).unwrap();
    assert_eq!(second.current_id(), 2);
    assert_eq!(second.ids(), [1, 2]);
    assert_eq!(open(&second, &binding("transcript"), &old).unwrap(), TEXT);
    let new = seal(&second, &binding("transcript"), TEXT);
    assert_eq!(sealed_key_id(&new).unwrap(), 2);
    // The ring from before the rotation does not know key 2.
    assert_eq!(
        open(&first, &binding("transcript"), &new),
        Err(CryptoError::UnknownKey(2))
    );
    assert_eq!(KeyRing::rotate(&path).unwrap(), 3);
}

#[test]
fn rotating_without_a_key_file_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let error = KeyRing::rotate(&dir.path().join("nothing")).unwrap_err();
    assert!(matches!(error, KeyError::Missing(_)), "{error}");
}

#[cfg(unix)]
#[test]
fn a_key_file_others_can_read_is_refused() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("keys");
    KeyRing::load_or_create(&path).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    let error = KeyRing::load_or_create(&path).unwrap_err();
    assert!(error.to_string().contains("chmod 600"), "{error}");
}

#[test]
fn a_damaged_key_file_is_refused_not_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("keys");
    KeyRing::load_or_create(&path).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("key 1 ", "key 1 !!")).unwrap();
    let error = KeyRing::load_or_create(&path).unwrap_err();
    assert!(matches!(error, KeyError::Malformed { .. }), "{error}");
    assert!(std::fs::read_to_string(&path).unwrap().contains("!!"));
}

#[test]
fn debug_output_shows_no_key() {
    let ring = KeyRing::generated();
    let shown = format!("{ring:?}");
    assert_eq!(shown, "KeyRing { ids: [1], current: 1 }");
}
