//! Claiming through commands: who can see and type in a ticket before, during and after a claim
//! under each claim setting, as Discord computes it; /unclaim and /transfer and who may use them.

use crate::helpers::*;
use serde_json::json;
use tickets_model::staff::ClaimMode;
use tickets_testkit::{Env, e2e_test};

/// A ticket opened by Alice, with the Staff role made support; returns its channel.
async fn ticket_with_support(env: &Env, mode: ClaimMode) -> String {
    let mut settings = env.db().settings().get(env.guild_id()).await.unwrap();
    settings.claim_mode = mode;
    env.db().settings().save(&settings).await.unwrap();
    let role = staff_role(env).await;
    grant(env, &env.ids.owner, "addsupport", &role).await;
    open_ok(env, &env.ids.alice, None).await
}

async fn run(env: &Env, channel: &str, user: &str, name: &str) -> tickets_testkit::Act {
    env.sim
        .command(&env.ids.guild, channel, user, name, json!([]))
        .await
}

async fn transfer(env: &Env, ticket: &str, by: &str, to: &str) -> tickets_testkit::Act {
    env.sim
        .command(
            &env.ids.guild,
            ticket,
            by,
            "transfer",
            json!([{"name": "user", "value": to}]),
        )
        .await
}

e2e_test! {
    async fn each_claim_mode_changes_what_other_staff_can_do_until_unclaimed(env) {
        for (mode, during) in [
            (ClaimMode::ViewOnly, (true, false)),
            (ClaimMode::ViewAndType, (true, true)),
            (ClaimMode::Hidden, (false, false)),
        ] {
            let ticket = ticket_with_support(env, mode).await;
            let (owner, staff, alice) = (&env.ids.owner, &env.ids.staff, &env.ids.alice);
            assert_eq!(access(env, &ticket, staff).await, (true, true), "{mode}: before");
            let claimed = run(env, &ticket, owner, "claim").await;
            assert_eq!(claimed.content(), format!("<@{owner}> claimed this ticket and will help you."));
            assert_eq!(access(env, &ticket, staff).await, during, "{mode}: during");
            assert_eq!(access(env, &ticket, owner).await, (true, true), "{mode}: the claimer");
            assert_eq!(access(env, &ticket, alice).await, (true, true), "{mode}: the opener");
            let unclaimed = run(env, &ticket, owner, "unclaim").await;
            assert_eq!(unclaimed.content(), format!("<@{owner}> gave this ticket back: all of its staff can answer again."));
            assert_eq!(access(env, &ticket, staff).await, (true, true), "{mode}: after");
            close(env, owner, &ticket, None).await;
            assert!(wait_until_gone(env, &ticket).await);
        }
    }
}

e2e_test! {
    async fn claims_are_changed_only_by_the_claimer_or_an_admin(env) {
        let ticket = ticket_with_support(env, ClaimMode::ViewOnly).await;
        let (owner, staff, alice, bob) = (&env.ids.owner, &env.ids.staff, &env.ids.alice, &env.ids.bob);
        // Members cannot use the claim commands.
        let refused = run(env, &ticket, alice, "claim").await;
        assert_eq!(refused.content(), "Only the staff can claim tickets.");
        let nothing = run(env, &ticket, staff, "unclaim").await;
        assert_eq!(nothing.content(), "This ticket is not claimed.");

        run(env, &ticket, staff, "claim").await;
        // Only to staff who work the ticket; not by a member.
        let to_member = transfer(env, &ticket, staff, bob).await;
        assert_eq!(to_member.content(), "A claim can only go to another staff member who works this ticket.");
        let by_member = transfer(env, &ticket, alice, owner).await;
        assert!(by_member.content().starts_with("Only the support staff"), "{}", by_member.content());
        // The owner (an admin) takes it over; the former claimer can no longer type.
        let moved = transfer(env, &ticket, owner, owner).await;
        assert_eq!(moved.content(), format!("The claim on this ticket went from <@{staff}> to <@{owner}>."));
        assert_eq!(access(env, &ticket, staff).await, (true, false));
        // Now the support member is not the claimer and cannot lift it.
        let not_theirs = run(env, &ticket, staff, "unclaim").await;
        assert_eq!(not_theirs.content(), format!("This ticket is claimed by <@{owner}>: only they or a bot admin can change that."));
        let stored = env.db().tickets().get(env.guild_id(), 1).await.unwrap().unwrap();
        assert_eq!(stored.claimed_by, Some(tickets_testkit::parse(owner)));
        // Outside a ticket the commands say so.
        let outside = run(env, &env.ids.general, owner, "claim").await;
        assert_eq!(outside.content(), "This command only works inside a ticket channel.", "{}", outside.content());
    }
}

e2e_test! {
    async fn the_name_and_welcome_message_follow_the_claim(env) {
        let mut settings = env.db().settings().get(env.guild_id()).await.unwrap();
        settings.naming_scheme = "custom:%claimed%-%id%".to_owned();
        settings.open_command_naming_scheme = None;
        settings.welcome_message = Some("Handled by %claimed_by%".to_owned());
        env.db().settings().save(&settings).await.unwrap();
        let ticket = open_ok(env, &env.ids.alice, None).await;
        let name = |env: &Env| {
            let ticket = ticket.clone();
            let sim = env.sim.clone();
            let guild = env.ids.guild.clone();
            async move { sim.channels(&guild).await.into_iter().find(|c| c["id"] == ticket.as_str()).unwrap()["name"].as_str().unwrap().to_owned() }
        };
        let welcome = |env: &Env| {
            let ticket = ticket.clone();
            let sim = env.sim.clone();
            async move { sim.messages(&ticket).await[0]["embeds"][0]["description"].as_str().unwrap().to_owned() }
        };
        assert_eq!(name(env).await, "unclaimed-1");
        assert_eq!(welcome(env).await, "Handled by nobody yet");

        run(env, &ticket, &env.ids.owner, "claim").await;
        assert_eq!(name(env).await, "owner-1");
        assert_eq!(welcome(env).await, format!("Handled by <@{}>", env.ids.owner));
        run(env, &ticket, &env.ids.owner, "unclaim").await;
        assert_eq!(name(env).await, "unclaimed-1");
        assert_eq!(welcome(env).await, "Handled by nobody yet");
        // A third change within ten minutes keeps the name (Discord allows two renames) but
        // still updates the welcome message.
        run(env, &ticket, &env.ids.owner, "claim").await;
        assert_eq!(name(env).await, "unclaimed-1");
        assert_eq!(welcome(env).await, format!("Handled by <@{}>", env.ids.owner));
    }
}
