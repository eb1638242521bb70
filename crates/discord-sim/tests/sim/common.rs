//! Starting a simulator with the demo scenario and talking to it.

#![allow(
    dead_code,
    reason = "each test module uses a different part of the kit"
)]

use std::future::Future;
use std::time::Duration;

use discord_sim::{Scenario, SimConfig, SimHandle, Simulator};
use serde_json::{Value, json};
use twilight_model::id::Id;

/// Fails a test that runs longer than this instead of hanging CI.
const TEST_LIMIT: Duration = Duration::from_secs(60);

/// Runs a test body with a time limit.
pub async fn bounded<F: Future<Output = ()>>(body: F) {
    tokio::time::timeout(TEST_LIMIT, body)
        .await
        .unwrap_or_else(|_| panic!("test took longer than {TEST_LIMIT:?}"));
}

/// Installs the ring crypto provider (reqwest and twilight-http are built without one).
pub fn install_crypto() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// A running demo simulator with the ids a test needs.
pub struct Env {
    pub sim: SimHandle,
    pub http: reqwest::Client,
    pub app: u64,
    pub bot: u64,
    pub token: String,
    pub public_key: String,
    pub guild: u64,
    pub owner: u64,
    pub staff: u64,
    pub alice: u64,
    pub bob: u64,
    pub support: u64,
    pub open_a_ticket: u64,
    pub general: u64,
    pub staff_role: u64,
}

fn id_of(list: &Value, key: &str, wanted: &str) -> u64 {
    list.as_array()
        .and_then(|items| items.iter().find(|i| i[key] == wanted))
        .and_then(|i| i["id"].as_str())
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("no {key} {wanted} in {list}"))
}

/// The demo bot's permissions (those of the tickets bot's invite link).
#[must_use]
pub fn bot_permissions() -> u64 {
    discord_sim::scenario::demo_bot_permissions()
}

/// A config for tests: demo scenario, responses checked against the spec.
#[must_use]
pub fn config() -> SimConfig {
    SimConfig {
        scenario: Scenario::demo(bot_permissions()),
        check_responses: true,
        // These tests check REST semantics request by request, often many on one bucket within
        // a second; the rate limits have their own tests (`faults.rs`), with limits on.
        rate_limits: discord_sim::RateLimitConfig::off(),
        ..SimConfig::default()
    }
}

impl Env {
    /// Starts the demo simulator.
    pub async fn start() -> Self {
        Self::with(config()).await
    }

    /// Starts a simulator with this config (the scenario must be the demo's).
    pub async fn with(config: SimConfig) -> Self {
        install_crypto();
        let sim = Simulator::start(config).await.expect("simulator starts");
        let state = sim.state();
        let app = &state["applications"][0];
        let guild = &state["guilds"][0];
        let users = &state["users"];
        Self {
            app: app["id"].as_str().unwrap().parse().unwrap(),
            bot: app["bot_user_id"].as_str().unwrap().parse().unwrap(),
            token: app["token"].as_str().unwrap().to_owned(),
            public_key: app["public_key"].as_str().unwrap().to_owned(),
            guild: guild["id"].as_str().unwrap().parse().unwrap(),
            owner: id_of(users, "username", "owner"),
            staff: id_of(users, "username", "staff"),
            alice: id_of(users, "username", "alice"),
            bob: id_of(users, "username", "bob"),
            support: id_of(&guild["channels"], "name", "Support"),
            open_a_ticket: id_of(&guild["channels"], "name", "open-a-ticket"),
            general: id_of(&guild["channels"], "name", "general"),
            staff_role: id_of(&guild["roles"], "name", "Staff"),
            http: reqwest::Client::new(),
            sim,
        }
    }

    /// A twilight-http client for the bot, through the simulator.
    #[must_use]
    pub fn twilight(&self) -> twilight_http::Client {
        twilight_http::Client::builder()
            .token(self.token.clone())
            .proxy(self.sim.addr().to_string(), true)
            .ratelimiter(None)
            .timeout(Duration::from_secs(10))
            .build()
    }

