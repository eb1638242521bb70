//! Working a ticket: /add, /remove, /rename within Discord's limit, /switchpanel and /jumptotop,
//! each by staff and refused to members.

use crate::helpers::*;
use serde_json::json;
use tickets_core::panels::PanelDraft;
use tickets_model::panel::PanelTitle;
use tickets_model::staff::{MemberOrRole, TeamName};
use tickets_store::staff::PanelTeams;
use tickets_testkit::{Act, Env, e2e_test, parse};

async fn with_name(
    env: &Env,
    channel: &str,
    user: &str,
    command: &str,
    name: &str,
    value: &str,
) -> Act {
    env.sim
        .command(
            &env.ids.guild,
            channel,
            user,
            command,
            json!([{"name": name, "value": value}]),
        )
        .await
}

e2e_test! {
    async fn staff_add_and_remove_members_and_roles(env) {
        let ticket = open_ok(env, &env.ids.alice, None).await;
        let (owner, alice, bob) = (&env.ids.owner, &env.ids.alice, &env.ids.bob);
        assert_eq!(access(env, &ticket, bob).await, (false, false));

        let refused = command_on(env, &ticket, alice, "add", bob).await;
        assert!(refused.content().starts_with("Only the support staff"), "{}", refused.content());
        assert_eq!(access(env, &ticket, bob).await, (false, false), "nothing changed");
        let everyone = command_on(env, &ticket, owner, "add", &env.ids.guild).await;
        assert_eq!(everyone.content(), "The member or role cannot be @everyone: name a member or a specific role.");

        let added = command_on(env, &ticket, owner, "add", bob).await;
        assert_eq!(added.content(), format!("<@{bob}> was added to this ticket."));
        assert!(!added.is_ephemeral());
        assert_eq!(access(env, &ticket, bob).await, (true, true));
        let twice = command_on(env, &ticket, owner, "add", bob).await;
        assert_eq!(twice.content(), format!("<@{bob}> can already see this ticket."));

        let opener = command_on(env, &ticket, owner, "remove", alice).await;
        assert_eq!(opener.content(), "The member who opened this ticket cannot be removed from it. Close the ticket instead.");
        let removed = command_on(env, &ticket, owner, "remove", bob).await;
        assert_eq!(removed.content(), format!("<@{bob}> was removed from this ticket."));
        assert_eq!(access(env, &ticket, bob).await, (false, false));
        assert_eq!(access(env, &ticket, alice).await, (true, true));
        let again = command_on(env, &ticket, owner, "remove", bob).await;
        assert_eq!(again.content(), format!("<@{bob}> was not added to this ticket, so nothing changed."));
    }
}

e2e_test! {
    async fn renames_stop_at_two_per_ten_minutes_with_a_clear_error(env) {
        let ticket = open_ok(env, &env.ids.alice, None).await;
        let name_now = |env: &Env| {
            let ticket = ticket.clone();
            let env_sim = env.sim.clone();
            let guild = env.ids.guild.clone();
            async move {
                env_sim.channels(&guild).await.into_iter().find(|c| c["id"] == ticket.as_str()).unwrap()["name"]
                    .as_str().unwrap().to_owned()
            }
        };
        let refused = with_name(env, &ticket, &env.ids.alice, "rename", "new_ticket_name", "mine").await;
        assert!(refused.content().starts_with("Only the support staff"), "{}", refused.content());

        let first = with_name(env, &ticket, &env.ids.owner, "rename", "new_ticket_name", "Billing Issue").await;
        assert_eq!(first.content(), "This ticket is now called billing-issue.");
        assert_eq!(name_now(env).await, "billing-issue");
        with_name(env, &ticket, &env.ids.owner, "rename", "new_ticket_name", "refund").await;
        assert_eq!(name_now(env).await, "refund");
        let third = with_name(env, &ticket, &env.ids.owner, "rename", "new_ticket_name", "again").await;
        assert!(third.content().starts_with("Discord allows two renames or moves of a channel every 10 minutes. You can rename or move this ticket again <t:"), "{}", third.content());
        assert!(third.is_ephemeral());
        assert_eq!(name_now(env).await, "refund", "the third rename did not happen");
    }
}

