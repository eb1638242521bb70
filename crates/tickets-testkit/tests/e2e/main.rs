//! End-to-end tests: the real application against the Discord simulator, over real HTTP and a
//! real gateway, on SQLite and PostgreSQL. They assert what a Discord user would see.
//!
//! Where new tests belong: opening and closing in `tickets.rs`, refusals and limits in
//! `limits.rs`, Discord failing and crashes in `recovery.rs`, the HTTP interactions endpoint's
//! security in `signatures.rs`, the dashboard's login in `dashboard.rs`, its pages over HTTP in
//! `dashboard_pages.rs` and in a real browser in `browser.rs`, panels and opening from them in
//! `panels.rs`, welcome-message placeholders in `placeholders.rs`, values refused where they
//! enter (invisible names, non-members and bots, foreign or out-of-range ids) in `inputs.rs`.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

mod browser;
mod buttons;
mod claiming;
mod close_requests;
mod dashboard;
mod dashboard_pages;
mod forms;
mod helpers;
mod inputs;
mod limits;
mod multi_panels;
mod panels;
mod placeholders;
mod recovery;
mod setup;
mod signatures;
mod staff;
mod start_ticket;
mod tags;
mod tickets;
mod working;
