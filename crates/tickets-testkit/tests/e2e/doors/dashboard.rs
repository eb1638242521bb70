//! The dashboard's doors, one row per route (method and path) of its router, each with a form
//! that would change something if it got through. Every row is knocked on by everyone below the
//! route's page: a logged-in Discord user who is not a member, a member, and (for admin pages) a
//! support member. Each must get the 404 page, so another server's pages are not even confirmed.

use super::world::World;
use reqwest::StatusCode;
use reqwest::header::COOKIE;
use tickets_model::permissions::PermissionLevel;
use tickets_testkit::Env;
use tickets_web::Method::{self, Get, Post};

/// One route, with what is posted to it.
#[derive(Debug, Clone, Copy)]
pub struct Route {
    pub method: Method,
    /// As the router spells it: `{guild}`, `{panel}`, ... are filled in from the world.
    pub path: &'static str,
    /// Form fields; `{general}`, `{alice}`, `{panel}` and `{form_panel}` are filled in too.
    /// `{ticket}` is Alice's open ticket, which the support member works.
    pub form: &'static [(&'static str, &'static str)],
}

const fn route(
    method: Method,
    path: &'static str,
    form: &'static [(&'static str, &'static str)],
) -> Route {
    Route { method, path, form }
}

const PANEL: &[(&str, &str)] = &[
    ("title", "Taken over"),
    ("channel", "{general}"),
    ("colour", "#000000"),
    ("button_style", "primary"),
];
const MULTI: &[(&str, &str)] = &[
    ("title", "Taken over"),
    ("channel", "{general}"),
    ("colour", "#000000"),
    ("panels", "{panel}"),
    ("panels", "{form_panel}"),
];
const MEMBER: &[(&str, &str)] = &[("member", "{alice}"), ("level", "admin")];
const BARRED: &[(&str, &str)] = &[("kind", "user"), ("id", "{alice}")];

/// The table.
#[rustfmt::skip]
pub const ROUTES: &[Route] = &[
    route(Get, "/guilds/{guild}/tickets", &[]),
    route(Get, "/guilds/{guild}/tickets/{ticket}", &[]),
    route(Get, "/guilds/{guild}/tickets/{ticket}/events", &[]),
    route(Post, "/guilds/{guild}/tickets/{ticket}/reply", &[("text", "Taken over")]),
    route(Post, "/guilds/{guild}/tickets/{ticket}/close", &[("reason", "Taken over")]),
    route(Get, "/guilds/{guild}/transcripts", &[]),
    route(Get, "/guilds/{guild}/transcripts/{number}", &[]),
    route(Get, "/guilds/{guild}/transcripts/{number}/files/{file}", &[]),
    route(Post, "/guilds/{guild}/transcripts/{number}/delete", &[]),
    route(Get, "/guilds/{guild}/settings", &[]),
    route(Post, "/guilds/{guild}/settings", &[("ticket_limit", "1"), ("naming", "number"), ("welcome_message", "Taken over")]),
    route(Post, "/guilds/{guild}/settings/autoclose", &[("autoclose_enabled", "on"), ("since_last_message", "1m")]),
    route(Get, "/guilds/{guild}/panels", &[]),
    route(Post, "/guilds/{guild}/panels", PANEL),
    route(Get, "/guilds/{guild}/panels/{panel}", &[]),
    route(Post, "/guilds/{guild}/panels/{panel}", PANEL),
    route(Post, "/guilds/{guild}/panels/{panel}/delete", &[]),
    route(Post, "/guilds/{guild}/panels/{panel}/resend", &[]),
    route(Get, "/guilds/{guild}/multi-panels", &[]),
    route(Post, "/guilds/{guild}/multi-panels", MULTI),
    route(Get, "/guilds/{guild}/multi-panels/{id}", &[]),
    route(Post, "/guilds/{guild}/multi-panels/{id}", MULTI),
    route(Post, "/guilds/{guild}/multi-panels/{id}/delete", &[]),
    route(Post, "/guilds/{guild}/multi-panels/{id}/resend", &[]),
    route(Get, "/guilds/{guild}/forms", &[]),
    route(Post, "/guilds/{guild}/forms", &[("name", "Taken over")]),
    route(Get, "/guilds/{guild}/forms/{form}", &[]),
    route(Post, "/guilds/{guild}/forms/{form}", &[("name", "Taken over"), ("label_0", "Why"), ("style_0", "short")]),
    route(Post, "/guilds/{guild}/forms/{form}/delete", &[]),
    route(Get, "/guilds/{guild}/teams", &[]),
    route(Post, "/guilds/{guild}/teams", &[("name", "Taken over")]),
    route(Post, "/guilds/{guild}/teams/default", MEMBER),
    route(Post, "/guilds/{guild}/teams/default/remove", &[("member", "{staff}")]),
    route(Post, "/guilds/{guild}/teams/{team}/delete", &[]),
    route(Post, "/guilds/{guild}/teams/{team}/members", MEMBER),
    route(Post, "/guilds/{guild}/teams/{team}/members/remove", MEMBER),
    route(Get, "/guilds/{guild}/tags", &[]),
    route(Post, "/guilds/{guild}/tags", &[("id", "taken"), ("content", "Taken over")]),
    route(Get, "/guilds/{guild}/tags/{tag}", &[]),
    route(Post, "/guilds/{guild}/tags/{tag}", &[("id", "rules"), ("content", "Taken over")]),
    route(Post, "/guilds/{guild}/tags/{tag}/delete", &[]),
    route(Get, "/guilds/{guild}/blacklist", &[]),
    route(Post, "/guilds/{guild}/blacklist", BARRED),
    route(Post, "/guilds/{guild}/blacklist/remove", BARRED),
];