    /// A raw REST call as the bot; returns the status and the JSON body (`null` when empty).
    pub async fn api(&self, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
        self.call(method, path, body, Some(&format!("Bot {}", self.token)))
            .await
    }

    /// A raw REST call with any (or no) authorization.
    pub async fn call(
        &self,
        method: &str,
        path: &str,
        body: Option<Value>,
        auth: Option<&str>,
    ) -> (u16, Value) {
        let url = format!("{}{path}", self.sim.api_url());
        let mut request = self.http.request(method.parse().unwrap(), url);
        if let Some(auth) = auth {
            request = request.header("authorization", auth);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("simulator reachable");
        let status = response.status().as_u16();
        let text = response.text().await.unwrap();
        (
            status,
            if text.is_empty() {
                Value::Null
            } else {
                serde_json::from_str(&text).unwrap()
            },
        )
    }

    /// A control API call; returns the status and the JSON body.
    pub async fn control(&self, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
        let url = format!("{}/_sim{path}", self.sim.base_url());
        let mut request = self.http.request(method.parse().unwrap(), url);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("simulator reachable");
        let status = response.status().as_u16();
        let text = response.text().await.unwrap();
        (
            status,
            if text.is_empty() {
                Value::Null
            } else {
                serde_json::from_str(&text).unwrap()
            },
        )
    }

    /// Registers the slash commands tests use, in the demo guild.
    pub async fn register_commands(&self) {
        let commands = json!([
            {"name": "open", "description": "Open a ticket", "type": 1, "options": [
                {"name": "subject", "description": "What about", "type": 3, "required": true, "max_length": 100},
                {"name": "urgent", "description": "Urgent?", "type": 5}
            ]},
            {"name": "ticket", "description": "Manage tickets", "type": 1, "options": [
                {"name": "add", "description": "Add a user", "type": 1, "options": [
                    {"name": "user", "description": "Who", "type": 6, "required": true}
                ]},
                {"name": "close", "description": "Close", "type": 1}
            ]},
            {"name": "Report user", "type": 2}
        ]);
        let path = format!("/applications/{}/guilds/{}/commands", self.app, self.guild);
        let (status, body) = self.api("PUT", &path, Some(commands)).await;
        assert_eq!(status, 200, "{body}");
    }

    /// Every request logged so far must have passed the spec validator (or been refused with
    /// 50035), and every response must match the spec.
    pub fn assert_log_conforms(&self) {
        for entry in self.sim.requests(0) {
            assert!(
                entry.get("response_errors").is_none(),
                "response not in the spec: {entry}"
            );
        }
    }
}

/// Typed ids for twilight calls.
#[must_use]
pub fn id<T>(raw: u64) -> Id<T> {
    Id::new(raw)
}

/// A small interactions endpoint, as a bot would run: it verifies Discord's signature with the
/// key it holds, answers PINGs, hands every interaction to the test and answers it with
/// whatever `answer` returns (`None`: 202 with no body, the bot will use the REST callback).
pub struct Endpoint {
    pub url: String,
    pub received: tokio::sync::mpsc::UnboundedReceiver<Value>,
    /// The key the endpoint verifies with; tests swap it to simulate a misconfigured bot.
    pub key: std::sync::Arc<std::sync::Mutex<ed25519_dalek::VerifyingKey>>,
    /// When false the endpoint accepts any signature (a broken bot).
    pub verify: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

type AnswerFn = std::sync::Arc<dyn Fn(&Value) -> Option<Value> + Send + Sync>;

#[derive(Clone)]
struct EndpointState {
    key: std::sync::Arc<std::sync::Mutex<ed25519_dalek::VerifyingKey>>,
    verify: std::sync::Arc<std::sync::atomic::AtomicBool>,
    sender: tokio::sync::mpsc::UnboundedSender<Value>,
    answer: AnswerFn,
}

async fn endpoint_handler(
    axum::extract::State(state): axum::extract::State<EndpointState>,
    headers: axum::http::HeaderMap,
    body: axum::body::Bytes,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    use ed25519_dalek::Verifier;
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    let signature = hex::decode(header("x-signature-ed25519"))
        .ok()
        .and_then(|b| <[u8; 64]>::try_from(b).ok());
    let mut message = header("x-signature-timestamp").into_bytes();
    message.extend_from_slice(&body);
    let key = *state.key.lock().unwrap();
    let valid = signature.is_some_and(|s| {
        key.verify(&message, &ed25519_dalek::Signature::from_bytes(&s))
            .is_ok()
    });
    if state.verify.load(std::sync::atomic::Ordering::SeqCst) && !valid {
        return (
            axum::http::StatusCode::UNAUTHORIZED,
            "invalid request signature",
        )
            .into_response();
    }
    let interaction: Value = serde_json::from_slice(&body).unwrap();
    if interaction["type"] == 1 {
        return axum::Json(json!({"type": 1})).into_response();
    }
    let _ = state.sender.send(interaction.clone());
    match (state.answer)(&interaction) {
        Some(answer) => axum::Json(answer).into_response(),
        None => axum::http::StatusCode::ACCEPTED.into_response(),
    }
}

impl Endpoint {
    /// Starts an endpoint verifying with `public_key_hex`.
    pub async fn start(
        public_key_hex: &str,
        answer: impl Fn(&Value) -> Option<Value> + Send + Sync + 'static,
    ) -> Self {
        let bytes: [u8; 32] = hex::decode(public_key_hex).unwrap().try_into().unwrap();
        let key = std::sync::Arc::new(std::sync::Mutex::new(
            ed25519_dalek::VerifyingKey::from_bytes(&bytes).unwrap(),
        ));
        let verify = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
        let (sender, received) = tokio::sync::mpsc::unbounded_channel();
        let state = EndpointState {
            key: key.clone(),
            verify: verify.clone(),
            sender,
            answer: std::sync::Arc::new(answer),
        };
        let app = axum::Router::new()
            .route("/interactions", axum::routing::post(endpoint_handler))
            .with_state(state);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/interactions", listener.local_addr().unwrap());
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Self {
            url,
            received,
            key,
            verify,
        }
    }

