//! Reading a channel's history as a transcript would: replies with their referenced message,
//! users' edits, the Message Content intent's blanking, and paging with `after`.

use std::collections::HashSet;
use std::time::Duration;

use discord_sim::control::api::{ActEdit, ActFile, ActMessage, Snowflake};
use discord_sim::control::setup::PrivilegedIntents;
use serde_json::{Value, json};
use twilight_gateway::{
    ConfigBuilder, Event, EventTypeFlags, Intents, Shard, ShardId, StreamExt as _,
};
use twilight_model::channel::message::MessageType;
use twilight_model::gateway::payload::incoming::GuildCreate;

use crate::common::{Env, bounded, id};

fn post(env: &Env, channel: u64, user: u64, content: &str) -> Value {
    env.sim
        .act_message(ActMessage {
            channel_id: Snowflake(channel),
            user_id: Snowflake(user),
            content: content.to_owned(),
            ..ActMessage::default()
        })
        .unwrap()
}

fn id_of(value: &Value) -> u64 {
    value["id"].as_str().unwrap().parse().unwrap()
}

async fn next(shard: &mut Shard) -> Event {
    tokio::time::timeout(
        Duration::from_secs(10),
        shard.next_event(EventTypeFlags::all()),
    )
    .await
    .expect("a gateway event in time")
    .expect("the shard runs")
    .expect("no gateway error")
}

async fn ready_shard(env: &Env, intents: Intents) -> Shard {
    let config = ConfigBuilder::new(env.token.clone(), intents)
        .proxy_url(env.sim.gateway_url())
        .build();
    let mut shard = Shard::with_config(ShardId::ONE, config);
    loop {
        if let Event::GuildCreate(guild) = next(&mut shard).await
            && matches!(*guild, GuildCreate::Available(_))
        {
            return shard;
        }
    }
}

#[tokio::test]
async fn replies_carry_the_message_they_answer() {
    bounded(async {
        let env = Env::start().await;
        let http = env.twilight();
        let question = post(&env, env.general, env.alice, "how do I open a ticket?");
        let q = id_of(&question);
        let answer = http
            .create_message(id(env.general))
            .content("with /open")
            .reply(id(q))
            .await
            .unwrap()
            .model()
            .await
            .unwrap();
        assert_eq!(answer.kind, MessageType::Reply);
        let reference = answer.reference.as_ref().unwrap();
        assert_eq!(
            (
                reference.message_id.map(|m| m.get()),
                reference.channel_id.map(|c| c.get())
            ),
            (Some(q), Some(env.general))
        );
        assert_eq!(
            answer.referenced_message.as_ref().unwrap().content,
            "how do I open a ticket?"
        );

        // A user's reply, through the control API.
        let thanks = env
            .sim
            .act_message(ActMessage {
                channel_id: Snowflake(env.general),
                user_id: Snowflake(env.alice),
                content: "thanks".into(),
                reply_to: Some(Snowflake(answer.id.get())),
                ..ActMessage::default()
            })
            .unwrap();
        assert_eq!(thanks["type"], 19);
        assert_eq!(thanks["referenced_message"]["content"], "with /open");
        assert_eq!(
            thanks["message_reference"]["message_id"],
            answer.id.to_string()
        );

        let error = http
            .create_message(id(env.general))
            .content("to nothing")
            .reply(id(1))
            .await
            .unwrap_err();
        assert!(error.to_string().contains("50035"), "{error}");
        let lenient = http
            .create_message(id(env.general))
            .content("to nothing, leniently")
            .reply(id(1))
            .fail_if_not_exists(false)
            .await
            .unwrap()
            .model()
            .await
            .unwrap();
        assert_eq!(
            (lenient.kind, lenient.reference.is_none()),
            (MessageType::Regular, true)
        );

        env.sim
            .act_edit(ActEdit {
                channel_id: Snowflake(env.general),
                message_id: Snowflake(q),
                user_id: Snowflake(env.alice),
                content: "how do I open one?".into(),
            })
            .unwrap();
        let (_, read) = env
            .api(
                "GET",
                &format!("/channels/{}/messages/{}", env.general, answer.id),
                None,
            )
            .await;
        assert_eq!(
            read["referenced_message"]["content"], "how do I open one?",
            "the reference shows the current text"
        );
        let (status, _) = env
            .control(
                "DELETE",
                &format!("/channels/{}/messages/{q}", env.general),
                None,
            )
            .await;
        assert_eq!(status, 204);
        let (_, read) = env
            .api(
                "GET",
                &format!("/channels/{}/messages/{}", env.general, answer.id),
                None,
            )
            .await;
        assert_eq!(
            (read["type"].as_u64(), read["referenced_message"].is_null()),
            (Some(19), true),
            "a deleted original is null: {read}"
        );
        env.assert_log_conforms();
    })
    .await;
}

