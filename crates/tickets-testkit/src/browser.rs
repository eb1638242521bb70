//! A real headless Chromium for dashboard tests, driven over WebDriver with `fantoccini`.
//!
//! Each [`Browser`] runs its own chromedriver on a free loopback port and one Chromium session
//! in a fresh profile, so tests share nothing and can run in parallel. Dropping it (also while a
//! test panics) kills chromedriver and Chromium together; [`Browser::close`] ends the session
//! politely first.
//!
//! The helpers take CSS selectors and wait (boundedly) for what they act on, so a test reads as
//! what a person does: `browser.login(env, "owner")`, `browser.fill("#title", "Support")`,
//! `browser.submit("#panel-form")`, `browser.text_of("#notice")`.

use crate::Env;
use fantoccini::elements::Element;
use fantoccini::error::CmdError;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use rustix::process::{Pid, Signal};
use serde_json::{Value, json};
use std::process::Stdio;
use std::time::{Duration, Instant};
use tokio::process::{Child, Command};

pub use fantoccini;

/// Debian's paths; `TICKETS_CHROMIUM` and `TICKETS_CHROMEDRIVER` override them.
const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// How long chromedriver may take to answer, and a page to show what a test waits for.
const WAIT: Duration = Duration::from_secs(10);

/// How long a look at the page for a failure message may take.
const PEEK: Duration = Duration::from_secs(2);

/// Chromium's switches. Without the background-networking ones it tries to reach Google's
/// services at start and stalls on a machine with no internet.
const SWITCHES: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    // Containers often have a tiny /dev/shm, where Chromium's renderers crash.
    "--disable-dev-shm-usage",
];

/// A headless Chromium session with its own chromedriver.
pub struct Browser {
    client: Option<Client>,
    driver: Child,
    /// chromedriver's process group, which Chromium and its helpers inherit.
    group: Option<Pid>,
    /// Removed when dropped, which is after `Drop::drop` killed the processes writing into it.
    _profile: tempfile::TempDir,
}

impl std::fmt::Debug for Browser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Browser")
            .field("group", &self.group)
            .finish_non_exhaustive()
    }
}

fn binary(variable: &str, default: &str) -> String {
    std::env::var(variable).unwrap_or_else(|_| default.to_owned())
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .unwrap_or_else(|e| panic!("no free loopback port for chromedriver: {e}"))
}

