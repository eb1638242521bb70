//! Integration tests of the simulator, over real HTTP on 127.0.0.1 with real clients.
//!
//! Where tests go:
//! - `rest.rs`: the twilight-http client against each REST resource (happy paths);
//! - `strict.rs`: one test per Discord rule, with a request Discord would reject;
//! - `interactions.rs`: act calls, callbacks, followups, signed HTTP delivery;
//! - `conformance.rs`: every implemented route's responses against the spec;
//! - `oauth.rs`: the OAuth2 code flow with PKCE;
//! - `faults.rs`: injected faults and rate limits;
//! - `control.rs`: the control API's own routes (setup and inspection); `clock.rs`: moving
//!   the simulator's clock;
//! - `attachments.rs`, `reactions.rs`, `history.rs`: files and the CDN route, reactions,
//!   replies, edits, the Message Content intent and paging, as a transcript reads them;
//! - `threads.rs`, `thread_lists.rs`: thread mode (creation events, mentions, archive and lock,
//!   the active-threads limit) and the thread listing routes;
//! - `roles.rs`: member roles, role edits and deletion, and the role hierarchy;
//! - `clients.rs`: what client libraries other than twilight send (discord.py).
//!
//! The gateway protocol on its own is tested in `tests/gateway/`.

#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test helpers fail the test by panicking, like the tests themselves"
)]

mod attachments;
mod clients;
mod clock;
mod common;
mod conformance;
mod control;
mod faults;
mod history;
mod interactions;
mod oauth;
mod reactions;
mod rest;
mod roles;
mod strict;
mod thread_lists;
mod threads;
