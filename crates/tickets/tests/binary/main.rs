//! The real `tickets` binary, run as a process: what only a process shows (its output, signals,
//! being killed). Where tests belong: the demo in `demo.rs`, stopping on a signal in
//! `stopping.rs`, a crash and the restart after it in `crash.rs`, rendering transcripts in
//! `transcript.rs`; shared steps in `support.rs`.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

mod crash;
mod demo;
mod stopping;
mod support;
mod transcript;
