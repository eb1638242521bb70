//! Thread mode as Discord runs it: THREAD_CREATE for the creator, mentions bringing members
//! in, archive and lock rules, the active-threads limit, the listing routes and member roles.

use std::time::Duration;

use serde_json::{Value, json};
use twilight_gateway::{
    ConfigBuilder, Event, EventTypeFlags, Intents, Shard, ShardId, StreamExt as _,
};
use twilight_http::Client;
use twilight_model::channel::{Channel, ChannelType};
use twilight_model::gateway::payload::incoming::GuildCreate;

use crate::common::{Env, bounded, config, id};

pub async fn next(shard: &mut Shard) -> Event {
    tokio::time::timeout(
        Duration::from_secs(10),
        shard.next_event(EventTypeFlags::all()),
    )
    .await
    .expect("a gateway event in time")
    .expect("the shard runs")
    .expect("no gateway error")
}

pub fn shard(env: &Env) -> Shard {
    let config = ConfigBuilder::new(env.token.clone(), Intents::GUILDS | Intents::GUILD_MEMBERS)
        .proxy_url(env.sim.gateway_url())
        .build();
    Shard::with_config(ShardId::ONE, config)
}

pub async fn private_thread(http: &Client, parent: u64, name: &str) -> Channel {
    http.create_thread(id(parent), name, ChannelType::PrivateThread)
        .invitable(false)
        .await
        .unwrap()
        .model()
        .await
        .unwrap()
}

async fn member_ids(env: &Env, thread: u64) -> Vec<u64> {
    let (status, list) = env
        .api("GET", &format!("/channels/{thread}/thread-members"), None)
        .await;
    assert_eq!(status, 200, "{list}");
    list.as_array()
        .unwrap()
        .iter()
        .map(|m| m["user_id"].as_str().unwrap().parse().unwrap())
        .collect()
}

async fn post(env: &Env, channel: u64, body: Value) -> (u16, Value) {
    env.api("POST", &format!("/channels/{channel}/messages"), Some(body))
        .await
}

async fn post_as(env: &Env, channel: u64, user: u64, content: &str) -> (u16, Value) {
    let body =
        json!({"channel_id": channel.to_string(), "user_id": user.to_string(), "content": content});
    env.control("POST", "/act/message", Some(body)).await
}

async fn patch_thread(env: &Env, thread: u64, body: Value) -> (u16, Value) {
    env.api("PATCH", &format!("/channels/{thread}"), Some(body))
        .await
}

/// Reinstalls the demo bot with its permissions minus `without`.
pub async fn bot_without(env: &Env, without: u64) {
    let permissions = crate::common::bot_permissions() & !without;
    let (status, body) = env
        .control(
            "PUT",
            &format!("/guilds/{}/applications/{}", env.guild, env.app),
            Some(json!({"permissions": permissions.to_string()})),
        )
        .await;
    assert_eq!(status, 200, "{body}");
}

pub const MANAGE_THREADS: u64 = 1 << 34;

#[tokio::test]
async fn a_new_thread_is_a_thread_create_with_the_creators_member_and_listed_in_guild_create() {
    bounded(async {
        let env = Env::start().await;
        let http = env.twilight();
        let early = private_thread(&http, env.general, "Ticket 1").await;
        let mut shard = shard(&env);
        loop {
            if let Event::GuildCreate(guild) = next(&mut shard).await {
                let GuildCreate::Available(guild) = &*guild else {
                    panic!("unavailable guild")
                };
                let listed = guild.threads.iter().find(|t| t.id == early.id);
                let member = listed.and_then(|t| t.member.as_ref());
                assert_eq!(
                    member.and_then(|m| m.user_id).map(|u| u.get()),
                    Some(env.bot),
                    "an active thread is in GUILD_CREATE with the bot's member"
                );
                break;
            }
        }
        let created = private_thread(&http, env.general, "Ticket 2").await;
        let event = loop {
            match next(&mut shard).await {
                Event::ChannelCreate(channel) => {
                    panic!("a thread is not a CHANNEL_CREATE: {channel:?}")
                }
                Event::ThreadCreate(thread) => break thread,
                _ => {}
            }
        };
        assert_eq!(event.id, created.id);
        assert_eq!(event.newly_created, Some(true));
        assert_eq!(
            event
                .member
                .as_ref()
                .and_then(|m| m.user_id)
                .map(|u| u.get()),
            Some(env.bot)
        );
        env.assert_log_conforms();
    })
    .await;
}

