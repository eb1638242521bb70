//! Stopping is bounded: SIGTERM ends `tickets serve` within its shutdown timeout whatever
//! Discord does.

use crate::support::{Running, between, free_port, serve_command};
use std::process::{Command, Stdio};
use std::time::Duration;
use tickets_store::testing::TestDatabase;

/// Regression: with Discord's gateway gone, `serve` kept retrying its reconnect and ignored
/// SIGTERM (still running 20 s later).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_stops_serve_with_discord_gone() {
    tickets::app::install_crypto();
    let database = TestDatabase::sqlite().await;
    let data = tempfile::tempdir().unwrap();
    // The simulator in a process of its own, so that killing it takes every connection with it,
    // as Discord going away would.
    let mut sim = Command::new(env!("CARGO_BIN_EXE_tickets"));
    sim.args(["--config", "no-such-file.toml", "sim"])
        .args(["--listen", &format!("127.0.0.1:{}", free_port())]);
    let sim = Running::spawn(sim, Stdio::null());
    let (sim, line) = tokio::task::spawn_blocking(move || {
        let mut sim = sim;
        let line = sim.wait_for_line("Discord simulator listening on", Duration::from_secs(60));
        (sim, line)
    })
    .await
    .unwrap();
    let sim_url = format!("http://{}", between(&format!("{line} "), "http://", " "));
    let state: serde_json::Value = reqwest::get(format!("{sim_url}/_sim/state"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let serve = serve_command(
        &sim_url,
        &state["applications"][0],
        database.url(),
        free_port(),
        data.path(),
    );
    let running = Running::spawn(serve, Stdio::null());
    let (mut running, _sim) = tokio::task::spawn_blocking(move || {
        let mut running = running;
        running.wait_for_line("shard ready", Duration::from_secs(60));
        // Discord goes away first: the gateway and the REST API are unreachable from now on.
        let mut sim = sim;
        sim.signal("KILL");
        assert!(sim.exit_within(Duration::from_secs(10)).is_some());
        (running, sim)
    })
    .await
    .unwrap();
    running.signal("TERM");
    // The default shutdown timeout is 10 s; a bound a little above it leaves room for a slow
    // machine, and a process that ignores the signal never exits at all.
    let (status, printed) = tokio::task::spawn_blocking(move || {
        let status = running.exit_within(Duration::from_secs(20));
        (status, running.printed.clone())
    })
    .await
    .unwrap();
    let status = status.unwrap_or_else(|| panic!("still running after SIGTERM: {printed:#?}"));
    assert!(status.success(), "exit status {status}: {printed:#?}");
    database.cleanup().await;
}
