//! The HTTP interactions endpoint: Discord POSTs each interaction, signed with Ed25519.

use crate::reply::Reply;
use crate::router::Router;
use ed25519_dalek::{Signature, Verifier, VerifyingKey};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use tokio::sync::oneshot;
use twilight_model::application::interaction::{Interaction, InteractionType};

/// How far a request's timestamp may be from our clock before we treat it as a replay.
pub const MAX_CLOCK_SKEW: Duration = Duration::from_secs(300);
/// Discord gives up on an interaction's first answer after 3 seconds.
const DISCORD_DEADLINE: Duration = Duration::from_secs(3);

/// The status and JSON body to answer the POST with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpReply {
    /// HTTP status.
    pub status: u16,
    /// JSON body.
    pub body: Vec<u8>,
}

impl HttpReply {
    fn json(status: u16, body: &str) -> Self {
        Self {
            status,
            body: body.as_bytes().to_vec(),
        }
    }
}

/// A configured public key that is not one.
#[derive(Debug, thiserror::Error)]
#[error("DISCORD_PUBLIC_KEY must be 64 hexadecimal characters (the application's public key)")]
pub struct BadPublicKey;

/// Just the type of an interaction.
#[derive(serde::Deserialize)]
struct Kind {
    #[serde(rename = "type")]
    kind: u8,
}

/// Verifies and dispatches HTTP interactions.
#[derive(Debug, Clone)]
pub struct HttpInteractions {
    router: Router,
    key: VerifyingKey,
}

impl HttpInteractions {
    /// An endpoint that trusts requests signed by `public_key_hex`.
    ///
    /// # Errors
    ///
    /// [`BadPublicKey`] when the key is not 32 bytes of hex encoding a valid point.
    pub fn new(router: Router, public_key_hex: &str) -> Result<Self, BadPublicKey> {
        let bytes: [u8; 32] = hex::decode(public_key_hex.trim())
            .ok()
            .and_then(|b| b.try_into().ok())
            .ok_or(BadPublicKey)?;
        let key = VerifyingKey::from_bytes(&bytes).map_err(|_| BadPublicKey)?;
        Ok(Self { router, key })
    }

    /// Handles one POST: 401 unless the signature over timestamp + raw body is valid and fresh,
    /// PONG to a PING, otherwise the interaction's first answer.
    pub async fn handle(
        &self,
        signature: Option<&str>,
        timestamp: Option<&str>,
        body: &[u8],
    ) -> HttpReply {
        let received = Instant::now();
        if !self.verify(signature, timestamp, body) {
            return HttpReply::json(401, r#"{"error":"invalid request signature"}"#);
        }
        // Discord's PING carries few fields; answer it before reading a full interaction.
        if serde_json::from_slice::<Kind>(body).is_ok_and(|k| k.kind == 1) {
            return HttpReply::json(200, r#"{"type":1}"#);
        }
        let interaction: Interaction = match serde_json::from_slice(body) {
            Ok(interaction) => interaction,
            Err(error) => {
                tracing::warn!(%error, "signed but unreadable interaction");
                return HttpReply::json(400, r#"{"error":"unreadable interaction"}"#);
            }
        };
        if interaction.kind == InteractionType::Ping {
            return HttpReply::json(200, r#"{"type":1}"#);
        }
        let (sender, first_answer) = oneshot::channel();
        let reply = Reply::over_http(self.router.core().clone(), &interaction, received, sender);
        let router = self.router.clone();
        // The work goes on after the HTTP answer (edits, channel removal), so it runs on its own task.
        tokio::spawn(async move { router.handle(interaction, reply).await });
        match tokio::time::timeout(DISCORD_DEADLINE, first_answer).await {
            Ok(Ok(response)) => match serde_json::to_vec(&response) {
                Ok(body) => HttpReply { status: 200, body },
                Err(_) => HttpReply::json(500, r#"{"error":"unencodable answer"}"#),
            },
            _ => HttpReply::json(500, r#"{"error":"no answer in time"}"#),
        }
    }

    fn verify(&self, signature: Option<&str>, timestamp: Option<&str>, body: &[u8]) -> bool {
        let (Some(signature), Some(timestamp)) = (signature, timestamp) else {
            return false;
        };
        if !is_fresh(timestamp, SystemTime::now()) {
            return false;
        }
        let Some(signature) = hex::decode(signature)
            .ok()
            .and_then(|b| <[u8; 64]>::try_from(b).ok())
            .map(|b| Signature::from_bytes(&b))
        else {
            return false;
        };
        let mut message = Vec::with_capacity(timestamp.len() + body.len());
        message.extend_from_slice(timestamp.as_bytes());
        message.extend_from_slice(body);
        self.key.verify(&message, &signature).is_ok()
    }
}

/// Whether a Unix-seconds timestamp is within [`MAX_CLOCK_SKEW`] of `now`.
fn is_fresh(timestamp: &str, now: SystemTime) -> bool {
    let Ok(seconds) = timestamp.parse::<u64>() else {
        return false;
    };
    let Ok(now) = now.duration_since(UNIX_EPOCH) else {
        return false;
    };
    now.as_secs().abs_diff(seconds) <= MAX_CLOCK_SKEW.as_secs()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn freshness_window_is_five_minutes_both_ways() {
        let now = UNIX_EPOCH + Duration::from_secs(1_000_000);
        assert!(is_fresh("1000000", now));
        assert!(is_fresh("1000300", now));
        assert!(is_fresh("999700", now));
        assert!(!is_fresh("1000301", now));
        assert!(!is_fresh("999699", now));
        assert!(!is_fresh("soon", now));
    }
}
