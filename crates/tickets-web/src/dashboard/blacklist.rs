//! The Blacklist page: members and roles barred from opening tickets, with Remove buttons, and a
//! form to bar one by id.

use super::Admin;
use super::view::{
    FieldErrors, Submitted, failure_page, page, refusal, see_other, select, t, text_field, value,
};
use crate::server::WebState;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::html;
use tickets_core::blacklist::Barred;
use tickets_model::ids::parse_snowflake;
use tickets_model::values::ValueError;

/// `GET /guilds/{guild}/blacklist`.
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

/// `POST /guilds/{guild}/blacklist`: bars a member or a role by id.
pub async fn add(
    State(state): State<WebState>,
    admin: Admin,
    Form(form): Form<Submitted>,
) -> Response {
    let mut errors = FieldErrors::default();
    match parse(&form) {
        Ok(who) => match state.core.bar(&admin.caller, who).await {
            Ok(()) => return back(&admin),
            Err(error) => {
                if let Some(response) =
                    refusal(&state, &admin, &mut errors, error, "dash-nav-blacklist")
                {
                    return response;
                }
            }
        },
        Err(error) => errors.add(&state, &admin, &error),
    }
    render(
        &state,
        &admin,
        &form,
        &errors,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}

/// `POST /guilds/{guild}/blacklist/remove`.
pub async fn remove(
    State(state): State<WebState>,
    admin: Admin,
    Form(form): Form<Submitted>,
) -> Response {
    let Ok(who) = parse(&form) else {
        return back(&admin);
    };
    match state.core.unbar(&admin.caller, who).await {
        Ok(()) => back(&admin),
        Err(error) => failure_page(&state, &admin, "dash-nav-blacklist", &error),
    }
}

/// A role chosen in the list (`role`), else `kind` (`user` or `role`) and `id` of a form. An id
/// out of Discord's range is refused, never clamped to another id.
fn parse(form: &Submitted) -> Result<Barred, ValueError> {
    if let Some(role) = parse_snowflake("blacklist-target", value(form, "role"))? {
        return Ok(Barred::Role(role));
    }
    let id = value(form, "id");
    let barred = match value(form, "kind") {
        "role" => parse_snowflake("blacklist-id", id)?.map(Barred::Role),
        _ => parse_snowflake("blacklist-id", id)?.map(Barred::User),
    };
    barred.ok_or(ValueError::Empty {
        field: "blacklist-id",
    })
}

fn back(admin: &Admin) -> Response {
    see_other(&format!("/guilds/{}/blacklist", admin.guild))
}

async fn render(
    state: &WebState,
    admin: &Admin,
    form: &Submitted,
    errors: &FieldErrors,
    status: StatusCode,
) -> Response {
    let entries = match state.core.barred(&admin.caller).await {
        Ok(entries) => entries,
        Err(error) => return failure_page(state, admin, "dash-nav-blacklist", &error),
    };
    let roles = match state.core.assignable_roles(&admin.caller).await {
        Ok(roles) => roles,
        Err(error) => return failure_page(state, admin, "dash-nav-blacklist", &error),
    };
    let tr = |key: &str| t(state, admin, key);
    let guild = admin.guild;
    let mut role_options = vec![(String::new(), tr("dash-team-no-role"))];
    role_options.extend(
        roles
            .iter()
            .map(|r| (r.id.to_string(), format!("@{}", r.name))),
    );
    let kinds = vec![
        ("user".to_owned(), tr("dash-blacklist-member")),
        ("role".to_owned(), tr("dash-blacklist-role")),
    ];
    let title = state.core.catalog().text(
        &admin.locale,
        "dash-blacklist-title",
        &[("server", admin.server.as_str().into())],
    );
    let body = html! {
        @if !errors.is_empty() { p.error id="form-errors" { (tr("dash-errors")) } }
        div.card id="barred" {
            @if entries.is_empty() { p { (tr("dash-blacklist-empty")) } }
            @for entry in &entries {
                @let (kind, id, shown) = match entry.who {
                    Barred::User(id) => ("user", id.to_string(), format!("{} {id}", tr("dash-blacklist-member"))),
                    Barred::Role(id) => ("role", id.to_string(), match &entry.role_name {
                        Some(name) => format!("@{name}"),
                        None => format!("{} {id}", tr("dash-blacklist-role")),
                    }),
                };
                div.card data-barred=(id) {
                    (shown)
                    form.inline method="post" action={"/guilds/" (guild) "/blacklist/remove"} {
                        input type="hidden" name="kind" value=(kind);
                        input type="hidden" name="id" value=(id);
                        button.button.danger type="submit" { (tr("dash-blacklist-remove")) }
                    }
                }
            }
        }
        div.card {
            form method="post" action={"/guilds/" (guild) "/blacklist"} id="blacklist-form" {
                (select(&tr("dash-blacklist-role-choice"), "role", "blacklist-role", &role_options, value(form, "role"), errors))
                (select(&tr("dash-blacklist-kind"), "kind", "blacklist-kind", &kinds, value(form, "kind"), errors))
                (text_field(&tr("dash-blacklist-id"), "id", "blacklist-id", value(form, "id"), errors))
                @if let Some(message) = super::view::error_text(errors, "blacklist-target") {
                    p.error id="error-blacklist-target" { (message) }
                }
                button.button type="submit" { (tr("dash-blacklist-add")) }
            }
        }
    };
    (status, page(state, admin, &title, body)).into_response()
}
