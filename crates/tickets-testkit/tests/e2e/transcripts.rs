//! Transcripts: closing keeps every message before the channel goes, announces it with a link in
//! the transcripts channel and the opener's DM, shows it only to those who may read it, and a
//! Discord failure during capture leaves the channel in place until a retry keeps it.

use crate::helpers::*;
use serde_json::{Value, json};
use std::time::Duration;
use tickets_core::UseCaseError;
use tickets_core::access::Caller;
use tickets_testkit::{Env, e2e_test, parse};

fn member(env: &Env, user: &str) -> Caller {
    Caller {
        guild_id: env.guild_id(),
        user_id: parse(user),
        roles: Vec::new(),
    }
}

/// Points the transcripts channel at `#transcripts` with `/setup transcripts`, as an admin would.
async fn set_transcripts_channel(env: &Env) -> String {
    let logs = env
        .sim
        .channels(&env.ids.guild)
        .await
        .into_iter()
        .find(|c| c["name"] == "transcripts")
        .and_then(|c| c["id"].as_str().map(str::to_owned))
        .expect("the demo has #transcripts");
    let act = env
        .sim
        .command(
            &env.ids.guild,
            &env.ids.general,
            &env.ids.owner,
            "setup",
            json!([{"name": "transcripts", "options": [{"name": "channel", "value": logs}]}]),
        )
        .await;
    assert!(act.error.is_none(), "{:?}", act.error);
    logs
}

fn link_button(message: &Value) -> Option<String> {
    message["components"][0]["components"][0]["url"]
        .as_str()
        .map(str::to_owned)
}

e2e_test! {
    async fn a_closed_ticket_keeps_its_messages_in_order_with_names_and_links_to_them(env) {
        let logs = set_transcripts_channel(env).await;
        let id = open_ok(env, &env.ids.alice, Some("Refund")).await;
        let said = [
            (env.ids.alice.clone(), format!("Hello, **my order** is late. Ask <@{}>?", env.ids.bob)),
            (env.ids.owner.clone(), format!("Looking into it, see <#{}>", env.ids.general)),
            (env.ids.alice.clone(), "Thanks! <script>alert(1)</script>".to_owned()),
        ];
        for (user, text) in &said {
            env.sim.act_message(&id, user, text).await;
        }
        close(env, &env.ids.owner, &id, Some("Refund sent")).await;
        assert!(wait_until_gone(env, &id).await, "the channel goes once its transcript is kept");

        let row = env.db().transcripts().get(env.guild_id(), 1).await.unwrap().expect("recorded");
        // The welcome message, the three messages and the close's answer.
        assert!(row.transcript.message_count >= 4, "{:?}", row.transcript);
        let view = env.core().transcript(&member(env, &env.ids.alice), 1).await.unwrap();
        let texts: Vec<&str> = view.document.messages.iter().map(|m| m.content.as_str()).collect();
        let positions: Vec<usize> = said
            .iter()
            .map(|(_, text)| texts.iter().position(|t| t == text).unwrap_or_else(|| panic!("{text} in {texts:?}")))
            .collect();
        assert!(positions.windows(2).all(|w| w[0] < w[1]), "oldest first: {positions:?}");
        let first = &view.document.messages[positions[0]];
        assert_eq!(first.mentions[0].id, env.ids.bob, "the mention is named");
        assert_eq!(first.mentions[0].name, "bob");
        let second = &view.document.messages[positions[1]];
        assert_eq!(second.mentioned_channels[0].name, "general");
        let ticket = view.document.ticket.as_ref().unwrap();
        assert_eq!(ticket.close_reason.as_deref(), Some("Refund sent"));
        assert_eq!(ticket.opener.id, env.ids.alice);
        assert!(view.document.capture.as_ref().unwrap().content_intent);

        // Staff find it in the transcripts channel, the opener in their DM, by the same link.
        let link = format!("{}/guilds/{}/transcripts/1", env.web_url(), env.ids.guild);
        let posted = env.sim.messages(&logs).await;
        let summary = posted.last().expect("a summary in the transcripts channel");
        assert_eq!(summary["embeds"][0]["title"], "Ticket #1 closed");
        assert_eq!(link_button(summary).as_deref(), Some(link.as_str()));
        let dm = env.sim.dms(&env.ids.alice).await;
        assert_eq!(link_button(dm.last().expect("a close DM")).as_deref(), Some(link.as_str()));

        // Another member is told it does not exist, as for a ticket that never was.
        let other = env.core().transcript(&member(env, &env.ids.bob), 1).await;
        assert!(matches!(other, Err(UseCaseError::TranscriptNotFound)), "{other:?}");
        let never = env.core().transcript(&member(env, &env.ids.alice), 99).await;
        assert!(matches!(never, Err(UseCaseError::TranscriptNotFound)), "{never:?}");
        let listed = env.core().transcripts(&member(env, &env.ids.bob), Default::default()).await.unwrap();
        assert!(listed.is_empty(), "bob lists nothing");
        let listed = env.core().transcripts(&member(env, &env.ids.alice), Default::default()).await.unwrap();
        assert_eq!(listed.len(), 1, "alice lists her own");

        // A member may not delete it; an admin may, and its objects go with it.
        let refused = env.core().delete_transcript(&member(env, &env.ids.alice), 1).await;
        assert!(matches!(refused, Err(UseCaseError::NotPermitted { .. })), "{refused:?}");
        env.core().delete_transcript(&env.owner(), 1).await.unwrap();
        let gone = env.core().transcript(&env.owner(), 1).await;
        assert!(matches!(gone, Err(UseCaseError::TranscriptNotFound)), "{gone:?}");
    }
}

