//! On-call staff: `/on-call` gives a staff member the on-call role of each of their teams
//! (creating it the first time, and again after someone deleted it) and takes them all back the
//! next time; members are refused; `/viewstaff` shows who is on call; and the roles a new ticket
//! of a panel would mention are its teams' only.

use crate::helpers::*;
use serde_json::{Value, json};
use tickets_core::panels::PanelDraft;
use tickets_model::panel::PanelTitle;
use tickets_model::permissions::PermissionLevel;
use tickets_model::staff::{MemberOrRole, TeamName};
use tickets_model::{PanelId, RoleId};
use tickets_store::staff::PanelTeams;
use tickets_testkit::{Act, Env, e2e_test, parse};

/// `/on-call` as `user` in #general.
async fn on_call(env: &Env, user: &str) -> Act {
    env.sim
        .command(&env.ids.guild, &env.ids.general, user, "on-call", json!([]))
        .await
}

/// The demo server as the simulator holds it.
async fn demo_guild(env: &Env) -> Value {
    let state = env.sim.state().await;
    state["guilds"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["id"] == env.ids.guild.as_str())
        .cloned()
        .unwrap()
}

/// The server's roles called `name`.
async fn roles_named(env: &Env, name: &str) -> Vec<Value> {
    demo_guild(env).await["roles"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["name"] == name)
        .cloned()
        .collect()
}

/// The id of the one role called `name`.
async fn role_id(env: &Env, name: &str) -> String {
    let roles = roles_named(env, name).await;
    assert_eq!(roles.len(), 1, "one role {name:?}: {roles:?}");
    assert_eq!(
        roles[0]["mentionable"], false,
        "members cannot ping on-call staff"
    );
    roles[0]["id"].as_str().unwrap().to_owned()
}

