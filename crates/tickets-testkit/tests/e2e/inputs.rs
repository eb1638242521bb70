//! Values refused where they enter, with a clear message, and nothing changed: names that show
//! nothing, people who cannot take part in a ticket (non-members, bots, the bot itself), roles of
//! another server, and ids outside Discord's range in dashboard forms.

use crate::dashboard::login_as;
use crate::helpers::*;
use reqwest::StatusCode;
use reqwest::header::COOKIE;
use serde_json::json;
use tickets_testkit::{Act, Env, e2e_test};

/// A zero-width space, a zero-width joiner and a byte order mark: a name that shows nothing.
const INVISIBLE: &str = "\u{200B}\u{200D}\u{FEFF}";

async fn with(env: &Env, channel: &str, user: &str, command: &str, name: &str, value: &str) -> Act {
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

/// Posts a dashboard form as `user`; returns the status and the page.
async fn post(env: &Env, user: &str, path: &str, form: &[(&str, &str)]) -> (StatusCode, String) {
    let cookie = login_as(env, user).await;
    let response = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .post(format!("{}{path}", env.web_url()))
        .header(COOKIE, cookie)
        .form(form)
        .send()
        .await
        .unwrap();
    (response.status(), response.text().await.unwrap())
}

e2e_test! {
    async fn a_rename_or_a_team_name_that_shows_nothing_is_refused(env) {
        let ticket = open_ok(env, &env.ids.alice, None).await;
        let before = channel(env, &ticket).await.unwrap()["name"].clone();
        let refused = with(env, &ticket, &env.ids.owner, "rename", "new_ticket_name", INVISIBLE).await;
        assert_eq!(
            refused.content(),
            "The new name shows nothing: it has only spaces or invisible characters (such as zero-width spaces). Please write something people can read."
        );
        assert_eq!(channel(env, &ticket).await.unwrap()["name"], before, "the channel kept its name");

        let teams = format!("/guilds/{}/teams", env.ids.guild);
        let (status, page) = post(env, &env.ids.owner, &teams, &[("name", INVISIBLE)]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.contains(r#"id="error-team-name""#), "{page}");
        assert!(env.db().staff().teams(env.guild_id()).await.unwrap().is_empty(), "no team was made");
    }
}

e2e_test! {
    async fn only_members_who_are_people_are_added_to_a_ticket(env) {
        let ticket = open_ok(env, &env.ids.alice, None).await;
        let owner = env.ids.owner.clone();
        let stranger = env.sim.create_user("stranger").await;
        let other_bot = env.sim.add_other_bot(&env.ids.guild, "Helper Bot").await;
        let members_before = env.db().ticket_members().list(env.guild_id(), 1).await.unwrap();

        // Whether the stranger is a member is Discord's to say: 404 Unknown Member.
        env.expect_refusal("GET", "/guilds/{guild_id}/members/{user_id}", 404);
        let not_member = command_on(env, &ticket, &owner, "add", &stranger).await;
        assert_eq!(not_member.content(), "The member or role is not a member of this server: only its members can take part in a ticket.");
        let a_bot = command_on(env, &ticket, &owner, "add", &other_bot).await;
        assert_eq!(a_bot.content(), "The member or role is a bot: only people can take part in a ticket.");
        let the_bot = "The member or role cannot be the bot itself: name a member or a role.";
        let added_itself = command_on(env, &ticket, &owner, "add", &env.ids.bot_user).await;
        assert_eq!(added_itself.content(), the_bot);
        // Regression: this said "removed" and changed nothing.
        let removed_itself = command_on(env, &ticket, &owner, "remove", &env.ids.bot_user).await;
        assert_eq!(removed_itself.content(), the_bot);
        for who in [&stranger, &other_bot] {
            assert!(!access(env, &ticket, who).await.0, "{who} cannot see the ticket");
        }
        assert_eq!(env.db().ticket_members().list(env.guild_id(), 1).await.unwrap(), members_before);

        // Neither can the bot be barred, nor a claim go to it or to another bot.
        let barred = command_on(env, &env.ids.general, &owner, "blacklist", &env.ids.bot_user).await;
        assert_eq!(barred.content(), the_bot);
        assert!(env.db().blacklist().list(env.guild_id()).await.unwrap().is_empty());
        env.sim.command(&env.ids.guild, &ticket, &owner, "claim", json!([])).await;
        let to_bot = with(env, &ticket, &owner, "transfer", "user", &env.ids.bot_user).await;
        assert_eq!(to_bot.content(), "The member or role cannot be the bot itself: name a member or a role.");
        let to_other_bot = with(env, &ticket, &owner, "transfer", "user", &other_bot).await;
        assert_eq!(to_other_bot.content(), "The member or role is a bot: only people can take part in a ticket.");
        let stored = env.db().tickets().get(env.guild_id(), 1).await.unwrap().unwrap();
        assert_eq!(stored.claimed_by, Some(tickets_testkit::parse(&owner)), "the claim stayed");
    }
}

e2e_test! {
    async fn ids_of_another_server_or_out_of_range_are_refused_by_the_forms(env) {
        let owner = env.ids.owner.clone();
        let guild = env.ids.guild.clone();
        let other = env.sim.create_guild("Elsewhere", &env.ids.staff).await;
        let foreign_role = env.sim.create_role(&other, "Their staff").await;
        let staff_before = env.db().staff().entries(env.guild_id()).await.unwrap();

        // A role of another server, in the Default team's form and in a team's.
        let default = format!("/guilds/{guild}/teams/default");
        let (status, page) = post(env, &owner, &default, &[("role", &foreign_role), ("level", "support")]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.contains(r#"id="error-target""#), "{page}");
        let team = env.core().create_team(&env.owner(), "Billing").await.unwrap().team_id;
        let members = format!("/guilds/{guild}/teams/{team}/members");
        let (status, page) = post(env, &owner, &members, &[("role", &foreign_role)]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.contains(r#"id="error-target""#), "{page}");
        assert!(env.db().staff().team_members(env.guild_id(), team).await.unwrap().is_empty());

        // Ids above the stored range were clamped to another id; now each form says why.
        let too_big = "18446744073709551615";
        let (status, page) = post(env, &owner, &default, &[("member", too_big), ("level", "admin")]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.contains("must be a Discord id"), "{page}");
        assert_eq!(env.db().staff().entries(env.guild_id()).await.unwrap(), staff_before);
        let blacklist = format!("/guilds/{guild}/blacklist");
        let (status, page) = post(env, &owner, &blacklist, &[("kind", "user"), ("id", too_big)]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.contains(r#"id="error-blacklist-id""#) && page.contains("must be a Discord id"), "{page}");
        assert!(env.db().blacklist().list(env.guild_id()).await.unwrap().is_empty());
        let panels = format!("/guilds/{guild}/panels");
        let panel = [("title", "Billing"), ("colour", "#000000"), ("button_style", "primary")];
        let mut form = panel.to_vec();
        form.extend([("channel", too_big)]);
        let (status, page) = post(env, &owner, &panels, &form).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.contains(r#"id="error-channel""#) && page.contains("must be a Discord id"), "{page}");
        let mut form = panel.to_vec();
        form.extend([("channel", env.ids.general.as_str()), ("category", too_big), ("form", "x1")]);
        let (status, page) = post(env, &owner, &panels, &form).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.contains(r#"id="error-category""#), "{page}");
        assert!(page.contains(r#"id="error-form""#), "{page}");
        // A role of another server to mention when a ticket opens.
        let mention = format!("role:{foreign_role}");
        let mut form = panel.to_vec();
        form.extend([("channel", env.ids.general.as_str()), ("mention_on_open", mention.as_str())]);
        let (status, page) = post(env, &owner, &panels, &form).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.contains(r#"id="error-mention-on-open""#), "{page}");
        assert!(env.db().panels().list(env.guild_id()).await.unwrap().is_empty(), "no panel was saved");
    }
}
