//! The Panels page: the list, the create and edit forms with a preview, delete and resend.

use super::settings::{naming_form, naming_scheme};
use super::view::{
    FieldErrors, LIVE_PREVIEW, Submitted, button_colour, channel, channel_options, channel_value,
    check_box, checked, failure_page, page, record, record_actions, refusal, see_other, select, t,
    text_area, text_field, value,
};
use super::{Admin, not_found};
use crate::server::WebState;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use std::collections::HashMap;
use tickets_core::UseCaseError;
use tickets_core::panels::PanelDraft;
use tickets_model::PanelId;
use tickets_model::TeamId;
use tickets_model::emoji::PanelEmoji;
use tickets_model::panel::{
    ButtonLabel, ButtonStyle, Colour, ImageUrl, MentionOnOpen, PanelContent, PanelTitle,
    WelcomeMessage,
};
use tickets_model::values::{Problem, ValueError};
use tickets_store::panels::{PanelFields, PanelRow};
use tickets_store::staff::PanelTeams;

/// What a panel page is about: the list with a creation form, or one panel's edit form.
enum Editing {
    New,
    Existing(PanelId),
}

/// `GET /guilds/{guild}/panels`.
pub async fn list(
    State(state): State<WebState>,
    admin: Admin,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let notice = match query.get("done").map(String::as_str) {
        Some("created") => Some("dash-panel-created"),
        Some("updated") => Some("dash-panel-updated"),
        Some("deleted") => Some("dash-panel-deleted"),
        Some("resent") => Some("dash-panel-resent"),
        _ => None,
    };
    let form = defaults();
    render(
        &state,
        &admin,
        Editing::New,
        &form,
        &FieldErrors::default(),
        notice,
        StatusCode::OK,
    )
    .await
}

