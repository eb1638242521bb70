//! Gateway behaviour as the twilight-gateway client sees it.

use crate::fake::*;
use discord_sim::dispatch::{Audience, Dispatch};
use discord_sim::gateway::{GatewayOptions, close};
use serde_json::json;
use std::time::Duration;
use tokio::time::timeout;
use twilight_gateway::error::ReceiveMessageError;
use twilight_gateway::{Event, EventTypeFlags, Intents, Shard, ShardId, StreamExt as _};
use twilight_model::gateway::CloseCode;
use twilight_model::gateway::payload::incoming::{GuildCreate, MemberChunk};
use twilight_model::gateway::payload::outgoing::RequestGuildMembers;
use twilight_model::id::Id;

fn all_intents() -> Intents {
    Intents::GUILDS | Intents::GUILD_MEMBERS | Intents::GUILD_MESSAGES | Intents::MESSAGE_CONTENT
}

/// The next event, failing the test on errors, on the end of the stream and after [`STEP`].
async fn next(shard: &mut Shard) -> Result<Event, ReceiveMessageError> {
    match timeout(STEP, shard.next_event(EventTypeFlags::all())).await {
        Ok(Some(result)) => result,
        Ok(None) => panic!("the shard stopped"),
        Err(_) => panic!("no gateway event within {STEP:?}"),
    }
}

/// Reads events until `wanted` picks one, returning it and every event before it.
async fn until<T>(
    shard: &mut Shard,
    mut wanted: impl FnMut(&Event) -> Option<T>,
) -> (T, Vec<Event>) {
    let mut seen = Vec::new();
    loop {
        let event = next(shard).await.expect("gateway error");
        if let Some(found) = wanted(&event) {
            return (found, seen);
        }
        seen.push(event);
    }
}

/// Reads READY and the GUILD_CREATEs that follow; returns READY's guild ids and the created ids.
async fn identified(shard: &mut Shard, guilds: usize) -> (Vec<u64>, Vec<u64>) {
    let (ready, _) = until(shard, |event| match event {
        Event::Ready(ready) => Some(ready.clone()),
        _ => None,
    })
    .await;
    assert_eq!(ready.version, 10);
    assert_eq!(ready.application.id.get(), APPLICATION);
    assert_eq!(ready.user.id.get(), BOT_USER);
    assert_eq!(ready.shard, Some(shard.id()));
    assert!(ready.guilds.iter().all(|guild| guild.unavailable));
    let mut created = Vec::new();
    while created.len() < guilds {
        let (id, _) = until(shard, |event| match event {
            Event::GuildCreate(guild) => match &**guild {
                GuildCreate::Available(guild) => Some(guild.id.get()),
                GuildCreate::Unavailable(_) => panic!("GUILD_CREATE must carry the guild"),
            },
            _ => None,
        })
        .await;
        created.push(id);
    }
    (
        ready.guilds.iter().map(|guild| guild.id.get()).collect(),
        created,
    )
}

async fn channel_created(shard: &mut Shard) -> (u64, u64, Vec<Event>) {
    let ((guild, id), before) = until(shard, |event| match event {
        Event::ChannelCreate(channel) => {
            Some((channel.guild_id.map_or(0, |id| id.get()), channel.id.get()))
        }
        _ => None,
    })
    .await;
    (guild, id, before)
}

#[tokio::test]
async fn identify_ready_guild_create_and_live_dispatches() {
    timeout(TEST, async {
        let sim = Sim::default().await;
        let mut shard = sim.shard(ShardId::ONE, all_intents());
        let (ready_guilds, created) = identified(&mut shard, 2).await;
        assert_eq!(ready_guilds, [GUILD_A, GUILD_B]);
        assert_eq!(created, [GUILD_A, GUILD_B]);
        assert!(shard.session().is_some_and(|s| s.id().len() == 32));
        assert_eq!(shard.resume_url(), Some(sim.url.as_str()));

        sim.publish(channel(GUILD_B, 501, "support"));
        let (guild, id, _) = channel_created(&mut shard).await;
        assert_eq!((guild, id), (GUILD_B, 501));
        let stats = sim.gateway.stats();
        assert_eq!((stats.connections, stats.sessions), (1, 1));
        assert!(
            stats.dispatches_sent >= 4,
            "READY, 2 GUILD_CREATE, CHANNEL_CREATE"
        );
    })
    .await
    .expect("test timed out");
}

