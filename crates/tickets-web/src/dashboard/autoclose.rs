//! The Settings page's Auto Close card: the server's rules, each panel's overrides, and a
//! warning when closing on the opener leaving cannot work without the Server Members intent.
//! It is a form of its own, so saving it changes nothing else.

use super::Admin;
use super::view::{
    FieldErrors, Submitted, check_box, checked, failure_page, page, refusal, see_other, select, t,
    text_field, value,
};
use crate::server::WebState;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use tickets_core::autoclose::{AutocloseInput, AutocloseView, Override, PanelAutocloseInput};
use tickets_model::values::TimeSpan;

/// `POST /guilds/{guild}/settings/autoclose`.
pub async fn save(
    State(state): State<WebState>,
    admin: Admin,
    Form(form): Form<Submitted>,
) -> Response {
    let view = match state.core.autoclose_settings(&admin.caller).await {
        Ok(view) => view,
        Err(error) => return failure_page(&state, &admin, "dash-nav-settings", &error),
    };
    let input = input_of(&form, &view);
    let mut errors = FieldErrors::default();
    match state
        .core
        .save_autoclose_settings(&admin.caller, &input)
        .await
    {
        Ok(_) => return see_other(&format!("/guilds/{}/settings?saved=1", admin.guild)),
        Err(error) => {
            if let Some(response) = refusal(&state, &admin, &mut errors, error, "dash-nav-settings")
            {
                return response;
            }
        }
    }
    let title = t(&state, &admin, "dash-autoclose");
    let body = card(&state, &admin, &view, Some(&form), &errors);
    (
        StatusCode::UNPROCESSABLE_ENTITY,
        page(&state, &admin, &title, body),
    )
        .into_response()
}

/// The submitted card as the use case takes it; panels are those the card showed.
fn input_of(form: &Submitted, view: &AutocloseView) -> AutocloseInput {
    let text = |name: &str| value(form, name).to_owned();
    AutocloseInput {
        enabled: checked(form, "autoclose_enabled"),
        on_user_leave: checked(form, "autoclose_on_user_leave"),
        since_open: text("since_open"),
        since_last_message: text("since_last_message"),
        warning: text("autoclose_warning"),
        panels: view
            .panels
            .iter()
            .map(|(panel, _)| {
                let id = panel.panel_id;
                PanelAutocloseInput {
                    panel: id.to_string(),
                    since_open: text(&format!("panel_{id}_since_open")),
                    since_last_message: text(&format!("panel_{id}_since_last_message")),
                    on_user_leave: text(&format!("panel_{id}_on_user_leave")),
                }
            })
            .collect(),
    }
}

/// The stored settings as the card's fields show them.
fn form_of(view: &AutocloseView) -> Submitted {
    let span = |minutes: Option<u32>| {
        minutes
            .and_then(TimeSpan::from_minutes)
            .map(|s| s.to_string())
            .unwrap_or_default()
    };
    let own = |value: Override<u32>| match value {
        Override::Server => String::new(),
        Override::Off => "off".to_owned(),
        Override::Set(minutes) => span(Some(minutes)),
    };
    let s = &view.settings;
    let mut form = Submitted::new();
    if s.enabled {
        form.insert("autoclose_enabled".to_owned(), "on".to_owned());
    }
    if s.on_user_leave {
        form.insert("autoclose_on_user_leave".to_owned(), "on".to_owned());
    }
    form.insert("since_open".to_owned(), span(s.since_open_minutes));
    form.insert(
        "since_last_message".to_owned(),
        span(s.since_last_message_minutes),
    );
    form.insert("autoclose_warning".to_owned(), span(s.warning_minutes));
    for (panel, overrides) in &view.panels {
        let id = panel.panel_id;
        form.insert(format!("panel_{id}_since_open"), own(overrides.since_open));
        form.insert(
            format!("panel_{id}_since_last_message"),
            own(overrides.since_last_message),
        );
        let leave = match overrides.on_user_leave {
            Override::Server => "",
            Override::Set(true) => "on",
            Override::Off | Override::Set(false) => "off",
        };
        form.insert(format!("panel_{id}_on_user_leave"), leave.to_owned());
    }
    form
}

/// The card for the Settings page, as stored; empty when the settings cannot be read (the page
/// says why on its own).
pub async fn stored_card(state: &WebState, admin: &Admin) -> Markup {
    match state.core.autoclose_settings(&admin.caller).await {
        Ok(view) => card(state, admin, &view, None, &FieldErrors::default()),
        Err(error) => {
            tracing::warn!(%error, "could not read the autoclose settings");
            html! {}
        }
    }
}

/// The card: the submitted values when a post was refused, else the stored ones.
fn card(
    state: &WebState,
    admin: &Admin,
    view: &AutocloseView,
    submitted: Option<&Submitted>,
    errors: &FieldErrors,
) -> Markup {
    let stored = form_of(view);
    let form = submitted.unwrap_or(&stored);
    let tr = |key: &str| t(state, admin, key);
    let v = |name: &str| value(form, name).to_owned();
    let leave_options = vec![
        (String::new(), tr("dash-autoclose-panel-leave-server")),
        ("on".to_owned(), tr("autoclose-on")),
        ("off".to_owned(), tr("autoclose-off")),
    ];
    let action = format!("/guilds/{}/settings/autoclose", admin.guild);
    let leave_on = checked(form, "autoclose_on_user_leave");
    html! {
        form method="post" action=(action) id="autoclose" {
            div.card {
                h2 { (tr("dash-autoclose")) }
                p { (tr("dash-autoclose-about")) }
                (check_box(&tr("dash-autoclose-enabled"), "autoclose_enabled", checked(form, "autoclose_enabled")))
                (check_box(&tr("dash-autoclose-on-user-leave"), "autoclose_on_user_leave", leave_on))
                @if leave_on && !view.members_intent {
                    p.error id="members-intent-missing" { (tr("autoclose-members-intent-missing")) }
                }
                (text_field(&tr("dash-autoclose-since-open"), "since_open", "since-open", &v("since_open"), errors))
                (text_field(&tr("dash-autoclose-since-last-message"), "since_last_message", "since-last-message", &v("since_last_message"), errors))
                (text_field(&tr("dash-autoclose-warning"), "autoclose_warning", "autoclose-warning", &v("autoclose_warning"), errors))
                @if !view.panels.is_empty() {
                    p { (tr("dash-autoclose-panels")) }
                    (super::view::error_of(errors, "panel-since-open"))
                    (super::view::error_of(errors, "panel-since-last-message"))
                    (super::view::error_of(errors, "panel-on-user-leave"))
                    @for (panel, _) in &view.panels {
                        @let id = panel.panel_id;
                        fieldset.panel-autoclose {
                            legend { (tr("dash-autoclose-panel")) ": " (panel.fields.title) }
                            (text_field(&tr("dash-autoclose-since-open"), &format!("panel_{id}_since_open"), "panel-since-open", &v(&format!("panel_{id}_since_open")), &FieldErrors::default()))
                            (text_field(&tr("dash-autoclose-since-last-message"), &format!("panel_{id}_since_last_message"), "panel-since-last-message", &v(&format!("panel_{id}_since_last_message")), &FieldErrors::default()))
                            (select(&tr("dash-autoclose-on-user-leave"), &format!("panel_{id}_on_user_leave"), "panel-on-user-leave", &leave_options, &v(&format!("panel_{id}_on_user_leave")), &FieldErrors::default()))
                        }
                    }
                }
                button.button type="submit" { (tr("dash-autoclose-save")) }
            }
        }
    }
}
