//! The real `tickets` binary, run as a process: what only a process shows (its output, signals,
//! being killed). Where tests belong: the demo in `demo.rs`, stopping on a signal in
//! `stopping.rs`, a crash during openings and the restart after it in `crash.rs`, one during
//! closes in `close_crash.rs`, rendering transcripts in `transcript.rs`, the `keys` subcommand in
//! `keys.rs`; shared steps in `support.rs`.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

mod close_crash;
mod crash;
mod demo;
mod keys;
mod stopping;
mod support;
mod transcript;
