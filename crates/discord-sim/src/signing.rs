//! Signed HTTP interaction delivery, exactly as Discord signs: Ed25519 over the timestamp
//! followed by the raw body, hex in `X-Signature-Ed25519`, the timestamp (Unix seconds) in
//! `X-Signature-Timestamp`.

use ed25519_dalek::{Signer, SigningKey};
use serde_json::Value;

use crate::sim::Sim;
use crate::state::snowflake::now_ms;

/// The hex signature of `timestamp + body`.
#[must_use]
pub fn sign(key: &SigningKey, timestamp: &str, body: &str) -> String {
    let mut message = Vec::with_capacity(timestamp.len() + body.len());
    message.extend_from_slice(timestamp.as_bytes());
    message.extend_from_slice(body.as_bytes());
    hex::encode(key.sign(&message).to_bytes())
}

/// What an endpoint answered.
#[derive(Debug, Clone)]
pub struct Delivered {
    pub status: u16,
    /// The JSON body, if the endpoint sent one.
    pub body: Option<Value>,
    /// The request exactly as it was signed and sent.
    pub request: SignedRequest,
}

/// A signed delivery as it went over the wire: what someone who captured it could send again.
#[derive(Debug, Clone)]
pub struct SignedRequest {
    /// `X-Signature-Timestamp`.
    pub timestamp: String,
    /// `X-Signature-Ed25519`.
    pub signature: String,
    /// The raw body.
    pub body: String,
}

/// POSTs a signed interaction to an endpoint.
///
/// # Errors
///
/// A description of the transport failure (refused connection, timeout ...).
pub async fn deliver(
    sim: &Sim,
    url: &str,
    key: &SigningKey,
    body: &str,
) -> Result<Delivered, String> {
    let timestamp = (now_ms() / 1000).to_string();
    let signature = sign(key, &timestamp, body);
    let response = sim
        .http
        .post(url)
        .header("content-type", "application/json")
        .header(
            "user-agent",
            "Discord-Interactions/1.0 (+https://discord.com)",
        )
        .header("x-signature-ed25519", signature.clone())
        .header("x-signature-timestamp", timestamp.clone())
        .body(body.to_owned())
        .send()
        .await
        .map_err(|e| format!("cannot reach {url}: {e}"))?;
    let status = response.status().as_u16();
    let text = response.text().await.unwrap_or_default();
    Ok(Delivered {
        status,
        body: serde_json::from_str(&text).ok(),
        request: SignedRequest {
            timestamp,
            signature,
            body: body.to_owned(),
        },
    })
}

#[cfg(test)]
mod tests {
    use ed25519_dalek::{Signature, Verifier};

    use super::*;

    #[test]
    fn signatures_verify_with_the_public_key_over_timestamp_and_body() {
        let key = SigningKey::from_bytes(&[7; 32]);
        let signature = sign(&key, "1700000000", "{\"type\":1}");
        let bytes: [u8; 64] = hex::decode(signature).unwrap().try_into().unwrap();
        let message = b"1700000000{\"type\":1}";
        assert!(
            key.verifying_key()
                .verify(message, &Signature::from_bytes(&bytes))
                .is_ok()
        );
    }
}