#[tokio::test]
async fn mentions_in_a_private_thread_add_who_can_view_the_parent() {
    bounded(async {
        let env = Env::start().await;
        let http = env.twilight();
        let mut shard = shard(&env);
        loop {
            if matches!(next(&mut shard).await, Event::GuildCreate(_)) {
                break;
            }
        }
        let thread = private_thread(&http, env.general, "Ticket").await.id.get();
        let (status, _) = post(
            &env,
            thread,
            json!({"content": format!("Hello <@{}>", env.alice)}),
        )
        .await;
        assert_eq!(status, 200);
        assert!(member_ids(&env, thread).await.contains(&env.alice));
        loop {
            if let Event::ThreadMembersUpdate(update) = next(&mut shard).await
                && update
                    .added_members
                    .iter()
                    .any(|m| m.user_id.map(|u| u.get()) == Some(env.alice))
            {
                break;
            }
        }
        // Mentions that allowed_mentions suppresses add nobody.
        let quiet =
            json!({"content": format!("<@{}>", env.bob), "allowed_mentions": {"parse": []}});
        assert_eq!(post(&env, thread, quiet).await.0, 200);
        assert!(!member_ids(&env, thread).await.contains(&env.bob));
        // A role the bot creates starts unmentionable; the bot cannot mention everyone.
        let role = http
            .create_role(id(env.guild))
            .name("On call")
            .await
            .unwrap()
            .model()
            .await
            .unwrap();
        http.add_guild_member_role(id(env.guild), id(env.staff), role.id)
            .await
            .unwrap();
        let ping = json!({"content": format!("<@&{}>", role.id)});
        assert_eq!(post(&env, thread, ping.clone()).await.0, 200);
        assert!(!member_ids(&env, thread).await.contains(&env.staff));
        http.update_role(id(env.guild), role.id)
            .mentionable(true)
            .await
            .unwrap();
        assert_eq!(post(&env, thread, ping).await.0, 200);
        assert!(member_ids(&env, thread).await.contains(&env.staff));
        env.assert_log_conforms();
    })
    .await;
}

#[tokio::test]
async fn mentions_add_nobody_who_cannot_view_the_parent_and_users_mention_too() {
    bounded(async {
        let env = Env::start().await;
        let http = env.twilight();
        // A channel only the bot (and the owner) can see.
        let (status, hidden) = env
            .control(
                "POST",
                &format!("/guilds/{}/channels", env.guild),
                Some(
                    json!({"name": "hidden", "type": 0, "permission_overwrites": [
                        {"id": env.guild.to_string(), "type": 0, "allow": "0", "deny": "1024"},
                        {"id": env.bot.to_string(), "type": 1, "allow": "1024", "deny": "0"}
                    ]}),
                ),
            )
            .await;
        assert_eq!(status, 200, "{hidden}");
        let hidden: u64 = hidden["id"].as_str().unwrap().parse().unwrap();
        let thread = private_thread(&http, hidden, "Hidden").await.id.get();
        let body = json!({"content": format!("<@{}> <@&{}>", env.alice, env.staff_role)});
        assert_eq!(post(&env, thread, body).await.0, 200);
        assert_eq!(member_ids(&env, thread).await, vec![env.bot]);
        // In a public thread a user's message brings in the author and whom it mentions.
        let public = http
            .create_thread(id(env.general), "Open", ChannelType::PublicThread)
            .await
            .unwrap()
            .model()
            .await
            .unwrap()
            .id
            .get();
        let (status, body) = post_as(&env, public, env.alice, &format!("hi <@{}>", env.bob)).await;
        assert_eq!(status, 200, "{body}");
        let members = member_ids(&env, public).await;
        assert!(
            members.contains(&env.alice) && members.contains(&env.bob),
            "{members:?}"
        );
        env.assert_log_conforms();
    })
    .await;
}

