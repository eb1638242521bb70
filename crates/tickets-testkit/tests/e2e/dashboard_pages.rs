//! The dashboard's Settings and Panels pages over real HTTP: saving, errors next to fields, and
//! that no admin of one server reaches another server's pages or forms.

use crate::dashboard::login_as;
use reqwest::StatusCode;
use reqwest::header::{COOKIE, LOCATION};
use tickets_testkit::{Env, e2e_test, parse};

pub struct Browser<'a> {
    env: &'a Env,
    cookie: String,
    http: reqwest::Client,
}

impl<'a> Browser<'a> {
    pub async fn login(env: &'a Env, user: &str) -> Self {
        Self {
            env,
            cookie: login_as(env, user).await,
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
        }
    }

    pub async fn get(&self, path: &str) -> (StatusCode, String) {
        let response = self
            .http
            .get(format!("{}{path}", self.env.web_url()))
            .header(COOKIE, &self.cookie)
            .send()
            .await
            .unwrap();
        (response.status(), response.text().await.unwrap())
    }

    pub async fn post(&self, path: &str, form: &[(&str, &str)]) -> (StatusCode, String) {
        let response = self
            .http
            .post(format!("{}{path}", self.env.web_url()))
            .header(COOKIE, &self.cookie)
            .form(form)
            .send()
            .await
            .unwrap();
        let status = response.status();
        let location = response
            .headers()
            .get(LOCATION)
            .map(|l| l.to_str().unwrap().to_owned());
        let body = response.text().await.unwrap();
        (status, location.unwrap_or(body))
    }
}

async fn channel_named(env: &Env, name: &str) -> String {
    env.sim
        .channels(&env.ids.guild)
        .await
        .into_iter()
        .find(|c| c["name"] == name)
        .and_then(|c| c["id"].as_str().map(str::to_owned))
        .unwrap()
}