/// `POST /guilds/{guild}/panels`: creates a panel and posts its message.
pub async fn create(
    State(state): State<WebState>,
    admin: Admin,
    Form(form): Form<Submitted>,
) -> Response {
    let mut errors = FieldErrors::default();
    if let Some(draft) = parse(&state, &admin, &form, &mut errors) {
        match state.core.create_panel(&admin.caller, &draft).await {
            Ok(_) => return done(&admin, "created"),
            Err(error) => {
                if let Some(response) =
                    refusal(&state, &admin, &mut errors, error, "dash-nav-panels")
                {
                    return response;
                }
            }
        }
    }
    render(
        &state,
        &admin,
        Editing::New,
        &form,
        &errors,
        None,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}

/// `GET /guilds/{guild}/panels/{panel}`.
pub async fn edit(
    State(state): State<WebState>,
    admin: Admin,
    Path((_, panel)): Path<(String, String)>,
) -> Response {
    let (admin, panel) = match panel_of(&state, admin, &panel).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let mut form = form_of(&panel.fields);
    match state.core.panel_links(&admin.caller, panel.panel_id).await {
        Ok((asked, teams)) => {
            if let Some(asked) = asked {
                form.insert("form".to_owned(), asked.to_string());
            }
            set_teams(&mut form, &teams);
        }
        Err(error) => return failure_page(&state, &admin, "dash-nav-panels", &error),
    }
    match state
        .core
        .panel_exit_survey(&admin.caller, panel.panel_id)
        .await
    {
        Ok(Some(survey)) => {
            form.insert("exit_survey".to_owned(), survey.to_string());
        }
        Ok(None) => {}
        Err(error) => return failure_page(&state, &admin, "dash-nav-panels", &error),
    }
    render(
        &state,
        &admin,
        Editing::Existing(panel.panel_id),
        &form,
        &FieldErrors::default(),
        None,
        StatusCode::OK,
    )
    .await
}

/// `POST /guilds/{guild}/panels/{panel}`: changes a panel and its message in place.
pub async fn update(
    State(state): State<WebState>,
    admin: Admin,
    Path((_, panel)): Path<(String, String)>,
    Form(form): Form<Submitted>,
) -> Response {
    let (admin, panel) = match panel_of(&state, admin, &panel).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let mut errors = FieldErrors::default();
    if let Some(draft) = parse(&state, &admin, &form, &mut errors) {
        match state
            .core
            .update_panel(&admin.caller, panel.panel_id, &draft)
            .await
        {
            Ok(_) => return done(&admin, "updated"),
            Err(error) => {
                if let Some(response) =
                    refusal(&state, &admin, &mut errors, error, "dash-nav-panels")
                {
                    return response;
                }
            }
        }
    }
    let editing = Editing::Existing(panel.panel_id);
    render(
        &state,
        &admin,
        editing,
        &form,
        &errors,
        None,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}

/// `POST /guilds/{guild}/panels/{panel}/delete`.
pub async fn delete(
    State(state): State<WebState>,
    admin: Admin,
    Path((_, panel)): Path<(String, String)>,
) -> Response {
    let (admin, panel) = match panel_of(&state, admin, &panel).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    match state.core.delete_panel(&admin.caller, panel.panel_id).await {
        Ok(()) => done(&admin, "deleted"),
        Err(error) => failure_page(&state, &admin, "dash-nav-panels", &error),
    }
}

/// `POST /guilds/{guild}/panels/{panel}/resend`.
pub async fn resend(
    State(state): State<WebState>,
    admin: Admin,
    Path((_, panel)): Path<(String, String)>,
) -> Response {
    let (admin, panel) = match panel_of(&state, admin, &panel).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    match state.core.resend_panel(&admin.caller, panel.panel_id).await {
        Ok(_) => done(&admin, "resent"),
        Err(error) => failure_page(&state, &admin, "dash-nav-panels", &error),
    }
}

/// The admin and a panel of their server; a panel id of another server is a 404.
async fn panel_of(
    state: &WebState,
    admin: Admin,
    panel: &str,
) -> Result<(Admin, PanelRow), Response> {
    let Ok(id) = panel.parse::<PanelId>() else {
        return Err(not_found(state, &admin.locale));
    };
    match state.core.panel(&admin.caller, id).await {
        Ok(row) => Ok((admin, row)),
        Err(UseCaseError::PanelNotFound) => Err(not_found(state, &admin.locale)),
        Err(error) => {
            tracing::warn!(%error, "could not read a panel");
            Err(crate::pages::error_page(state.core.catalog()))
        }
    }
}

fn done(admin: &Admin, what: &str) -> Response {
    let to = format!("/guilds/{}/panels?done={what}", admin.guild);
    see_other(&to)
}

fn defaults() -> Submitted {
    let mut form = Submitted::new();
    form.insert("title".to_owned(), PanelTitle::DEFAULT.to_owned());
    form.insert("colour".to_owned(), Colour::DEFAULT.to_string());
    form.insert(
        "button_style".to_owned(),
        ButtonStyle::Primary.as_str().to_owned(),
    );
    form
}

fn form_of(fields: &PanelFields) -> Submitted {
    let mut form = Submitted::new();
    let mut set = |name: &str, value: String| {
        form.insert(name.to_owned(), value);
    };
    set("title", fields.title.clone());
    set("content", fields.content.clone());
    set("colour", Colour::from_u32(fields.colour).to_string());
    set("channel", fields.channel_id.to_string());
    set("category", channel_value(fields.category_id));
    set(
        "awaiting_category",
        channel_value(fields.awaiting_category_id),
    );
    set("button_style", fields.button_style.clone());
    set(
        "button_label",
        fields.button_label.clone().unwrap_or_default(),
    );
    set("emoji", fields.emoji.clone().unwrap_or_default());
    set(
        "welcome_message",
        fields.welcome_message.clone().unwrap_or_default(),
    );
    let (naming, custom) = naming_form(fields.naming_scheme.as_deref());
    set("naming", naming);
    set("naming_custom", custom);
    set("mention_on_open", fields.mention_on_open.clone());
    set(
        "large_image_url",
        fields.large_image_url.clone().unwrap_or_default(),
    );
    set(
        "small_image_url",
        fields.small_image_url.clone().unwrap_or_default(),
    );
    if fields.disabled {
        set("disabled", "on".to_owned());
    }
    set(
        "thread_mode",
        thread_mode_value(fields.thread_mode).to_owned(),
    );
    form
}

/// A panel's ticket mode as the form's select spells it.
fn thread_mode_value(mode: Option<bool>) -> &'static str {
    match mode {
        None => "",
        Some(false) => "channels",
        Some(true) => "threads",
    }
}

/// The form's ticket mode; anything but the three choices is refused.
fn thread_mode_of(form: &Submitted) -> Result<Option<bool>, ValueError> {
    match value(form, "thread_mode") {
        "" => Ok(None),
        "channels" => Ok(Some(false)),
        "threads" => Ok(Some(true)),
        _ => Err(ValueError::Invalid {
            field: "thread-mode",
            problem: Problem::Choice,
        }),
    }
}

/// Shows a panel's teams as the form's checkboxes.
fn set_teams(form: &mut Submitted, teams: &PanelTeams) {
    form.insert("teams_shown".to_owned(), "1".to_owned());
    if teams.default_team {
        form.insert("team_default".to_owned(), "on".to_owned());
    }
    for team in &teams.teams {
        form.insert(format!("team_{team}"), "on".to_owned());
    }
}

/// The teams ticked in a form. A form without the team checkboxes keeps the Default team; a box
/// whose id is not a team id is refused rather than dropped, so nothing is saved silently short.
fn teams_of(form: &Submitted) -> Result<PanelTeams, ValueError> {
    let mut teams: Vec<TeamId> = Vec::new();
    for id in form
        .keys()
        .filter_map(|key| key.strip_prefix("team_"))
        .filter(|id| *id != "default")
    {
        teams.extend(record::<TeamId>("teams", id)?);
    }
    teams.sort();
    Ok(PanelTeams {
        default_team: !checked(form, "teams_shown") || checked(form, "team_default"),
        teams,
    })
}

/// The submitted form as a panel, recording every refused value.
fn parse(
    state: &WebState,
    admin: &Admin,
    form: &Submitted,
    errors: &mut FieldErrors,
) -> Option<PanelDraft> {
    let title = errors.take(state, admin, PanelTitle::parse(value(form, "title")));
    let content = errors.take(state, admin, PanelContent::parse(value(form, "content")));
    let colour = errors.take(state, admin, Colour::parse(value(form, "colour")));
    let style = errors.take(
        state,
        admin,
        ButtonStyle::parse(value(form, "button_style")),
    );
    let label = errors.take(
        state,
        admin,
        ButtonLabel::parse(value(form, "button_label")),
    );
    let emoji = errors.take(state, admin, PanelEmoji::parse(value(form, "emoji")));
    let welcome = errors.take(
        state,
        admin,
        WelcomeMessage::parse(value(form, "welcome_message")),
    );
    let naming = match value(form, "naming") {
        "" => Some(None),
        _ => naming_scheme(state, admin, form, "naming", errors).map(Some),
    };
    let mention = errors.take(
        state,
        admin,
        MentionOnOpen::parse(value(form, "mention_on_open")),
    );
    let large = errors.take(
        state,
        admin,
        ImageUrl::parse("large-image-url", value(form, "large_image_url")),
    );
    let small = errors.take(
        state,
        admin,
        ImageUrl::parse("small-image-url", value(form, "small_image_url")),
    );
    let channel_id = errors.take(state, admin, channel(form, "channel", "channel"));
    let category = errors.take(state, admin, channel(form, "category", "category"));
    let awaiting = errors.take(
        state,
        admin,
        channel(form, "awaiting-category", "awaiting_category"),
    );
    let form_id = errors.take(state, admin, record("form", value(form, "form")));
    let exit_survey = errors.take(
        state,
        admin,
        record("exit-survey", value(form, "exit_survey")),
    );
    let teams = errors.take(state, admin, teams_of(form));
    let thread_mode = errors.take(state, admin, thread_mode_of(form));
    if channel_id == Some(None) {
        errors.add(
            state,
            admin,
            &ValueError::Invalid {
                field: "channel",
                problem: Problem::Choice,
            },
        );
    }
    Some(PanelDraft {
        title: title?,
        content: content?,
        colour: colour?,
        channel_id: channel_id??,
        category_id: category?,
        button_style: style?,
        button_label: label?,
        emoji: emoji?,
        welcome_message: welcome?,
        naming_scheme: naming?,
        mention_on_open: mention?,
        large_image: large?,
        small_image: small?,
        disabled: checked(form, "disabled"),
        thread_mode: thread_mode?,
        awaiting_category_id: awaiting?,
        form_id: form_id?,
        exit_survey_form_id: exit_survey?,
        teams: teams?,
    })
}

/// A picture of the panel's message as Discord will show it.
fn preview(state: &WebState, admin: &Admin, form: &Submitted) -> Markup {
    let colour = Colour::parse(value(form, "colour")).unwrap_or(Colour::DEFAULT);
    let style = ButtonStyle::parse(value(form, "button_style")).unwrap_or_default();
    let button_colour = button_colour(style);
    let label = match value(form, "button_label") {
        "" => value(form, "title"),
        label => label,
    };
    html! {
        div.card {
            h3 { (t(state, admin, "dash-panel-preview")) }
            div.preview id="preview" style={"border-color:" (colour)} {
                strong id="preview-title" { (value(form, "title")) }
                p id="preview-content" { (value(form, "content")) }
                span.btn id="preview-button" style={"background:" (button_colour)} { (label) }
            }
        }
    }
}

async fn render(
    state: &WebState,
    admin: &Admin,
    editing: Editing,
    form: &Submitted,
    errors: &FieldErrors,
    notice: Option<&str>,
    status: StatusCode,
) -> Response {
    let choices = match state.core.channel_choices(&admin.caller).await {
        Ok(choices) => choices,
        Err(error) => {
            tracing::warn!(%error, "could not list a server's channels");
            return crate::pages::error_page(state.core.catalog());
        }
    };
    let teams = match state.core.team_choices(&admin.caller).await {
        Ok(teams) => teams,
        Err(error) => {
            tracing::warn!(%error, "could not list teams");
            return crate::pages::error_page(state.core.catalog());
        }
    };
    let forms = match state.core.forms(&admin.caller).await {
        Ok(forms) => forms,
        Err(error) => {
            tracing::warn!(%error, "could not list forms");
            return crate::pages::error_page(state.core.catalog());
        }
    };
    let panels = match state.core.panels(&admin.caller).await {
        Ok(panels) => panels,
        Err(error) => {
            tracing::warn!(%error, "could not list panels");
            return crate::pages::error_page(state.core.catalog());
        }
    };
    let tr = |key: &str| t(state, admin, key);
    let texts = channel_options(state, admin, &choices, false);
    let categories = channel_options(state, admin, &choices, true);
    let styles: Vec<(String, String)> = ButtonStyle::ALL
        .iter()
        .map(|s| {
            (
                s.as_str().to_owned(),
                tr(&format!("dash-panel-style-{}", s.as_str())),
            )
        })
        .collect();
    let schemes = vec![
        (String::new(), tr("dash-naming-server")),
        ("number".to_owned(), tr("dash-naming-number")),
        ("username".to_owned(), tr("dash-naming-username")),
        ("custom".to_owned(), tr("dash-naming-custom")),
    ];
    let modes = vec![
        (String::new(), tr("dash-panel-mode-server")),
        ("channels".to_owned(), tr("dash-panel-mode-channels")),
        ("threads".to_owned(), tr("dash-panel-mode-threads")),
    ];
    let mut form_options = vec![(String::new(), tr("dash-panel-no-form"))];
    form_options.extend(
        forms
            .iter()
            .map(|f| (f.form_id.to_string(), f.name.clone())),
    );
    let mut survey_options = vec![(String::new(), tr("dash-exit-survey-server"))];
    survey_options.extend(
        forms
            .iter()
            .map(|f| (f.form_id.to_string(), f.name.clone())),
    );
    let v = |name: &str| value(form, name);
    let guild = admin.guild;
    let (heading, action, submit) = match editing {
        Editing::New => (
            tr("dash-panel-new"),
            format!("/guilds/{guild}/panels"),
            tr("dash-panel-create"),
        ),
        Editing::Existing(id) => (
            tr("dash-panel-edit"),
            format!("/guilds/{guild}/panels/{id}"),
            tr("dash-save"),
        ),
    };
    let title = state.core.catalog().text(
        &admin.locale,
        "dash-panels-title",
        &[("server", admin.server.as_str().into())],
    );
    let body = html! {
        @if let Some(notice) = notice { p.notice id="notice" { (tr(notice)) } }
        @if !errors.is_empty() { p.error id="form-errors" { (tr("dash-errors")) } }
        div.card id="panels" {
            @if panels.is_empty() { p { (tr("dash-panels-empty")) } }
            @for panel in &panels {
                div.card data-panel-id=(panel.panel_id) {
                    strong { (panel.fields.title) }
                    @if panel.message_id.is_none() { p { (tr("dash-panel-not-posted")) } }
                    (record_actions(state, admin, &format!("/guilds/{guild}/panels/{}", panel.panel_id)))
                }
            }
        }
        div.card {
            h2 { (heading) }
            form method="post" action=(action) id="panel-form" {
                (text_field(&tr("dash-panel-title"), "title", "panel-title", v("title"), errors))
                (text_area(&tr("dash-panel-content"), "content", "panel-content", v("content"), errors))
                (text_field(&tr("dash-panel-colour"), "colour", "colour", v("colour"), errors))
                (select(&tr("dash-panel-channel"), "channel", "channel", &texts, v("channel"), errors))
                (select(&tr("dash-panel-category"), "category", "category", &categories, v("category"), errors))
                (select(&tr("dash-panel-form"), "form", "form", &form_options, v("form"), errors))
                (select(&tr("dash-exit-survey"), "exit_survey", "exit-survey", &survey_options, v("exit_survey"), errors))
                (select(&tr("dash-panel-mode"), "thread_mode", "thread-mode", &modes, v("thread_mode"), errors))
                (select(&tr("dash-panel-awaiting-category"), "awaiting_category", "awaiting-category", &categories, v("awaiting_category"), errors))
                fieldset id="panel-teams" {
                    legend { (tr("dash-panel-teams")) }
                    input type="hidden" name="teams_shown" value="1";
                    (check_box(&tr("dash-team-default"), "team_default", checked(form, "team_default") || !checked(form, "teams_shown")))
                    @for team in &teams {
                        (check_box(&team.name, &format!("team_{}", team.team_id), checked(form, &format!("team_{}", team.team_id))))
                    }
                    @if let Some(message) = super::view::error_text(errors, "teams") {
                        p.error id="error-teams" { (message) }
                    }
                }
                (select(&tr("dash-panel-button-style"), "button_style", "button-style", &styles, v("button_style"), errors))
                (text_field(&tr("dash-panel-button-label"), "button_label", "button-label", v("button_label"), errors))
                (text_field(&tr("dash-panel-emoji"), "emoji", "emoji", v("emoji"), errors))
                (text_area(&tr("dash-panel-welcome"), "welcome_message", "welcome-message", v("welcome_message"), errors))
                (select(&tr("dash-naming-scheme"), "naming", "naming", &schemes, v("naming"), errors))
                (text_field(&tr("dash-naming-custom-text"), "naming_custom", "naming-scheme", v("naming_custom"), errors))
                (text_field(&tr("dash-panel-mention"), "mention_on_open", "mention-on-open", v("mention_on_open"), errors))
                (text_field(&tr("dash-panel-large-image"), "large_image_url", "large-image-url", v("large_image_url"), errors))
                (text_field(&tr("dash-panel-small-image"), "small_image_url", "small-image-url", v("small_image_url"), errors))
                (check_box(&tr("dash-panel-disabled"), "disabled", checked(form, "disabled")))
                button.button type="submit" { (submit) }
            }
        }
        (preview(state, admin, form))
        script { (maud::PreEscaped(LIVE_PREVIEW)) }
    };
    (status, page(state, admin, &title, body)).into_response()
}
