//! Discord failing in the middle of an action, and a crash between steps.

use crate::helpers::*;
use std::time::Duration;
use tickets_model::ticket::TicketStatus;
use tickets_testkit::{e2e_test, parse};
use twilight_model::channel::permission_overwrite::{PermissionOverwrite, PermissionOverwriteType};
use twilight_model::guild::Permissions;

e2e_test! {
    each_delivery async fn a_failed_channel_creation_leaves_nothing_and_retry_works(env) {
        let path = format!("/guilds/{}/channels", env.ids.guild);
        env.sim.fault("POST", &path, 500, 1).await;
        let channels_before = env.sim.channels(&env.ids.guild).await.len();

        let failed = open(env, &env.ids.alice, None).await;
        assert!(failed.is_ephemeral());
        assert!(
            failed.content().starts_with("Discord did not accept the request (HTTP 500"),
            "{}",
            failed.content()
        );
        assert!(failed.content().contains("Nothing was created"), "{}", failed.content());
        assert_eq!(env.sim.channels(&env.ids.guild).await.len(), channels_before);
        assert_eq!(open_count(env, &env.ids.alice).await, 0, "nothing counted as open");
        let row = env.db().tickets().get(env.guild_id(), 1).await.unwrap().unwrap();
        assert_eq!(row.status, TicketStatus::Failed);

        let id = open_ok(env, &env.ids.alice, None).await;
        assert!(channel(env, &id).await.is_some());
        assert_eq!(open_count(env, &env.ids.alice).await, 1);
    }
}

e2e_test! {
    async fn a_failed_welcome_message_removes_the_channel(env) {
        // The channel is made, then posting in it fails: no half-made ticket may stay.
        env.sim.fault("POST", "/channels/{channel_id}/messages", 503, 1).await;
        let channels_before = env.sim.channels(&env.ids.guild).await.len();
        let failed = open(env, &env.ids.bob, None).await;
        assert!(failed.content().starts_with("Discord did not accept the request"), "{}", failed.content());
        assert_eq!(env.sim.channels(&env.ids.guild).await.len(), channels_before);
        assert_eq!(open_count(env, &env.ids.bob).await, 0);
    }
}

e2e_test! {
    async fn the_sweeper_removes_what_a_crash_left(env) {
        // A crash after creating the channel and before recording it: the row is `opening` and
        // the channel exists. Reproduce that state with the application's own clients.
        let guild = env.guild_id();
        let alice = parse(&env.ids.alice);
        let core = env.core().clone();
        let reserved = match env.db().tickets().begin_open(guild, alice, None, None, Some(5), Some(core.process_id())).await.unwrap() {
            tickets_store::tickets::BeginOpen::Reserved(row) => row,
            other => panic!("{other:?}"),
        };
        let overwrites = [
            PermissionOverwrite {
                allow: Permissions::empty(),
                deny: Permissions::VIEW_CHANNEL,
                id: parse(&env.ids.guild),
                kind: PermissionOverwriteType::Role,
            },
            PermissionOverwrite {
                allow: tickets_core::open::bot_permissions(),
                deny: Permissions::empty(),
                id: parse(&env.ids.bot_user),
                kind: PermissionOverwriteType::Member,
            },
            PermissionOverwrite {
                allow: Permissions::VIEW_CHANNEL,
                deny: Permissions::empty(),
                id: parse(&env.ids.alice),
                kind: PermissionOverwriteType::Member,
            },
        ];
        let name = format!("ticket-{}", reserved.number);
        let orphan = core
            .discord()
            .model("create_guild_channel", core.discord().http().create_guild_channel(guild, &name).permission_overwrites(&overwrites))
            .await
            .unwrap();
        assert_eq!(open_count(env, &env.ids.alice).await, 1, "the abandoned opening still counts");

        // The process that recorded the opening is gone after the restart: the new one reclaims
        // it as it starts, not a minute later (ADR 8).
        env.restart_app().await;
        for _ in 0..250 {
            if open_count(env, &env.ids.alice).await == 0 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        assert_eq!(env.core().sweep_abandoned_openings(Duration::ZERO).await.unwrap(), 0, "nothing left");
        assert!(channel(env, &orphan.id.to_string()).await.is_none(), "the orphan channel is gone");
        assert_eq!(open_count(env, &env.ids.alice).await, 0);
        let row = env.db().tickets().get(guild, reserved.number).await.unwrap().unwrap();
        assert_eq!(row.status, TicketStatus::Failed);

        // After the restart, opening works as usual.
        let id = open_ok(env, &env.ids.alice, None).await;
        assert!(channel(env, &id).await.is_some());
    }
}

e2e_test! {
    async fn a_channel_deleted_while_the_bot_was_offline_closes_its_ticket(env) {
        let kept = open_ok(env, &env.ids.alice, None).await;
        let lost = open_ok(env, &env.ids.bob, None).await;
        let core = env.core().clone();
        env.stop_app().await;
        // While the bot is offline the channel goes: no CHANNEL_DELETE reaches it, and the next
        // session's GUILD_CREATE no longer lists the channel.
        let delete = core.discord().http().delete_channel(parse(&lost));
        core.discord().call("delete_channel", delete).await.unwrap();
        env.resume_app().await;
        for _ in 0..250 {
            if open_count(env, &env.ids.bob).await == 0 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        assert_eq!(open_count(env, &env.ids.bob).await, 0, "the ticket of the vanished channel is closed");
        assert_eq!(open_count(env, &env.ids.alice).await, 1, "the other ticket stays open");
        assert!(channel(env, &kept).await.is_some());
    }
}
