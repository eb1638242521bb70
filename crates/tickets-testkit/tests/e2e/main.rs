//! End-to-end tests: the real application against the Discord simulator, over real HTTP and a
//! real gateway, on SQLite and PostgreSQL. They assert what a Discord user would see.
//!
//! Where new tests belong: opening and closing in `tickets.rs`, refusals and limits in
//! `limits.rs`, Discord failing and crashes in `recovery.rs`, the commands' names as the user documentation lists them in
//! `command_names.rs`, the staff's notes threads in `notes.rs`, the HTTP interactions endpoint's
//! security in `signatures.rs`, the dashboard's login in `dashboard.rs`, its pages over HTTP in
//! `dashboard_pages.rs`, what its requests cost Discord in `dashboard_costs.rs` and the dashboard
//! in a real browser in `browser.rs`, panels and opening from them in
//! `panels.rs`, welcome-message placeholders in `placeholders.rs`, interactions delivered or
//! replayed more than once in `replays.rs`; every entry point refusing whoever lacks the right,
//! with nothing changed, in `doors/`; values refused where they enter (invisible names,
//! non-members and bots, foreign or out-of-range ids) in `inputs.rs`; on-call staff (`/on-call`, the
//! on-call roles, who `/viewstaff` shows on call) in `on_call.rs`; first response times and their
//! placeholders in `response_times.rs`; the awaiting-response category in `awaiting.rs`;
//! automatic closing (its timers, warnings and Keep it open) in `autoclose.rs`.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

mod autoclose;
mod awaiting;
mod browser;
mod buttons;
mod claiming;
mod close_requests;
mod command_names;
mod dashboard;
mod dashboard_costs;
mod dashboard_pages;
mod doors;
mod feedback;
mod forms;
mod helpers;
mod inputs;
mod limits;
mod multi_panels;
mod notes;
mod on_call;
mod panels;
mod placeholders;
mod recovery;
mod replays;
mod response_times;
mod setup;
mod signatures;
mod staff;
mod staff_reach;
mod start_ticket;
mod tags;
mod thread_settings;
mod thread_working;
mod threads;
mod ticket_view;
mod tickets;
mod transcript_acceptance;
mod transcripts;
mod working;
