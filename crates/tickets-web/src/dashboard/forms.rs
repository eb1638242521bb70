//! The Forms page: create, rename and delete forms, and edit their questions (at most five).

use super::view::{
    FieldErrors, Submitted, check_box, checked, failure_page, page, refusal, see_other, select, t,
    text_area, text_field, value,
};
use super::{Admin, not_found};
use crate::server::WebState;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::html;
use tickets_core::UseCaseError;
use tickets_model::FormId;
use tickets_model::form::{FormInput, FormName, MAX_INPUTS};
use tickets_store::forms::FormRow;

/// `GET /guilds/{guild}/forms`: the forms, and a field to create one.
pub async fn list(State(state): State<WebState>, admin: Admin) -> Response {
    render_list(
        &state,
        &admin,
        &Submitted::new(),
        &FieldErrors::default(),
        StatusCode::OK,
    )
    .await
}

/// `POST /guilds/{guild}/forms`: creates a form and opens its editor.
pub async fn create(
    State(state): State<WebState>,
    admin: Admin,
    Form(form): Form<Submitted>,
) -> Response {
    let mut errors = FieldErrors::default();
    if let Some(name) = errors.take(&state, &admin, FormName::parse(value(&form, "name"))) {
        match state.core.create_form(&admin.caller, &name).await {
            Ok(created) => return to_editor(&admin, created.form_id),
            Err(error) => {
                if let Some(response) =
                    refusal(&state, &admin, &mut errors, error, "dash-nav-forms")
                {
                    return response;
                }
            }
        }
    }
    render_list(
        &state,
        &admin,
        &form,
        &errors,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}

/// `GET /guilds/{guild}/forms/{form}`: a form's name and questions.
pub async fn edit(
    State(state): State<WebState>,
    admin: Admin,
    Path((_, form)): Path<(String, String)>,
) -> Response {
    let (admin, row) = match form_of(&state, admin, &form).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let inputs = match state.core.form_inputs(&admin.caller, row.form_id).await {
        Ok(inputs) => inputs,
        Err(error) => {
            tracing::warn!(%error, "could not read a form");
            return crate::pages::error_page(state.core.catalog());
        }
    };
    let mut submitted = Submitted::new();
    submitted.insert("name".to_owned(), row.name.clone());
    for (n, question) in inputs.iter().enumerate() {
        let input = &question.input;
        let mut set = |field: &str, v: String| {
            submitted.insert(format!("{field}_{n}"), v);
        };
        set("label", input.label.clone());
        set("placeholder", input.placeholder.clone().unwrap_or_default());
        set("style", input.style.clone());
        set(
            "options",
            tickets_core::forms::stored_options(input.options.as_deref()).join("\n"),
        );
        set(
            "min",
            input.min_length.map(|m| m.to_string()).unwrap_or_default(),
        );
        set(
            "max",
            input.max_length.map(|m| m.to_string()).unwrap_or_default(),
        );
        if input.required {
            set("required", "on".to_owned());
        }
    }
    render_editor(&state, &admin, &row, &submitted, &[], false, StatusCode::OK)
}

/// `POST /guilds/{guild}/forms/{form}`: saves the name and the questions (rows with an empty
/// question are left out).
pub async fn save(
    State(state): State<WebState>,
    admin: Admin,
    Path((_, form)): Path<(String, String)>,
    Form(submitted): Form<Submitted>,
) -> Response {
    let (admin, row) = match form_of(&state, admin, &form).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let mut errors: Vec<FieldErrors> = (0..=MAX_INPUTS).map(|_| FieldErrors::default()).collect();
    let name = errors[MAX_INPUTS].take(&state, &admin, FormName::parse(value(&submitted, "name")));
    let mut inputs = Vec::new();
    for (n, row_errors) in errors.iter_mut().enumerate().take(MAX_INPUTS) {
        let field = |f: &str| value(&submitted, &format!("{f}_{n}")).to_owned();
        if field("label").trim().is_empty() {
            continue;
        }
        match FormInput::parse(
            &field("label"),
            &field("placeholder"),
            &field("style"),
            checked(&submitted, &format!("required_{n}")),
            &field("min"),
            &field("max"),
            &field("options"),
        ) {
            Ok(input) => inputs.push(input),
            Err(refused) => {
                for error in refused {
                    row_errors.add(&state, &admin, &error);
                }
            }
        }
    }
    if let Some(name) = name.filter(|_| errors.iter().all(FieldErrors::is_empty)) {
        let saved = async {
            if name.as_str() != row.name {
                state
                    .core
                    .rename_form(&admin.caller, row.form_id, &name)
                    .await?;
            }
            state
                .core
                .save_form_inputs(&admin.caller, row.form_id, &inputs)
                .await
        };
        match saved.await {
            Ok(()) => {
                let to = format!("/guilds/{}/forms/{}?saved=1", admin.guild, row.form_id);
                return see_other(&to);
            }
            Err(error) => {
                if let Some(response) = refusal(
                    &state,
                    &admin,
                    &mut errors[MAX_INPUTS],
                    error,
                    "dash-nav-forms",
                ) {
                    return response;
                }
            }
        }
    }
    render_editor(
        &state,
        &admin,
        &row,
        &submitted,
        &errors,
        false,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
}

/// `POST /guilds/{guild}/forms/{form}/delete`.
pub async fn delete(
    State(state): State<WebState>,
    admin: Admin,
    Path((_, form)): Path<(String, String)>,
) -> Response {
    let (admin, row) = match form_of(&state, admin, &form).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    match state.core.delete_form(&admin.caller, row.form_id).await {
        Ok(()) => {
            let to = format!("/guilds/{}/forms", admin.guild);
            see_other(&to)
        }
        Err(error) => failure_page(&state, &admin, "dash-nav-forms", &error),
    }
}

async fn form_of(state: &WebState, admin: Admin, form: &str) -> Result<(Admin, FormRow), Response> {
    let Ok(id) = form.parse::<FormId>() else {
        return Err(not_found(state, &admin.locale));
    };
    match state.core.form(&admin.caller, id).await {
        Ok(row) => Ok((admin, row)),
        Err(UseCaseError::FormNotFound) => Err(not_found(state, &admin.locale)),
        Err(error) => {
            tracing::warn!(%error, "could not read a form");
            Err(crate::pages::error_page(state.core.catalog()))
        }
    }
}

fn to_editor(admin: &Admin, form: FormId) -> Response {
    let to = format!("/guilds/{}/forms/{form}", admin.guild);
    see_other(&to)
}

async fn render_list(
    state: &WebState,
    admin: &Admin,
    submitted: &Submitted,
    errors: &FieldErrors,
    status: StatusCode,
) -> Response {
    let forms = match state.core.forms(&admin.caller).await {
        Ok(forms) => forms,
        Err(error) => {
            tracing::warn!(%error, "could not list forms");
            return crate::pages::error_page(state.core.catalog());
        }
    };
    let tr = |key: &str| t(state, admin, key);
    let guild = admin.guild;
    let title = state.core.catalog().text(
        &admin.locale,
        "dash-forms-title",
        &[("server", admin.server.as_str().into())],
    );
    let body = html! {
        div.card id="forms" {
            @if forms.is_empty() { p { (tr("dash-forms-empty")) } }
            @for form in &forms {
                div.card data-form-id=(form.form_id) {
                    a href={"/guilds/" (guild) "/forms/" (form.form_id)} { (form.name) }
                }
            }
        }
        div.card {
            form method="post" action={"/guilds/" (guild) "/forms"} id="new-form" {
                (text_field(&tr("dash-form-name"), "name", "form-name", value(submitted, "name"), errors))
                button.button type="submit" { (tr("dash-form-create")) }
            }
        }
    };
    (status, page(state, admin, &title, body)).into_response()
}

fn render_editor(
    state: &WebState,
    admin: &Admin,
    row: &FormRow,
    submitted: &Submitted,
    errors: &[FieldErrors],
    _saved: bool,
    status: StatusCode,
) -> Response {
    let tr = |key: &str| t(state, admin, key);
    let none = FieldErrors::default();
    let errors_of = |n: usize| errors.get(n).unwrap_or(&none);
    let styles = vec![
        ("short".to_owned(), tr("dash-input-short")),
        ("paragraph".to_owned(), tr("dash-input-paragraph")),
        ("select".to_owned(), tr("dash-input-select")),
    ];
    let guild = admin.guild;
    let v = |name: String| value(submitted, &name).to_owned();
    let body = html! {
        form method="post" id="form-editor" {
            div.card {
                (text_field(&tr("dash-form-name"), "name", "form-name", value(submitted, "name"), errors_of(MAX_INPUTS)))
            }
            @for n in 0..MAX_INPUTS {
                div.card data-question=(n) {
                    h3 { (tr("dash-question")) " " (n + 1) }
                    (text_field(&tr("dash-input-label"), &format!("label_{n}"), "input-label", &v(format!("label_{n}")), errors_of(n)))
                    (text_field(&tr("dash-input-placeholder"), &format!("placeholder_{n}"), "input-placeholder", &v(format!("placeholder_{n}")), errors_of(n)))
                    (select(&tr("dash-input-style"), &format!("style_{n}"), "input-style", &styles, &v(format!("style_{n}")), errors_of(n)))
                    (check_box(&tr("dash-input-required"), &format!("required_{n}"), checked(submitted, &format!("required_{n}"))))
                    (text_field(&tr("dash-input-min"), &format!("min_{n}"), "input-min-length", &v(format!("min_{n}")), errors_of(n)))
                    (text_field(&tr("dash-input-max"), &format!("max_{n}"), "input-max-length", &v(format!("max_{n}")), errors_of(n)))
                    (text_area(&tr("dash-input-options"), &format!("options_{n}"), "input-options", &v(format!("options_{n}")), errors_of(n)))
                }
            }
            button.button type="submit" { (tr("dash-save")) }
        }
        form.inline method="post" action={"/guilds/" (guild) "/forms/" (row.form_id) "/delete"} {
            button.button.danger type="submit" { (tr("dash-form-delete")) }
        }
    };
    (status, page(state, admin, &row.name, body)).into_response()
}