e2e_test! {
    async fn the_settings_page_saves_and_shows_errors_next_to_their_fields(env) {
        let owner = Browser::login(env, &env.ids.owner).await;
        let path = format!("/guilds/{}/settings", env.ids.guild);
        let (status, page) = owner.get(&path).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        assert!(page.contains("Settings of Demo Server"), "{page}");

        let long = "x".repeat(4097);
        let (status, page) = owner
            .post(&path, &[("ticket_limit", "99"), ("welcome_message", &long), ("naming", "number")])
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.contains(r#"<p class="error" id="error-ticket-limit">The ticket limit must be a whole number from 1 to 50.</p>"#), "{page}");
        assert!(page.contains("The welcome message is 4097 characters long; the limit is 4096. Please shorten it."), "{page}");
        let unchanged = env.db().settings().get(env.guild_id()).await.unwrap();
        assert_eq!(unchanged.ticket_limit, 5, "nothing saved");

        let overflow = env.sim.create_channel(&env.ids.guild, "Overflow", 4, None).await;
        let (status, to) = owner
            .post(&path, &[
                ("ticket_limit", "2"),
                ("ticket_category", &env.ids.support_category),
                ("overflow_category", &overflow),
                ("naming", "custom"),
                ("naming_custom", "help-%id%"),
                ("welcome_message", "Hi %user%"),
                ("open_command_enabled", "on"),
                ("perm_embed_links", "on"),
            ])
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{to}");
        let saved = env.db().settings().get(env.guild_id()).await.unwrap();
        assert_eq!(saved.ticket_limit, 2);
        assert_eq!(saved.overflow_category_id, Some(parse(&overflow)));
        assert_eq!(saved.naming_scheme, "custom:help-%id%");
        assert_eq!(saved.welcome_message.as_deref(), Some("Hi %user%"));
        assert!(saved.open_command_enabled && saved.perm_embed_links);
        assert!(!saved.perm_attach_files && !saved.allow_users_close);
        let (_, page) = owner.get(&format!("{path}?saved=1")).await;
        assert!(page.contains(r#"id="saved""#), "{page}");

        // A text channel is not a category: refused next to the field.
        let general = env.ids.general.clone();
        let (status, page) = owner
            .post(&path, &[("ticket_limit", "2"), ("ticket_category", &general), ("naming", "number")])
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.contains(r#"id="error-category""#), "{page}");
    }
}

e2e_test! {
    async fn a_panel_is_created_edited_resent_and_deleted_from_the_dashboard(env) {
        let owner = Browser::login(env, &env.ids.owner).await;
        let panels = format!("/guilds/{}/panels", env.ids.guild);
        let channel = channel_named(env, "open-a-ticket").await;

        let long_title = "T".repeat(256);
        let (status, page) = owner
            .post(&panels, &[("title", &long_title), ("channel", &channel), ("colour", "#5865f2"), ("button_style", "primary")])
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.contains(r#"<p class="error" id="error-panel-title">The title is 256 characters long; the limit is 255. Please shorten it.</p>"#), "{page}");
        assert!(env.sim.messages(&channel).await.is_empty(), "nothing posted");
        let (status, page) = owner
            .post(&panels, &[("title", "Help"), ("channel", &channel), ("colour", "#5865f2"), ("button_style", "primary"), ("emoji", "envelope")])
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.contains(r#"id="error-emoji""#), "{page}");

        let (status, to) = owner
            .post(&panels, &[
                ("title", "Billing"),
                ("content", "Questions about invoices"),
                ("channel", &channel),
                ("colour", "#00aa00"),
                ("button_style", "success"),
                ("button_label", "Open billing ticket"),
            ])
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{to}");
        let posted = env.sim.messages(&channel).await;
        assert_eq!(posted.len(), 1);
        assert_eq!(posted[0]["embeds"][0]["title"], "Billing");
        assert_eq!(posted[0]["components"][0]["components"][0]["label"], "Open billing ticket");
        let panel = env.db().panels().list(env.guild_id()).await.unwrap().remove(0);
        let (_, page) = owner.get(&format!("{panels}?done=created")).await;
        assert!(page.contains("The panel was created and posted."), "{page}");
        assert!(page.contains(&format!(r#"data-panel-id="{}""#, panel.panel_id)), "{page}");

        let edit = format!("{panels}/{}", panel.panel_id);
        let (status, page) = owner.get(&edit).await;
        assert_eq!(status, StatusCode::OK);
        assert!(page.contains(r#"id="preview-title">Billing<"#), "{page}");
        let (status, _) = owner
            .post(&edit, &[("title", "Billing and refunds"), ("channel", &channel), ("colour", "#00aa00"), ("button_style", "danger")])
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let edited = env.sim.messages(&channel).await;
        assert_eq!(edited.len(), 1, "edited in place");
        assert_eq!(edited[0]["embeds"][0]["title"], "Billing and refunds");
        assert_eq!(edited[0]["components"][0]["components"][0]["style"], 4);

        let (status, _) = owner.post(&format!("{edit}/resend"), &[]).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(env.sim.messages(&channel).await.len(), 1, "the old message went");

        let (status, _) = owner.post(&format!("{edit}/delete"), &[]).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert!(env.sim.messages(&channel).await.is_empty());
        assert_eq!(owner.get(&edit).await.0, StatusCode::NOT_FOUND);
    }
}

e2e_test! {
    async fn no_one_reaches_another_servers_pages_or_forms(env) {
        let (b, b_channel, b_panel) = crate::helpers::second_server(env).await;
        let b_id: tickets_model::GuildId = parse(&b);

        // The owner of A is not an admin of B.
        let owner = Browser::login(env, &env.ids.owner).await;
        let a = &env.ids.guild;
        for path in [
            format!("/guilds/{b}/settings"),
            format!("/guilds/{b}/panels"),
            format!("/guilds/{b}/panels/{}", b_panel.panel_id),
            format!("/guilds/{a}/panels/{}", b_panel.panel_id),
            "/guilds/not-a-number/settings".to_owned(),
        ] {
            assert_eq!(owner.get(&path).await.0, StatusCode::NOT_FOUND, "{path}");
        }
        for path in [
            format!("/guilds/{b}/settings"),
            format!("/guilds/{b}/panels"),
            format!("/guilds/{a}/panels/{}", b_panel.panel_id),
            format!("/guilds/{a}/panels/{}/delete", b_panel.panel_id),
            format!("/guilds/{a}/panels/{}/resend", b_panel.panel_id),
        ] {
            let (status, _) = owner.post(&path, &[("title", "Stolen"), ("ticket_limit", "1")]).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        }
        // B's staff teams: neither its page nor its team ids through A's pages.
        let b_team = env.core().create_team(&env.owner_of(b_id).await, "B team").await.unwrap().team_id;
        assert_eq!(owner.get(&format!("/guilds/{b}/teams")).await.0, StatusCode::NOT_FOUND);
        for path in [
            format!("/guilds/{b}/teams"),
            format!("/guilds/{b}/teams/default"),
            format!("/guilds/{a}/teams/{b_team}/delete"),
            format!("/guilds/{a}/teams/{b_team}/members"),
            format!("/guilds/{a}/teams/{b_team}/members/remove"),
        ] {
            let (status, _) = owner.post(&path, &[("name", "Stolen"), ("member", &env.ids.owner), ("level", "admin")]).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        }
        assert!(env.db().staff().team_members(b_id, b_team).await.unwrap().is_empty());
        assert!(env.db().staff().entries(b_id).await.unwrap().is_empty());
        assert_eq!(env.db().staff().teams(b_id).await.unwrap().len(), 1);
        // B's tags: not its page, not its tag through A's routes.
        env.core().save_tag(&env.owner_of(b_id).await, "secret", "B only", None, false).await.unwrap();
        assert_eq!(owner.get(&format!("/guilds/{b}/tags")).await.0, StatusCode::NOT_FOUND);
        assert_eq!(owner.get(&format!("/guilds/{a}/tags/secret")).await.0, StatusCode::NOT_FOUND);
        for path in [format!("/guilds/{a}/tags/secret"), format!("/guilds/{a}/tags/secret/delete"), format!("/guilds/{b}/tags")] {
            let (status, _) = owner.post(&path, &[("id", "secret"), ("content", "Stolen")]).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        }
        assert_eq!(env.db().tags().list(b_id).await.unwrap()[0].content.as_deref(), Some("B only"));
        // A panel of A cannot be handled by B's team.
        let (status, page) = owner
            .post(&format!("/guilds/{a}/panels"), &[("title", "X"), ("channel", &env.ids.general), ("colour", "#000000"), ("button_style", "primary"), ("teams_shown", "1"), (&format!("team_{b_team}"), "on")])
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{page}");
        assert!(page.contains(r#"id="error-teams""#), "{page}");

        let untouched = env.db().panels().get(b_id, b_panel.panel_id).await.unwrap().unwrap();
        assert_eq!(untouched.fields.title, "B's panel");
        assert_eq!(env.db().settings().get(b_id).await.unwrap().ticket_limit, 5);

        // A panel of server A cannot be pointed at a channel of server B.
        let (status, page) = owner
            .post(&format!("/guilds/{a}/panels"), &[("title", "X"), ("channel", &b_channel), ("colour", "#000000"), ("button_style", "primary")])
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.contains(r#"id="error-channel""#), "{page}");
        assert!(env.sim.messages(&b_channel).await.is_empty());

        // A member is not an admin; nobody logged in is sent to the login.
        let alice = Browser::login(env, &env.ids.alice).await;
        assert_eq!(alice.get(&format!("/guilds/{a}/settings")).await.0, StatusCode::NOT_FOUND);
        let anonymous = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
        let response = anonymous.get(format!("{}/guilds/{a}/settings", env.web_url())).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        assert_eq!(response.headers()[LOCATION], "/login");
    }
}

e2e_test! {
    async fn forms_are_created_and_edited_with_errors_next_to_their_fields(env) {
        let owner = Browser::login(env, &env.ids.owner).await;
        let forms = format!("/guilds/{}/forms", env.ids.guild);
        let (status, editor) = owner.post(&forms, &[("name", "Refunds")]).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{editor}");
        let (status, page) = owner.post(&forms, &[("name", "Refunds")]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.contains("The form&#39;s name is already used in this server. Please choose another.")
            || page.contains("The form's name is already used in this server. Please choose another."), "{page}");

        let long = "Q".repeat(46);
        let (status, page) = owner
            .post(&editor, &[("name", "Refunds"), ("label_0", &long), ("style_0", "short")])
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.contains("The question is 46 characters long; the limit is 45. Please shorten it."), "{page}");
        let (status, page) = owner
            .post(&editor, &[("name", "Refunds"), ("label_0", "Topic"), ("style_0", "select"), ("options_0", " ")])
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.contains("The options must not be empty."), "{page}");

        let (status, _) = owner
            .post(&editor, &[
                ("name", "Refund requests"),
                ("label_0", "Order number"),
                ("style_0", "short"),
                ("required_0", "on"),
                ("max_0", "20"),
                ("label_1", "Topic"),
                ("style_1", "select"),
                ("options_1", "Refund\nExchange"),
                ("label_2", "Details"),
                ("style_2", "paragraph"),
            ])
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let form = env.db().forms().list(env.guild_id()).await.unwrap().remove(0);
        assert_eq!(form.name, "Refund requests");
        let inputs = env.db().forms().inputs(env.guild_id(), form.form_id).await.unwrap();
        let labels: Vec<&str> = inputs.iter().map(|i| i.input.label.as_str()).collect();
        assert_eq!(labels, ["Order number", "Topic", "Details"], "empty rows are left out");
        assert_eq!(inputs[1].input.options.as_deref(), Some(r#"["Refund","Exchange"]"#));
        assert_eq!(inputs[0].input.max_length, Some(20));
        assert!(inputs[0].input.required && !inputs[1].input.required);

        // Another server's form id is not found; deleting works for our own.
        let other = tickets_model::FormId::new(form.form_id.get() + 1000).unwrap();
        assert_eq!(owner.get(&format!("{forms}/{other}")).await.0, StatusCode::NOT_FOUND);
        let (status, _) = owner.post(&format!("{editor}/delete"), &[]).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert!(env.db().forms().list(env.guild_id()).await.unwrap().is_empty());
    }
}

e2e_test! {
    async fn a_multi_panel_is_made_from_the_dashboard_and_needs_two_panels(env) {
        let owner = Browser::login(env, &env.ids.owner).await;
        let channel = channel_named(env, "open-a-ticket").await;
        let panels = format!("/guilds/{}/panels", env.ids.guild);
        for title in ["Billing", "Bugs"] {
            let (status, _) = owner
                .post(&panels, &[("title", title), ("channel", &channel), ("colour", "#5865f2"), ("button_style", "primary")])
                .await;
            assert_eq!(status, StatusCode::SEE_OTHER);
        }
        let ids: Vec<String> = env.db().panels().list(env.guild_id()).await.unwrap().iter().map(|p| p.panel_id.to_string()).collect();
        let general = env.ids.general.clone();
        let multi = format!("/guilds/{}/multi-panels", env.ids.guild);

        let (status, page) = owner
            .post(&multi, &[("title", "Help"), ("channel", &general), ("colour", "#5865f2"), ("panels", &ids[0])])
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.contains(r#"id="error-panels""#), "{page}");

        let (status, _) = owner
            .post(&multi, &[
                ("title", "Help"),
                ("channel", &general),
                ("colour", "#5865f2"),
                ("panels", &ids[0]),
                ("panels", &ids[1]),
                ("use_select_menu", "on"),
                ("select_placeholder", "What is it about?"),
            ])
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let posted = env.sim.messages(&general).await.pop().unwrap();
        let menu = &posted["components"][0]["components"][0];
        assert_eq!(menu["placeholder"], "What is it about?");
        assert_eq!(menu["options"].as_array().unwrap().len(), 2);
        let (_, page) = owner.get(&multi).await;
        assert!(page.contains("data-multi-panel-id="), "{page}");
        // Its editor previews the message: the embed and the select menu offering both panels.
        let made = env.db().multi_panels().list(env.guild_id()).await.unwrap().remove(0);
        let (_, editor) = owner.get(&format!("{multi}/{}", made.multi_panel_id)).await;
        assert!(editor.contains(r#"<strong id="preview-title">Help</strong>"#), "{editor}");
        assert!(editor.contains(r#"<option id="preview-placeholder">What is it about?</option><option>Billing</option><option>Bugs</option>"#), "{editor}");
    }
}

e2e_test! {
    async fn the_blacklist_page_bars_and_frees_members_and_roles(env) {
        let owner = Browser::login(env, &env.ids.owner).await;
        let page_path = format!("/guilds/{}/blacklist", env.ids.guild);
        let alice = env.ids.alice.clone();
        let (status, _) = owner.post(&page_path, &[("kind", "user"), ("id", &alice)]).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let refused = crate::helpers::open(env, &alice, None).await;
        assert!(refused.content().starts_with("You are not allowed to open tickets"), "{}", refused.content());

        // @everyone and roles that are not this server's are refused next to the form.
        let everyone = env.ids.guild.clone();
        for role in [everyone.as_str(), "123456789012345678"] {
            let (status, page) = owner.post(&page_path, &[("kind", "role"), ("id", role)]).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{role}");
            assert!(page.contains(r#"id="error-blacklist-target""#), "{page}");
        }
        let staff_role = crate::helpers::staff_role(env).await;
        let (status, _) = owner.post(&page_path, &[("kind", "role"), ("id", &staff_role)]).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let (_, page) = owner.get(&page_path).await;
        assert!(page.contains("@Staff"), "{page}");
        assert!(page.contains(&format!(r#"data-barred="{alice}""#)), "{page}");

        let (status, _) = owner
            .post(&format!("{page_path}/remove"), &[("kind", "user"), ("id", &alice)])
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        crate::helpers::open_ok(env, &alice, None).await;

        // Only bot admins see the page.
        let member = Browser::login(env, &alice).await;
        assert_eq!(member.get(&page_path).await.0, StatusCode::NOT_FOUND);
    }
}

e2e_test! {
    async fn a_panels_support_teams_are_chosen_on_its_form(env) {
        let owner = Browser::login(env, &env.ids.owner).await;
        let guild = env.guild_id();
        let team = env.core().create_team(&env.owner(), "Billing").await.unwrap().team_id;
        let panels = format!("/guilds/{}/panels", env.ids.guild);
        // A fresh form ticks the Default team.
        let (_, page) = owner.get(&panels).await;
        assert!(page.contains(r#"name="team_default" value="on" checked"#), "{page}");
        let (status, to) = owner
            .post(&panels, &[("title", "Billing"), ("channel", &env.ids.general), ("colour", "#000000"), ("button_style", "primary"), ("teams_shown", "1"), (&format!("team_{team}"), "on")])
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{to}");
        let panel = env.db().panels().list(guild).await.unwrap().remove(0);
        let teams = env.db().staff().teams_of_panel(guild, panel.panel_id).await.unwrap();
        assert_eq!(teams, tickets_store::staff::PanelTeams { default_team: false, teams: vec![team] });
        let (_, page) = owner.get(&format!("{panels}/{}", panel.panel_id)).await;
        assert!(page.contains(&format!(r#"name="team_{team}" value="on" checked"#)), "{page}");
        assert!(!page.contains(r#"name="team_default" value="on" checked"#), "{page}");
    }
}

e2e_test! {
    async fn claiming_closing_and_start_ticket_settings_are_saved_from_the_page(env) {
        let owner = Browser::login(env, &env.ids.owner).await;
        let path = format!("/guilds/{}/settings", env.ids.guild);
        let (_, page) = owner.get(&path).await;
        for card in [r#"id="claiming""#, r#"id="closing""#, r#"id="context-menu""#, r#"id="thread-mode""#] {
            assert!(page.contains(card), "{card}");
        }
        // A panel of another server cannot be chosen for Start Ticket.
        let (_, _, b_panel) = crate::helpers::second_server(env).await;
        let foreign = b_panel.panel_id.to_string();
        let base = [("ticket_limit", "5"), ("naming", "number"), ("open_command_enabled", "on"), ("context_shown", "1")];
        let mut form: Vec<(&str, &str)> = base.to_vec();
        form.extend([("claim_mode", "hidden"), ("context_level", "support"), ("context_panel", foreign.as_str())]);
        let (status, page) = owner.post(&path, &form).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.contains(r#"id="error-context-menu-panel""#), "{page}");
        assert_eq!(env.db().settings().get(env.guild_id()).await.unwrap().claim_mode, tickets_model::staff::ClaimMode::ViewOnly);

        let mut form: Vec<(&str, &str)> = base.to_vec();
        form.extend([("claim_mode", "hidden"), ("context_level", "admin"), ("close_confirmation", "on")]);
        let (status, _) = owner.post(&path, &form).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let saved = env.db().settings().get(env.guild_id()).await.unwrap();
        assert_eq!(saved.claim_mode, tickets_model::staff::ClaimMode::Hidden);
        assert_eq!(saved.context_menu_level, tickets_model::permissions::PermissionLevel::Admin);
        assert!(!saved.context_menu_add_sender, "unticked on a page that shows it");
        assert!(!saved.allow_users_close && saved.close_confirmation);
        let (_, page) = owner.get(&path).await;
        assert!(page.contains(r#"<option value="hidden" selected>"#), "{page}");
    }
}

e2e_test! {
    async fn support_staff_see_only_the_tickets_of_their_teams(env) {
        let panel_channel = env.sim.create_channel(&env.ids.guild, "panels", 0, None).await;
        let draft = tickets_core::panels::PanelDraft::new(tickets_model::panel::PanelTitle::parse("Billing").unwrap(), parse(&panel_channel));
        let billing = env.core().create_panel(&env.owner(), &draft).await.unwrap();
        let team = env.core().create_team(&env.owner(), "Billing team").await.unwrap().team_id;
        env.core().add_team_member(&env.owner(), team, tickets_model::staff::MemberOrRole::User(parse(&env.ids.bob))).await.unwrap();
        env.core().set_panel_teams(&env.owner(), billing.panel_id, tickets_store::staff::PanelTeams { default_team: false, teams: vec![team] }).await.unwrap();
        let role = crate::helpers::staff_role(env).await;
        env.core().grant_level(&env.owner(), tickets_model::staff::MemberOrRole::Role(parse(&role)), tickets_model::permissions::PermissionLevel::Support).await.unwrap();

        crate::helpers::open_ok(env, &env.ids.alice, None).await;
        let second = crate::helpers::open_ok(env, &env.ids.alice, None).await;
        let moved = env.sim.command(&env.ids.guild, &second, &env.ids.owner, "switchpanel", serde_json::json!([{"name": "to_panel", "value": "Billing"}])).await;
        assert!(moved.content().contains("Billing"), "{}", moved.content());

        let path = format!("/guilds/{}/tickets", env.ids.guild);
        let rows = |page: &str| (1..=2).filter(|n| page.contains(&format!(r#"data-ticket="{n}""#))).collect::<Vec<_>>();
        let owner = Browser::login(env, &env.ids.owner).await;
        assert_eq!(rows(&owner.get(&path).await.1), [1, 2], "an admin sees every ticket");
        let staff = Browser::login(env, &env.ids.staff).await;
        let (status, page) = staff.get(&path).await;
        assert_eq!(status, StatusCode::OK, "support by role");
        assert_eq!(rows(&page), [1], "the Default team's ticket only");
        assert!(!page.contains("/settings\""), "no links to admin pages: {page}");
        let (_, home) = staff.get("/").await;
        assert!(home.contains(&format!(r#"href="/guilds/{}/tickets""#, env.ids.guild)), "{home}");
        assert_eq!(staff.get(&format!("/guilds/{}/settings", env.ids.guild)).await.0, StatusCode::NOT_FOUND, "support is not admin");
        let bob = Browser::login(env, &env.ids.bob).await;
        assert_eq!(rows(&bob.get(&path).await.1), [2], "Billing's ticket only");
        let alice = Browser::login(env, &env.ids.alice).await;
        assert_eq!(alice.get(&path).await.0, StatusCode::NOT_FOUND);
    }
}

e2e_test! {
    async fn a_panel_awaiting_category_is_chosen_by_name_and_must_be_a_category(env) {
        let owner = Browser::login(env, &env.ids.owner).await;
        let panels = format!("/guilds/{}/panels", env.ids.guild);
        let channel = channel_named(env, "open-a-ticket").await;
        let awaiting = env.sim.create_channel(&env.ids.guild, "Awaiting answer", 4, None).await;
        let create = |category: String| {
            let channel = channel.clone();
            let panels = panels.clone();
            let owner = &owner;
            async move {
                let form = [
                    ("title", "Billing"),
                    ("channel", channel.as_str()),
                    ("colour", "#5865f2"),
                    ("button_style", "primary"),
                    ("awaiting_category", category.as_str()),
                ];
                owner.post(&panels, &form).await
            }
        };
        let (status, page) = create(env.ids.general.clone()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "a text channel is no category");
        assert!(page.contains(r#"id="error-awaiting-category""#), "{page}");

        let (status, to) = create(awaiting.clone()).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{to}");
        let stored = env.db().panels().list(env.guild_id()).await.unwrap();
        assert_eq!(stored[0].fields.awaiting_category_id, Some(tickets_testkit::parse(&awaiting)));
        let (_, page) = owner.get(&format!("{panels}/{}", stored[0].panel_id)).await;
        assert!(page.contains("Awaiting answer"), "the category is shown by name: {page}");
    }
}
