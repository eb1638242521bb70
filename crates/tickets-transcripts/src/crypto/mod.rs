//! Envelope encryption of stored objects: every object gets a fresh random data key, the payload
//! is sealed with XChaCha20-Poly1305 under that key, and the data key is itself sealed (wrapped)
//! under the current master key of a [`KeyRing`].
//!
//! The layout of a sealed object (all integers big-endian):
//!
//! ```text
//! magic "TKTS" | envelope format (1 byte) | master key id (u32) | object format version (u32)
//! | wrap nonce (24) | wrapped data key (32 + 16 tag) | payload nonce (24) | ciphertext + tag (16)
//! ```
//!
//! Both seals authenticate the whole header plus the [`Binding`] (guild, ticket, format version
//! and object name), so a blob copied to another ticket, swapped with another object of the same
//! ticket, or with an edited header, does not open. See ADR 0011.

mod keyring;

pub use keyring::{KeyError, KeyRing};

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand::RngCore;
use zeroize::Zeroizing;

/// The first bytes of every sealed object.
const MAGIC: &[u8; 4] = b"TKTS";
/// The envelope layout written by this build.
const ENVELOPE_FORMAT: u8 = 1;
const NONCE_LEN: usize = 24;
const KEY_LEN: usize = 32;
const TAG_LEN: usize = 16;
const WRAPPED_LEN: usize = KEY_LEN + TAG_LEN;
/// Magic, format byte, key id, object format version, wrap nonce, wrapped key, payload nonce.
const HEADER_LEN: usize = 4 + 1 + 4 + 4 + NONCE_LEN + WRAPPED_LEN + NONCE_LEN;

/// What a sealed object belongs to; it must be the same to open the object as it was to seal it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Binding<'a> {
    /// The server the ticket belongs to.
    pub guild_id: u64,
    /// The ticket's number within that server.
    pub ticket_number: i64,
    /// The version of the object's own format (the transcript document's version).
    pub format_version: u32,
    /// Which object of the ticket: the document, or an attachment's name.
    pub object: &'a str,
}

/// Why a sealed object does not open.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CryptoError {
    /// The bytes are not a sealed object (too short, or another file's bytes).
    #[error("not a sealed object")]
    NotSealed,
    /// The object was sealed in an envelope layout this build does not know.
    #[error("sealed in envelope format {0}, which this build does not read")]
    UnknownFormat(u8),
    /// The master key the object names is not in the key ring.
    #[error("sealed under master key {0}, which is not in the key file")]
    UnknownKey(u32),
    /// The object was changed, or belongs to another ticket, object or format version.
    #[error("the object does not open: it was changed or belongs elsewhere")]
    Rejected,
}

/// Seals `plaintext` for `binding` under a fresh data key wrapped by the ring's current key.
#[must_use]
pub fn seal(ring: &KeyRing, binding: &Binding<'_>, plaintext: &[u8]) -> Vec<u8> {
    let (key_id, master) = ring.current();
    let mut data_key = Zeroizing::new([0u8; KEY_LEN]);
    let mut wrap_nonce = [0u8; NONCE_LEN];
    let mut payload_nonce = [0u8; NONCE_LEN];
    let mut rng = rand::rngs::OsRng;
    rng.fill_bytes(data_key.as_mut());
    rng.fill_bytes(&mut wrap_nonce);
    rng.fill_bytes(&mut payload_nonce);

    let mut out = Vec::with_capacity(HEADER_LEN + plaintext.len() + TAG_LEN);
    out.extend_from_slice(MAGIC);
    out.push(ENVELOPE_FORMAT);
    out.extend_from_slice(&key_id.to_be_bytes());
    out.extend_from_slice(&binding.format_version.to_be_bytes());
    out.extend_from_slice(&wrap_nonce);

    let wrapped = seal_payload(
        master,
        &wrap_nonce,
        data_key.as_ref(),
        &associated_data(&out, binding),
    );
    debug_assert_eq!(wrapped.len(), WRAPPED_LEN);
    out.extend_from_slice(&wrapped);
    out.extend_from_slice(&payload_nonce);

    let aad = associated_data(&out, binding);
    let sealed = seal_payload(&data_key, &payload_nonce, plaintext, &aad);
    out.extend_from_slice(&sealed);
    out
}

#[expect(
    clippy::expect_used,
    reason = "XChaCha20-Poly1305 refuses only messages over 256 GiB, which no Vec on a supported \
              target can reach and which is far beyond the transcript size limit"
)]
fn seal_payload(key: &[u8; KEY_LEN], nonce: &[u8; NONCE_LEN], msg: &[u8], aad: &[u8]) -> Vec<u8> {
    XChaCha20Poly1305::new(key.into())
        .encrypt(XNonce::from_slice(nonce), Payload { msg, aad })
        .expect("message within the AEAD's length limit")
}

