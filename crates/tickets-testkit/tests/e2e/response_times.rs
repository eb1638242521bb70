//! First response times, recorded from the gateway's message events: the first message of the
//! ticket's staff counts once, the opener's and the bot's never; the three
//! `%first_response_time_*%` placeholders show the median of the last 7 days, 30 days and all
//! time, in words; closing records how long the ticket took.

use crate::helpers::*;
use std::time::Duration;
use tickets_store::tickets::TicketRow;
use tickets_testkit::{Env, e2e_test, parse};

const HOUR: u64 = 3600;
const DAY: u64 = 24 * HOUR;

/// The ticket of a channel, as stored.
async fn ticket(env: &Env, channel: &str) -> TicketRow {
    env.db()
        .tickets()
        .get_by_channel(env.guild_id(), parse(channel))
        .await
        .unwrap()
        .unwrap()
}

/// The three response-time placeholders, as the welcome message of a new ticket of bob's shows
/// them (weekly, monthly, all time).
async fn shown(env: &Env) -> Vec<String> {
    let channel = open_ok(env, &env.ids.bob, None).await;
    let welcome = &env.sim.messages(&channel).await[0];
    let lines = welcome["embeds"][0]["description"]
        .as_str()
        .unwrap()
        .to_owned();
    close(env, &env.ids.owner, &channel, None).await;
    lines.lines().map(str::to_owned).collect()
}

fn minutes(ms: Option<i64>) -> Option<i64> {
    ms.map(|ms| ms / 1000 / 60)
}

e2e_test! {
    async fn the_first_staff_answer_is_timed_and_the_placeholders_show_medians_in_words(env) {
        grant(env, &env.ids.owner, "addsupport", &env.ids.staff).await;
        let mut settings = env.db().settings().get(env.guild_id()).await.unwrap();
        settings.welcome_message = Some(
            "%first_response_time_weekly%\n%first_response_time_monthly%\n%first_response_time_all_time%".to_owned(),
        );
        env.db().settings().save(&settings).await.unwrap();
        let none = "no responses yet".to_owned();
        assert_eq!(shown(env).await, [none.clone(), none.clone(), none]);

        // Two tickets opened together: the opener's own message and the bot's welcome are no
        // answer; the staff answers the second after an hour and the first after three.
        let first = open_ok(env, &env.ids.alice, None).await;
        let second = open_ok(env, &env.ids.alice, None).await;
        let by_opener = writes(env, &first, &env.ids.alice, "a message").await;
        assert_eq!(by_opener.activity.first_response_at, None);
        assert!(by_opener.activity.opener_last_message_at.is_some());
        env.advance_clock(Duration::from_secs(HOUR));
        let answered = writes(env, &second, &env.ids.staff, "a message").await;
        assert_eq!(minutes(answered.activity.first_response_ms), Some(60), "in minutes");
        env.advance_clock(Duration::from_secs(2 * HOUR));
        writes(env, &first, &env.ids.staff, "a message").await;
        // A second answer changes nothing.
        env.advance_clock(Duration::from_secs(HOUR));
        let again = writes(env, &second, &env.ids.staff, "a message").await;
        assert_eq!(minutes(again.activity.first_response_ms), Some(60));
        assert_eq!(shown(env).await, ["2 hours", "2 hours", "2 hours"]);

        // Eight days later a third ticket is answered after an hour and a half: the week holds
        // it alone; the month and all time hold all three (1 h, 1 h 30, 3 h).
        env.advance_clock(Duration::from_secs(8 * DAY));
        let third = open_ok(env, &env.ids.alice, None).await;
        env.advance_clock(Duration::from_secs(HOUR + HOUR / 2));
        writes(env, &third, &env.ids.staff, "a message").await;
        assert_eq!(
            shown(env).await,
            ["1 hour 30 minutes", "1 hour 30 minutes", "1 hour 30 minutes"]
        );

        // A month later, a fourth, answered after four hours: it alone is in the week and the
        // month; all time has four, whose median is the mean of 1 h 30 and 3 h.
        env.advance_clock(Duration::from_secs(31 * DAY));
        let fourth = open_ok(env, &env.ids.alice, None).await;
        env.advance_clock(Duration::from_secs(4 * HOUR));
        writes(env, &fourth, &env.ids.staff, "a message").await;
        assert_eq!(shown(env).await, ["4 hours", "4 hours", "2 hours 15 minutes"]);

        // Closing records how long the ticket was open.
        env.advance_clock(Duration::from_secs(HOUR));
        let act = close(env, &env.ids.staff, &fourth, None).await;
        assert!(act.error.is_none(), "{:?}", act.error);
        let closed = env.db().tickets().get(env.guild_id(), ticket(env, &fourth).await.number).await.unwrap().unwrap();
        assert_eq!(minutes(closed.activity.resolution_ms), Some(5 * 60), "in minutes");
    }
}
