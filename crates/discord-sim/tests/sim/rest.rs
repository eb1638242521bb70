//! The real twilight-http 0.18 client against each REST resource.

use twilight_model::channel::ChannelType;
use twilight_model::channel::message::component::{ActionRow, Button, ButtonStyle, Component};
use twilight_model::channel::permission_overwrite::{PermissionOverwrite, PermissionOverwriteType};
use twilight_model::guild::Permissions;
use twilight_model::id::Id;
use twilight_util::builder::command::{CommandBuilder, StringBuilder};
use twilight_util::builder::embed::{EmbedBuilder, EmbedFieldBuilder, EmbedFooterBuilder};

use crate::common::{Env, bounded, id};

fn buttons() -> Vec<Component> {
    let button = |custom_id: &str, label: &str| {
        Component::Button(Button {
            custom_id: Some(custom_id.to_owned()),
            disabled: false,
            emoji: None,
            id: None,
            label: Some(label.to_owned()),
            sku_id: None,
            style: ButtonStyle::Primary,
            url: None,
        })
    };
    vec![Component::ActionRow(ActionRow {
        id: None,
        components: vec![button("claim", "Claim"), button("close", "Close")],
    })]
}

#[tokio::test]
async fn a_private_channel_with_overwrites_is_created_and_only_the_right_people_see_it() {
    bounded(async {
        let env = Env::start().await;
        let http = env.twilight();
        let view = Permissions::VIEW_CHANNEL | Permissions::SEND_MESSAGES;
        let overwrites = [
            PermissionOverwrite {
                id: id(env.guild),
                kind: PermissionOverwriteType::Role,
                allow: Permissions::empty(),
                deny: Permissions::VIEW_CHANNEL,
            },
            PermissionOverwrite {
                id: id(env.alice),
                kind: PermissionOverwriteType::Member,
                allow: view,
                deny: Permissions::empty(),
            },
            PermissionOverwrite {
                id: id(env.bot),
                kind: PermissionOverwriteType::Member,
                allow: view,
                deny: Permissions::empty(),
            },
            PermissionOverwrite {
                id: id(env.staff_role),
                kind: PermissionOverwriteType::Role,
                allow: view,
                deny: Permissions::empty(),
            },
        ];
        let channel = http
            .create_guild_channel(id(env.guild), "Ticket 0001 Alice")
            .kind(ChannelType::GuildText)
            .parent_id(id(env.support))
            .permission_overwrites(&overwrites)
            .topic("Alice's ticket")
            .await
            .unwrap()
            .model()
            .await
            .unwrap();
        assert_eq!(
            channel.name.as_deref(),
            Some("ticket-0001-alice"),
            "Discord normalises text channel names"
        );
        assert_eq!(channel.parent_id, Some(id(env.support)));
        assert_eq!(
            channel.permission_overwrites.as_ref().map(Vec::len),
            Some(4)
        );
        let channel_id = channel.id.get();
        let sees = |user| {
            env.sim.permissions(channel_id, user).unwrap()["view_channel"]
                .as_bool()
                .unwrap()
        };
        assert!(sees(env.alice));
        assert!(sees(env.staff));
        assert!(sees(env.owner), "the owner sees everything");
        assert!(!sees(env.bob));
        let fetched = http
            .channel(channel.id)
            .await
            .unwrap()
            .model()
            .await
            .unwrap();
        assert_eq!(fetched.topic.as_deref(), Some("Alice's ticket"));
        let listed = http
            .guild_channels(id(env.guild))
            .await
            .unwrap()
            .models()
            .await
            .unwrap();
        assert!(listed.iter().any(|c| c.id == channel.id));
        env.assert_log_conforms();
    })
    .await;
}

