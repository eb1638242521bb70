//! The proof of the whole: every entry point that exists, knocked on by someone without the
//! right, is refused as that person would see it, and neither the database nor Discord changes
//! (both compared before and after, row by row). The tables also prove their own completeness:
//! a command, a button kind, an autocomplete, a page or a route without a row fails the test.
//!
//! Add a row to `interactions.rs` for a new command, component or modal, and to `dashboard.rs`
//! for a new route; arrange what it needs in `world.rs`.

mod dashboard;
mod interactions;
mod world;

use interactions::{Input, KINDS, Row};
use std::collections::BTreeSet;
use tickets_core::access::Caller;
use tickets_model::permissions::{Capability, PermissionLevel};
use tickets_testkit::{Env, Snapshot, e2e_test, parse};
use tickets_web::Method;
use twilight_model::application::command::{CommandOption, CommandOptionType, CommandType};

/// Every door of the bot as the table names it: `/command`, `/command sub`, "Start Ticket",
/// `command [sub] option` for an option with suggestions, with what the command lets one do.
fn bot_doors(env: &Env) -> (Vec<(String, Capability)>, Vec<String>) {
    fn walk(prefix: &str, options: &[CommandOption], suggests: &mut Vec<String>) {
        for option in options {
            if option.autocomplete == Some(true) {
                suggests.push(format!("{prefix} {}", option.name));
            }
            if option.kind == CommandOptionType::SubCommand {
                walk(
                    &format!("{prefix} {}", option.name),
                    option.options.as_deref().unwrap_or_default(),
                    suggests,
                );
            }
        }
    }
    let mut commands = Vec::new();
    let mut suggests = Vec::new();
    for (command, capability) in tickets_bot::commands::offered(env.core()) {
        if command.kind != CommandType::ChatInput {
            commands.push((command.name.clone(), capability));
            continue;
        }
        let subs: Vec<&CommandOption> = command
            .options
            .iter()
            .filter(|o| o.kind == CommandOptionType::SubCommand)
            .collect();
        if subs.is_empty() {
            commands.push((format!("/{}", command.name), capability));
        }
        for sub in subs {
            commands.push((format!("/{} {}", command.name, sub.name), capability));
        }
        walk(&command.name, &command.options, &mut suggests);
    }
    (commands, suggests)
}

/// The table names every command, subcommand, kind of `custom_id` and autocomplete, once.
fn assert_complete(env: &Env, rows: &[Row]) {
    let (commands, suggests) = bot_doors(env);
    let mut wanted: BTreeSet<String> = commands.into_iter().map(|(door, _)| door).collect();
    wanted.extend(suggests);
    wanted.extend(KINDS.iter().map(|k| (*k).to_owned()));
    let doors: Vec<String> = rows.iter().map(|r| r.door.clone()).collect();
    let listed: BTreeSet<String> = doors.iter().cloned().collect();
    assert_eq!(listed.len(), doors.len(), "a door has two rows: {doors:#?}");
    let missing: Vec<&String> = wanted.difference(&listed).collect();
    let unknown: Vec<&String> = listed.difference(&wanted).collect();
    assert!(
        missing.is_empty() && unknown.is_empty(),
        "doors without a row: {missing:?}; rows of no door: {unknown:?}"
    );
}

/// Every actor of a command row is below the level its command needs (when that is above
/// everyone's): the table cannot pass by knocking with someone who may come in.
async fn assert_under_privileged(env: &Env, rows: &[Row]) {
    let (commands, _) = bot_doors(env);
    for row in rows {
        let Some((_, capability)) = commands.iter().find(|(door, _)| *door == row.door) else {
            continue;
        };
        if capability.needs() == PermissionLevel::Everyone {
            continue;
        }
        let caller = Caller {
            guild_id: env.guild_id(),
            user_id: parse(&row.actor),
            roles: Vec::new(),
        };
        let level = env.core().level(&caller).await.unwrap();
        assert!(
            level < capability.needs(),
            "{}: the actor is {level:?}",
            row.door
        );
    }
}

e2e_test! {
    async fn every_bot_door_refuses_the_under_privileged_and_changes_nothing(env) {
        let world = world::build(env).await;
        let rows = interactions::rows(env, &world);
        assert_complete(env, &rows);
        assert_under_privileged(env, &rows).await;
        // Each row is compared with the state the row before it left, which was the first one.
        let mut before = Snapshot::take(env).await;
        for row in &rows {
            let act = row.knock(env).await;
            row.assert_refused(env, &act);
            before = before.assert_unchanged(env, &row.door).await;
        }
        // The rows really ran where they say: the modal rows were shown their modals.
        assert!(rows.iter().any(|r| matches!(r.input, Input::Modal { .. })));
    }
}

/// The dashboard's table names every route of the router, and every page has routes in it.
#[test]
fn the_dashboard_table_names_every_route() {
    let table: BTreeSet<(Method, &str)> = dashboard::ROUTES
        .iter()
        .map(|r| (r.method, r.path))
        .collect();
    let router: BTreeSet<(Method, &str)> = tickets_web::route_list().into_iter().collect();
    assert_eq!(table.len(), dashboard::ROUTES.len(), "a route has two rows");
    assert_eq!(table, router, "the table and the router differ");
    for page in &tickets_web::PAGES {
        assert!(
            dashboard::ROUTES
                .iter()
                .any(|r| r.page().segment == page.segment),
            "page {} has no row",
            page.segment
        );
    }
}

/// Knocks on every route of the table answering `method`, as everyone below its page.
async fn knock_routes(env: &Env, method: Method) {
    let world = world::build(env).await;
    let mut cookies = std::collections::HashMap::new();
    for user in [&world.stranger, &env.ids.alice, &env.ids.staff] {
        cookies.insert(user.clone(), crate::dashboard::login_as(env, user).await);
    }
    let not_found =
        env.core()
            .catalog()
            .text(&tickets_i18n::Locale::english(), "dash-not-found-text", &[]);
    let mut before = Snapshot::take(env).await;
    for route in dashboard::ROUTES.iter().filter(|r| r.method == method) {
        for actor in route.actors(env, &world) {
            let what = format!("{method:?} {} as {actor}", route.path);
            let (status, page) = route.knock(env, &world, &cookies[&actor]).await;
            assert_eq!(status, reqwest::StatusCode::NOT_FOUND, "{what}: {page}");
            assert!(page.contains(&not_found), "{what}: {page}");
            before = before.assert_unchanged(env, &what).await;
        }
    }
}

e2e_test! {
    async fn every_dashboard_page_refuses_the_under_privileged(env) {
        knock_routes(env, Method::Get).await;
    }
}

e2e_test! {
    async fn every_dashboard_form_refuses_the_under_privileged_and_changes_nothing(env) {
        knock_routes(env, Method::Post).await;
    }
}