#[tokio::test]
async fn locked_threads_take_posts_and_unarchiving_only_from_moderators() {
    bounded(async {
        let env = Env::start().await;
        let http = env.twilight();
        let thread = private_thread(&http, env.general, "Ticket").await.id.get();
        http.add_thread_member(id(thread), id(env.alice)).await.unwrap();
        // Archived but not locked: a post unarchives it.
        http.update_thread(id(thread)).archived(true).await.unwrap();
        let (status, body) = post_as(&env, thread, env.alice, "still there?").await;
        assert_eq!(status, 200, "{body}");
        let (_, channel) = env.api("GET", &format!("/channels/{thread}"), None).await;
        assert_eq!(channel["thread_metadata"]["archived"], false);
        // Locked and active: the member may not post, the bot (Manage Threads) may.
        let (status, _) = patch_thread(&env, thread, json!({"locked": true})).await;
        assert_eq!(status, 200);
        let (status, body) = post_as(&env, thread, env.alice, "hello?").await;
        assert_eq!(status, 400, "{body}");
        assert_eq!(body["error"], "Thread is locked");
        assert_eq!(post(&env, thread, json!({"content": "moderator here"})).await.0, 200);
        // Locked and archived: the member's post is refused with 50083.
        let (status, _) = patch_thread(&env, thread, json!({"archived": true})).await;
        assert_eq!(status, 200);
        let (status, body) = post_as(&env, thread, env.alice, "hello?").await;
        assert_eq!((status, body["error"].as_str()), (400, Some("Thread is archived")));
        // A user cannot unarchive or unlock it; without Manage Threads neither can the bot.
        let act = json!({"channel_id": thread.to_string(), "user_id": env.alice.to_string(), "archived": false});
        assert_eq!(env.control("POST", "/act/thread", Some(act)).await.0, 403);
        bot_without(&env, MANAGE_THREADS).await;
        let (status, body) = patch_thread(&env, thread, json!({"archived": false})).await;
        assert_eq!((status, body["code"].as_u64()), (403, Some(50013)));
        env.assert_log_conforms();
    })
    .await;
}

#[tokio::test]
async fn a_member_unarchives_an_unlocked_thread_and_users_archive_through_the_control_api() {
    bounded(async {
        let env = Env::start().await;
        let http = env.twilight();
        let thread = private_thread(&http, env.general, "Ticket").await.id.get();
        http.add_thread_member(id(thread), id(env.alice)).await.unwrap();
        // Alice is in the thread but did not create it: she can unarchive, not archive or lock.
        let act = |archived: Option<bool>, locked: Option<bool>| {
            json!({"channel_id": thread.to_string(), "user_id": env.alice.to_string(), "archived": archived, "locked": locked})
        };
        assert_eq!(env.control("POST", "/act/thread", Some(act(Some(true), None))).await.0, 403);
        assert_eq!(env.control("POST", "/act/thread", Some(act(None, Some(true)))).await.0, 403);
        http.update_thread(id(thread)).archived(true).await.unwrap();
        let (status, body) = env.control("POST", "/act/thread", Some(act(Some(false), None))).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["thread"]["thread_metadata"]["archived"], false);
        // The staff owner of the server archives and locks it.
        let owner = json!({"channel_id": thread.to_string(), "user_id": env.owner.to_string(), "archived": true, "locked": true});
        let (status, body) = env.control("POST", "/act/thread", Some(owner)).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["thread"]["thread_metadata"]["locked"], true);
        env.assert_log_conforms();
    })
    .await;
}

#[tokio::test]
async fn the_guild_refuses_threads_beyond_its_active_limit_and_archived_ones_do_not_count() {
    bounded(async {
        let mut config = config();
        config.limits.active_threads = 2;
        let env = Env::with(config).await;
        let http = env.twilight();
        let first = private_thread(&http, env.general, "One").await;
        private_thread(&http, env.general, "Two").await;
        let third = http
            .create_thread(id(env.general), "Three", ChannelType::PrivateThread)
            .await;
        let error = third
            .expect_err("a third active thread is refused")
            .to_string();
        assert!(error.contains("160006"), "{error}");
        http.update_thread(first.id).archived(true).await.unwrap();
        let third = private_thread(&http, env.general, "Three").await;
        // Full again: unarchiving is refused too.
        let (status, body) = patch_thread(&env, first.id.get(), json!({"archived": false})).await;
        assert_eq!((status, body["code"].as_u64()), (400, Some(160006)));
        // The limit can be changed while the simulator runs.
        let (status, limits) = env
            .control("PATCH", "/limits", Some(json!({"active_threads": 3})))
            .await;
        assert_eq!((status, limits["active_threads"].as_u64()), (200, Some(3)));
        let (status, _) = patch_thread(&env, first.id.get(), json!({"archived": false})).await;
        assert_eq!(status, 200);
        assert_ne!(third.id, first.id);
        env.assert_log_conforms();
    })
    .await;
}