#[tokio::test]
async fn messages_with_embeds_and_buttons_are_posted_listed_paginated_and_deleted() {
    bounded(async {
        let env = Env::start().await;
        let http = env.twilight();
        let channel = id(env.general);
        let embed = EmbedBuilder::new()
            .title("Ticket opened")
            .description("Staff will be with you shortly.")
            .field(EmbedFieldBuilder::new("Subject", "Billing").inline())
            .footer(EmbedFooterBuilder::new("tickets"))
            .color(0x2ecc71)
            .build();
        let components = buttons();
        let posted = http
            .create_message(channel)
            .content("Welcome!")
            .embeds(&[embed])
            .components(&components)
            .await
            .unwrap()
            .model()
            .await
            .unwrap();
        assert_eq!(posted.embeds[0].title.as_deref(), Some("Ticket opened"));
        assert_eq!(posted.components.len(), 1);
        let mut ids = vec![posted.id];
        for n in 0..5 {
            let message = http
                .create_message(channel)
                .content(&format!("message {n}"))
                .await
                .unwrap()
                .model()
                .await
                .unwrap();
            ids.push(message.id);
        }
        let newest = http
            .channel_messages(channel)
            .limit(3)
            .await
            .unwrap()
            .models()
            .await
            .unwrap();
        assert_eq!(
            newest.iter().map(|m| m.id).collect::<Vec<_>>(),
            vec![ids[5], ids[4], ids[3]],
            "newest first"
        );
        let older = http
            .channel_messages(channel)
            .before(ids[3])
            .limit(10)
            .await
            .unwrap()
            .models()
            .await
            .unwrap();
        assert_eq!(
            older.iter().map(|m| m.id).collect::<Vec<_>>(),
            vec![ids[2], ids[1], ids[0]]
        );
        let newer = http
            .channel_messages(channel)
            .after(ids[0])
            .limit(2)
            .await
            .unwrap()
            .models()
            .await
            .unwrap();
        assert_eq!(
            newer.iter().map(|m| m.id).collect::<Vec<_>>(),
            vec![ids[2], ids[1]],
            "the two right after, newest first"
        );
        let around = http
            .channel_messages(channel)
            .around(ids[2])
            .limit(3)
            .await
            .unwrap()
            .models()
            .await
            .unwrap();
        assert_eq!(
            around.iter().map(|m| m.id).collect::<Vec<_>>(),
            vec![ids[3], ids[2], ids[1]]
        );
        http.delete_message(channel, ids[1]).await.unwrap();
        let (status, body) = env
            .api(
                "GET",
                &format!("/channels/{}/messages/{}", env.general, ids[1]),
                None,
            )
            .await;
        assert_eq!((status, body["code"].as_u64()), (404, Some(10008)));
        let seen = env.sim.messages(env.general, None).unwrap();
        assert_eq!(seen.len(), 5, "oldest first, without the deleted one");
        assert_eq!(
            seen[0]["components"][0]["components"][1]["custom_id"],
            "close"
        );
        env.assert_log_conforms();
    })
    .await;
}

#[tokio::test]
async fn private_threads_are_created_joined_and_membered() {
    bounded(async {
        let env = Env::start().await;
        let http = env.twilight();
        let thread = http
            .create_thread(id(env.general), "Ticket 2", ChannelType::PrivateThread)
            .invitable(false)
            .await
            .unwrap()
            .model()
            .await
            .unwrap();
        assert_eq!(thread.kind, ChannelType::PrivateThread);
        assert_eq!(
            thread.name.as_deref(),
            Some("Ticket 2"),
            "thread names keep their case"
        );
        assert!(
            !env.sim.permissions(thread.id.get(), env.alice).unwrap()["view_channel"]
                .as_bool()
                .unwrap()
        );
        http.add_thread_member(thread.id, id(env.alice))
            .await
            .unwrap();
        assert!(
            env.sim.permissions(thread.id.get(), env.alice).unwrap()["view_channel"]
                .as_bool()
                .unwrap()
        );
        let members = http
            .thread_members(thread.id)
            .await
            .unwrap()
            .models()
            .await
            .unwrap();
        let mut ids: Vec<u64> = members.iter().map(|m| m.user_id.unwrap().get()).collect();
        ids.sort_unstable();
        let mut expected = vec![env.bot, env.alice];
        expected.sort_unstable();
        assert_eq!(ids, expected);
        http.remove_thread_member(thread.id, id(env.alice))
            .await
            .unwrap();
        http.join_thread(thread.id).await.unwrap();
        let public = http
            .create_thread(id(env.general), "Open thread", ChannelType::PublicThread)
            .await
            .unwrap()
            .model()
            .await
            .unwrap();
        assert!(
            env.sim.permissions(public.id.get(), env.bob).unwrap()["view_channel"]
                .as_bool()
                .unwrap()
        );
        let archived = http
            .update_thread(public.id)
            .archived(true)
            .locked(true)
            .await
            .unwrap()
            .model()
            .await
            .unwrap();
        assert_eq!(
            archived.thread_metadata.map(|m| (m.archived, m.locked)),
            Some((true, true))
        );
        env.assert_log_conforms();
    })
    .await;
}

