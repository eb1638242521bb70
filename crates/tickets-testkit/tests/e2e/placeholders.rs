//! Every welcome-message placeholder, rendered in a real ticket.

use crate::helpers::*;
use tickets_model::placeholder::BUILT_IN;
use tickets_testkit::e2e_test;

/// What each placeholder must render to; `{user}`, `{channel}`, `{guild}` stand for ids.
const EXPECTED: &[(&str, &str)] = &[
    ("user", "<@{user}>"),
    ("username", "alice"),
    ("ticket_id", "3"),
    ("open_tickets", "3"),
    ("total_tickets", "3"),
    ("user_open_tickets", "2"),
    ("user_total_tickets", "2"),
    ("ticket_limit", "5"),
    ("channel", "<#{channel}>"),
    ("rating_count", "0"),
    ("average_rating", "no ratings yet"),
    ("time", "<t:*:t>"),
    ("date", "<t:*:d>"),
    ("datetime", "<t:*:f>"),
    ("first_response_time_weekly", "no responses yet"),
    ("first_response_time_monthly", "no responses yet"),
    ("first_response_time_all_time", "no responses yet"),
    ("discord_account_creation_date", "<t:*:f>"),
    ("discord_account_age", "<t:*:R>"),
    ("server", "Demo Server"),
    ("user_id", "{user}"),
    ("guild_id", "{guild}"),
    ("claimed_by", "nobody yet"),
];

/// `<t:*:x>` matches a Discord timestamp of style x with any number of seconds.
fn matches(actual: &str, expected: &str) -> bool {
    match expected.split_once('*') {
        Some((head, tail)) => {
            actual.starts_with(head)
                && actual.ends_with(tail)
                && actual[head.len()..actual.len() - tail.len()]
                    .bytes()
                    .all(|b| b.is_ascii_digit())
                && actual.len() > head.len() + tail.len()
        }
        None => actual == expected,
    }
}

e2e_test! {
    async fn every_placeholder_renders_in_the_welcome_message(env) {
        // Every built-in placeholder is in the table, so a new one cannot go untested.
        let names: Vec<&str> = EXPECTED.iter().map(|(name, _)| *name).collect();
        assert_eq!(names, BUILT_IN);

        // Two tickets before this one: one of alice's, one of bob's.
        open_ok(env, &env.ids.alice, None).await;
        open_ok(env, &env.ids.bob, None).await;
        let template: Vec<String> = BUILT_IN.iter().map(|n| format!("{n}=%{n}%")).collect();
        let mut settings = env.db().settings().get(env.guild_id()).await.unwrap();
        settings.welcome_message = Some(template.join("\n"));
        env.db().settings().save(&settings).await.unwrap();

        let ticket = open_ok(env, &env.ids.alice, None).await;
        let welcome = &env.sim.messages(&ticket).await[0];
        let description = welcome["embeds"][0]["description"].as_str().unwrap().to_owned();
        let lines: Vec<&str> = description.lines().collect();
        assert_eq!(lines.len(), EXPECTED.len(), "{description}");
        for ((name, expected), line) in EXPECTED.iter().zip(lines) {
            let expected = expected
                .replace("{user}", &env.ids.alice)
                .replace("{channel}", &ticket)
                .replace("{guild}", &env.ids.guild);
            let actual = line
                .strip_prefix(&format!("{name}="))
                .unwrap_or_else(|| panic!("line {line:?} is not {name}"));
            assert!(matches(actual, &expected), "%{name}% rendered {actual:?}, expected {expected:?}");
        }
    }
}
