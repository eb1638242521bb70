//! The Settings page: general options, closing, claiming, tickets, the /open command and ticket
//! permissions.

use super::Admin;
use super::view::{
    FieldErrors, Submitted, channel, channel_options, channel_value, check_box, checked,
    number_field, page, refusal, see_other, select, t, text_area, text_field, value,
};
use crate::server::WebState;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::html;
use std::collections::HashMap;
use tickets_core::channels::ChannelChoice;
use tickets_model::naming::{NamingScheme, NamingTemplate};
use tickets_model::panel::WelcomeMessage;
use tickets_model::permissions::PermissionLevel;
use tickets_model::staff::ClaimMode;
use tickets_model::values::{Problem, TicketLimit, ValueError};
use tickets_store::settings::GuildSettings;

/// `GET /guilds/{guild}/settings`.
pub async fn show(
    State(state): State<WebState>,
    admin: Admin,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let settings = match state.core.db().settings().get(admin.guild).await {
        Ok(settings) => settings,
        Err(error) => {
            tracing::warn!(%error, "could not read settings");
            return crate::pages::error_page(state.core.catalog());
        }
    };
    let form = form_of(&settings);
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
    let settings = parse(&state, &admin, &form, &mut errors);
    if let Some(settings) = settings.filter(|_| errors.is_empty()) {
        match state.core.save_settings(&settings).await {
            Ok(()) => {
                let to = format!("/guilds/{}/settings?saved=1", admin.guild);
                return see_other(&to);
            }
            Err(error) => {
                if let Some(response) =
                    refusal(&state, &admin, &mut errors, error, "dash-nav-settings")
                {
                    return response;
                }
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

/// The submitted form as settings, recording every refused value.
fn parse(
    state: &WebState,
    admin: &Admin,
    form: &Submitted,
    errors: &mut FieldErrors,
) -> Option<GuildSettings> {
    let limit = value(form, "ticket_limit")
        .trim()
        .parse::<i64>()
        .unwrap_or(0);
    let limit = errors.take(state, admin, TicketLimit::new(limit));
    let language = match value(form, "language") {
        "" => None,
        tag if state.core.catalog().languages().contains(&tag) => Some(tag.to_owned()),
        _ => {
            errors.add(
                state,
                admin,
                &ValueError::Invalid {
                    field: "language",
                    problem: Problem::Choice,
                },
            );
            None
        }
    };
    let naming = naming_scheme(state, admin, form, "naming", errors);
    let open_naming = match value(form, "open_naming") {
        "" => Some(None),
        "username" => Some(Some(NamingScheme::Username)),
        "custom" => errors
            .take_as(
                state,
                admin,
                "open-naming-scheme",
                NamingTemplate::parse(value(form, "open_naming_custom")),
            )
            .map(|t| Some(NamingScheme::Custom(t))),
        _ => Some(Some(NamingScheme::TicketNumber)),
    };
    let welcome = errors.take(
        state,
        admin,
        WelcomeMessage::parse(value(form, "welcome_message")),
    );
    let open_welcome = errors.take_as(
        state,
        admin,
        "open-welcome-message",
        WelcomeMessage::parse(value(form, "open_welcome_message")),
    );
    Some(GuildSettings {
        guild_id: admin.guild,
        ticket_limit: limit?.get(),
        ticket_category_id: channel(form, "ticket_category"),
        overflow_category_id: channel(form, "overflow_category"),
        language,
        allow_users_close: checked(form, "allow_users_close"),
        close_confirmation: checked(form, "close_confirmation"),
        feedback_enabled: checked(form, "feedback_enabled"),
        hide_claim_button: checked(form, "hide_claim_button"),
        store_transcripts: checked(form, "store_transcripts"),
        transcripts_channel_id: channel(form, "transcripts_channel"),
        naming_scheme: naming?.to_stored(),
        welcome_message: welcome?.map(|w| w.as_str().to_owned()),
        open_command_enabled: checked(form, "open_command_enabled"),
        open_command_category_id: channel(form, "open_category"),
        open_command_naming_scheme: open_naming?.map(|n| n.to_stored()),
        open_command_welcome_message: open_welcome?.map(|w| w.as_str().to_owned()),
        perm_attach_files: checked(form, "perm_attach_files"),
        perm_embed_links: checked(form, "perm_embed_links"),
        perm_add_reactions: checked(form, "perm_add_reactions"),
        claim_mode: match value(form, "claim_mode") {
            "" => Some(ClaimMode::default()),
            mode => errors.take(state, admin, mode.parse::<ClaimMode>()),
        }?,
        context_menu_level: match value(form, "context_level") {
            "admin" => PermissionLevel::Admin,
            "support" => PermissionLevel::Support,
            _ => PermissionLevel::Everyone,
        },
        context_menu_add_sender: checked(form, "context_add_sender")
            || !checked(form, "context_shown"),
        context_menu_panel_id: value(form, "context_panel").parse().ok(),
        thread_mode: checked(form, "thread_mode"),
        ticket_notification_channel_id: channel(form, "notification_channel"),
    })
}

/// Reads a naming-scheme drop-down (`number`, `username`, `custom`) and its custom text.
pub fn naming_scheme(
    state: &WebState,
    admin: &Admin,
    form: &Submitted,
    name: &str,
    errors: &mut FieldErrors,
) -> Option<NamingScheme> {
    match value(form, name) {
        "username" => Some(NamingScheme::Username),
        "custom" => {
            let custom = value(form, &format!("{name}_custom"));
            errors
                .take(state, admin, NamingTemplate::parse(custom))
                .map(NamingScheme::Custom)
        }
        _ => Some(NamingScheme::TicketNumber),
    }
}

/// Splits a naming scheme into the drop-down's value and the custom text.
pub fn naming_form(scheme: Option<&str>) -> (String, String) {
    match scheme.map(NamingScheme::from_stored) {
        None => (String::new(), String::new()),
        Some(NamingScheme::TicketNumber) => ("number".to_owned(), String::new()),
        Some(NamingScheme::Username) => ("username".to_owned(), String::new()),
        Some(NamingScheme::Custom(custom)) => ("custom".to_owned(), custom.as_str().to_owned()),
    }
}

/// The stored settings as the form shows them.
fn form_of(s: &GuildSettings) -> Submitted {
    let mut form = Submitted::new();
    let mut set = |name: &str, value: String| {
        form.insert(name.to_owned(), value);
    };
    set("ticket_limit", s.ticket_limit.to_string());
    set("language", s.language.clone().unwrap_or_default());
    set("ticket_category", channel_value(s.ticket_category_id));
    set("overflow_category", channel_value(s.overflow_category_id));
    set(
        "transcripts_channel",
        channel_value(s.transcripts_channel_id),
    );
    set("open_category", channel_value(s.open_command_category_id));
    set("claim_mode", s.claim_mode.as_str().to_owned());
    set("context_shown", "1".to_owned());
    if s.thread_mode {
        set("thread_mode", "on".to_owned());
    }
    set(
        "notification_channel",
        channel_value(s.ticket_notification_channel_id),
    );
    set(
        "context_level",
        match s.context_menu_level {
            PermissionLevel::Admin => "admin",
            PermissionLevel::Support => "support",
            PermissionLevel::Everyone => "everyone",
        }
        .to_owned(),
    );
    if s.context_menu_add_sender {
        set("context_add_sender", "on".to_owned());
    }
    set(
        "context_panel",
        s.context_menu_panel_id
            .map(|p| p.to_string())
            .unwrap_or_default(),
    );
    let (naming, custom) = naming_form(Some(&s.naming_scheme));
    set("naming", naming);
    set("naming_custom", custom);
    let (naming, custom) = naming_form(s.open_command_naming_scheme.as_deref());
    set("open_naming", naming);
    set("open_naming_custom", custom);
    set(
        "welcome_message",
        s.welcome_message.clone().unwrap_or_default(),
    );
    set(
        "open_welcome_message",
        s.open_command_welcome_message.clone().unwrap_or_default(),
    );
    for (name, on) in [
        ("allow_users_close", s.allow_users_close),
        ("close_confirmation", s.close_confirmation),
        ("feedback_enabled", s.feedback_enabled),
        ("hide_claim_button", s.hide_claim_button),
        ("store_transcripts", s.store_transcripts),
        ("open_command_enabled", s.open_command_enabled),
        ("perm_attach_files", s.perm_attach_files),
        ("perm_embed_links", s.perm_embed_links),
        ("perm_add_reactions", s.perm_add_reactions),
    ] {
        if on {
            set(name, "on".to_owned());
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
    let choices: Vec<ChannelChoice> = match state.core.channel_choices(admin.guild).await {
        Ok(choices) => choices,
        Err(error) => {
            tracing::warn!(%error, "could not list a server's channels");
            return crate::pages::error_page(state.core.catalog());
        }
    };
    let tr = |key: &str| t(state, admin, key);
    let categories = channel_options(state, admin, &choices, true);
    let texts = channel_options(state, admin, &choices, false);
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
    match state.core.db().panels().list(admin.guild).await {
        Ok(list) => panels.extend(
            list.into_iter()
                .map(|p| (p.panel_id.to_string(), p.fields.title)),
        ),
        Err(error) => {
            tracing::warn!(%error, "could not list panels");
            return crate::pages::error_page(state.core.catalog());
        }
    }
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
            }
            div.card id="thread-mode" {
                h2 { (tr("dash-thread-mode")) }
                p { (tr("dash-thread-mode-later")) }
                (check_box(&tr("dash-thread-mode-enabled"), "thread_mode", checked(form, "thread_mode")))
                (select(&tr("dash-notification-channel"), "notification_channel", "notification-channel", &texts, v("notification_channel"), errors))
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
    };
    (status, page(state, admin, &title, body)).into_response()
}