#[tokio::test]
async fn users_edit_their_own_messages_and_bots_see_message_update() {
    bounded(async {
        let env = Env::start().await;
        let mut shard = ready_shard(
            &env,
            Intents::GUILDS | Intents::GUILD_MESSAGES | Intents::MESSAGE_CONTENT,
        )
        .await;
        let posted = post(&env, env.general, env.alice, "frist");
        let m = id_of(&posted);
        assert!(posted["edited_timestamp"].is_null());
        let edit = |user: u64, content: &str| {
            env.sim.act_edit(ActEdit {
                channel_id: Snowflake(env.general),
                message_id: Snowflake(m),
                user_id: Snowflake(user),
                content: content.into(),
            })
        };
        let edited = edit(env.alice, "first").unwrap();
        assert_eq!(edited["content"], "first");
        assert!(edited["edited_timestamp"].is_string());
        assert_eq!(edit(env.bob, "mine now").unwrap_err().status.as_u16(), 403);
        assert_eq!(edit(env.alice, "").unwrap_err().status.as_u16(), 400);

        assert!(matches!(next(&mut shard).await, Event::MessageCreate(_)));
        let Event::MessageUpdate(update) = next(&mut shard).await else {
            panic!("MESSAGE_UPDATE expected")
        };
        assert_eq!((update.id.get(), update.content.as_str()), (m, "first"));
        assert!(update.edited_timestamp.is_some());
        let read = env
            .twilight()
            .message(id(env.general), id(m))
            .await
            .unwrap()
            .model()
            .await
            .unwrap();
        assert_eq!(read.content, "first");
        assert!(read.edited_timestamp.is_some());
    })
    .await;
}

#[tokio::test]
async fn without_the_message_content_intent_others_messages_come_empty() {
    bounded(async {
        let env = Env::start().await;
        let http = env.twilight();
        let off = PrivilegedIntents {
            message_content: Some(false),
            ..PrivilegedIntents::default()
        };
        env.sim.set_privileged_intents(env.app, off).unwrap();

        let secret = env
            .sim
            .act_message(ActMessage {
                channel_id: Snowflake(env.general),
                user_id: Snowflake(env.alice),
                content: "my password is hunter2".into(),
                attachments: vec![ActFile::new("a.txt", None, b"file")],
                reply_to: None,
            })
            .unwrap();
        let mention = post(&env, env.general, env.bob, &format!("<@{}> help", env.bot));
        let own = http
            .create_message(id(env.general))
            .content("the bot's own")
            .await
            .unwrap()
            .model()
            .await
            .unwrap();
        let (_, dm) = env
            .api(
                "POST",
                "/users/@me/channels",
                Some(json!({"recipient_id": env.alice.to_string()})),
            )
            .await;
        let dm = id_of(&dm);
        post(&env, dm, env.alice, "in a DM");

        let (_, list) = env
            .api(
                "GET",
                &format!("/channels/{}/messages?limit=10", env.general),
                None,
            )
            .await;
        let by_id = |wanted: u64| {
            list.as_array()
                .unwrap()
                .iter()
                .find(|m| id_of(m) == wanted)
                .unwrap()
                .clone()
        };
        let hidden = by_id(id_of(&secret));
        assert_eq!(
            (hidden["content"].as_str(), hidden["attachments"].clone()),
            (Some(""), json!([]))
        );
        assert_eq!(
            (hidden["embeds"].clone(), hidden["components"].clone()),
            (json!([]), json!([]))
        );
        assert_eq!(
            hidden["author"]["id"],
            env.alice.to_string(),
            "who wrote it is still known"
        );
        assert_eq!(
            by_id(id_of(&mention))["content"],
            format!("<@{}> help", env.bot)
        );
        assert_eq!(by_id(own.id.get())["content"], "the bot's own");
        let single = http
            .message(id(env.general), id(id_of(&secret)))
            .await
            .unwrap()
            .model()
            .await
            .unwrap();
        assert_eq!((single.content.as_str(), single.attachments.len()), ("", 0));
        let (_, dms) = env
            .api("GET", &format!("/channels/{dm}/messages"), None)
            .await;
        assert_eq!(dms[0]["content"], "in a DM");

        // Asking for the intent over the gateway without it is closed with 4014.
        let config = ConfigBuilder::new(
            env.token.clone(),
            Intents::GUILDS | Intents::MESSAGE_CONTENT,
        )
        .proxy_url(env.sim.gateway_url())
        .build();
        let mut shard = Shard::with_config(ShardId::ONE, config);
        let code = loop {
            if let Event::GatewayClose(frame) = next(&mut shard).await {
                break frame.map(|f| f.code);
            }
        };
        assert_eq!(code, Some(4014));

        let on = PrivilegedIntents {
            message_content: Some(true),
            ..PrivilegedIntents::default()
        };
        env.sim.set_privileged_intents(env.app, on).unwrap();
        let single = http
            .message(id(env.general), id(id_of(&secret)))
            .await
            .unwrap()
            .model()
            .await
            .unwrap();
        assert_eq!(
            (single.content.as_str(), single.attachments.len()),
            ("my password is hunter2", 1)
        );
    })
    .await;
}

#[tokio::test]
async fn walking_a_channel_with_after_pages_exactly_as_discord_does() {
    bounded(async {
        let env = Env::start().await;
        let posted: Vec<u64> = (0..1000)
            .map(|n| id_of(&post(&env, env.general, env.alice, &format!("message {n}"))))
            .collect();
        let mut after = 0;
        let mut seen = Vec::new();
        let mut pages = 0;
        loop {
            let (status, page) = env
                .api(
                    "GET",
                    &format!("/channels/{}/messages?after={after}&limit=100", env.general),
                    None,
                )
                .await;
            assert_eq!(status, 200, "{page}");
            let ids: Vec<u64> = page.as_array().unwrap().iter().map(id_of).collect();
            if ids.is_empty() {
                break;
            }
            pages += 1;
            assert!(
                ids.windows(2).all(|w| w[0] > w[1]),
                "newest first within a page"
            );
            assert!(ids.iter().all(|i| *i > after));
            let mut oldest_first = ids.clone();
            oldest_first.reverse();
            seen.extend(oldest_first);
            after = ids[0];
        }
        assert_eq!(pages, 10);
        assert_eq!(seen, posted, "each message exactly once, in order");
        assert_eq!(seen.iter().collect::<HashSet<_>>().len(), 1000);
    })
    .await;
}
