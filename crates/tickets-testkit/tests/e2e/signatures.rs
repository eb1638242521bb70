//! The HTTP interactions endpoint verifies Discord's Ed25519 signature and the timestamp's age.

use ed25519_dalek::{Signer, SigningKey};
use std::time::{SystemTime, UNIX_EPOCH};
use tickets_testkit::{Backend, Delivery, Env, EnvOptions, run_guarded};

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

fn sign(key: &SigningKey, timestamp: &str, body: &str) -> String {
    let mut message = timestamp.as_bytes().to_vec();
    message.extend_from_slice(body.as_bytes());
    hex::encode(key.sign(&message).to_bytes())
}

async fn post(
    env: &Env,
    signature: Option<&str>,
    timestamp: Option<&str>,
    body: &str,
) -> (u16, String) {
    let mut request = reqwest::Client::new()
        .post(format!("{}/interactions", env.web_url()))
        .header("content-type", "application/json")
        .body(body.to_owned());
    if let Some(signature) = signature {
        request = request.header("x-signature-ed25519", signature);
    }
    if let Some(timestamp) = timestamp {
        request = request.header("x-signature-timestamp", timestamp);
    }
    let response = request.send().await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

/// An environment whose application trusts a key this test holds (not the simulator's).
async fn env_with_own_key(key: &SigningKey) -> Env {
    let options = EnvOptions {
        backend: Backend::Sqlite,
        delivery: Delivery::Gateway,
        public_key: Some(hex::encode(key.verifying_key().to_bytes())),
    };
    Env::start(options).await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signed_ping_gets_pong_and_bad_or_stale_signatures_get_401() {
    let key = SigningKey::from_bytes(&rand::random());
    let env = env_with_own_key(&key).await;
    let outcome = run_guarded(async {
        let ping = r#"{"id":"1","application_id":"2","type":1,"token":"t","version":1}"#;
        let fresh = now().to_string();
        let good = sign(&key, &fresh, ping);
        let (status, body) = post(&env, Some(&good), Some(&fresh), ping).await;
        assert_eq!((status, body.as_str()), (200, r#"{"type":1}"#));

        // One changed byte in the body.
        let tampered = ping.replace("\"t\"", "\"u\"");
        assert_eq!(
            post(&env, Some(&good), Some(&fresh), &tampered).await.0,
            401
        );
        // Signed by someone else.
        let other = SigningKey::from_bytes(&rand::random());
        assert_eq!(
            post(&env, Some(&sign(&other, &fresh, ping)), Some(&fresh), ping)
                .await
                .0,
            401
        );
        // Correctly signed but more than five minutes old, or from the future. A margin of ten
        // seconds keeps a slow machine's clock ticking between signing and checking from
        // turning 301 s into an accepted 300 s.
        for skew in [-310_i64, 310] {
            let when = (i64::try_from(now()).unwrap() + skew).to_string();
            let (status, _) = post(&env, Some(&sign(&key, &when, ping)), Some(&when), ping).await;
            assert_eq!(status, 401, "timestamp {skew:+} s");
        }
        // Without the headers.
        assert_eq!(post(&env, None, None, ping).await.0, 401);
        assert_eq!(post(&env, Some("zz"), Some(&fresh), ping).await.0, 401);
    })
    .await;
    env.finish(outcome).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_simulator_cannot_use_an_endpoint_that_rejects_its_signature() {
    // The application trusts another key, so it answers the simulator's signed PING with 401
    // and the simulator refuses the URL, as Discord does.
    let key = SigningKey::from_bytes(&rand::random());
    let env = env_with_own_key(&key).await;
    let outcome = run_guarded(async {
        let url = format!("{}/interactions", env.web_url());
        let response = reqwest::Client::new()
            .patch(format!(
                "{}/_sim/applications/{}",
                env.sim.base(),
                env.ids.application
            ))
            .json(&serde_json::json!({"interactions_endpoint_url": url}))
            .send()
            .await
            .unwrap();
        assert!(response.status().is_client_error(), "{}", response.status());
        let state = env.sim.state().await;
        assert!(state["applications"][0]["interactions_endpoint_url"].is_null());
    })
    .await;
    env.finish(outcome).await;
}
