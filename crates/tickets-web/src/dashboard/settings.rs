//! The Settings page: general options, closing, claiming, tickets, the /open command and ticket
//! permissions.

use super::Admin;
use super::view::{
    FieldErrors, Submitted, channel_options, check_box, checked, failure_page, number_field, page,
    refusal, see_other, select, t, text_area, text_field, value,
};
use crate::server::WebState;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::html;
use std::collections::HashMap;
use tickets_core::channels::ChannelChoice;
use tickets_core::settings::{SettingsInput, naming_parts, parse_naming};
use tickets_model::naming::NamingScheme;
use tickets_model::staff::ClaimMode;

/// `GET /guilds/{guild}/settings`.
pub async fn show(
    State(state): State<WebState>,
    admin: Admin,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let settings = match state.core.settings(&admin.caller).await {
        Ok(settings) => settings,
        Err(error) => return failure_page(&state, &admin, "dash-nav-settings", &error),
    };
    let form = form_of(&SettingsInput::of(&settings));
    let saved = query.contains_key("saved");
    render(
        &state,
        &admin,
        &form,
        &FieldErrors::default(),
        saved,
        StatusCode::OK,
    )
    .await
}

/// `POST /guilds/{guild}/settings`.
pub async fn save(
    State(state): State<WebState>,
    admin: Admin,
    Form(form): Form<Submitted>,
) -> Response {
    let mut errors = FieldErrors::default();
    match state
        .core
        .save_settings(&admin.caller, &input_of(&form))
        .await
    {
        Ok(_) => {
            let to = format!("/guilds/{}/settings?saved=1", admin.guild);
            return see_other(&to);
        }
        Err(error) => {
            if let Some(response) = refusal(&state, &admin, &mut errors, error, "dash-nav-settings")
            {
                return response;
            }
        }
    }
    render(
        &state,
        &admin,
        &form,
        &errors,
        false,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}

/// The submitted form as the use case takes it: every value as typed.
fn input_of(form: &Submitted) -> SettingsInput {
    let text = |name: &str| value(form, name).to_owned();
    SettingsInput {
        ticket_limit: text("ticket_limit"),
        language: text("language"),
        ticket_category: text("ticket_category"),
        overflow_category: text("overflow_category"),
        transcripts_channel: text("transcripts_channel"),
        open_category: text("open_category"),
        notification_channel: text("notification_channel"),
        open_thread_channel: text("open_thread_channel"),
        naming: text("naming"),
        naming_custom: text("naming_custom"),
        open_naming: text("open_naming"),
        open_naming_custom: text("open_naming_custom"),
        welcome_message: text("welcome_message"),
        open_welcome_message: text("open_welcome_message"),
        claim_mode: text("claim_mode"),
        context_level: text("context_level"),
        context_panel: text("context_panel"),
        // A form without the Start Ticket card keeps adding the sender, as the setting's default.
        context_add_sender: checked(form, "context_add_sender") || !checked(form, "context_shown"),
        allow_users_close: checked(form, "allow_users_close"),
        close_confirmation: checked(form, "close_confirmation"),
        feedback_enabled: checked(form, "feedback_enabled"),
        hide_claim_button: checked(form, "hide_claim_button"),
        store_transcripts: checked(form, "store_transcripts"),
        open_command_enabled: checked(form, "open_command_enabled"),
        perm_attach_files: checked(form, "perm_attach_files"),
        perm_embed_links: checked(form, "perm_embed_links"),
        perm_add_reactions: checked(form, "perm_add_reactions"),
        thread_mode: checked(form, "thread_mode"),
        exit_survey: text("exit_survey"),
    }
}

/// Reads a naming-scheme drop-down (`number`, `username`, `custom`) and its custom text.
pub fn naming_scheme(
    state: &WebState,
    admin: &Admin,
    form: &Submitted,
    name: &str,
    errors: &mut FieldErrors,
) -> Option<NamingScheme> {
    let custom = value(form, &format!("{name}_custom"));
    errors.take(
        state,
        admin,
        parse_naming("naming-scheme", value(form, name), custom),
    )
}

/// Splits a naming scheme into the drop-down's value and the custom text.
pub fn naming_form(scheme: Option<&str>) -> (String, String) {
    naming_parts(scheme)
}

/// The settings as the form shows them.
fn form_of(s: &SettingsInput) -> Submitted {
    let mut form = Submitted::new();
    for (name, text) in [
        ("ticket_limit", &s.ticket_limit),
        ("language", &s.language),
        ("ticket_category", &s.ticket_category),
        ("overflow_category", &s.overflow_category),
        ("transcripts_channel", &s.transcripts_channel),
        ("open_category", &s.open_category),
        ("notification_channel", &s.notification_channel),
        ("open_thread_channel", &s.open_thread_channel),
        ("naming", &s.naming),
        ("naming_custom", &s.naming_custom),
        ("open_naming", &s.open_naming),
        ("open_naming_custom", &s.open_naming_custom),
        ("welcome_message", &s.welcome_message),
        ("open_welcome_message", &s.open_welcome_message),
        ("claim_mode", &s.claim_mode),
        ("context_level", &s.context_level),
        ("context_panel", &s.context_panel),
        ("exit_survey", &s.exit_survey),
    ] {
        form.insert(name.to_owned(), text.clone());
    }
    form.insert("context_shown".to_owned(), "1".to_owned());
    for (name, on) in [
        ("context_add_sender", s.context_add_sender),
        ("allow_users_close", s.allow_users_close),
        ("close_confirmation", s.close_confirmation),
        ("feedback_enabled", s.feedback_enabled),
        ("hide_claim_button", s.hide_claim_button),
        ("store_transcripts", s.store_transcripts),
        ("open_command_enabled", s.open_command_enabled),
        ("perm_attach_files", s.perm_attach_files),
        ("perm_embed_links", s.perm_embed_links),
        ("perm_add_reactions", s.perm_add_reactions),
        ("thread_mode", s.thread_mode),
    ] {
        if on {
            form.insert(name.to_owned(), "on".to_owned());
        }
    }
    form
}

async fn render(
    state: &WebState,
    admin: &Admin,
    form: &Submitted,
    errors: &FieldErrors,
    saved: bool,
    status: StatusCode,
) -> Response {
    let choices: Vec<ChannelChoice> = match state.core.channel_choices(&admin.caller).await {
        Ok(choices) => choices,
        Err(error) => {
            tracing::warn!(%error, "could not list a server's channels");
            return crate::pages::error_page(state.core.catalog());
        }
    };
    let tr = |key: &str| t(state, admin, key);
    let categories = channel_options(state, admin, &choices, true);
    let texts = channel_options(state, admin, &choices, false);
    let channel_name = |id: tickets_model::ChannelId| {
        choices
            .iter()
            .find(|c| c.id == id)
            .map_or_else(|| id.to_string(), |c| format!("#{}", c.name))
    };
    let thread_warnings: Vec<String> = match state.core.thread_mode_warnings(&admin.caller).await {
        Ok(warnings) => warnings
            .iter()
            .map(|w| w.text(state.core.catalog(), &admin.locale, channel_name))
            .collect(),
        Err(error) => {
            tracing::warn!(%error, "could not check thread mode");
            Vec::new()
        }
    };
    let mut languages = vec![(String::new(), tr("dash-language-auto"))];
    languages.extend(
        state
            .core
            .catalog()
            .languages()
            .into_iter()
            .map(|l| (l.to_owned(), l.to_owned())),
    );
    let schemes = |server: bool| {
        let mut options = Vec::new();
        if server {
            options.push((String::new(), tr("dash-naming-server")));
        }
        for (value, key) in [
            ("number", "dash-naming-number"),
            ("username", "dash-naming-username"),
            ("custom", "dash-naming-custom"),
        ] {
            options.push((value.to_owned(), tr(key)));
        }
        options
    };
    let claim_modes: Vec<(String, String)> = ClaimMode::ALL
        .into_iter()
        .map(|mode| {
            let key = format!("dash-claim-mode-{}", mode.as_str().replace('_', "-"));
            (mode.as_str().to_owned(), tr(&key))
        })
        .collect();
    let levels: Vec<(String, String)> = ["everyone", "support", "admin"]
        .into_iter()
        .map(|level| (level.to_owned(), tr(&format!("dash-level-{level}"))))
        .collect();
    let mut panels = vec![(String::new(), tr("dash-context-panel-none"))];
    match state.core.panels(&admin.caller).await {
        Ok(list) => panels.extend(
            list.into_iter()
                .map(|p| (p.panel_id.to_string(), p.fields.title)),
        ),
        Err(error) => {
            tracing::warn!(%error, "could not list panels");
            return crate::pages::error_page(state.core.catalog());
        }
    }
    let mut surveys = vec![(String::new(), tr("dash-exit-survey-none"))];
    match state.core.forms(&admin.caller).await {
        Ok(list) => surveys.extend(list.into_iter().map(|f| (f.form_id.to_string(), f.name))),
        Err(error) => {
            tracing::warn!(%error, "could not list forms");
            return crate::pages::error_page(state.core.catalog());
        }
    }
    let autoclose = super::autoclose::stored_card(state, admin).await;
    let v = |name: &str| value(form, name);
    let title = state.core.catalog().text(
        &admin.locale,
        "dash-settings-title",
        &[("server", admin.server.as_str().into())],
    );
    let body = html! {
        @if saved { p.notice id="saved" { (tr("dash-saved")) } }
        @if !errors.is_empty() { p.error id="form-errors" { (tr("dash-errors")) } }
        form method="post" id="settings" {
            div.card {
                h2 { (tr("dash-general")) }
                (number_field(&tr("dash-ticket-limit"), "ticket_limit", "ticket-limit", v("ticket_limit"), errors))
                (select(&tr("dash-language"), "language", "language", &languages, v("language"), errors))
                (check_box(&tr("dash-feedback-enabled"), "feedback_enabled", checked(form, "feedback_enabled")))
                (select(&tr("dash-exit-survey"), "exit_survey", "exit-survey", &surveys, v("exit_survey"), errors))
                p.help { (tr("dash-exit-survey-help")) }
            }
            div.card id="thread-mode" {
                h2 { (tr("dash-thread-mode")) }
                p { (tr("dash-thread-mode-about")) }
                (check_box(&tr("dash-thread-mode-enabled"), "thread_mode", checked(form, "thread_mode")))
                (select(&tr("dash-notification-channel"), "notification_channel", "notification-channel", &texts, v("notification_channel"), errors))
                (select(&tr("dash-open-thread-channel"), "open_thread_channel", "open-thread-channel", &texts, v("open_thread_channel"), errors))
                @for warning in &thread_warnings {
                    p.error.thread-warning { (warning) }
                }
            }
            div.card id="closing" {
                h2 { (tr("dash-closing")) }
                (check_box(&tr("dash-allow-users-close"), "allow_users_close", checked(form, "allow_users_close")))
                (check_box(&tr("dash-close-confirmation"), "close_confirmation", checked(form, "close_confirmation")))
            }
            div.card id="claiming" {
                h2 { (tr("dash-claiming")) }
                (select(&tr("dash-claim-mode"), "claim_mode", "claim-mode", &claim_modes, v("claim_mode"), errors))
                (check_box(&tr("dash-hide-claim-button"), "hide_claim_button", checked(form, "hide_claim_button")))
            }
            div.card {
                h2 { (tr("dash-tickets")) }
                (select(&tr("dash-ticket-category"), "ticket_category", "category", &categories, v("ticket_category"), errors))
                (select(&tr("dash-overflow-category"), "overflow_category", "overflow-category", &categories, v("overflow_category"), errors))
                (select(&tr("dash-transcripts-channel"), "transcripts_channel", "transcripts-channel", &texts, v("transcripts_channel"), errors))
                (check_box(&tr("dash-store-transcripts"), "store_transcripts", checked(form, "store_transcripts")))
                (select(&tr("dash-naming-scheme"), "naming", "naming", &schemes(false), v("naming"), errors))
                (text_field(&tr("dash-naming-custom-text"), "naming_custom", "naming-scheme", v("naming_custom"), errors))
                (text_area(&tr("dash-welcome-message"), "welcome_message", "welcome-message", v("welcome_message"), errors))
            }
            div.card {
                h2 { (tr("dash-open-command")) }
                (check_box(&tr("dash-open-command-enabled"), "open_command_enabled", checked(form, "open_command_enabled")))
                (select(&tr("dash-open-command-category"), "open_category", "open-command-category", &categories, v("open_category"), errors))
                (select(&tr("dash-naming-scheme"), "open_naming", "open-naming", &schemes(true), v("open_naming"), errors))
                (text_field(&tr("dash-naming-custom-text"), "open_naming_custom", "open-naming-scheme", v("open_naming_custom"), errors))
                (text_area(&tr("dash-open-command-welcome"), "open_welcome_message", "open-welcome-message", v("open_welcome_message"), errors))
            }
            div.card id="context-menu" {
                h2 { (tr("dash-context-menu")) }
                input type="hidden" name="context_shown" value="1";
                (select(&tr("dash-context-level"), "context_level", "context-menu-level", &levels, v("context_level"), errors))
                (check_box(&tr("dash-context-add-sender"), "context_add_sender", checked(form, "context_add_sender")))
                (select(&tr("dash-context-panel"), "context_panel", "context-menu-panel", &panels, v("context_panel"), errors))
            }
            div.card {
                h2 { (tr("dash-ticket-permissions")) }
                (check_box(&tr("dash-perm-attach-files"), "perm_attach_files", checked(form, "perm_attach_files")))
                (check_box(&tr("dash-perm-embed-links"), "perm_embed_links", checked(form, "perm_embed_links")))
                (check_box(&tr("dash-perm-add-reactions"), "perm_add_reactions", checked(form, "perm_add_reactions")))
            }
            button.button type="submit" { (tr("dash-save")) }
        }
        (autoclose)
    };
    (status, page(state, admin, &title, body)).into_response()
}