impl Route {
    /// The dashboard page the route belongs to (the segment after the server's id).
    pub fn page(&self) -> &'static tickets_web::Page {
        let segment = self.path.split('/').nth(3).unwrap_or_default();
        tickets_web::PAGES
            .iter()
            .find(|p| p.segment == segment)
            .unwrap_or_else(|| panic!("{}: no page for {segment:?}", self.path))
    }

    /// Everyone below the page's level: a non-member, a member, and a support member for pages
    /// of admins. A page every member may open (their own transcripts) refuses by its record
    /// instead: a member may not read another's transcript, and only admins delete one.
    pub fn actors(&self, env: &Env, w: &World) -> Vec<String> {
        let needs = self.page().capability.needs();
        let everyone = needs == PermissionLevel::Everyone;
        let mut actors = vec![w.stranger.clone()];
        if !everyone || self.path.contains("{number}") {
            actors.push(env.ids.alice.clone());
        }
        if needs == PermissionLevel::Admin || (everyone && self.method == Post) {
            actors.push(env.ids.staff.clone());
        }
        actors
    }

    fn fill(text: &str, env: &Env, w: &World) -> String {
        text.replace("{guild}", &env.ids.guild)
            .replace("{panel}", &w.panel.to_string())
            .replace("{form_panel}", &w.form_panel.to_string())
            .replace("{form}", &w.form.to_string())
            .replace("{id}", &w.multi.to_string())
            .replace("{team}", &w.team.to_string())
            .replace("{tag}", "rules")
            .replace("{number}", &w.transcript.to_string())
            .replace("{ticket}", &w.ticket_number.to_string())
            .replace("{file}", "1")
            .replace("{general}", &env.ids.general)
            .replace("{alice}", &env.ids.alice)
            .replace("{staff}", &env.ids.staff)
    }

    /// Sends the route's request with a session cookie; returns the status and the page.
    pub async fn knock(&self, env: &Env, w: &World, cookie: &str) -> (StatusCode, String) {
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let url = format!("{}{}", env.web_url(), Self::fill(self.path, env, w));
        let request = match self.method {
            Get => http.get(url),
            Post => {
                let form: Vec<(&str, String)> = self
                    .form
                    .iter()
                    .map(|(k, v)| (*k, Self::fill(v, env, w)))
                    .collect();
                http.post(url).form(&form)
            }
        };
        let response = request.header(COOKIE, cookie).send().await.unwrap();
        (response.status(), response.text().await.unwrap())
    }
}
