//! Reactions through twilight-http and the control API: the message's `reactions`, the list of
//! users, permissions, and the gateway events under GUILD_MESSAGE_REACTIONS.

use std::time::Duration;

use discord_sim::control::api::{ActMessage, ActReaction, Snowflake};
use serde_json::json;
use twilight_gateway::{
    ConfigBuilder, Event, EventTypeFlags, Intents, Shard, ShardId, StreamExt as _,
};
use twilight_http::request::channel::reaction::RequestReactionType;
use twilight_model::channel::message::EmojiReactionType;
use twilight_model::gateway::payload::incoming::GuildCreate;

use crate::common::{Env, bounded, id};

const THUMBS: RequestReactionType<'static> = RequestReactionType::Unicode { name: "👍" };

fn react(env: &Env, channel: u64, message: u64, user: u64, emoji: &str, remove: bool) {
    env.sim
        .act_reaction(ActReaction {
            channel_id: Snowflake(channel),
            message_id: Snowflake(message),
            user_id: Snowflake(user),
            emoji: emoji.to_owned(),
            remove,
        })
        .unwrap();
}

#[tokio::test]
async fn reactions_round_trip_with_counts_me_and_the_user_list() {
    bounded(async {
        let env = Env::start().await;
        let http = env.twilight();
        let channel = id(env.general);
        let message = http
            .create_message(channel)
            .content("vote")
            .await
            .unwrap()
            .model()
            .await
            .unwrap();
        react(&env, env.general, message.id.get(), env.alice, "👍", false);
        react(&env, env.general, message.id.get(), env.bob, "🎉", false);
        http.create_reaction(channel, message.id, &THUMBS)
            .await
            .unwrap();

        let read = http
            .message(channel, message.id)
            .await
            .unwrap()
            .model()
            .await
            .unwrap();
        assert_eq!(read.reactions.len(), 2);
        let thumbs = &read.reactions[0];
        assert_eq!(
            thumbs.emoji,
            EmojiReactionType::Unicode {
                name: "👍".into()
            }
        );
        assert_eq!(
            (thumbs.count, thumbs.me, thumbs.count_details.normal),
            (2, true, 2)
        );
        assert_eq!((read.reactions[1].count, read.reactions[1].me), (1, false));

        let users = http
            .reactions(channel, message.id, &THUMBS)
            .await
            .unwrap()
            .models()
            .await
            .unwrap();
        let mut expected = vec![env.alice, env.bot];
        expected.sort_unstable();
        assert_eq!(
            users.iter().map(|u| u.id.get()).collect::<Vec<_>>(),
            expected,
            "ordered by id"
        );
        let after = http
            .reactions(channel, message.id, &THUMBS)
            .after(id(expected[0]))
            .await
            .unwrap()
            .models()
            .await
            .unwrap();
        assert_eq!(
            after.iter().map(|u| u.id.get()).collect::<Vec<_>>(),
            vec![expected[1]]
        );
        let first = http
            .reactions(channel, message.id, &THUMBS)
            .limit(1)
            .await
            .unwrap()
            .models()
            .await
            .unwrap();
        assert_eq!(first.len(), 1);

        http.delete_current_user_reaction(channel, message.id, &THUMBS)
            .await
            .unwrap();
        http.delete_reaction(
            channel,
            message.id,
            &RequestReactionType::Unicode { name: "🎉" },
            id(env.bob),
        )
        .await
        .unwrap();
        let read = http
            .message(channel, message.id)
            .await
            .unwrap()
            .model()
            .await
            .unwrap();
        assert_eq!(
            read.reactions.len(),
            1,
            "an emoji nobody reacts with any more goes away"
        );
        assert_eq!((read.reactions[0].count, read.reactions[0].me), (1, false));
        // A user takes theirs back through the control API.
        react(&env, env.general, message.id.get(), env.alice, "👍", true);
        let (_, raw) = env
            .api(
                "GET",
                &format!("/channels/{}/messages/{}", env.general, message.id),
                None,
            )
            .await;
        assert!(
            raw.get("reactions").is_none(),
            "no reactions, no field: {raw}"
        );
        env.assert_log_conforms();
    })
    .await;
}