    /// The next interaction the endpoint received.
    pub async fn next(&mut self) -> Value {
        tokio::time::timeout(Duration::from_secs(10), self.received.recv())
            .await
            .expect("an interaction arrives")
            .expect("endpoint running")
    }
}

impl Env {
    /// Starts an endpoint with the application's key and registers it.
    pub async fn endpoint(
        &self,
        answer: impl Fn(&Value) -> Option<Value> + Send + Sync + 'static,
    ) -> Endpoint {
        let endpoint = Endpoint::start(&self.public_key, answer).await;
        self.sim
            .set_interactions_endpoint(self.app, Some(&endpoint.url))
            .await
            .expect("the endpoint passes the PING check");
        endpoint
    }

    /// Runs `/open subject:<subject>` as `user` in #general, in the background.
    pub fn open_as(
        &self,
        user: u64,
        subject: &str,
    ) -> tokio::task::JoinHandle<discord_sim::ActResult> {
        let input = discord_sim::control::api::ActCommand {
            channel_id: discord_sim::control::api::Snowflake(self.general),
            user_id: discord_sim::control::api::Snowflake(user),
            name: "open".to_owned(),
            options: json!([{"name": "subject", "value": subject}]),
            ..Default::default()
        };
        let url = format!("{}/_sim/act/command", self.sim.base_url());
        let http = self.http.clone();
        tokio::spawn(async move {
            let response = http.post(url).json(&input).send().await.unwrap();
            assert_eq!(response.status(), 200);
            response.json().await.unwrap()
        })
    }

    /// Answers an interaction through the REST callback route.
    pub async fn respond(&self, interaction: &Value, response: Value) -> (u16, Value) {
        let path = format!(
            "/interactions/{}/{}/callback",
            interaction["id"].as_str().unwrap(),
            interaction["token"].as_str().unwrap()
        );
        self.call("POST", &path, Some(response), None).await
    }
}