impl Browser {
    /// Starts chromedriver and a headless Chromium in a fresh profile.
    ///
    /// # Panics
    ///
    /// When Chromium or chromedriver is not installed (the message says which Debian packages to
    /// install), or when they do not start within 10 seconds.
    pub async fn start() -> Self {
        let chromium = binary("TICKETS_CHROMIUM", CHROMIUM);
        let chromedriver = binary("TICKETS_CHROMEDRIVER", CHROMEDRIVER);
        let missing: Vec<&str> = [chromium.as_str(), chromedriver.as_str()]
            .into_iter()
            .filter(|path| !std::path::Path::new(path).is_file())
            .collect();
        assert!(
            missing.is_empty(),
            "the dashboard tests need a real browser, and {} is missing: install the Debian \
             packages `chromium` and `chromium-driver` (apt-get install chromium chromium-driver), \
             or point TICKETS_CHROMIUM and TICKETS_CHROMEDRIVER at them",
            missing.join(" and ")
        );
        let profile = tempfile::tempdir()
            .unwrap_or_else(|e| panic!("no temporary directory for Chromium's profile: {e}"));
        let port = free_port();
        let mut driver = Command::new(&chromedriver)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            // Its own process group, so that one signal also ends the Chromium it starts.
            .process_group(0)
            .kill_on_drop(true)
            .spawn()
            .unwrap_or_else(|e| panic!("{chromedriver} does not start: {e}"));
        let group = driver
            .id()
            .and_then(|id| i32::try_from(id).ok())
            .and_then(Pid::from_raw);
        let base = format!("http://127.0.0.1:{port}");
        wait_until_ready(&mut driver, &base).await;

        let mut switches: Vec<String> = SWITCHES.iter().map(|s| (*s).to_owned()).collect();
        switches.push(format!("--user-data-dir={}", profile.path().display()));
        let mut capabilities = serde_json::Map::new();
        capabilities.insert("browserName".to_owned(), json!("chrome"));
        capabilities.insert(
            "goog:chromeOptions".to_owned(),
            json!({"binary": chromium, "args": switches}),
        );
        // Bounds a navigation that never finishes, which would otherwise hang the test.
        capabilities.insert(
            "timeouts".to_owned(),
            json!({"pageLoad": WAIT.as_millis(), "script": WAIT.as_millis()}),
        );
        let mut browser = Self {
            client: None,
            driver,
            group,
            _profile: profile,
        };
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities)
            .connect(&base)
            .await
            .unwrap_or_else(|e| panic!("chromedriver could not start {chromium}: {e}"));
        browser.client = Some(client);
        browser
    }

    /// The WebDriver client, for what the helpers do not cover.
    ///
    /// # Panics
    ///
    /// Never after [`Browser::start`] returned.
    #[must_use]
    pub fn client(&self) -> &Client {
        self.client
            .as_ref()
            .unwrap_or_else(|| panic!("the browser session is closed"))
    }

    /// Opens a URL and waits for the page to load.
    pub async fn goto(&self, url: &str) {
        let done = self.client().goto(url).await;
        self.check(done, || format!("opening {url}")).await;
    }

    /// The URL the browser is on.
    pub async fn url(&self) -> String {
        // Bounded: it also explains failures, when the browser may be stuck.
        match tokio::time::timeout(PEEK, self.client().current_url()).await {
            Ok(Ok(url)) => url.into(),
            Ok(Err(e)) => format!("(unknown URL: {e})"),
            Err(_) => "(unknown URL: the browser does not answer)".to_owned(),
        }
    }

    /// The visible text of the whole page (empty when there is no page).
    pub async fn page_text(&self) -> String {
        let read = async {
            let body = self.client().find(Locator::Css("body")).await?;
            body.text().await
        };
        match tokio::time::timeout(PEEK, read).await {
            Ok(Ok(text)) => text,
            Ok(Err(_)) => String::new(),
            Err(_) => "(no text: the browser does not answer)".to_owned(),
        }
    }

    /// Waits (at most 10 s) until an element matches `css` and returns the first one.
    ///
    /// # Panics
    ///
    /// When none appears in time; the message shows the current URL and the page's text.
    pub async fn wait_for(&self, css: &str) -> Element {
        let found = self
            .client()
            .wait()
            .at_most(WAIT)
            .every(Duration::from_millis(25))
            .for_element(Locator::Css(css))
            .await;
        match found {
            Err(CmdError::WaitTimeout) => panic!(
                "browser: nothing matched {css} within {WAIT:?}\non {}:\n{}",
                self.url().await,
                self.page_text().await
            ),
            found => self.check(found, || format!("waiting for {css}")).await,
        }
    }

    /// The visible text of the first element matching `css`, once there is one.
    pub async fn text_of(&self, css: &str) -> String {
        let element = self.wait_for(css).await;
        let text = element.text().await;
        self.check(text, || format!("reading the text of {css}"))
            .await
    }

    /// Clicks the first element matching `css`, once there is one.
    pub async fn click(&self, css: &str) {
        let element = self.wait_for(css).await;
        let done = element.click().await;
        self.check(done, || format!("clicking {css}")).await;
    }

    /// Replaces the value of an input or text area as if typed.
    pub async fn fill(&self, css: &str, value: &str) {
        let element = self.wait_for(css).await;
        let cleared = element.clear().await;
        self.check(cleared, || format!("clearing {css}")).await;
        let typed = element.send_keys(value).await;
        self.check(typed, || format!("typing into {css}")).await;
    }

    /// Picks the option with `value` in the drop-down matching `css`.
    pub async fn choose(&self, css: &str, value: &str) {
        let element = self.wait_for(css).await;
        let done = element.select_by_value(value).await;
        self.check(done, || format!("choosing {value:?} in {css}"))
            .await;
    }

    /// Submits the form matching `css` by clicking its submit button, as a person would.
    pub async fn submit(&self, css: &str) {
        let page = self.wait_for("html").await;
        self.wait_for(css).await;
        let form = self.client().form(Locator::Css(css)).await;
        let form = self.check(form, || format!("finding the form {css}")).await;
        let done = form.submit().await;
        self.check(done, || format!("submitting {css}")).await;
        self.wait_until_replaced(page, css).await;
    }

    /// Waits (at most 10 s) until the page `old` was part of has been replaced by the next one, so
    /// that what a test reads next comes from the answer to its action, not from the page before.
    async fn wait_until_replaced(&self, old: Element, doing: &str) {
        let deadline = tokio::time::Instant::now() + WAIT;
        // Reading a detached element fails; that failure is the sign the new page is there.
        while old.tag_name().await.is_ok() {
            if tokio::time::Instant::now() > deadline {
                panic!(
                    "browser: the page did not change after submitting {doing}\non {}:\n{}",
                    self.url().await,
                    self.page_text().await
                );
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }

    /// Logs in as the simulated user named `username` through the pages: the dashboard's login
    /// button, then that user's entry on the simulator's consent page.
    ///
    /// # Panics
    ///
    /// When the consent page does not list the user or the login does not end on the dashboard.
    pub async fn login(&self, env: &Env, username: &str) {
        self.goto(&env.web_url()).await;
        self.click("a[href='/login']").await;
        // The consent page lists each user as a link followed by the username in <small>.
        self.wait_for("li a[href*='login_as=']").await;
        let entries = self.client().find_all(Locator::Css("li")).await;
        let entries = self.check(entries, || "listing users".to_owned()).await;
        let mut link = None;
        for entry in entries {
            let Ok(name) = entry.find(Locator::Css("small")).await else {
                continue;
            };
            if name.text().await.is_ok_and(|text| text.trim() == username) {
                link = entry.find(Locator::Css("a")).await.ok();
                break;
            }
        }
        let Some(link) = link else {
            panic!(
                "the consent page at {} does not list {username:?}:\n{}",
                self.url().await,
                self.page_text().await
            );
        };
        let done = link.click().await;
        self.check(done, || format!("choosing {username:?}")).await;
        self.wait_for("form[action='/logout']").await;
    }

    /// Ends the Chromium session, then chromedriver.
    pub async fn close(mut self) {
        if let Some(client) = self.client.take() {
            // Lets chromedriver quit Chromium cleanly; the kill below covers a failure.
            let _ = tokio::time::timeout(WAIT, client.close()).await;
        }
        self.kill();
    }

    /// Panics on a WebDriver error with what was being done and where the browser is.
    async fn check<T>(&self, result: Result<T, CmdError>, doing: impl FnOnce() -> String) -> T {
        match result {
            Ok(value) => value,
            Err(error) => panic!(
                "browser: {} failed: {error}\non {}:\n{}",
                doing(),
                self.url().await,
                self.page_text().await
            ),
        }
    }

    /// Kills chromedriver together with Chromium and reaps chromedriver.
    fn kill(&mut self) {
        match self.group.take() {
            Some(group) => {
                let _ = rustix::process::kill_process_group(group, Signal::KILL);
            }
            None => {
                let _ = self.driver.start_kill();
            }
        }
        // When kill returns, every process of the group has SIGKILL pending and runs no more
        // code, so nothing writes into the profile while it is removed. Reaping chromedriver
        // leaves no zombie; Chromium's orphaned processes are init's to reap, which can take a
        // second or two here and is not worth waiting for.
        let deadline = Instant::now() + Duration::from_secs(1);
        while matches!(self.driver.try_wait(), Ok(None)) && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(5));
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Polls chromedriver's status until it says it is ready.
async fn wait_until_ready(driver: &mut Child, base: &str) {
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(1))
        .build()
        .unwrap_or_else(|e| panic!("an HTTP client: {e}"));
    let started = Instant::now();
    loop {
        if let Ok(answer) = http.get(format!("{base}/status")).send().await
            && let Ok(status) = answer.json::<Value>().await
            && status["value"]["ready"] == true
        {
            return;
        }
        if let Ok(Some(exit)) = driver.try_wait() {
            panic!("chromedriver exited at start ({exit}); is the port {base} taken?");
        }
        assert!(
            started.elapsed() < WAIT,
            "chromedriver did not answer on {base} within {WAIT:?}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
