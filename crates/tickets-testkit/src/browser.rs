//! A real headless Chromium for dashboard tests, driven over the W3C WebDriver protocol.
//!
//! Each [`Browser`] starts its own chromedriver on a free loopback port and one Chromium session
//! in a fresh profile; dropping it ends both. WebDriver is a handful of JSON requests, so this
//! speaks it with the HTTP client the tests already use instead of pulling in a driver crate.
#![expect(
    clippy::expect_used,
    reason = "test support: a browser that cannot start is a failed test, said plainly"
)]

use serde_json::{Value, json};
use std::process::Stdio;
use std::time::{Duration, Instant};
use tokio::process::{Child, Command};

/// Where Debian installs the browser and its driver; override with `TICKETS_CHROMIUM` and
/// `TICKETS_CHROMEDRIVER`.
const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// The W3C key under which element references come back.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// How long a page may take to show what a test waits for.
const WAIT: Duration = Duration::from_secs(10);

/// A headless Chromium session.
pub struct Browser {
    driver: Child,
    base: String,
    http: reqwest::Client,
    _profile: tempfile::TempDir,
}

fn binary(variable: &str, default: &str) -> String {
    std::env::var(variable).unwrap_or_else(|_| default.to_owned())
}

impl Browser {
    /// Starts chromedriver and a headless Chromium.
    ///
    /// # Panics
    ///
    /// When Chromium or chromedriver is missing (install the Debian packages `chromium` and
    /// `chromium-driver`) or does not start.
    pub async fn start() -> Self {
        let chromium = binary("TICKETS_CHROMIUM", CHROMIUM);
        let chromedriver = binary("TICKETS_CHROMEDRIVER", CHROMEDRIVER);
        for path in [&chromium, &chromedriver] {
            assert!(
                std::path::Path::new(path).exists(),
                "{path} is missing: the dashboard tests need a real browser; install the Debian \
                 packages `chromium` and `chromium-driver` (apt-get install chromium chromium-driver)"
            );
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .expect("a free port");
        let driver = Command::new(&chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("chromedriver starts");
        let base = format!("http://127.0.0.1:{port}");
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(30))
            .build()
            .expect("an HTTP client");
        let started = Instant::now();
        while http.get(format!("{base}/status")).send().await.is_err() {
            assert!(started.elapsed() < WAIT, "chromedriver did not start");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let profile = tempfile::tempdir().expect("a temporary profile");
        let args = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
        ];
        let mut args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
        args.push(format!("--user-data-dir={}", profile.path().display()));
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": chromium, "args": args},
        }}});
        let session = http
            .post(format!("{base}/session"))
            .json(&capabilities)
            .send()
            .await
            .expect("chromedriver answers")
            .json::<Value>()
            .await
            .expect("a JSON answer");
        let id = session["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("Chromium did not start: {session}"))
            .to_owned();
        Self {
            driver,
            base: format!("{base}/session/{id}"),
            http,
            _profile: profile,
        }
    }

    async fn command(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
        let mut request = self.http.request(method, format!("{}{path}", self.base));
        if let Some(body) = body {
            request = request.json(&body);
        }
        let answer: Value = request
            .send()
            .await
            .expect("chromedriver answers")
            .json()
            .await
            .expect("a JSON answer");
        answer["value"].clone()
    }

    /// Opens a URL.
    pub async fn goto(&self, url: &str) {
        self.command(reqwest::Method::POST, "/url", Some(json!({"url": url})))
            .await;
    }

    /// The current URL.
    pub async fn url(&self) -> String {
        let url = self.command(reqwest::Method::GET, "/url", None).await;
        url.as_str().unwrap_or_default().to_owned()
    }

    /// The visible text of the whole page.
    pub async fn page_text(&self) -> String {
        match self.find("body").await {
            Some(body) => self.text_of_element(&body).await,
            None => String::new(),
        }
    }

    async fn find(&self, css: &str) -> Option<String> {
        let found = self
            .command(
                reqwest::Method::POST,
                "/element",
                Some(json!({"using": "css selector", "value": css})),
            )
            .await;
        found[ELEMENT_KEY].as_str().map(str::to_owned)
    }

    async fn text_of_element(&self, element: &str) -> String {
        let text = self
            .command(
                reqwest::Method::GET,
                &format!("/element/{element}/text"),
                None,
            )
            .await;
        text.as_str().unwrap_or_default().to_owned()
    }

    /// Waits (at most 10 s) for an element and returns its reference.
    ///
    /// # Panics
    ///
    /// When it never appears, showing the page the browser is on.
    pub async fn wait_for(&self, css: &str) -> String {
        let started = Instant::now();
        loop {
            if let Some(element) = self.find(css).await {
                return element;
            }
            if started.elapsed() > WAIT {
                panic!(
                    "{css} never appeared on {}:\n{}",
                    self.url().await,
                    self.page_text().await
                );
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// The visible text of an element, once it exists.
    pub async fn text_of(&self, css: &str) -> String {
        let element = self.wait_for(css).await;
        self.text_of_element(&element).await
    }

    /// Clicks an element.
    pub async fn click(&self, css: &str) {
        let element = self.wait_for(css).await;
        self.command(
            reqwest::Method::POST,
            &format!("/element/{element}/click"),
            Some(json!({})),
        )
        .await;
    }

    /// Replaces the text of an input or text area, as if typed.
    pub async fn fill(&self, css: &str, text: &str) {
        let element = self.wait_for(css).await;
        self.command(
            reqwest::Method::POST,
            &format!("/element/{element}/clear"),
            Some(json!({})),
        )
        .await;
        self.command(
            reqwest::Method::POST,
            &format!("/element/{element}/value"),
            Some(json!({"text": text})),
        )
        .await;
    }

    /// Chooses the option with `value` in a drop-down.
    pub async fn choose(&self, select_css: &str, value: &str) {
        self.click(&format!("{select_css} option[value=\"{value}\"]"))
            .await;
    }

    /// Ends the Chromium session and chromedriver.
    pub async fn close(mut self) {
        let _ = self.http.delete(&self.base).send().await;
        let _ = self.driver.kill().await;
    }
}