#[tokio::test]
async fn reactions_need_read_history_and_add_reactions_to_start_an_emoji() {
    bounded(async {
        let env = Env::start().await;
        let http = env.twilight();
        let overwrites = json!([{"id": env.bot.to_string(), "type": 1, "allow": "0", "deny": "64"}]);
        let (_, channel) = env
            .api("POST", &format!("/guilds/{}/channels", env.guild), Some(json!({"name": "no-reactions", "permission_overwrites": overwrites})))
            .await;
        let c: u64 = channel["id"].as_str().unwrap().parse().unwrap();
        let message = http.create_message(id(c)).content("hi").await.unwrap().model().await.unwrap();
        let path = format!("/channels/{c}/messages/{}/reactions/%F0%9F%91%8D/@me", message.id);
        let (status, error) = env.api("PUT", &path, None).await;
        assert_eq!((status, error["code"].as_u64()), (403, Some(50013)), "the first 👍 needs Add Reactions");
        react(&env, c, message.id.get(), env.owner, "👍", false);
        let (status, _) = env.api("PUT", &path, None).await;
        assert_eq!(status, 204, "joining an existing reaction does not");

        let (status, error) = env.api("PUT", &format!("/channels/{}/messages/{}/reactions/thumbsup/@me", env.general, 1), None).await;
        assert_eq!((status, error["code"].as_u64()), (404, Some(10008)));
        let general = http.create_message(id(env.general)).content("x").await.unwrap().model().await.unwrap();
        let (status, error) = env.api("PUT", &format!("/channels/{}/messages/{}/reactions/thumbsup/@me", env.general, general.id), None).await;
        assert_eq!((status, error["code"].as_u64()), (400, Some(10014)), "a word is no emoji");
        let (status, error) = env.api("PUT", &format!("/channels/{}/messages/{}/reactions/blob:123/@me", env.general, general.id), None).await;
        assert_eq!((status, error["code"].as_u64()), (400, Some(10014)), "no such custom emoji");

        let (_, hidden) = env
            .api("POST", &format!("/guilds/{}/channels", env.guild), Some(json!({"name": "no-history", "permission_overwrites": [{"id": env.bot.to_string(), "type": 1, "allow": "0", "deny": "65536"}]})))
            .await;
        let h: u64 = hidden["id"].as_str().unwrap().parse().unwrap();
        let posted = http.create_message(id(h)).content("hi").await.unwrap().model().await.unwrap();
        let (status, error) = env.api("PUT", &format!("/channels/{h}/messages/{}/reactions/%F0%9F%91%8D/@me", posted.id), None).await;
        assert_eq!((status, error["code"].as_u64()), (403, Some(50013)), "reactions need Read Message History");
    })
    .await;
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
async fn reaction_events_reach_bots_with_the_reactions_intent_only() {
    bounded(async {
        let env = Env::start().await;
        let mut with = ready_shard(
            &env,
            Intents::GUILDS
                | Intents::GUILD_MESSAGES
                | Intents::MESSAGE_CONTENT
                | Intents::GUILD_MESSAGE_REACTIONS,
        )
        .await;
        let mut without = ready_shard(
            &env,
            Intents::GUILDS | Intents::GUILD_MESSAGES | Intents::MESSAGE_CONTENT,
        )
        .await;
        let message = env
            .sim
            .act_message(ActMessage {
                channel_id: Snowflake(env.general),
                user_id: Snowflake(env.alice),
                content: "react to me".into(),
                ..ActMessage::default()
            })
            .unwrap();
        let m: u64 = message["id"].as_str().unwrap().parse().unwrap();
        react(&env, env.general, m, env.bob, "🎉", false);
        react(&env, env.general, m, env.bob, "🎉", true);
        env.sim
            .act_message(ActMessage {
                channel_id: Snowflake(env.general),
                user_id: Snowflake(env.alice),
                content: "after".into(),
                ..ActMessage::default()
            })
            .unwrap();

        assert!(matches!(next(&mut with).await, Event::MessageCreate(_)));
        let Event::ReactionAdd(added) = next(&mut with).await else {
            panic!("MESSAGE_REACTION_ADD expected")
        };
        assert_eq!((added.message_id.get(), added.user_id.get()), (m, env.bob));
        assert_eq!(
            added.emoji,
            EmojiReactionType::Unicode {
                name: "🎉".into()
            }
        );
        assert_eq!(added.guild_id.map(|g| g.get()), Some(env.guild));
        assert_eq!(added.message_author_id.map(|a| a.get()), Some(env.alice));
        assert_eq!(
            added.member.as_ref().map(|mm| mm.user.id.get()),
            Some(env.bob)
        );
        let Event::ReactionRemove(removed) = next(&mut with).await else {
            panic!("MESSAGE_REACTION_REMOVE expected")
        };
        assert_eq!(
            (removed.message_id.get(), removed.user_id.get()),
            (m, env.bob)
        );
        assert!(matches!(next(&mut with).await, Event::MessageCreate(_)));

        assert!(matches!(next(&mut without).await, Event::MessageCreate(_)));
        let Event::MessageCreate(after) = next(&mut without).await else {
            panic!("without GUILD_MESSAGE_REACTIONS the reaction events are not sent")
        };
        assert_eq!(after.content, "after");
    })
    .await;
}