#[tokio::test]
async fn each_shard_receives_only_its_guilds() {
    timeout(TEST, async {
        let sim = Sim::default().await;
        let mut first = sim.shard(ShardId::new(0, 2), all_intents());
        let mut second = sim.shard(ShardId::new(1, 2), all_intents());
        assert_eq!(
            identified(&mut first, 1).await,
            (vec![GUILD_A], vec![GUILD_A])
        );
        assert_eq!(
            identified(&mut second, 1).await,
            (vec![GUILD_B], vec![GUILD_B])
        );

        // Each shard sees the other's event first if routing were wrong, as order is preserved.
        sim.publish(channel(GUILD_B, 601, "b"));
        sim.publish(channel(GUILD_A, 602, "a"));
        assert_eq!(channel_created(&mut first).await.0, GUILD_A);
        sim.publish(channel(GUILD_A, 603, "a2"));
        sim.publish(channel(GUILD_B, 604, "b2"));
        let (guild, id, _) = channel_created(&mut second).await;
        assert_eq!((guild, id), (GUILD_B, 601));
        let (guild, id, _) = channel_created(&mut second).await;
        assert_eq!((guild, id), (GUILD_B, 604));

        // Interactions outside guilds go to shard 0.
        sim.publish(Dispatch {
            audience: Audience::Application {
                application_id: APPLICATION,
                guild_id: None,
            },
            event: "CHANNEL_CREATE",
            data: json!({"id": "605", "type": 1, "recipients": [user(OWNER, "owner", false)]}),
        });
        sim.publish(channel(GUILD_B, 606, "b3"));
        assert_eq!(channel_created(&mut first).await.1, 603);
        assert_eq!(channel_created(&mut first).await.1, 605);
        assert_eq!(channel_created(&mut second).await.1, 606);
    })
    .await
    .expect("test timed out");
}

#[tokio::test]
async fn missing_guild_members_intent_filters_member_events() {
    timeout(TEST, async {
        let sim = Sim::default().await;
        let mut shard = sim.shard(ShardId::ONE, Intents::GUILDS | Intents::GUILD_MESSAGES);
        identified(&mut shard, 2).await;
        let mut joined = member(user(OWNER + 1, "alice", false));
        joined["guild_id"] = json!(GUILD_A.to_string());
        sim.publish(Dispatch {
            audience: Audience::Guild(GUILD_A),
            event: "GUILD_MEMBER_ADD",
            data: joined,
        });
        sim.publish(channel(GUILD_A, 701, "after"));
        let (_, id, before) = channel_created(&mut shard).await;
        assert_eq!(id, 701);
        assert!(
            !before
                .iter()
                .any(|event| matches!(event, Event::MemberAdd(_)))
        );

        // With the intent, the same event arrives and deserialises.
        let mut with = sim.shard(ShardId::ONE, all_intents());
        identified(&mut with, 2).await;
        let mut joined = member(user(OWNER + 2, "bob", false));
        joined["guild_id"] = json!(GUILD_A.to_string());
        sim.publish(Dispatch {
            audience: Audience::Guild(GUILD_A),
            event: "GUILD_MEMBER_ADD",
            data: joined,
        });
        let (user_id, _) = until(&mut with, |event| match event {
            Event::MemberAdd(added) => Some(added.member.user.id.get()),
            _ => None,
        })
        .await;
        assert_eq!(user_id, OWNER + 2);
    })
    .await
    .expect("test timed out");
}

#[tokio::test]
async fn missing_message_content_intent_empties_content_unless_mentioned() {
    timeout(TEST, async {
        let sim = Sim::default().await;
        let mut shard = sim.shard(ShardId::ONE, Intents::GUILDS | Intents::GUILD_MESSAGES);
        identified(&mut shard, 2).await;
        sim.publish(message(GUILD_A, 801, "hello staff", &[]));
        sim.publish(message(GUILD_A, 802, "hello bot", &[BOT_USER]));
        let mut contents = Vec::new();
        while contents.len() < 2 {
            let (message, _) = until(&mut shard, |event| match event {
                Event::MessageCreate(created) => Some(created.message.clone()),
                _ => None,
            })
            .await;
            contents.push((message.id.get(), message.content, message.embeds.len()));
        }
        assert_eq!(
            contents,
            [(801, String::new(), 0), (802, "hello bot".to_owned(), 1)]
        );
    })
    .await
    .expect("test timed out");
}