e2e_test! {
    async fn switching_panel_moves_the_ticket_and_changes_its_staff(env) {
        let guild = env.guild_id();
        let billing_category = env.sim.create_channel(&env.ids.guild, "Billing", 4, None).await;
        let panel_channel = env.sim.create_channel(&env.ids.guild, "panels", 0, None).await;
        let draft = PanelDraft {
            category_id: Some(parse(&billing_category)),
            ..PanelDraft::new(PanelTitle::parse("Billing").unwrap(), parse(&panel_channel))
        };
        let billing = env.core().create_panel(&env.owner(), &draft).await.unwrap();
        let team = env.core().create_team(&env.owner(), "Billing team").await.unwrap();
        env.core().add_team_member(&env.owner(), team.team_id, MemberOrRole::User(parse(&env.ids.bob))).await.unwrap();
        env.core().set_panel_teams(&env.owner(), billing.panel_id, PanelTeams { default_team: false, teams: vec![team.team_id] }).await.unwrap();
        // The Staff role handles the Default team's tickets, not Billing's.
        let role = staff_role(env).await;
        grant(env, &env.ids.owner, "addsupport", &role).await;
        assert!(TeamName::parse("Default").is_err());

        let ticket = open_ok(env, &env.ids.alice, None).await;
        assert_eq!(access(env, &ticket, &env.ids.staff).await, (true, true));
        assert_eq!(access(env, &ticket, &env.ids.bob).await, (false, false));

        let refused = with_name(env, &ticket, &env.ids.alice, "switchpanel", "to_panel", "Billing").await;
        assert!(refused.content().starts_with("Only the support staff"), "{}", refused.content());
        let unknown = with_name(env, &ticket, &env.ids.owner, "switchpanel", "to_panel", "Nope").await;
        assert!(unknown.content().starts_with("This panel no longer exists."), "{}", unknown.content());

        // Typing the panel's name suggests it, with its id as the value.
        let typed = env.sim.autocomplete(&env.ids.guild, &ticket, &env.ids.staff, "switchpanel", json!([{"name": "to_panel", "value": "bill"}]), "to_panel").await;
        let choices = &typed.response.as_ref().unwrap()["data"]["choices"];
        assert_eq!(choices[0]["name"], "Billing");
        assert_eq!(choices[0]["value"], billing.panel_id.to_string());
        let moved = with_name(env, &ticket, &env.ids.staff, "switchpanel", "to_panel", &billing.panel_id.to_string()).await;
        assert_eq!(moved.content(), "This ticket now belongs to the panel Billing.");
        assert_eq!(channel_of(env, &ticket).await["parent_id"], billing_category.as_str());
        assert_eq!(access(env, &ticket, &env.ids.bob).await, (true, true), "Billing's team now");
        assert_eq!(access(env, &ticket, &env.ids.staff).await, (false, false), "not Billing's staff");
        assert_eq!(access(env, &ticket, &env.ids.alice).await, (true, true));
        let stored = env.db().tickets().get(guild, 1).await.unwrap().unwrap();
        assert_eq!(stored.panel_id, Some(billing.panel_id));
    }
}

e2e_test! {
    // Regression: /switchpanel moved the channel without counting the move against Discord's
    // two renames or moves per ten minutes, so after two renames Discord answered 429 and the
    // move hung for the rest of the ten minutes.
    async fn a_move_after_two_renames_is_refused_like_a_third_rename(env) {
        let guild = env.guild_id();
        let billing_category = env.sim.create_channel(&env.ids.guild, "Billing", 4, None).await;
        let panel_channel = env.sim.create_channel(&env.ids.guild, "panels", 0, None).await;
        let draft = PanelDraft {
            category_id: Some(parse(&billing_category)),
            ..PanelDraft::new(PanelTitle::parse("Billing").unwrap(), parse(&panel_channel))
        };
        let billing = env.core().create_panel(&env.owner(), &draft).await.unwrap();
        let ticket = open_ok(env, &env.ids.alice, None).await;
        with_name(env, &ticket, &env.ids.owner, "rename", "new_ticket_name", "one").await;
        with_name(env, &ticket, &env.ids.owner, "rename", "new_ticket_name", "two").await;
        let moved = with_name(env, &ticket, &env.ids.owner, "switchpanel", "to_panel", &billing.panel_id.to_string()).await;
        assert!(moved.content().starts_with("Discord allows two renames or moves of a channel every 10 minutes."), "{}", moved.content());
        assert!(moved.is_ephemeral());
        assert_eq!(channel_of(env, &ticket).await["parent_id"], env.ids.support_category.as_str(), "not moved");
        let stored = env.db().tickets().get(guild, 1).await.unwrap().unwrap();
        assert_eq!(stored.panel_id, None, "still the panel it had");
    }
}

e2e_test! {
    async fn jump_to_top_links_the_first_message_for_those_in_the_ticket(env) {
        let ticket = open_ok(env, &env.ids.alice, None).await;
        let first = env.sim.messages(&ticket).await[0]["id"].as_str().unwrap().to_owned();
        env.sim.act_message(&ticket, &env.ids.alice, "hello").await;
        let jump = env.sim.command(&env.ids.guild, &ticket, &env.ids.alice, "jumptotop", json!([])).await;
        assert!(jump.is_ephemeral());
        let button = &jump.response.as_ref().unwrap()["data"]["components"][0]["components"][0];
        assert_eq!(button["style"], 5, "a link button");
        assert_eq!(button["url"], format!("https://discord.com/channels/{}/{ticket}/{first}", env.ids.guild));
        // A member added to the ticket may jump too (outsiders cannot even see the channel).
        command_on(env, &ticket, &env.ids.owner, "add", &env.ids.bob).await;
        let added = env.sim.command(&env.ids.guild, &ticket, &env.ids.bob, "jumptotop", json!([])).await;
        assert_eq!(added.response.as_ref().unwrap()["data"]["components"][0]["components"][0]["url"], button["url"]);
    }
}