e2e_test! {
    async fn a_server_that_keeps_no_transcripts_gets_none_and_no_summary(env) {
        let logs = set_transcripts_channel(env).await;
        let mut settings = env.db().settings().get(env.guild_id()).await.unwrap();
        settings.store_transcripts = false;
        env.db().settings().save(&settings).await.unwrap();
        let before = env.sim.messages(&logs).await.len();
        let id = open_ok(env, &env.ids.alice, None).await;
        env.sim.act_message(&id, &env.ids.alice, "nothing to keep").await;
        close(env, &env.ids.alice, &id, None).await;
        assert!(wait_until_gone(env, &id).await);
        assert!(env.db().transcripts().get(env.guild_id(), 1).await.unwrap().is_none());
        assert_eq!(env.sim.messages(&logs).await.len(), before, "no summary without a transcript");
        let dm = env.sim.dms(&env.ids.alice).await;
        assert!(link_button(dm.last().expect("the close DM still comes")).is_none());
    }
}

e2e_test! {
    async fn discord_failing_during_capture_keeps_the_channel_until_a_retry_keeps_the_transcript(env) {
        let id = open_ok(env, &env.ids.alice, None).await;
        env.sim.act_message(&id, &env.ids.alice, "keep me").await;
        env.sim.fault("GET", "/channels/{channel_id}/messages", 500, 1).await;
        close(env, &env.ids.alice, &id, None).await;
        // The close is recorded, but the capture failed: the channel stays, nothing is recorded.
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert!(channel(env, &id).await.is_some(), "never deleted without its transcript");
        assert!(env.db().transcripts().get(env.guild_id(), 1).await.unwrap().is_none());
        // The job's retry, once due, keeps it and only then removes the channel.
        env.advance_clock(Duration::from_secs(120));
        assert_eq!(env.core().run_due_jobs().await.unwrap(), 1, "the close's job ran again");
        assert!(wait_until_gone(env, &id).await, "the retry finished the close");
        let view = env.core().transcript(&env.owner(), 1).await.unwrap();
        assert!(view.document.messages.iter().any(|m| m.content == "keep me"));
    }
}

e2e_test! {
    async fn without_the_message_content_intent_the_transcript_says_content_was_withheld(env) {
        env.sim.set_message_content_intent(&env.ids.application, false).await;
        // The bot learns it at start, and connects without asking for the intent.
        env.restart_app().await;
        let id = open_ok(env, &env.ids.alice, None).await;
        env.sim.act_message(&id, &env.ids.alice, "words Discord will not show the bot").await;
        close(env, &env.ids.alice, &id, None).await;
        assert!(wait_until_gone(env, &id).await);
        let view = env.core().transcript(&env.owner(), 1).await.unwrap();
        assert!(!view.document.capture.as_ref().unwrap().content_intent);
        assert!(view.document.messages.iter().all(|m| m.content != "words Discord will not show the bot"));
        let row = env.db().transcripts().get(env.guild_id(), 1).await.unwrap().unwrap();
        assert!(!row.transcript.content_intent, "the record says so too");
    }
}
