//! The control API itself: building the world, what users see, and the whole simulator with
//! the twilight gateway client (GUILD_CREATE, dispatches of REST changes, interactions).

use std::time::Duration;

use serde_json::json;
use twilight_gateway::{
    ConfigBuilder, Event, EventTypeFlags, Intents, Shard, ShardId, StreamExt as _,
};
use twilight_model::application::interaction::InteractionData;
use twilight_model::gateway::payload::incoming::GuildCreate;
use twilight_model::http::interaction::{
    InteractionResponse, InteractionResponseData, InteractionResponseType,
};

use crate::common::{Env, bounded, id};

#[tokio::test]
async fn users_guilds_roles_members_and_channels_are_built_through_the_control_api() {
    bounded(async {
        let env = Env::start().await;
        let (status, carol) = env
            .control(
                "POST",
                "/users",
                Some(json!({"username": "carol", "global_name": "Carol"})),
            )
            .await;
        assert_eq!(status, 200);
        let carol_id = carol["id"].as_str().unwrap().to_owned();
        let (status, guild) = env
            .control(
                "POST",
                "/guilds",
                Some(json!({"name": "Second", "owner_id": carol_id})),
            )
            .await;
        assert_eq!(status, 200, "{guild}");
        let guild_id = guild["id"].as_str().unwrap().to_owned();
        assert_eq!(
            guild["roles"][0]["id"],
            guild_id.as_str(),
            "@everyone has the guild's id"
        );
        let (status, role) = env
            .control(
                "POST",
                &format!("/guilds/{guild_id}/roles"),
                Some(json!({"name": "Mods", "permissions": "8192"})),
            )
            .await;
        assert_eq!((status, role["permissions"].as_str()), (200, Some("8192")));
        let (status, member) = env
            .control(
                "PUT",
                &format!("/guilds/{guild_id}/members/{}", env.alice),
                Some(json!({"roles": [role["id"]], "nick": "Al"})),
            )
            .await;
        assert_eq!((status, member["nick"].as_str()), (200, Some("Al")));
        let (status, category) = env
            .control(
                "POST",
                &format!("/guilds/{guild_id}/channels"),
                Some(json!({"name": "Help", "type": 4})),
            )
            .await;
        assert_eq!(status, 200);
        let (status, channel) = env
            .control(
                "POST",
                &format!("/guilds/{guild_id}/channels"),
                Some(json!({"name": "Ask Here", "type": 0, "parent_id": category["id"]})),
            )
            .await;
        assert_eq!((status, channel["name"].as_str()), (200, Some("ask-here")));
        let (status, listed) = env
            .control("GET", &format!("/guilds/{guild_id}/channels"), None)
            .await;
        assert_eq!(status, 200);
        assert_eq!(listed.as_array().unwrap().len(), 2);
        assert_eq!(listed[1]["parent_id"], category["id"]);
        let (status, installed) = env
            .control(
                "PUT",
                &format!("/guilds/{guild_id}/applications/{}", env.app),
                Some(json!({"permissions": "3072"})),
            )
            .await;
        assert_eq!(status, 200, "{installed}");
        let (status, guilds) = env.api("GET", "/users/@me/guilds", None).await;
        assert_eq!(
            (status, guilds.as_array().unwrap().len()),
            (200, 2),
            "the bot is in both guilds"
        );
        let (status, _) = env
            .control(
                "DELETE",
                &format!("/guilds/{guild_id}/members/{}", env.alice),
                None,
            )
            .await;
        assert_eq!(status, 204);
        let (status, _) = env
            .api(
                "GET",
                &format!("/guilds/{guild_id}/members/{}", env.alice),
                None,
            )
            .await;
        assert_eq!(status, 404);
        let (status, state) = env.control("GET", "/state", None).await;
        assert_eq!(status, 200);
        let app = &state["applications"][0];
        for key in [
            "id",
            "bot_user_id",
            "token",
            "public_key",
            "client_id",
            "client_secret",
        ] {
            assert!(app[key].is_string(), "state.applications[0].{key}");
        }
        assert!(app.get("interactions_endpoint_url").is_some());
        assert_eq!(state["guilds"].as_array().unwrap().len(), 2);
    })
    .await;
}