#[tokio::test]
async fn a_dm_channel_is_opened_once_and_messages_reach_it() {
    bounded(async {
        let env = Env::start().await;
        let http = env.twilight();
        let dm = http
            .create_private_channel(id(env.alice))
            .await
            .unwrap()
            .model()
            .await
            .unwrap();
        assert_eq!(dm.kind, ChannelType::Private);
        let again = http
            .create_private_channel(id(env.alice))
            .await
            .unwrap()
            .model()
            .await
            .unwrap();
        assert_eq!(dm.id, again.id);
        http.create_message(dm.id)
            .content("Your ticket was closed")
            .await
            .unwrap();
        assert_eq!(
            env.sim.messages(dm.id.get(), None).unwrap()[0]["content"],
            "Your ticket was closed"
        );
        env.assert_log_conforms();
    })
    .await;
}

#[tokio::test]
async fn commands_are_bulk_overwritten_listed_and_deleted() {
    bounded(async {
        let env = Env::start().await;
        let http = env.twilight();
        let app: Id<_> = id(env.app);
        let interaction = http.interaction(app);
        let commands = [
            CommandBuilder::new(
                "open",
                "Open a ticket",
                twilight_model::application::command::CommandType::ChatInput,
            )
            .option(StringBuilder::new("subject", "What about").required(true))
            .build(),
            CommandBuilder::new(
                "close",
                "Close this ticket",
                twilight_model::application::command::CommandType::ChatInput,
            )
            .build(),
        ];
        let set = interaction
            .set_guild_commands(id(env.guild), &commands)
            .await
            .unwrap()
            .models()
            .await
            .unwrap();
        assert_eq!(set.len(), 2);
        let again = interaction
            .set_guild_commands(id(env.guild), &commands[..1])
            .await
            .unwrap()
            .models()
            .await
            .unwrap();
        assert_eq!(
            again[0].id, set[0].id,
            "an overwrite keeps the ids of commands that stay"
        );
        let globals = interaction
            .set_global_commands(&commands)
            .await
            .unwrap()
            .models()
            .await
            .unwrap();
        let listed = interaction
            .global_commands()
            .await
            .unwrap()
            .models()
            .await
            .unwrap();
        assert_eq!(listed.len(), 2);
        interaction
            .delete_global_command(globals[1].id.unwrap())
            .await
            .unwrap();
        assert_eq!(
            interaction
                .global_commands()
                .await
                .unwrap()
                .models()
                .await
                .unwrap()
                .len(),
            1
        );
        env.assert_log_conforms();
    })
    .await;
}

