//! Roles after creation: given to and taken from members, edited and deleted, within Manage
//! Roles and the role hierarchy.

use serde_json::json;
use twilight_gateway::Event;

use crate::common::{Env, bounded, id};
use crate::threads::{bot_without, next, shard};

#[tokio::test]
async fn member_roles_follow_manage_roles_and_the_hierarchy_and_deleted_roles_leave_members() {
    bounded(async {
        let env = Env::start().await;
        let http = env.twilight();
        // A role made through the control API sits above the bot's own role.
        let (status, above) = env
            .control(
                "POST",
                &format!("/guilds/{}/roles", env.guild),
                Some(json!({"name": "Admins"})),
            )
            .await;
        assert_eq!(status, 200);
        let above: u64 = above["id"].as_str().unwrap().parse().unwrap();
        let path = format!("/guilds/{}/members/{}/roles/{above}", env.guild, env.alice);
        let (status, body) = env.api("PUT", &path, None).await;
        assert_eq!((status, body["code"].as_u64()), (403, Some(50013)));
        let (status, body) = env
            .api(
                "PATCH",
                &format!("/guilds/{}/roles/{above}", env.guild),
                Some(json!({"name": "x"})),
            )
            .await;
        assert_eq!((status, body["code"].as_u64()), (403, Some(50013)));
        // One the bot creates starts at the bottom: the bot gives it, takes it, deletes it.
        let on_call = http
            .create_role(id(env.guild))
            .name("On call")
            .await
            .unwrap()
            .model()
            .await
            .unwrap();
        assert_eq!(on_call.position, 1);
        http.add_guild_member_role(id(env.guild), id(env.alice), on_call.id)
            .await
            .unwrap();
        let alice = http
            .guild_member(id(env.guild), id(env.alice))
            .await
            .unwrap()
            .model()
            .await
            .unwrap();
        assert!(alice.roles.contains(&on_call.id));
        http.remove_guild_member_role(id(env.guild), id(env.alice), on_call.id)
            .await
            .unwrap();
        let alice = http
            .guild_member(id(env.guild), id(env.alice))
            .await
            .unwrap()
            .model()
            .await
            .unwrap();
        assert!(!alice.roles.contains(&on_call.id));
        http.add_guild_member_role(id(env.guild), id(env.bob), on_call.id)
            .await
            .unwrap();
        let mut shard = shard(&env);
        loop {
            if matches!(next(&mut shard).await, Event::GuildCreate(_)) {
                break;
            }
        }
        http.delete_role(id(env.guild), on_call.id).await.unwrap();
        loop {
            if let Event::RoleDelete(deleted) = next(&mut shard).await {
                assert_eq!(deleted.role_id, on_call.id);
                break;
            }
        }
        let bob = http
            .guild_member(id(env.guild), id(env.bob))
            .await
            .unwrap()
            .model()
            .await
            .unwrap();
        assert!(!bob.roles.contains(&on_call.id));
        // Without Manage Roles nothing goes.
        bot_without(&env, 1 << 28).await;
        let path = format!(
            "/guilds/{}/members/{}/roles/{}",
            env.guild, env.alice, env.staff_role
        );
        assert_eq!(env.api("PUT", &path, None).await.0, 403);
        // Staff delete a role through the control API; its members lose it.
        let (status, _) = env
            .control(
                "DELETE",
                &format!("/guilds/{}/roles/{}", env.guild, env.staff_role),
                None,
            )
            .await;
        assert_eq!(status, 204);
        let staff = http
            .guild_member(id(env.guild), id(env.staff))
            .await
            .unwrap()
            .model()
            .await
            .unwrap();
        assert!(staff.roles.is_empty());
        env.assert_log_conforms();
    })
    .await;
}