/// Opens an object sealed by [`seal`] for the same `binding`.
///
/// # Errors
///
/// [`CryptoError`]: not a sealed object, an unknown envelope format or master key, or an object
/// that was changed or sealed for another binding.
pub fn open(ring: &KeyRing, binding: &Binding<'_>, sealed: &[u8]) -> Result<Vec<u8>, CryptoError> {
    let header = Header::parse(sealed)?;
    if header.format_version != binding.format_version {
        return Err(CryptoError::Rejected);
    }
    let master = ring
        .get(header.key_id)
        .ok_or(CryptoError::UnknownKey(header.key_id))?;
    let wrap_prefix = &sealed[..HEADER_LEN - WRAPPED_LEN - NONCE_LEN];
    let data_key = XChaCha20Poly1305::new(master.into())
        .decrypt(
            XNonce::from_slice(header.wrap_nonce),
            Payload {
                msg: header.wrapped,
                aad: &associated_data(wrap_prefix, binding),
            },
        )
        .map_err(|_| CryptoError::Rejected)?;
    let data_key = Zeroizing::new(data_key);
    let key: &[u8; KEY_LEN] = data_key
        .as_slice()
        .try_into()
        .map_err(|_| CryptoError::Rejected)?;
    XChaCha20Poly1305::new(key.into())
        .decrypt(
            XNonce::from_slice(header.payload_nonce),
            Payload {
                msg: &sealed[HEADER_LEN..],
                aad: &associated_data(&sealed[..HEADER_LEN], binding),
            },
        )
        .map_err(|_| CryptoError::Rejected)
}

/// The object format version a sealed object declares, read from its (authenticated) header, so
/// that a reader can build the [`Binding`] of an object written by an older build.
///
/// # Errors
///
/// [`CryptoError::NotSealed`] or [`CryptoError::UnknownFormat`]; whether the version is genuine
/// is only known once [`open`] succeeds.
pub fn sealed_format_version(sealed: &[u8]) -> Result<u32, CryptoError> {
    Header::parse(sealed).map(|header| header.format_version)
}

/// The master key id a sealed object names.
///
/// # Errors
///
/// [`CryptoError::NotSealed`] or [`CryptoError::UnknownFormat`].
pub fn sealed_key_id(sealed: &[u8]) -> Result<u32, CryptoError> {
    Header::parse(sealed).map(|header| header.key_id)
}

/// The header fields of a sealed object, borrowed from it.
struct Header<'a> {
    key_id: u32,
    format_version: u32,
    wrap_nonce: &'a [u8],
    wrapped: &'a [u8],
    payload_nonce: &'a [u8],
}

impl<'a> Header<'a> {
    fn parse(sealed: &'a [u8]) -> Result<Self, CryptoError> {
        if sealed.len() < HEADER_LEN + TAG_LEN || !sealed.starts_with(MAGIC) {
            return Err(CryptoError::NotSealed);
        }
        if sealed[4] != ENVELOPE_FORMAT {
            return Err(CryptoError::UnknownFormat(sealed[4]));
        }
        let u32_at = |at: usize| {
            let mut bytes = [0u8; 4];
            bytes.copy_from_slice(&sealed[at..at + 4]);
            u32::from_be_bytes(bytes)
        };
        let nonces = 13;
        Ok(Self {
            key_id: u32_at(5),
            format_version: u32_at(9),
            wrap_nonce: &sealed[nonces..nonces + NONCE_LEN],
            wrapped: &sealed[nonces + NONCE_LEN..nonces + NONCE_LEN + WRAPPED_LEN],
            payload_nonce: &sealed[nonces + NONCE_LEN + WRAPPED_LEN..HEADER_LEN],
        })
    }
}

/// The associated data of either seal: a label, the header bytes written so far and the
/// binding, each field fixed-width or length-prefixed so that no two bindings encode alike.
fn associated_data(header: &[u8], binding: &Binding<'_>) -> Vec<u8> {
    let label = b"tickets transcript object";
    let mut aad = Vec::with_capacity(label.len() + header.len() + 28 + binding.object.len());
    aad.extend_from_slice(label);
    aad.extend_from_slice(&(header.len() as u32).to_be_bytes());
    aad.extend_from_slice(header);
    aad.extend_from_slice(&binding.guild_id.to_be_bytes());
    aad.extend_from_slice(&binding.ticket_number.to_be_bytes());
    aad.extend_from_slice(&binding.format_version.to_be_bytes());
    aad.extend_from_slice(&(binding.object.len() as u64).to_be_bytes());
    aad.extend_from_slice(binding.object.as_bytes());
    aad
}

#[cfg(test)]
mod tests;