#[tokio::test]
async fn reconnect_resumes_and_replays_without_a_second_ready() {
    timeout(TEST, async {
        let sim = Sim::default().await;
        let mut shard = sim.shard(ShardId::ONE, all_intents());
        identified(&mut shard, 2).await;
        let session = shard.session().map(|s| s.id().to_owned());

        assert_eq!(sim.gateway.reconnect_all(), 1);
        until(&mut shard, |event| {
            matches!(event, Event::GatewayReconnect).then_some(())
        })
        .await;
        // The session is detached before op 7 is sent, so this can only arrive by replay.
        sim.publish(channel(GUILD_A, 901, "while-away"));

        let mut events = Vec::new();
        loop {
            let event = next(&mut shard).await.expect("gateway error");
            let resumed = matches!(event, Event::Resumed);
            events.push(event);
            if resumed {
                break;
            }
        }
        assert!(
            !events.iter().any(|e| matches!(e, Event::Ready(_))),
            "{events:?}"
        );
        assert!(
            events
                .iter()
                .any(|e| matches!(e, Event::ChannelCreate(c) if c.id.get() == 901)),
            "the missed dispatch is replayed before RESUMED: {events:?}"
        );
        assert_eq!(shard.session().map(|s| s.id().to_owned()), session);

        // Live delivery goes on after the resume.
        sim.publish(channel(GUILD_A, 902, "after"));
        let (_, id, before) = channel_created(&mut shard).await;
        assert_eq!(id, 902);
        assert!(!before.iter().any(|e| matches!(e, Event::Ready(_))));
        assert_eq!(sim.gateway.stats().sessions, 1);
    })
    .await
    .expect("test timed out");
}

#[tokio::test]
async fn invalid_session_makes_twilight_identify_again() {
    timeout(TEST, async {
        let sim = Sim::default().await;
        let mut shard = sim.shard(ShardId::ONE, all_intents());
        identified(&mut shard, 2).await;
        let first = shard.session().map(|s| s.id().to_owned());
        assert_eq!(sim.gateway.invalidate_all(false), 1);
        identified(&mut shard, 2).await;
        assert_ne!(shard.session().map(|s| s.id().to_owned()), first);
        assert_eq!(sim.gateway.stats().sessions, 1);
    })
    .await
    .expect("test timed out");
}

#[tokio::test]
async fn invalid_token_is_closed_with_4004_fatally() {
    timeout(TEST, async {
        let sim = Sim::default().await;
        let mut shard = sim.shard_with_token(ShardId::ONE, all_intents(), "wrong-token");
        let (code, _) = until(&mut shard, |event| match event {
            Event::GatewayClose(frame) => Some(frame.as_ref().map(|f| f.code)),
            _ => None,
        })
        .await;
        assert_eq!(code, Some(close::AUTHENTICATION_FAILED));
        assert_eq!(
            CloseCode::try_from(close::AUTHENTICATION_FAILED).map(CloseCode::can_reconnect),
            Ok(false)
        );
        assert!(
            timeout(STEP, shard.next_event(EventTypeFlags::all()))
                .await
                .expect("in time")
                .is_none()
        );
    })
    .await
    .expect("test timed out");
}

#[tokio::test]
async fn privileged_intents_need_the_application_flags() {
    timeout(TEST, async {
        let sim = Sim::start(GatewayOptions::default(), 0).await;
        let mut shard = sim.shard(ShardId::ONE, Intents::GUILDS | Intents::MESSAGE_CONTENT);
        let (code, _) = until(&mut shard, |event| match event {
            Event::GatewayClose(frame) => Some(frame.as_ref().map(|f| f.code)),
            _ => None,
        })
        .await;
        assert_eq!(code, Some(close::DISALLOWED_INTENTS));
    })
    .await
    .expect("test timed out");
}