/// The roles `user` holds in the demo server.
async fn roles_of(env: &Env, user: &str) -> Vec<String> {
    demo_guild(env).await["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["user_id"] == user)
        .map(|m| {
            m["roles"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r.as_str().unwrap().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// The "Staff" role made support (the Default team), a team "Billing" with the staff member in
/// it, and a panel handled by Billing alone.
async fn billing_setup(env: &Env) -> PanelId {
    let guild = env.guild_id();
    let staff_role: RoleId = parse(&staff_role(env).await);
    let db = env.db().staff();
    db.grant(
        guild,
        MemberOrRole::Role(staff_role),
        PermissionLevel::Support,
    )
    .await
    .unwrap();
    let billing = db
        .create_team(guild, &TeamName::parse("Billing").unwrap())
        .await
        .unwrap();
    db.add_team_member(
        guild,
        billing.team_id,
        MemberOrRole::User(parse(&env.ids.staff)),
    )
    .await
    .unwrap();
    let draft = PanelDraft::new(
        PanelTitle::parse("Billing help").unwrap(),
        parse(&env.ids.general),
    );
    let panel = env.core().create_panel(&env.owner(), &draft).await.unwrap();
    let teams = PanelTeams {
        default_team: false,
        teams: vec![billing.team_id],
    };
    db.set_panel_teams(guild, panel.panel_id, &teams)
        .await
        .unwrap();
    panel.panel_id
}

/// `/viewstaff` as `user`: its text.
async fn viewstaff(env: &Env, user: &str) -> String {
    env.sim
        .command(
            &env.ids.guild,
            &env.ids.general,
            user,
            "viewstaff",
            json!([]),
        )
        .await
        .content()
}

e2e_test! {
    each_delivery async fn on_call_gives_each_team_its_role_and_the_next_time_takes_them_back(env) {
        let panel = billing_setup(env).await;
        let staff = env.ids.staff.clone();

        let on = on_call(env, &staff).await;
        assert!(on.is_ephemeral());
        assert_eq!(
            on.content(),
            "You are now on call for: Default, Billing. You will be added to new thread tickets of these teams; tickets already open stay as they are."
        );
        let default_role = role_id(env, "On Call").await;
        let billing_role = role_id(env, "On Call - Billing").await;
        let held = roles_of(env, &staff).await;
        assert!(held.contains(&default_role) && held.contains(&billing_role), "{held:?}");

        // A ticket of the Billing-only panel mentions Billing's role, and `/open` the Default one.
        let core = env.core();
        let guild = env.guild_id();
        assert_eq!(core.on_call_roles(guild, Some(panel)).await.unwrap(), [parse(&billing_role)]);
        assert_eq!(core.on_call_roles(guild, None).await.unwrap(), [parse(&default_role)]);

        // /viewstaff lists who is on call, per team.
        let listed = viewstaff(env, &env.ids.owner).await;
        assert!(listed.contains("**On call**"), "{listed}");
        assert!(listed.contains(&format!("- Default (<@&{default_role}>): <@{staff}>")), "{listed}");
        assert!(listed.contains(&format!("- Billing (<@&{billing_role}>): <@{staff}>")), "{listed}");

        let off = on_call(env, &staff).await;
        assert!(off.is_ephemeral());
        assert_eq!(off.content(), "You are no longer on call.");
        let held = roles_of(env, &staff).await;
        assert!(!held.contains(&default_role) && !held.contains(&billing_role), "{held:?}");
        // The roles stay for next time: going on call again reuses them.
        on_call(env, &staff).await;
        assert_eq!(role_id(env, "On Call").await, default_role);
        assert_eq!(role_id(env, "On Call - Billing").await, billing_role);
        on_call(env, &staff).await;
        let listed = viewstaff(env, &env.ids.owner).await;
        assert!(listed.contains(&format!("- Default (<@&{default_role}>): nobody")), "{listed}");
    }
}

e2e_test! {
    async fn a_member_may_not_go_on_call_and_nothing_is_created(env) {
        billing_setup(env).await;
        let refused = on_call(env, &env.ids.alice).await;
        assert!(refused.is_ephemeral());
        assert_eq!(
            refused.content(),
            "Only the support staff of this server can do that. A bot admin can add you with /addsupport."
        );
        assert!(roles_named(env, "On Call").await.is_empty());
        assert!(env.db().on_call().all(env.guild_id()).await.unwrap().is_empty());
        // Nobody ever went on call: /viewstaff has no such section.
        assert!(!viewstaff(env, &env.ids.owner).await.contains("On call"));
    }
}

e2e_test! {
    async fn a_deleted_on_call_role_is_created_again(env) {
        let guild = env.guild_id();
        // The owner is an admin without being on the staff list: the Default team is theirs.
        let owner = env.ids.owner.clone();
        on_call(env, &owner).await;
        let first = role_id(env, "On Call").await;
        on_call(env, &owner).await;

        // Someone deletes the role in Discord.
        env.sim.delete_role(&env.ids.guild, &first).await;
        assert!(roles_named(env, "On Call").await.is_empty());
        // Once the bot has heard of it, a new ticket would not mention the deleted role.
        let mut mentioned = env.core().on_call_roles(guild, None).await.unwrap();
        for _ in 0..100 {
            if mentioned.is_empty() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            mentioned = env.core().on_call_roles(guild, None).await.unwrap();
        }
        assert!(mentioned.is_empty(), "{mentioned:?}");

        let on = on_call(env, &owner).await;
        assert_eq!(on.content(), "You are now on call for: Default. You will be added to new thread tickets of these teams; tickets already open stay as they are.");
        let second = role_id(env, "On Call").await;
        assert_ne!(second, first);
        assert!(roles_of(env, &owner).await.contains(&second));
        assert_eq!(env.db().on_call().role(guild, None).await.unwrap(), Some(parse(&second)));
        assert_eq!(env.core().on_call_roles(guild, None).await.unwrap(), [parse(&second)]);
    }
}

e2e_test! {
    async fn without_manage_roles_the_answer_says_what_to_fix(env) {
        let without = tickets_bot::invite::required_permissions()
            - twilight_model::guild::Permissions::MANAGE_ROLES;
        env.sim.install(&env.ids.guild, &env.ids.application, without.bits()).await;
        env.expect_refusal("POST", "/guilds/{guild_id}/roles", 403);
        let refused = on_call(env, &env.ids.owner).await;
        assert!(refused.is_ephemeral());
        assert_eq!(
            refused.content(),
            "I cannot create or hand out the on-call roles. A server admin needs to give me the Manage Roles permission and drag my role above the \"On Call\" roles in Server Settings → Roles; then try again."
        );
        assert!(roles_named(env, "On Call").await.is_empty());
        assert!(env.db().on_call().all(env.guild_id()).await.unwrap().is_empty());
    }
}

e2e_test! {
    async fn an_on_call_role_above_the_bots_own_is_explained(env) {
        // An admin moved the on-call role above the bot's role (a role the simulator's control
        // API creates goes to the top).
        let high = env.sim.create_role(&env.ids.guild, "On Call").await;
        env.db().on_call().set_role(env.guild_id(), None, parse(&high)).await.unwrap();
        env.expect_refusal("PUT", "/guilds/{guild_id}/members/{user_id}/roles/{role_id}", 403);
        let refused = on_call(env, &env.ids.owner).await;
        assert_eq!(
            refused.content(),
            "I cannot create or hand out the on-call roles. A server admin needs to give me the Manage Roles permission and drag my role above the \"On Call\" roles in Server Settings → Roles; then try again."
        );
        assert!(!roles_of(env, &env.ids.owner).await.contains(&high));
        assert_eq!(roles_named(env, "On Call").await.len(), 1, "no second role was made");
    }
}

e2e_test! {
    async fn viewstaff_still_lists_the_staff_when_discord_cannot_list_the_members(env) {
        let owner = env.ids.owner.clone();
        on_call(env, &owner).await;
        env.sim.fault("GET", "/guilds/{guild_id}/members", 500, 1).await;
        let listed = viewstaff(env, &owner).await;
        assert!(listed.contains(&format!("- <@{owner}>")), "{listed}");
        assert!(listed.contains("**On call**\nWho is on call could not be read from Discord (HTTP 500"), "{listed}");
        // Once Discord answers again, so does the list.
        let role = role_id(env, "On Call").await;
        let listed = viewstaff(env, &owner).await;
        assert!(listed.contains(&format!("- Default (<@&{role}>): <@{owner}>")), "{listed}");
    }
}
