//! The Multi-panels page: several panels in one message, as buttons or a select menu.

use super::view::{
    FieldErrors, LIVE_PREVIEW, Submitted, button_colour, channel, channel_options, check_box,
    checked, failure_page, page, record, record_actions, refusal, see_other, select, t, text_area,
    text_field, value,
};
use super::{Admin, not_found};
use crate::server::WebState;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::html;
use tickets_core::UseCaseError;
use tickets_core::multi_panels::MultiPanelDraft;
use tickets_model::panel::{
    ButtonStyle, Colour, ImageUrl, PanelContent, PanelTitle, SelectPlaceholder,
};
use tickets_model::values::{Problem, ValueError};
use tickets_model::{MultiPanelId, PanelId};
use tickets_store::multi_panels::MultiPanelRow;

/// A submitted form whose panel checkboxes repeat the name `panels`.
pub type Pairs = Vec<(String, String)>;

fn single(pairs: &Pairs) -> Submitted {
    pairs.iter().cloned().collect()
}

/// The panels ticked in a form; a value that is not a panel id is refused, not dropped.
fn chosen_panels(pairs: &Pairs) -> Result<Vec<PanelId>, ValueError> {
    let mut panels = Vec::new();
    for (_, v) in pairs.iter().filter(|(k, _)| k == "panels") {
        panels.extend(record::<PanelId>("panels", v)?);
    }
    Ok(panels)
}

/// `GET /guilds/{guild}/multi-panels`.
pub async fn list(State(state): State<WebState>, admin: Admin) -> Response {
    let defaults = vec![
        ("title".to_owned(), PanelTitle::DEFAULT.to_owned()),
        ("colour".to_owned(), Colour::DEFAULT.to_string()),
    ];
    render(
        &state,
        &admin,
        None,
        &defaults,
        &FieldErrors::default(),
        StatusCode::OK,
    )
    .await
}