#[tokio::test]
async fn guild_members_roles_and_users_are_readable() {
    bounded(async {
        let env = Env::start().await;
        let http = env.twilight();
        let guild = http
            .guild(id(env.guild))
            .await
            .unwrap()
            .model()
            .await
            .unwrap();
        assert_eq!(guild.name, "Demo Server");
        assert_eq!(guild.owner_id.get(), env.owner);
        let roles = http
            .roles(id(env.guild))
            .await
            .unwrap()
            .models()
            .await
            .unwrap();
        assert!(roles.iter().any(|r| r.name == "Staff"));
        assert!(
            roles.iter().any(|r| r.id.get() == env.guild),
            "@everyone has the guild's id"
        );
        let members = http
            .guild_members(id(env.guild))
            .limit(1000)
            .await
            .unwrap()
            .models()
            .await
            .unwrap();
        assert_eq!(members.len(), 5, "owner, staff, alice, bob and the bot");
        let found = http
            .search_guild_members(id(env.guild), "ali")
            .limit(10)
            .await
            .unwrap()
            .models()
            .await
            .unwrap();
        assert_eq!(
            found.iter().map(|m| m.user.id.get()).collect::<Vec<_>>(),
            vec![env.alice]
        );
        let staff = http
            .guild_member(id(env.guild), id(env.staff))
            .await
            .unwrap()
            .model()
            .await
            .unwrap();
        assert_eq!(staff.roles, vec![id(env.staff_role)]);
        let me = http.current_user().await.unwrap().model().await.unwrap();
        assert!(me.bot);
        let alice = http
            .user(id(env.alice))
            .await
            .unwrap()
            .model()
            .await
            .unwrap();
        assert_eq!(alice.name, "alice");
        env.assert_log_conforms();
    })
    .await;
}

#[tokio::test]
async fn bots_create_roles_within_their_own_permissions() {
    bounded(async {
        let env = Env::start().await;
        let body = |permissions: &str| serde_json::json!({"name": "Tickets Admin", "permissions": permissions});
        let bot = format!("Bot {}", env.token);
        let path = format!("/guilds/{}/roles", env.guild);
        let (status, role) = env.call("POST", &path, Some(body("0")), Some(&bot)).await;
        assert_eq!(status, 200, "{role}");
        assert_eq!(role["name"], "Tickets Admin");
        let listed = env.twilight().roles(id(env.guild)).await.unwrap().models().await.unwrap();
        assert!(listed.iter().any(|r| r.name == "Tickets Admin"));
        // Administrator is more than the bot holds: refused, nothing made.
        let (status, refused) = env.call("POST", &path, Some(body("8")), Some(&bot)).await;
        assert_eq!((status, refused["code"].as_u64()), (403, Some(50013)), "{refused}");
        let (status, long) = env
            .call("POST", &path, Some(serde_json::json!({"name": "x".repeat(101)})), Some(&bot))
            .await;
        assert_eq!((status, long["code"].as_u64()), (400, Some(50035)), "{long}");
    })
    .await;
}

#[tokio::test]
async fn a_user_who_refuses_dms_gets_none_and_the_bot_learns_50007() {
    bounded(async {
        let env = Env::start().await;
        let bot = format!("Bot {}", env.token);
        let (_, dm) = env
            .call(
                "POST",
                "/users/@me/channels",
                Some(serde_json::json!({"recipient_id": env.alice.to_string()})),
                Some(&bot),
            )
            .await;
        let path = format!("/channels/{}/messages", dm["id"].as_str().unwrap());
        let body = serde_json::json!({"content": "Your ticket was closed"});
        let (status, _) = env
            .call("POST", &path, Some(body.clone()), Some(&bot))
            .await;
        assert_eq!(status, 200);
        let (_, dms) = env
            .control("GET", &format!("/users/{}/dms", env.alice), None)
            .await;
        assert_eq!(dms[0]["content"], "Your ticket was closed");
        let (status, _) = env
            .control(
                "PATCH",
                &format!("/users/{}", env.alice),
                Some(serde_json::json!({"accepts_dms": false})),
            )
            .await;
        assert_eq!(status, 200);
        let (status, refused) = env.call("POST", &path, Some(body), Some(&bot)).await;
        assert_eq!(
            (status, refused["code"].as_u64()),
            (403, Some(50007)),
            "{refused}"
        );
        assert_eq!(refused["message"], "Cannot send messages to this user");
    })
    .await;
}
