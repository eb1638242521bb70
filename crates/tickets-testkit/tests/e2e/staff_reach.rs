//! Staff changes reach the tickets already open: after /addsupport, /removesupport, a team's
//! members or a panel's teams change, who can see an open ticket in Discord and who the
//! dashboard lists it to are the same people.

use crate::helpers::*;
use serde_json::json;
use tickets_core::access::Caller;
use tickets_core::panels::PanelDraft;
use tickets_model::panel::PanelTitle;
use tickets_model::staff::MemberOrRole;
use tickets_store::staff::PanelTeams;
use tickets_testkit::{Env, e2e_test, parse};

/// Waits (bounded) until `user`'s access to `channel` is `wanted`; returns the last seen.
async fn access_becomes(
    env: &Env,
    channel: &str,
    user: &str,
    wanted: (bool, bool),
) -> (bool, bool) {
    let mut seen = access(env, channel, user).await;
    for _ in 0..200 {
        if seen == wanted {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
        seen = access(env, channel, user).await;
    }
    seen
}

/// The numbers of the tickets the dashboard's Tickets page lists to a member.
async fn listed_to(env: &Env, user: &str, roles: Vec<tickets_model::RoleId>) -> Vec<i64> {
    let caller = Caller {
        guild_id: env.guild_id(),
        user_id: parse(user),
        roles,
    };
    match env.core().tickets_worked_by(&caller).await {
        Ok(tickets) => tickets.into_iter().map(|(t, _)| t.number).collect(),
        Err(_) => Vec::new(),
    }
}

e2e_test! {
    async fn support_given_or_taken_reaches_the_tickets_already_open(env) {
        let role = staff_role(env).await;
        let ticket = open_ok(env, &env.ids.alice, None).await;
        let roles = vec![parse(&role)];
        assert_eq!(access(env, &ticket, &env.ids.staff).await, (false, false), "not staff yet");
        assert!(listed_to(env, &env.ids.staff, roles.clone()).await.is_empty());

        grant(env, &env.ids.owner, "addsupport", &role).await;
        assert_eq!(access_becomes(env, &ticket, &env.ids.staff, (true, true)).await, (true, true), "the open ticket lets the new support in");
        assert_eq!(listed_to(env, &env.ids.staff, roles.clone()).await, vec![1], "and the dashboard lists it to them");

        let removed = command_on(env, &env.ids.general, &env.ids.owner, "removesupport", &role).await;
        assert_eq!(removed.content(), format!("<@&{role}> is no longer support staff."));
        assert_eq!(access_becomes(env, &ticket, &env.ids.staff, (false, false)).await, (false, false), "and shuts them out again");
        assert!(listed_to(env, &env.ids.staff, roles).await.is_empty());
        assert_eq!(access(env, &ticket, &env.ids.alice).await, (true, true), "the opener keeps their ticket");
    }
}

e2e_test! {
    async fn a_teams_members_and_a_panels_teams_reach_its_open_tickets(env) {
        let panel_channel = env.sim.create_channel(&env.ids.guild, "panels", 0, None).await;
        let draft = PanelDraft::new(PanelTitle::parse("Billing").unwrap(), parse(&panel_channel));
        let billing = env.core().create_panel(&env.owner(), &draft).await.unwrap();
        let team = env.core().create_team(&env.owner(), "Billing team").await.unwrap().team_id;
        env.core().set_panel_teams(&env.owner(), billing.panel_id, PanelTeams { default_team: false, teams: vec![team] }).await.unwrap();
        let ticket = open_ok(env, &env.ids.alice, None).await;
        let moved = env.sim.command(&env.ids.guild, &ticket, &env.ids.owner, "switchpanel", json!([{"name": "to_panel", "value": billing.panel_id.to_string()}])).await;
        assert_eq!(moved.content(), "This ticket now belongs to the panel Billing.");
        assert_eq!(access(env, &ticket, &env.ids.bob).await, (false, false));

        // Bob joins the team on the dashboard: he gets into the Billing ticket already open.
        env.core().add_team_member(&env.owner(), team, MemberOrRole::User(parse(&env.ids.bob))).await.unwrap();
        assert_eq!(access_becomes(env, &ticket, &env.ids.bob, (true, true)).await, (true, true));
        assert_eq!(listed_to(env, &env.ids.bob, vec![]).await, vec![1]);

        // The panel is handed to the Default team instead: Bob is out, and so is the listing.
        env.core().set_panel_teams(&env.owner(), billing.panel_id, PanelTeams { default_team: true, teams: vec![] }).await.unwrap();
        assert_eq!(access_becomes(env, &ticket, &env.ids.bob, (false, false)).await, (false, false));
        assert!(listed_to(env, &env.ids.bob, vec![]).await.is_empty());

        // Back to the team, then Bob leaves it.
        env.core().set_panel_teams(&env.owner(), billing.panel_id, PanelTeams { default_team: false, teams: vec![team] }).await.unwrap();
        assert_eq!(access_becomes(env, &ticket, &env.ids.bob, (true, true)).await, (true, true));
        env.core().remove_team_member(&env.owner(), team, MemberOrRole::User(parse(&env.ids.bob))).await.unwrap();
        assert_eq!(access_becomes(env, &ticket, &env.ids.bob, (false, false)).await, (false, false));
        assert_eq!(access(env, &ticket, &env.ids.alice).await, (true, true));
    }
}

e2e_test! {
    async fn a_staff_change_resumes_after_a_crash_from_its_stored_job(env) {
        // Discord is down for the channel edit: the change is stored, the job waits to retry.
        let role = staff_role(env).await;
        let ticket = open_ok(env, &env.ids.alice, None).await;
        let before = env.sim.last_request_seq().await;
        env.sim.fault("PATCH", &format!("/channels/{ticket}"), 503, 1).await;
        grant(env, &env.ids.owner, "addsupport", &role).await;
        let mut refused = false;
        for _ in 0..200 {
            let log = env.sim.requests_after(before).await;
            refused = log.iter().any(|r| r["method"] == "PATCH" && r["status"] == 503);
            if refused {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(25)).await;
        }
        assert!(refused, "the channel edit was refused by Discord");
        assert_eq!(access(env, &ticket, &env.ids.staff).await, (false, false));
        // After a restart, the due job runs and the open ticket follows.
        env.restart_app().await;
        env.advance_clock(std::time::Duration::from_secs(60));
        env.core().run_due_jobs().await.unwrap();
        assert_eq!(access(env, &ticket, &env.ids.staff).await, (true, true));
    }
}