/// `POST /guilds/{guild}/multi-panels`.
pub async fn create(
    State(state): State<WebState>,
    admin: Admin,
    Form(pairs): Form<Pairs>,
) -> Response {
    let mut errors = FieldErrors::default();
    if let Some(draft) = parse(&state, &admin, &pairs, &mut errors) {
        match state.core.create_multi_panel(&admin.caller, &draft).await {
            Ok(_) => return back(&admin),
            Err(error) => {
                if let Some(response) =
                    refusal(&state, &admin, &mut errors, error, "dash-nav-multi-panels")
                {
                    return response;
                }
            }
        }
    }
    render(
        &state,
        &admin,
        None,
        &pairs,
        &errors,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}

/// `GET /guilds/{guild}/multi-panels/{id}`.
pub async fn edit(
    State(state): State<WebState>,
    admin: Admin,
    Path((_, id)): Path<(String, String)>,
) -> Response {
    let (admin, row) = match find(&state, admin, &id).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let f = &row.fields;
    let mut pairs = vec![
        ("title".to_owned(), f.title.clone()),
        ("content".to_owned(), f.content.clone()),
        ("colour".to_owned(), Colour::from_u32(f.colour).to_string()),
        ("channel".to_owned(), f.channel_id.to_string()),
        (
            "select_placeholder".to_owned(),
            f.select_placeholder.clone().unwrap_or_default(),
        ),
        (
            "large_image_url".to_owned(),
            f.large_image_url.clone().unwrap_or_default(),
        ),
        (
            "small_image_url".to_owned(),
            f.small_image_url.clone().unwrap_or_default(),
        ),
    ];
    if f.use_select_menu {
        pairs.push(("use_select_menu".to_owned(), "on".to_owned()));
    }
    pairs.extend(
        f.panels
            .iter()
            .map(|p| ("panels".to_owned(), p.to_string())),
    );
    render(
        &state,
        &admin,
        Some(row.multi_panel_id),
        &pairs,
        &FieldErrors::default(),
        StatusCode::OK,
    )
    .await
}

/// `POST /guilds/{guild}/multi-panels/{id}`.
pub async fn update(
    State(state): State<WebState>,
    admin: Admin,
    Path((_, id)): Path<(String, String)>,
    Form(pairs): Form<Pairs>,
) -> Response {
    let (admin, row) = match find(&state, admin, &id).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let mut errors = FieldErrors::default();
    if let Some(draft) = parse(&state, &admin, &pairs, &mut errors) {
        match state
            .core
            .update_multi_panel(&admin.caller, row.multi_panel_id, &draft)
            .await
        {
            Ok(_) => return back(&admin),
            Err(error) => {
                if let Some(response) =
                    refusal(&state, &admin, &mut errors, error, "dash-nav-multi-panels")
                {
                    return response;
                }
            }
        }
    }
    render(
        &state,
        &admin,
        Some(row.multi_panel_id),
        &pairs,
        &errors,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}

/// `POST /guilds/{guild}/multi-panels/{id}/delete`.
pub async fn delete(
    State(state): State<WebState>,
    admin: Admin,
    Path((_, id)): Path<(String, String)>,
) -> Response {
    let (admin, row) = match find(&state, admin, &id).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    match state
        .core
        .delete_multi_panel(&admin.caller, row.multi_panel_id)
        .await
    {
        Ok(()) => back(&admin),
        Err(error) => failure_page(&state, &admin, "dash-nav-multi-panels", &error),
    }
}

/// `POST /guilds/{guild}/multi-panels/{id}/resend`.
pub async fn resend(
    State(state): State<WebState>,
    admin: Admin,
    Path((_, id)): Path<(String, String)>,
) -> Response {
    let (admin, row) = match find(&state, admin, &id).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    match state
        .core
        .resend_multi_panel(&admin.caller, row.multi_panel_id)
        .await
    {
        Ok(_) => back(&admin),
        Err(error) => failure_page(&state, &admin, "dash-nav-multi-panels", &error),
    }
}

async fn find(
    state: &WebState,
    admin: Admin,
    id: &str,
) -> Result<(Admin, MultiPanelRow), Response> {
    let Ok(id) = id.parse::<MultiPanelId>() else {
        return Err(not_found(state, &admin.locale));
    };
    match state.core.multi_panel(&admin.caller, id).await {
        Ok(row) => Ok((admin, row)),
        Err(UseCaseError::MultiPanelNotFound) => Err(not_found(state, &admin.locale)),
        Err(error) => {
            tracing::warn!(%error, "could not read a multi-panel");
            Err(crate::pages::error_page(state.core.catalog()))
        }
    }
}

fn back(admin: &Admin) -> Response {
    let to = format!("/guilds/{}/multi-panels", admin.guild);
    see_other(&to)
}

fn parse(
    state: &WebState,
    admin: &Admin,
    pairs: &Pairs,
    errors: &mut FieldErrors,
) -> Option<MultiPanelDraft> {
    let form = single(pairs);
    let title = errors.take(state, admin, PanelTitle::parse(value(&form, "title")));
    let content = errors.take(state, admin, PanelContent::parse(value(&form, "content")));
    let colour = errors.take(state, admin, Colour::parse(value(&form, "colour")));
    let placeholder = errors.take(
        state,
        admin,
        SelectPlaceholder::parse(value(&form, "select_placeholder")),
    );
    let large = errors.take(
        state,
        admin,
        ImageUrl::parse("large-image-url", value(&form, "large_image_url")),
    );
    let small = errors.take(
        state,
        admin,
        ImageUrl::parse("small-image-url", value(&form, "small_image_url")),
    );
    let channel_id = errors.take(state, admin, channel(&form, "channel", "channel"));
    let panels = errors.take(state, admin, chosen_panels(pairs));
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
    Some(MultiPanelDraft {
        title: title?,
        content: content?,
        colour: colour?,
        channel_id: channel_id??,
        panels: panels?,
        use_select_menu: checked(&form, "use_select_menu"),
        select_placeholder: placeholder?,
        large_image: large?,
        small_image: small?,
    })
}

/// The multi-panel's message as Discord will show it: its embed, then the chosen panels as
/// buttons or as the options of a select menu.
fn preview(
    state: &WebState,
    admin: &Admin,
    form: &Submitted,
    panels: &[tickets_store::panels::PanelRow],
    chosen: &[PanelId],
) -> maud::Markup {
    let colour = Colour::parse(value(form, "colour")).unwrap_or(Colour::DEFAULT);
    let offered: Vec<&tickets_store::panels::PanelRow> = chosen
        .iter()
        .filter_map(|id| panels.iter().find(|p| p.panel_id == *id))
        .collect();
    html! {
        div.card {
            h3 { (t(state, admin, "dash-panel-preview")) }
            div.preview id="preview" style={"border-color:" (colour)} {
                strong id="preview-title" { (value(form, "title")) }
                p id="preview-content" { (value(form, "content")) }
                @if checked(form, "use_select_menu") {
                    select id="preview-select" disabled {
                        option id="preview-placeholder" { (value(form, "select_placeholder")) }
                        @for panel in &offered { option { (panel.fields.title) } }
                    }
                } @else {
                    @for panel in &offered {
                        @let style = ButtonStyle::parse(&panel.fields.button_style).unwrap_or_default();
                        span.btn style={"background:" (button_colour(style)) ";margin-right:.4rem"} {
                            (panel.fields.button_label.clone().unwrap_or_else(|| panel.fields.title.clone()))
                        }
                    }
                }
            }
        }
    }
}

async fn render(
    state: &WebState,
    admin: &Admin,
    editing: Option<MultiPanelId>,
    pairs: &Pairs,
    errors: &FieldErrors,
    status: StatusCode,
) -> Response {
    let (choices, panels, multis) = match (
        state.core.channel_choices(&admin.caller).await,
        state.core.panels(&admin.caller).await,
        state.core.multi_panels(&admin.caller).await,
    ) {
        (Ok(c), Ok(p), Ok(m)) => (c, p, m),
        _ => return crate::pages::error_page(state.core.catalog()),
    };
    let form = single(pairs);
    let chosen = chosen_panels(pairs).unwrap_or_default();
    let tr = |key: &str| t(state, admin, key);
    let guild = admin.guild;
    let texts = channel_options(state, admin, &choices, false);
    let v = |name: &str| value(&form, name);
    let action = match editing {
        Some(id) => format!("/guilds/{guild}/multi-panels/{id}"),
        None => format!("/guilds/{guild}/multi-panels"),
    };
    let title = state.core.catalog().text(
        &admin.locale,
        "dash-multi-panels-title",
        &[("server", admin.server.as_str().into())],
    );
    let body = html! {
        @if !errors.is_empty() { p.error id="form-errors" { (tr("dash-errors")) } }
        div.card id="multi-panels" {
            @for multi in &multis {
                div.card data-multi-panel-id=(multi.multi_panel_id) {
                    strong { (multi.fields.title) }
                    @if multi.message_id.is_none() { p { (tr("dash-panel-not-posted")) } }
                    (record_actions(state, admin, &format!("/guilds/{guild}/multi-panels/{}", multi.multi_panel_id)))
                }
            }
        }
        div.card {
            form method="post" action=(action) id="multi-panel-form" {
                (text_field(&tr("dash-panel-title"), "title", "panel-title", v("title"), errors))
                (text_area(&tr("dash-panel-content"), "content", "panel-content", v("content"), errors))
                (text_field(&tr("dash-panel-colour"), "colour", "colour", v("colour"), errors))
                (select(&tr("dash-panel-channel"), "channel", "channel", &texts, v("channel"), errors))
                fieldset id="panels" {
                    legend { (tr("dash-multi-panel-panels")) }
                    @for panel in &panels {
                        label.check {
                            input type="checkbox" name="panels" value=(panel.panel_id) checked[chosen.contains(&panel.panel_id)];
                            (panel.fields.title)
                        }
                    }
                }
                @if let Some(message) = super::view::error_text(errors, "panels") {
                    p.error id="error-panels" { (message) }
                }
                (check_box(&tr("dash-multi-panel-select"), "use_select_menu", checked(&form, "use_select_menu")))
                (text_field(&tr("dash-multi-panel-placeholder"), "select_placeholder", "select-placeholder", v("select_placeholder"), errors))
                (text_field(&tr("dash-panel-large-image"), "large_image_url", "large-image-url", v("large_image_url"), errors))
                (text_field(&tr("dash-panel-small-image"), "small_image_url", "small-image-url", v("small_image_url"), errors))
                button.button type="submit" { (tr("dash-save")) }
            }
        }
        (preview(state, admin, &form, &panels, &chosen))
        script { (maud::PreEscaped(LIVE_PREVIEW)) }
    };
    (status, page(state, admin, &title, body)).into_response()
}