#[tokio::test]
async fn users_post_messages_and_permissions_are_computed_for_them() {
    bounded(async {
        let env = Env::start().await;
        let (status, posted) = env.control("POST", "/act/message", Some(json!({"channel_id": env.general.to_string(), "user_id": env.bob.to_string(), "content": "hello"}))).await;
        assert_eq!(status, 200);
        assert_eq!(posted["message"]["author"]["username"], "bob");
        let (status, messages) = env.control("GET", &format!("/channels/{}/messages", env.general), None).await;
        assert_eq!((status, messages[0]["content"].as_str()), (200, Some("hello")));
        let (status, perms) = env.control("GET", &format!("/channels/{}/permissions/{}", env.general, env.bob), None).await;
        assert_eq!(status, 200);
        assert_eq!((perms["view_channel"].as_bool(), perms["send_messages"].as_bool()), (Some(true), Some(true)));
        assert!(perms["permissions"].is_string());
        let (status, requests) = env.control("GET", "/requests?after=0", None).await;
        assert_eq!((status, requests.as_array().unwrap().len()), (200, 0), "users are not bots: no REST log");
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

#[tokio::test]
async fn a_twilight_bot_gets_its_guild_rest_changes_and_interactions_over_the_gateway() {
    bounded(async {
        let env = Env::start().await;
        env.register_commands().await;
        let intents = Intents::GUILDS
            | Intents::GUILD_MEMBERS
            | Intents::GUILD_MESSAGES
            | Intents::MESSAGE_CONTENT;
        let config = ConfigBuilder::new(env.token.clone(), intents)
            .proxy_url(env.sim.gateway_url())
            .build();
        let mut shard = Shard::with_config(ShardId::ONE, config);
        loop {
            if let Event::GuildCreate(guild) = next(&mut shard).await {
                let GuildCreate::Available(guild) = &*guild else {
                    panic!("unavailable guild")
                };
                assert_eq!(guild.id.get(), env.guild);
                assert_eq!(guild.name, "Demo Server");
                assert!(guild.channels.iter().any(|c| c.id.get() == env.general));
                assert!(
                    guild.members.iter().any(|m| m.user.id.get() == env.bot),
                    "the bot's own member"
                );
                break;
            }
        }
        let http = env.twilight();
        let created = http
            .create_guild_channel(id(env.guild), "from-rest")
            .await
            .unwrap()
            .model()
            .await
            .unwrap();
        loop {
            if let Event::ChannelCreate(channel) = next(&mut shard).await {
                assert_eq!(channel.id, created.id);
                break;
            }
        }
        env.sim
            .put_member(env.guild, env.bob, Some(vec![env.staff_role]))
            .unwrap();
        loop {
            if let Event::MemberUpdate(update) = next(&mut shard).await {
                assert_eq!(update.user.id.get(), env.bob);
                break;
            }
        }
        let act = env.open_as(env.alice, "Gateway");
        let interaction = loop {
            if let Event::InteractionCreate(interaction) = next(&mut shard).await {
                break interaction;
            }
        };
        let Some(InteractionData::ApplicationCommand(data)) = &interaction.data else {
            panic!("a command")
        };
        assert_eq!(data.name, "open");
        assert_eq!(
            interaction
                .member
                .as_ref()
                .and_then(|m| m.user.as_ref())
                .map(|u| u.id.get()),
            Some(env.alice)
        );
        let response = InteractionResponse {
            kind: InteractionResponseType::ChannelMessageWithSource,
            data: Some(InteractionResponseData {
                content: Some("Ticket opened".to_owned()),
                ..Default::default()
            }),
        };
        http.interaction(id(env.app))
            .create_response(interaction.id, &interaction.token, &response)
            .await
            .unwrap();
        let act = act.await.unwrap();
        assert_eq!(act.content(), "Ticket opened");
        loop {
            if let Event::MessageCreate(message) = next(&mut shard).await {
                assert_eq!(message.content, "Ticket opened");
                break;
            }
        }
        let told = env.sim.reconnect_gateway();
        assert_eq!(told, 1);
        env.assert_log_conforms();
    })
    .await;
}
