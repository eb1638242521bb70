//! Running the binary: spawning it, reading its output, signalling it, waiting (bounded).

use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// A running `tickets` process; killed if the test fails before stopping it.
pub struct Running {
    pub child: Child,
    lines: mpsc::Receiver<String>,
    /// Every line printed so far (stdout), for failure messages.
    pub printed: Vec<String>,
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Running {
    /// Spawns `command` (the binary with its arguments and environment), reading its stdout;
    /// its stderr goes to `stderr`.
    pub fn spawn(mut command: Command, stderr: Stdio) -> Self {
        let mut child = command
            .stdout(Stdio::piped())
            .stderr(stderr)
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (sender, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if sender.send(line).is_err() {
                    break;
                }
            }
        });
        Self {
            child,
            lines,
            printed: Vec::new(),
        }
    }

    /// Waits (at most `limit`) for a printed line containing `wanted`; returns it.
    pub fn wait_for_line(&mut self, wanted: &str, limit: Duration) -> String {
        let deadline = Instant::now() + limit;
        loop {
            if let Some(line) = self.printed.iter().find(|l| l.contains(wanted)) {
                return line.clone();
            }
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => self.printed.push(line),
                Err(_) => panic!(
                    "no line with {wanted:?} within {limit:?}: {:#?}",
                    self.printed
                ),
            }
        }
    }

    /// Sends a signal (`"TERM"`, `"INT"`, `"KILL"`) to the process.
    pub fn signal(&self, name: &str) {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill")
            .args([&format!("-{name}"), &pid])
            .status()
            .unwrap();
        assert!(sent.success(), "kill -{name} {pid}");
    }

    /// Waits (at most `limit`) for the process to exit; `None` if it is still running then.
    pub fn exit_within(&mut self, limit: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + limit;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return Some(status);
            }
            if Instant::now() >= deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

/// A free loopback port.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap()
}

/// The text between `after` and the next `before` in `line`.
pub fn between<'a>(line: &'a str, after: &str, before: &str) -> &'a str {
    let start = line.find(after).unwrap() + after.len();
    let end = line[start..].find(before).unwrap() + start;
    &line[start..end]
}

/// The simulator seeded with the demo server, on a random loopback port.
pub async fn start_simulator() -> discord_sim::SimHandle {
    discord_sim::Simulator::start(discord_sim::SimConfig {
        listen: "127.0.0.1:0".parse().unwrap(),
        scenario: discord_sim::Scenario::demo(tickets_bot::invite::required_permissions().bits()),
        ..discord_sim::SimConfig::default()
    })
    .await
    .unwrap()
}

/// `tickets serve` against the simulator at `sim_url` as its application `app` (credentials as
/// the simulator's state lists them), on `database_url`, with its web server on `web_port` and
/// its data directory (transcripts and their key file) in `data_dir`, never the source tree.
pub fn serve_command(
    sim_url: &str,
    app: &Value,
    database_url: &str,
    web_port: u16,
    data_dir: &std::path::Path,
) -> Command {
    let text = |key: &str| app[key].as_str().unwrap().to_owned();
    let mut command = Command::new(env!("CARGO_BIN_EXE_tickets"));
    command
        .args(["--config", "no-such-file.toml", "serve"])
        .env("DISCORD_TOKEN", text("token"))
        .env("DISCORD_APPLICATION_ID", text("id"))
        .env("DISCORD_PUBLIC_KEY", text("public_key"))
        .env("DISCORD_CLIENT_SECRET", text("client_secret"))
        .env("DISCORD_API_URL", sim_url)
        .env("DATABASE_URL", database_url)
        .env("TICKETS_LISTEN", format!("127.0.0.1:{web_port}"))
        .env("TICKETS_LOG", "info")
        .env("TICKETS_DATA_DIR", data_dir)
        .env_remove("TICKETS_SHUTDOWN_TIMEOUT");
    command
}

/// The demo guild of the simulator's state.
pub fn demo_guild(state: &Value) -> &Value {
    state["guilds"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["name"] == "Demo Server")
        .unwrap()
}

/// Runs a blocking step of a [`Running`] process off the async runtime.
pub async fn blocking<T: Send + 'static>(
    running: Running,
    step: impl FnOnce(&mut Running) -> T + Send + 'static,
) -> (Running, T) {
    tokio::task::spawn_blocking(move || {
        let mut running = running;
        let out = step(&mut running);
        (running, out)
    })
    .await
    .unwrap()
}

/// The ids of the guild's ticket channels (named `ticket-…`).
pub fn ticket_channels(sim: &discord_sim::SimHandle, guild: u64) -> BTreeSet<u64> {
    sim.guild_channels(guild)
        .unwrap()
        .iter()
        .filter(|c| c["name"].as_str().is_some_and(|n| n.starts_with("ticket-")))
        .map(|c| c["id"].as_str().unwrap().parse().unwrap())
        .collect()
}

/// A member runs `/open` in `channel`; the bot's answer, or `Null` when there was none (the bot
/// was killed meanwhile, for one).
pub async fn open(sim: &discord_sim::SimHandle, guild: u64, channel: u64, member: u64) -> Value {
    let body = json!({
        "guild_id": guild.to_string(),
        "channel_id": channel.to_string(),
        "user_id": member.to_string(),
        "name": "open",
        "options": [],
    });
    let response = reqwest::Client::new()
        .post(format!("{}/_sim/act/command", sim.base_url()))
        .json(&body)
        .send()
        .await;
    match response {
        Ok(response) => response.json().await.unwrap_or(Value::Null),
        Err(_) => Value::Null,
    }
}

/// The id of the guild's channel called `name` (in the simulator's state).
pub fn channel_named(guild: &Value, name: &str) -> u64 {
    guild["channels"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap()
}

/// `count` new users, `{prefix}{n}`, made members of the guild; their ids.
pub fn new_members(
    sim: &discord_sim::SimHandle,
    guild: u64,
    prefix: &str,
    count: usize,
) -> Vec<u64> {
    (0..count)
        .map(|n| {
            let user = sim.create_user(&format!("{prefix}{n}")).unwrap();
            let id: u64 = user["id"].as_str().unwrap().parse().unwrap();
            sim.put_member(guild, id, None).unwrap();
            id
        })
        .collect()
}