#[tokio::test]
async fn protocol_violations_are_closed_with_discords_codes() {
    timeout(TEST, async {
        let sim = Sim::default().await;
        let mut shard = sim.shard(ShardId::ONE, all_intents());
        identified(&mut shard, 2).await;
        let cases = [
            ("not json".to_owned(), close::DECODE_ERROR),
            (r#"{"op":99,"d":null}"#.to_owned(), close::UNKNOWN_OPCODE),
            (
                json!({"op": 2, "d": {"token": TOKEN, "intents": 1,
                    "properties": {"os": "linux", "browser": "x", "device": "x"}}})
                .to_string(),
                close::ALREADY_AUTHENTICATED,
            ),
        ];
        for (payload, expected) in cases {
            shard.send(payload);
            let (code, _) = until(&mut shard, |event| match event {
                Event::GatewayClose(frame) => Some(frame.as_ref().map(|f| f.code)),
                _ => None,
            })
            .await;
            assert_eq!(code, Some(expected));
            // These codes are resumable: twilight resumes the same session.
            until(&mut shard, |event| {
                matches!(event, Event::Resumed).then_some(())
            })
            .await;
        }
    })
    .await
    .expect("test timed out");
}

#[tokio::test]
async fn heartbeats_are_acknowledged() {
    timeout(TEST, async {
        let options = GatewayOptions {
            heartbeat_interval: Duration::from_millis(100),
            ..GatewayOptions::default()
        };
        let sim = Sim::start(options, PRIVILEGED_FLAGS).await;
        let mut shard = sim.shard(ShardId::ONE, all_intents());
        identified(&mut shard, 2).await;
        let mut acks = 0;
        while acks < 3 {
            until(&mut shard, |event| {
                matches!(event, Event::GatewayHeartbeatAck).then_some(())
            })
            .await;
            acks += 1;
        }
        assert!(!shard.latency().recent().is_empty());
        assert!(shard.latency().received().is_some());
        // Several intervals passed: the session was never closed for missing heartbeats.
        assert_eq!(sim.gateway.stats().connections, 1);
    })
    .await
    .expect("test timed out");
}

/// The next GUILD_MEMBERS_CHUNK, skipping other events.
async fn member_chunk(shard: &mut Shard) -> MemberChunk {
    until(shard, |event| match event {
        Event::MemberChunk(chunk) => Some(chunk.clone()),
        _ => None,
    })
    .await
    .0
}

fn chunk_user_ids(chunk: &MemberChunk) -> Vec<u64> {
    chunk
        .members
        .iter()
        .map(|member| member.user.id.get())
        .collect()
}

// Regression: op 8 was accepted and ignored, so a client waiting for its chunks (discord.py
// with the members intent at start-up) waited for ever.
#[tokio::test]
async fn request_guild_members_answers_chunks_within_discords_rules() {
    timeout(TEST, async {
        let sim = Sim::default().await;
        let guild = Id::new(GUILD_A);
        let mut shard = sim.shard(ShardId::ONE, all_intents());
        identified(&mut shard, 2).await;

        shard.command(
            &RequestGuildMembers::builder(guild)
                .nonce("all")
                .query("", None),
        );
        let chunk = member_chunk(&mut shard).await;
        assert_eq!(chunk.guild_id, guild);
        assert_eq!((chunk.chunk_index, chunk.chunk_count), (0, 1));
        assert_eq!(chunk.nonce.as_deref(), Some("all"));
        assert_eq!(chunk_user_ids(&chunk), [BOT_USER, OWNER]);
        assert!(chunk.presences.is_empty(), "no presences unless asked for");

        // A prefix matches usernames whatever their case.
        shard.command(&RequestGuildMembers::builder(guild).query("OWN", Some(10)));
        let chunk = member_chunk(&mut shard).await;
        assert_eq!(chunk_user_ids(&chunk), [OWNER]);
        assert_eq!(chunk.nonce, None);

        let ids = [Id::new(OWNER), Id::new(OWNER + 99)];
        let by_id = RequestGuildMembers::builder(guild)
            .nonce("ids")
            .user_ids(ids)
            .expect("two ids are within the limit");
        shard.command(&by_id);
        let chunk = member_chunk(&mut shard).await;
        assert_eq!(chunk_user_ids(&chunk), [OWNER]);
        assert_eq!(chunk.not_found, [Id::new(OWNER + 99)]);
        assert_eq!(chunk.nonce.as_deref(), Some("ids"));

        // Without GUILD_MEMBERS the whole list goes unanswered, as on Discord, while a request
        // by id is still answered: the first chunk to arrive is the second request's.
        let mut without = sim.shard(ShardId::ONE, Intents::GUILDS);
        identified(&mut without, 2).await;
        without.command(
            &RequestGuildMembers::builder(guild)
                .nonce("all")
                .query("", None),
        );
        let single = RequestGuildMembers::builder(guild)
            .nonce("one")
            .user_id(Id::new(OWNER));
        without.command(&single);
        let chunk = member_chunk(&mut without).await;
        assert_eq!(chunk.nonce.as_deref(), Some("one"));
        assert_eq!(chunk_user_ids(&chunk), [OWNER]);
    })
    .await
    .expect("test timed out");
}
