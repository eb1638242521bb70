//! The Staff Teams page: the Default team (the bot's admins and support) and named teams, each
//! with its members and roles; create, delete, add and remove.

use super::Admin;
use super::view::{
    FieldErrors, Submitted, failure_page, page, refusal, see_other, select, t, text_field, value,
};
use crate::server::WebState;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use tickets_core::UseCaseError;
use tickets_core::staff::RoleChoice;
use tickets_model::TeamId;
use tickets_model::ids::parse_snowflake;
use tickets_model::permissions::PermissionLevel;
use tickets_model::staff::MemberOrRole;
use tickets_model::values::ValueError;

/// `GET /guilds/{guild}/teams`.
pub async fn list(State(state): State<WebState>, admin: Admin) -> Response {
    render(
        &state,
        &admin,
        &Submitted::new(),
        &FieldErrors::default(),
        StatusCode::OK,
    )
    .await
}

/// `POST /guilds/{guild}/teams`: creates a team.
pub async fn create(
    State(state): State<WebState>,
    admin: Admin,
    Form(form): Form<Submitted>,
) -> Response {
    let result = state
        .core
        .create_team(&admin.caller, value(&form, "name"))
        .await
        .map(|_| ());
    answer(&state, &admin, &form, result).await
}

/// `POST /guilds/{guild}/teams/{team}/delete`.
pub async fn delete(
    State(state): State<WebState>,
    admin: Admin,
    Path((_, team)): Path<(String, String)>,
) -> Response {
    let Some(team) = team_id(&team) else {
        return super::not_found(&state, &admin.locale);
    };
    match state.core.delete_team(&admin.caller, team).await {
        Ok(()) => back(&admin),
        Err(UseCaseError::TeamNotFound) => super::not_found(&state, &admin.locale),
        Err(error) => failure_page(&state, &admin, "dash-nav-teams", &error),
    }
}

/// `POST /guilds/{guild}/teams/{team}/members`: adds a member (by id) or a role.
pub async fn add_member(
    State(state): State<WebState>,
    admin: Admin,
    Path((_, team)): Path<(String, String)>,
    Form(form): Form<Submitted>,
) -> Response {
    let Some(team) = team_id(&team) else {
        return super::not_found(&state, &admin.locale);
    };
    let result = match who(&form) {
        Ok(who) => match state.core.add_team_member(&admin.caller, team, who).await {
            Err(UseCaseError::TeamNotFound) => return super::not_found(&state, &admin.locale),
            other => other,
        },
        Err(error) => Err(error.into()),
    };
    answer(&state, &admin, &form, result).await
}

/// `POST /guilds/{guild}/teams/{team}/members/remove`.
pub async fn remove_member(
    State(state): State<WebState>,
    admin: Admin,
    Path((_, team)): Path<(String, String)>,
    Form(form): Form<Submitted>,
) -> Response {
    let (Some(team), Ok(who)) = (team_id(&team), who(&form)) else {
        return super::not_found(&state, &admin.locale);
    };
    match state
        .core
        .remove_team_member(&admin.caller, team, who)
        .await
    {
        Ok(()) => back(&admin),
        Err(UseCaseError::TeamNotFound) => super::not_found(&state, &admin.locale),
        Err(error) => failure_page(&state, &admin, "dash-nav-teams", &error),
    }
}

/// `POST /guilds/{guild}/teams/default`: gives a member or role admin or support.
pub async fn add_staff(
    State(state): State<WebState>,
    admin: Admin,
    Form(form): Form<Submitted>,
) -> Response {
    let level = if value(&form, "level") == "admin" {
        PermissionLevel::Admin
    } else {
        PermissionLevel::Support
    };
    let result = match who(&form) {
        Ok(who) => state
            .core
            .grant_level(&admin.caller, who, level)
            .await
            .map(|_| ()),
        Err(error) => Err(error.into()),
    };
    answer(&state, &admin, &form, result).await
}

/// `POST /guilds/{guild}/teams/default/remove`: takes a member's or role's level away.
pub async fn remove_staff(
    State(state): State<WebState>,
    admin: Admin,
    Form(form): Form<Submitted>,
) -> Response {
    let Ok(who) = who(&form) else {
        return back(&admin);
    };
    let level = if value(&form, "level") == "admin" {
        PermissionLevel::Admin
    } else {
        PermissionLevel::Support
    };
    match state.core.revoke_level(&admin.caller, who, level).await {
        Ok(_) => back(&admin),
        Err(error) => failure_page(&state, &admin, "dash-nav-teams", &error),
    }
}

fn team_id(raw: &str) -> Option<TeamId> {
    raw.parse().ok()
}

/// The member (an id typed in `member`) or else the role (chosen in `role`) of a form. An id out
/// of Discord's range is refused, never clamped to another id.
fn who(form: &Submitted) -> Result<MemberOrRole, ValueError> {
    if let Some(member) = parse_snowflake("target", value(form, "member"))? {
        return Ok(MemberOrRole::User(member));
    }
    parse_snowflake("target", value(form, "role"))?
        .map(MemberOrRole::Role)
        .ok_or(ValueError::Empty { field: "target" })
}

