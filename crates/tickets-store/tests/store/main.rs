//! The store's integration tests: the one test binary of this crate.
//!
//! Database tests use `db_test!`, which runs each on SQLite and on PostgreSQL. Put a new test in
//! the module of the repository it exercises (one module per repository file of the crate); this
//! file holds only the shared helpers and the check that every future can be spawned.

// Helpers and the bodies that `db_test!` wraps are not `#[test]` functions, so clippy's test
// exemption does not reach them; a failed unwrap is how a test fails here.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod activity;
mod autoclose;
mod blacklist;
mod close_requests;
mod connect;
mod feedback;
mod forms;
mod jobs;
mod logins;
mod multi_panels;
mod on_call;
mod panels;
mod settings;
mod snapshot;
mod staff;
mod tags;
mod thread_tickets;
mod tickets;
mod transcripts;

// Shared by every module through `use crate::*`.
use std::collections::BTreeSet;
use tickets_model::ticket::TicketStatus;
use tickets_model::values::TicketLimit;
use tickets_model::{ChannelId, GuildId, UserId};
use tickets_store::settings::GuildSettings;
use tickets_store::testing::db_test;
use tickets_store::tickets::{BeginOpen, TicketRow};
use tickets_store::{Backend, Database, StoreError};

fn guild(n: u64) -> GuildId {
    GuildId::new(1_000 + n)
}

fn user(n: u64) -> UserId {
    UserId::new(2_000 + n)
}

fn channel(n: u64) -> ChannelId {
    ChannelId::new(3_000 + n)
}

async fn reserve(db: &Database, g: GuildId, u: UserId) -> TicketRow {
    match db
        .tickets()
        .begin_open(g, u, None, None, None, None)
        .await
        .unwrap()
    {
        BeginOpen::Reserved(ticket) => ticket,
        other => panic!("expected a reservation, got {other:?}"),
    }
}

async fn open(db: &Database, g: GuildId, u: UserId, c: ChannelId) -> TicketRow {
    let ticket = reserve(db, g, u).await;
    assert!(db.tickets().mark_open(g, ticket.number, c).await.unwrap());
    ticket
}

fn assert_send<T: Send>(_: &T) {}

/// Callers spawn these futures (gateway handlers, the job runner): a non-`Send` future would only
/// show up as a compile error in another crate.
#[tokio::test]
async fn every_future_is_send() {
    let db = Database::connect("sqlite::memory:").await.unwrap();
    let (g, u, c) = (guild(1), user(1), channel(1));
    assert_send(&db.migrate());
    assert_send(&db.ping());
    assert_send(&db.settings().get(g));
    assert_send(&db.settings().set_ticket_limit(g, TicketLimit::DEFAULT));
    assert_send(&db.settings().set_ticket_category(g, Some(c)));
    assert_send(&db.settings().set_language(g, None));
    assert_send(&db.guilds().upsert(g, "x", u));
    assert_send(&db.guilds().get(g));
    let tickets = db.tickets();
    assert_send(&tickets.begin_open(g, u, None, None, Some(1), None));
    assert_send(&tickets.mark_open(g, 1, c));
    assert_send(&tickets.mark_failed(g, 1));
    assert_send(&tickets.close(g, 1, u, None, 0));
    assert_send(&tickets.get(g, 1));
    assert_send(&tickets.get_by_channel(g, c));
    assert_send(&tickets.count_open_by_user(g, u));
    assert_send(&tickets.count_total_by_user(g, u));
    assert_send(&tickets.count_open(g));
    assert_send(&tickets.count_total(g));
    assert_send(&tickets.stale_opening(0));
    assert_send(&db.sessions().get("x", 0));
    assert_send(&db.sessions().delete("x"));
    assert_send(&db.sessions().purge_expired(0));
    assert_send(&db.oauth_states().put("s", "v", None, 0));
    assert_send(&db.oauth_states().take("s", 0));
    assert_send(&db.oauth_states().purge_older_than(0));
    assert_send(&db.jobs().schedule("k", None, "{}", 0));
    assert_send(&db.jobs().claim_due(0, 1, 1, "runner"));
    assert_send(&db.jobs().complete(1));
    assert_send(&db.jobs().retry_later(1, 0));
    let session = logins::session("x", 0);
    assert_send(&db.sessions().create(&session));
    assert_send(&db.settings().save(&GuildSettings::defaults(g)));
    let feedback = db.feedback();
    assert_send(&feedback.offer(g, 1, 0));
    assert_send(&feedback.rate(g, 1, 5, 0));
    assert_send(&feedback.totals(g));
    assert_send(&feedback.save_survey(g, 1, &[]));
    assert_send(&feedback.survey_answered(g, 1));
    assert_send(&db.transcripts().summary_message(g, 1));
    let panel = tickets_model::PanelId::new(1).unwrap();
    let message = tickets_model::MessageId::new(1);
    let panel_fields = multi_panels::panel("x");
    let panels = db.panels();
    assert_send(&panels.create(g, &panel_fields));
    assert_send(&panels.update(g, panel, &panel_fields));
    assert_send(&panels.list(g));
    assert_send(&panels.find_by_message(g, message));
    assert_send(&panels.clear_message_everywhere(g, message));
    assert_send(&panels.count(g));
    assert_send(&panels.delete(g, panel));
    let multi = tickets_model::MultiPanelId::new(1).unwrap();
    let multi_fields = multi_panels::fields(vec![panel]);
    let multis = db.multi_panels();
    assert_send(&multis.create(g, &multi_fields));
    assert_send(&multis.update(g, multi, &multi_fields));
    assert_send(&multis.get(g, multi));
    assert_send(&multis.list(g));
    assert_send(&multis.panels_of(g, multi));
    assert_send(&multis.containing(g, panel));
    assert_send(&multis.find_by_message(g, message));
    assert_send(&multis.delete(g, multi));
    let form = tickets_model::FormId::new(1).unwrap();
    let forms = db.forms();
    assert_send(&forms.create(g, "x"));
    assert_send(&forms.replace_inputs(g, form, &[]));
    assert_send(&forms.inputs(g, form));
    assert_send(&forms.delete(g, form));
    assert_send(&forms.save_answers(g, 1, &[]));
}
