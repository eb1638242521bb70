//! Stopping is bounded: SIGTERM ends `tickets serve` within its shutdown timeout whatever
//! Discord does.

use crate::support::{Running, free_port, serve_command, start_simulator};
use std::process::Stdio;
use std::time::Duration;
use tickets_store::testing::TestDatabase;

/// Regression: with Discord's gateway gone, `serve` kept retrying its reconnect and ignored
/// SIGTERM (still running 20 s later).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_stops_serve_with_discord_gone() {
    let database = TestDatabase::sqlite().await;
    let sim = start_simulator().await;
    let mut running = Running::spawn(
        serve_command(&sim, database.url(), free_port()),
        Stdio::null(),
    );
    let running = tokio::task::spawn_blocking(move || {
        running.wait_for_line("shard ready", Duration::from_secs(60));
        running
    })
    .await
    .unwrap();
    // Discord goes away first: the gateway and the REST API are unreachable from now on.
    sim.shutdown().await;
    let mut running = running;
    running.signal("TERM");
    // The default shutdown timeout is 10 s; a bound a little above it leaves room for a slow
    // machine, and a process that ignores the signal never exits at all.
    let status = tokio::task::spawn_blocking(move || {
        let status = running.exit_within(Duration::from_secs(20));
        (status, running.printed.clone())
    })
    .await
    .unwrap();
    let (status, printed) = status;
    let status = status.unwrap_or_else(|| panic!("still running after SIGTERM: {printed:#?}"));
    assert!(status.success(), "exit status {status}: {printed:#?}");
    database.cleanup().await;
}
