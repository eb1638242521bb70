//! Feedback after the close: the rating buttons of the opener's close DM (and of the prompt in a
//! thread ticket), a changed rating, a rating final after 24 hours, refusals of whoever is not
//! the opener, the exit survey's modal and its answers, the transcripts channel's summary
//! showing the rating, and `%rating_count%` / `%average_rating%` after known ratings.

use crate::helpers::*;
use crate::threads::{click_panel, panel, thread_mode, wait_for_channel};
use serde_json::{Value, json};
use std::time::Duration;
use tickets_core::UseCaseError;
use tickets_model::custom_id::Stars;
use tickets_model::form::{FormInput, FormName};
use tickets_testkit::{Env, e2e_test, parse};

/// The newest DM `user` got once it carries rating buttons (bounded wait: it follows the close).
async fn rating_dm(env: &Env, user: &str) -> Value {
    for _ in 0..250 {
        if let Some(dm) = env.sim.dms(user).await.pop()
            && !rating_buttons(&dm).is_empty()
        {
            return dm;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!(
        "no rating buttons in the DMs of {user}: {:?}",
        env.sim.dms(user).await
    );
}

/// The rating buttons of a message: `(label, custom_id, style)`.
fn rating_buttons(message: &Value) -> Vec<(String, String, u64)> {
    message["components"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|row| row["components"].as_array().cloned().unwrap_or_default())
        .filter(|b| {
            b["custom_id"]
                .as_str()
                .is_some_and(|id| id.starts_with("t:rate:"))
        })
        .map(|b| {
            (
                b["label"].as_str().unwrap().to_owned(),
                b["custom_id"].as_str().unwrap().to_owned(),
                b["style"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn embed_field(message: &Value, name: &str) -> Option<String> {
    message["embeds"][0]["fields"]
        .as_array()?
        .iter()
        .find(|f| f["name"] == name)
        .map(|f| f["value"].as_str().unwrap().to_owned())
}

/// A message of `channel` by its id, as Discord shows it now.
async fn message_in(env: &Env, channel: &str, id: &str) -> Value {
    env.sim
        .messages(channel)
        .await
        .into_iter()
        .find(|m| m["id"] == id)
        .unwrap_or_else(|| panic!("no message {id} in {channel}"))
}

/// The bot's DM message `id` to `user`, as it reads now.
async fn dm_now(env: &Env, user: &str, id: &str) -> Value {
    env.sim
        .dms(user)
        .await
        .into_iter()
        .find(|m| m["id"] == id)
        .unwrap_or_else(|| panic!("no DM {id}"))
}

/// `#transcripts` as the transcripts channel, set with `/setup transcripts`.
async fn transcripts_channel(env: &Env) -> String {
    let logs = channel_id_named(env, "transcripts").await;
    let options = json!([{"name": "transcripts", "options": [{"name": "channel", "value": logs}]}]);
    let act = env
        .sim
        .command(
            &env.ids.guild,
            &env.ids.general,
            &env.ids.owner,
            "setup",
            options,
        )
        .await;
    assert!(act.error.is_none(), "{:?}", act.error);
    logs
}

/// A ticket of `user` in which they wrote, closed by the owner; its number.
async fn closed_ticket(env: &Env, user: &str) -> i64 {
    let ticket = open_ok(env, user, None).await;
    writes(env, &ticket, user, "It still does not work").await;
    let number = env
        .db()
        .tickets()
        .get_by_channel(env.guild_id(), parse(&ticket))
        .await
        .unwrap()
        .unwrap()
        .number;
    let closed = close(env, &env.ids.owner, &ticket, Some("Solved")).await;
    assert!(closed.error.is_none(), "{:?}", closed.error);
    assert!(wait_until_gone(env, &ticket).await);
    number
}

e2e_test! {
    async fn the_opener_rates_changes_the_rating_and_answers_the_exit_survey(env) {
        let (guild, alice) = (env.ids.guild.clone(), env.ids.alice.clone());
        let logs = transcripts_channel(env).await;
        let form = env.core().create_form(&env.owner(), &FormName::parse("How did we do?").unwrap()).await.unwrap();
        let questions = [
            FormInput::parse("Was the answer quick?", "", "short", true, "", "", "").unwrap(),
            FormInput::parse("Anything else?", "", "paragraph", false, "", "", "").unwrap(),
        ];
        env.core().save_form_inputs(&env.owner(), form.form_id, &questions).await.unwrap();
        let mut settings = env.db().settings().get(env.guild_id()).await.unwrap();
        settings.exit_survey_form_id = Some(form.form_id);
        env.db().settings().save(&settings).await.unwrap();

        let number = closed_ticket(env, &alice).await;
        let dm = rating_dm(env, &alice).await;
        let (dm_channel, dm_id) = (dm["channel_id"].as_str().unwrap().to_owned(), dm["id"].as_str().unwrap().to_owned());
        let buttons = rating_buttons(&dm);
        let labels: Vec<&str> = buttons.iter().map(|(label, _, _)| label.as_str()).collect();
        assert_eq!(labels, ["1 ★", "2 ★", "3 ★", "4 ★", "5 ★"]);
        let ids: Vec<String> = (1..=5).map(|n| format!("t:rate:{guild}:{number}:{n}")).collect();
        assert_eq!(buttons.iter().map(|(_, id, _)| id.clone()).collect::<Vec<_>>(), ids);
        assert_eq!(embed_field(&dm, "Your rating"), None);
        let summary_id = env.sim.messages(&logs).await.last().unwrap()["id"].as_str().unwrap().to_owned();
        assert_eq!(embed_field(&message_in(env, &logs, &summary_id).await, "Rating").as_deref(), Some("Not rated"));

        // Four stars: the survey comes as the answer, the DM and the summary show the rating.
        let rated = env.sim.click(&dm_channel, &dm_id, &alice, &ids[3]).await;
        let answer = rated.response.as_ref().unwrap();
        assert_eq!(answer["type"], 9, "the exit survey's modal: {answer}");
        assert_eq!(answer["data"]["title"], "How did we do?");
        assert_eq!(answer["data"]["custom_id"], format!("t:es:{guild}:{number}"));
        let dm = dm_now(env, &alice, &dm_id).await;
        assert_eq!(embed_field(&dm, "Your rating").as_deref(), Some("★★★★☆ (4/5)"));
        let styles: Vec<u64> = rating_buttons(&dm).iter().map(|(_, _, style)| *style).collect();
        assert_eq!(styles, [2, 2, 2, 1, 2], "the chosen rating is highlighted");
        assert_eq!(embed_field(&dm, "Ticket").as_deref(), Some(format!("#{number}").as_str()), "the summary stays");
        assert_eq!(embed_field(&message_in(env, &logs, &summary_id).await, "Rating").as_deref(), Some("★★★★☆ (4/5)"));

        // The survey's answers are kept per question, as asked.
        let inputs = env.db().forms().inputs(env.guild_id(), form.form_id).await.unwrap();
        let fields = json!({format!("q:{}", inputs[0].input_id): "Yes, within an hour", format!("q:{}", inputs[1].input_id): "Thanks!"});
        let answered = env.sim.submit_modal(&dm_channel, &alice, &format!("t:es:{guild}:{number}"), fields).await;
        assert_eq!(answered.content(), "Thank you for your answers!");
        let kept = env.db().feedback().survey_answers(env.guild_id(), number).await.unwrap();
        assert_eq!(kept, [("Was the answer quick?".to_owned(), "Yes, within an hour".to_owned()), ("Anything else?".to_owned(), "Thanks!".to_owned())]);

        // Changed to two stars: the DM is updated in place, no survey a second time.
        let changed = env.sim.click(&dm_channel, &dm_id, &alice, &ids[1]).await;
        let answer = changed.response.as_ref().unwrap();
        assert_eq!(answer["type"], 7, "the DM message is updated: {answer}");
        let dm = dm_now(env, &alice, &dm_id).await;
        assert_eq!(embed_field(&dm, "Your rating").as_deref(), Some("★★☆☆☆ (2/5)"));
        assert_eq!(embed_field(&message_in(env, &logs, &summary_id).await, "Rating").as_deref(), Some("★★☆☆☆ (2/5)"));
        let totals = env.db().feedback().totals(env.guild_id()).await.unwrap();
        assert_eq!((totals.count, totals.stars), (1, 2), "one rating, moved from four to two");

        // Buttons of another server, or of a ticket that does not exist, rate nothing.
        let (other_guild, _, _) = second_server(env).await;
        let foreign = env.core().rate_ticket(parse(&other_guild), number, parse(&alice), Stars::ALL[4], None).await;
        assert!(matches!(foreign, Err(UseCaseError::RatingUnavailable)), "{foreign:?}");
        let missing = env.core().rate_ticket(env.guild_id(), number + 10, parse(&alice), Stars::ALL[4], None).await;
        assert!(matches!(missing, Err(UseCaseError::RatingUnavailable)), "{missing:?}");
        let stranger = env.core().rate_ticket(env.guild_id(), number, parse(&env.ids.bob), Stars::ALL[4], None).await;
        assert!(matches!(stranger, Err(UseCaseError::RatingNotYours)), "{stranger:?}");

        // A day later the rating is final.
        env.advance_clock(Duration::from_secs(24 * 3600 + 60));
        let late = env.sim.click(&dm_channel, &dm_id, &alice, &ids[4]).await;
        assert_eq!(late.content(), "Your rating was given more than 24 hours ago and is final now.");
        assert!(late.is_ephemeral());
        assert_eq!(env.db().feedback().rating(env.guild_id(), number).await.unwrap().unwrap().stars, 2);
    }
}

e2e_test! {
    async fn the_placeholders_count_and_average_the_ratings_given(env) {
        let (alice, bob) = (env.ids.alice.clone(), env.ids.bob.clone());
        for (user, stars) in [(&alice, 5), (&bob, 4), (&alice, 4)] {
            let number = closed_ticket(env, user).await;
            let dm = rating_dm(env, user).await;
            let id = format!("t:rate:{}:{number}:{stars}", env.ids.guild);
            let rated = env.sim.click(dm["channel_id"].as_str().unwrap(), dm["id"].as_str().unwrap(), user, &id).await;
            assert_eq!(rated.response.as_ref().unwrap()["type"], 7, "no survey: {rated:?}");
        }
        let mut settings = env.db().settings().get(env.guild_id()).await.unwrap();
        settings.welcome_message = Some("%rating_count% ratings, %average_rating% stars on average".to_owned());
        env.db().settings().save(&settings).await.unwrap();
        let ticket = open_ok(env, &bob, None).await;
        let welcome = &env.sim.messages(&ticket).await[0];
        assert_eq!(welcome["embeds"][0]["description"], "3 ratings, 4.3 stars on average");

        // An opener who wrote nothing in their ticket is not asked.
        settings.welcome_message = None;
        env.db().settings().save(&settings).await.unwrap();
        close(env, &env.ids.owner, &ticket, None).await;
        assert!(wait_until_gone(env, &ticket).await);
        let dm = nth_dm(env, &bob, 2).await;
        assert!(rating_buttons(&dm).is_empty(), "{dm}");

        // With feedback off, even one who wrote is not asked.
        settings.feedback_enabled = false;
        env.db().settings().save(&settings).await.unwrap();
        closed_ticket(env, &bob).await;
        let dm = nth_dm(env, &bob, 3).await;
        assert!(rating_buttons(&dm).is_empty(), "{dm}");
        assert_eq!(env.db().feedback().totals(env.guild_id()).await.unwrap().count, 3);
    }
}

/// The `n`th DM `user` got, from 1 (bounded wait: DMs follow closes).
async fn nth_dm(env: &Env, user: &str, n: usize) -> Value {
    for _ in 0..250 {
        if let Some(dm) = env.sim.dms(user).await.get(n - 1) {
            return dm.clone();
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("{user} got fewer than {n} DMs");
}

e2e_test! {
    async fn a_thread_ticket_asks_in_its_thread_and_refuses_staff_ratings(env) {
        thread_mode(env).await;
        let role = staff_role(env).await;
        grant(env, &env.ids.owner, "addsupport", &role).await;
        let billing = panel(env, "Billing", None).await;
        let (alice, staff) = (env.ids.alice.clone(), env.ids.staff.clone());
        let opened = click_panel(env, &alice, &billing).await;
        let thread = opened.mentioned_channel().expect("a thread");
        let join = "t:join:1";
        let alerts = channel_id_named(env, "ticket-alerts").await;
        let note = env.sim.messages(&alerts).await.pop().unwrap();
        env.sim.click(&alerts, note["id"].as_str().unwrap(), &staff, join).await;
        writes(env, &thread, &alice, "Where is my invoice?").await;
        close(env, &staff, &thread, None).await;
        wait_for_channel(env, &thread, |t| t["thread_metadata"]["archived"] == true).await;

        let prompt = env.sim.messages(&thread).await.into_iter().rev().find(|m| !rating_buttons(m).is_empty()).expect("the rating prompt in the thread");
        assert_eq!(prompt["embeds"][0]["title"], "How would you rate the support you received?");
        assert_eq!(prompt["content"], format!("<@{alice}>"));
        let prompt_id = prompt["id"].as_str().unwrap().to_owned();
        let five = format!("t:rate:{}:1:5", env.ids.guild);
        let refused = env.sim.click(&thread, &prompt_id, &staff, &five).await;
        assert_eq!(refused.content(), "Only the member who opened this ticket can rate it.");
        assert!(refused.is_ephemeral());
        assert!(env.db().feedback().rating(env.guild_id(), 1).await.unwrap().is_none(), "nothing rated");

        let rated = env.sim.click(&thread, &prompt_id, &alice, &five).await;
        assert_eq!(rated.response.as_ref().unwrap()["type"], 7, "{rated:?}");
        let prompt = message_in(env, &thread, &prompt_id).await;
        assert_eq!(embed_field(&prompt, "Your rating").as_deref(), Some("★★★★★ (5/5)"));
        assert_eq!(env.db().feedback().rating(env.guild_id(), 1).await.unwrap().unwrap().stars, 5);
        // The DM asked too.
        assert_eq!(rating_buttons(&rating_dm(env, &alice).await).len(), 5);
    }
}

e2e_test! {
    async fn the_dashboard_chooses_exit_surveys_by_name_and_lists_ratings(env) {
        let owner = crate::dashboard_pages::Browser::login(env, &env.ids.owner).await;
        let guild = env.ids.guild.clone();
        let form = env.core().create_form(&env.owner(), &FormName::parse("After care").unwrap()).await.unwrap();
        let form_id = form.form_id.to_string();

        // Settings: the exit survey is chosen among the forms by name; a form of no such id is
        // refused next to its field.
        let path = format!("/guilds/{guild}/settings");
        let (_, page) = owner.get(&path).await;
        assert!(page.contains(&format!(r#"<option value="{form_id}">After care</option>"#)), "{page}");
        let (status, page) = owner.post(&path, &[("ticket_limit", "5"), ("naming", "number"), ("feedback_enabled", "on"), ("exit_survey", "424242")]).await;
        assert_eq!(status, reqwest::StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.contains(r#"id="error-exit-survey""#), "{page}");
        let (status, to) = owner.post(&path, &[("ticket_limit", "5"), ("naming", "number"), ("feedback_enabled", "on"), ("store_transcripts", "on"), ("open_command_enabled", "on"), ("exit_survey", &form_id)]).await;
        assert_eq!(status, reqwest::StatusCode::SEE_OTHER, "{to}");
        assert_eq!(env.db().settings().get(env.guild_id()).await.unwrap().exit_survey_form_id, Some(form.form_id));
        let (_, page) = owner.get(&path).await;
        assert!(page.contains(&format!(r#"<option value="{form_id}" selected>After care</option>"#)), "{page}");

        // A panel's own choice is shown on its form.
        let billing = panel(env, "Billing", None).await;
        let mut draft = tickets_core::panels::PanelDraft::new(tickets_model::panel::PanelTitle::parse("Billing").unwrap(), billing.fields.channel_id);
        draft.exit_survey_form_id = Some(form.form_id);
        env.core().update_panel(&env.owner(), billing.panel_id, &draft).await.unwrap();
        let (_, page) = owner.get(&format!("/guilds/{guild}/panels/{}", billing.panel_id)).await;
        assert!(page.contains(r#"<select id="exit_survey" name="exit_survey">"#), "{page}");
        assert!(page.contains(&format!(r#"<option value="{form_id}" selected>After care</option>"#)), "{page}");

        // The Transcripts list shows each ticket's rating and filters by it.
        let mut settings = env.db().settings().get(env.guild_id()).await.unwrap();
        settings.exit_survey_form_id = None;
        env.db().settings().save(&settings).await.unwrap();
        let rated = closed_ticket(env, &env.ids.alice).await;
        let dm = rating_dm(env, &env.ids.alice).await;
        let five = format!("t:rate:{guild}:{rated}:5");
        env.sim.click(dm["channel_id"].as_str().unwrap(), dm["id"].as_str().unwrap(), &env.ids.alice, &five).await;
        let unrated = closed_ticket(env, &env.ids.bob).await;
        let (_, page) = owner.get(&format!("/guilds/{guild}/transcripts")).await;
        assert!(page.contains(&format!(r#"<tr data-ticket="{rated}"><td>{rated}</td><td>{}</td><td class="rating">★★★★★ (5/5)</td>"#, env.ids.alice)), "{page}");
        assert!(page.contains(&format!(r#"<tr data-ticket="{unrated}"><td>{unrated}</td><td>{}</td><td class="rating">-</td>"#, env.ids.bob)), "{page}");
        let (_, page) = owner.get(&format!("/guilds/{guild}/transcripts?rating=5")).await;
        assert!(page.contains(&format!(r#"data-ticket="{rated}""#)) && !page.contains(&format!(r#"data-ticket="{unrated}""#)), "{page}");
        let (_, page) = owner.get(&format!("/guilds/{guild}/transcripts?rating=4")).await;
        assert!(!page.contains("data-ticket="), "{page}");
        let (_, page) = owner.get(&format!("/guilds/{guild}/transcripts?rating=9")).await;
        assert!(page.contains(r#"class="error""#), "{page}");
    }
}