async fn answer(
    state: &WebState,
    admin: &Admin,
    form: &Submitted,
    result: Result<(), UseCaseError>,
) -> Response {
    let mut errors = FieldErrors::default();
    match result {
        Ok(()) => return back(admin),
        Err(error) => {
            if let Some(response) = refusal(state, admin, &mut errors, error, "dash-nav-teams") {
                return response;
            }
        }
    }
    render(
        state,
        admin,
        form,
        &errors,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}

fn back(admin: &Admin) -> Response {
    see_other(&format!("/guilds/{}/teams", admin.guild))
}

/// How a member or role is shown: a role by its name.
fn shown(state: &WebState, admin: &Admin, roles: &[RoleChoice], who: MemberOrRole) -> String {
    match who {
        MemberOrRole::User(id) => format!("{} {id}", t(state, admin, "dash-blacklist-member")),
        MemberOrRole::Role(id) => roles.iter().find(|r| r.id == id).map_or_else(
            || format!("{} {id}", t(state, admin, "dash-blacklist-role")),
            |r| format!("@{}", r.name),
        ),
    }
}

fn hidden_who(who: MemberOrRole) -> Markup {
    match who {
        MemberOrRole::User(id) => html! { input type="hidden" name="member" value=(id); },
        MemberOrRole::Role(id) => html! { input type="hidden" name="role" value=(id); },
    }
}

/// The member-or-role inputs of an add form.
fn who_inputs(
    state: &WebState,
    admin: &Admin,
    roles: &[RoleChoice],
    form: &Submitted,
    errors: &FieldErrors,
) -> Markup {
    let mut options = vec![(String::new(), t(state, admin, "dash-team-no-role"))];
    options.extend(
        roles
            .iter()
            .map(|r| (r.id.to_string(), format!("@{}", r.name))),
    );
    html! {
        (select(&t(state, admin, "dash-team-role"), "role", "target", &options, value(form, "role"), errors))
        (text_field(&t(state, admin, "dash-team-member-id"), "member", "target-member", value(form, "member"), errors))
    }
}

async fn render(
    state: &WebState,
    admin: &Admin,
    form: &Submitted,
    errors: &FieldErrors,
    status: StatusCode,
) -> Response {
    let guild = admin.guild;
    let caller = &admin.caller;
    let loaded = async {
        let staff = state.core.staff_list(caller).await?;
        let teams = state.core.teams(caller).await?;
        let roles = state.core.assignable_roles(caller).await?;
        Ok::<_, UseCaseError>((staff, teams, roles))
    };
    let (staff, teams, roles) = match loaded.await {
        Ok(loaded) => loaded,
        Err(error) => return failure_page(state, admin, "dash-nav-teams", &error),
    };
    let tr = |key: &str| t(state, admin, key);
    let levels = vec![
        ("support".to_owned(), tr("dash-team-level-support")),
        ("admin".to_owned(), tr("dash-team-level-admin")),
    ];
    let title = state.core.catalog().text(
        &admin.locale,
        "dash-teams-title",
        &[("server", admin.server.as_str().into())],
    );
    let body = html! {
        @if !errors.is_empty() { p.error id="form-errors" { (tr("dash-errors")) } }
        div.card id="team-default" {
            h2 { (tr("dash-team-default")) }
            p { (tr("dash-team-default-text")) }
            @for entry in &staff {
                @let level = if entry.level == PermissionLevel::Admin { "admin" } else { "support" };
                div.card data-staff=(entry.who.mention()) {
                    (shown(state, admin, &roles, entry.who)) " · " (tr(&format!("dash-team-level-{level}")))
                    form.inline method="post" action={"/guilds/" (guild) "/teams/default/remove"} {
                        (hidden_who(entry.who))
                        input type="hidden" name="level" value=(level);
                        button.button.danger type="submit" { (tr("dash-team-remove")) }
                    }
                }
            }
            form method="post" action={"/guilds/" (guild) "/teams/default"} id="default-team-form" {
                (who_inputs(state, admin, &roles, form, errors))
                (select(&tr("dash-team-level"), "level", "level", &levels, value(form, "level"), errors))
                button.button type="submit" { (tr("dash-team-add")) }
            }
        }
        @for view in &teams {
            @let team = view.team.team_id;
            div.card id={"team-" (team)} {
                h2 { (view.team.name) }
                @if view.members.is_empty() { p { (tr("dash-team-empty")) } }
                @for who in &view.members {
                    div.card data-member=(who.mention()) {
                        (shown(state, admin, &roles, *who))
                        form.inline method="post" action={"/guilds/" (guild) "/teams/" (team) "/members/remove"} {
                            (hidden_who(*who))
                            button.button.danger type="submit" { (tr("dash-team-remove")) }
                        }
                    }
                }
                form method="post" action={"/guilds/" (guild) "/teams/" (team) "/members"} {
                    (who_inputs(state, admin, &roles, &Submitted::new(), &FieldErrors::default()))
                    button.button type="submit" { (tr("dash-team-add")) }
                }
                form.inline method="post" action={"/guilds/" (guild) "/teams/" (team) "/delete"} {
                    button.button.danger type="submit" { (tr("dash-team-delete")) }
                }
            }
        }
        div.card {
            h2 { (tr("dash-team-create")) }
            form method="post" action={"/guilds/" (guild) "/teams"} id="team-form" {
                (text_field(&tr("dash-team-name"), "name", "team-name", value(form, "name"), errors))
                button.button type="submit" { (tr("dash-team-create-button")) }
            }
        }
    };
    (status, page(state, admin, &title, body)).into_response()
}
