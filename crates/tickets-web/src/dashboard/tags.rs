//! The Tags page: the server's tags with Edit and Delete, and the tag editor with the embed
//! builder (colour, title and its link, description, author, images, footer and its time,
//! fields), every part checked against Discord's limits next to its input.

use super::Admin;
use super::view::{
    FieldErrors, Submitted, check_box, checked, failure_page, page, see_other, t, text_area,
    text_field, value,
};
use crate::server::WebState;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use tickets_core::UseCaseError;
use tickets_model::embed::{EmbedDraft, EmbedInput, limits};
use tickets_model::tag::TagId;
use tickets_store::tags::TagRow;

/// Rows of field inputs shown beyond the tag's own fields.
const SPARE_FIELD_ROWS: usize = 2;

/// `GET /guilds/{guild}/tags`.
pub async fn list(State(state): State<WebState>, admin: Admin) -> Response {
    render(
        &state,
        &admin,
        None,
        &Submitted::new(),
        &FieldErrors::default(),
        StatusCode::OK,
    )
    .await
}

/// `POST /guilds/{guild}/tags`: creates a tag.
pub async fn create(
    State(state): State<WebState>,
    admin: Admin,
    Form(form): Form<Submitted>,
) -> Response {
    save(&state, &admin, None, form).await
}

/// `GET /guilds/{guild}/tags/{tag}`: the editor.
pub async fn edit(
    State(state): State<WebState>,
    admin: Admin,
    Path((_, tag)): Path<(String, String)>,
) -> Response {
    let Some(tag) = existing(&state, &admin, &tag).await else {
        return super::not_found(&state, &admin.locale);
    };
    let form = form_of(&tag);
    render(
        &state,
        &admin,
        Some(&tag.id),
        &form,
        &FieldErrors::default(),
        StatusCode::OK,
    )
    .await
}

/// `POST /guilds/{guild}/tags/{tag}`: saves the tag.
pub async fn update(
    State(state): State<WebState>,
    admin: Admin,
    Path((_, tag)): Path<(String, String)>,
    Form(form): Form<Submitted>,
) -> Response {
    let Some(tag) = existing(&state, &admin, &tag).await else {
        return super::not_found(&state, &admin.locale);
    };
    save(&state, &admin, Some(tag.id), form).await
}

/// `POST /guilds/{guild}/tags/{tag}/delete`.
pub async fn delete(
    State(state): State<WebState>,
    admin: Admin,
    Path((_, tag)): Path<(String, String)>,
) -> Response {
    match state.core.delete_tag(&admin.caller, &tag).await {
        Ok(()) => see_other(&format!("/guilds/{}/tags", admin.guild)),
        Err(UseCaseError::TagNotFound { .. }) => super::not_found(&state, &admin.locale),
        Err(error) => failure_page(&state, &admin, "dash-nav-tags", &error),
    }
}

/// The server's tag of that id, if there is one.
async fn existing(state: &WebState, admin: &Admin, raw: &str) -> Option<TagRow> {
    match state.core.tag(&admin.caller, raw).await {
        Ok(found) => Some(found),
        Err(UseCaseError::TagNotFound { .. }) => None,
        Err(error) => {
            tracing::warn!(%error, "could not read a tag");
            None
        }
    }
}

async fn save(
    state: &WebState,
    admin: &Admin,
    editing: Option<TagId>,
    form: Submitted,
) -> Response {
    let mut errors = FieldErrors::default();
    let embed = if checked(&form, "use_embed") {
        match EmbedDraft::parse(&embed_input(&form)) {
            Ok(embed) => Some(Some(embed)),
            Err(refused) => {
                for error in &refused {
                    errors.add(state, admin, error);
                }
                None
            }
        }
    } else {
        Some(None)
    };
    if let Some(embed) = embed {
        let id = editing.as_ref().map_or_else(
            || value(&form, "id").to_owned(),
            |id| id.as_str().to_owned(),
        );
        match state
            .core
            .save_tag(
                &admin.caller,
                &id,
                value(&form, "content"),
                embed,
                editing.is_some(),
            )
            .await
        {
            Ok(tag) => {
                return see_other(&format!("/guilds/{}/tags/{}", admin.guild, tag.id.as_str()));
            }
            Err(UseCaseError::Invalid(error)) => errors.add(state, admin, &error),
            Err(error) => return failure_page(state, admin, "dash-nav-tags", &error),
        }
    }
    render(
        state,
        admin,
        editing.as_ref(),
        &form,
        &errors,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}

/// How many field rows a form holds.
fn field_rows(form: &Submitted) -> usize {
    (0..limits::FIELDS)
        .rev()
        .find(|n| {
            form.contains_key(&format!("field_name_{n}"))
                || form.contains_key(&format!("field_value_{n}"))
        })
        .map_or(0, |n| n + 1)
}

fn embed_input(form: &Submitted) -> EmbedInput<'_> {
    let v = |name: &str| value(form, name);
    EmbedInput {
        colour: v("embed_colour"),
        title: v("embed_title"),
        title_url: v("embed_title_url"),
        description: v("embed_description"),
        author_name: v("embed_author_name"),
        author_icon_url: v("embed_author_icon_url"),
        author_url: v("embed_author_url"),
        image_url: v("embed_image_url"),
        thumbnail_url: v("embed_thumbnail_url"),
        footer_text: v("embed_footer_text"),
        footer_icon_url: v("embed_footer_icon_url"),
        timestamp: v("embed_timestamp"),
        fields: (0..field_rows(form))
            .map(|n| {
                (
                    v(&format!("field_name_{n}")),
                    v(&format!("field_value_{n}")),
                    checked(form, &format!("field_inline_{n}")),
                )
            })
            .collect(),
    }
}

fn form_of(tag: &TagRow) -> Submitted {
    let mut form = Submitted::new();
    let mut set = |name: &str, value: Option<String>| {
        if let Some(value) = value {
            form.insert(name.to_owned(), value);
        }
    };
    set("id", Some(tag.id.as_str().to_owned()));
    set("content", tag.content.clone());
    if let Some(embed) = &tag.embed {
        set("use_embed", Some("on".to_owned()));
        set("embed_colour", embed.colour.map(|c| format!("#{c:06x}")));
        set("embed_title", embed.title.clone());
        set("embed_title_url", embed.title_url.clone());
        set("embed_description", embed.description.clone());
        set("embed_author_name", embed.author_name.clone());
        set("embed_author_icon_url", embed.author_icon_url.clone());
        set("embed_author_url", embed.author_url.clone());
        set("embed_image_url", embed.image_url.clone());
        set("embed_thumbnail_url", embed.thumbnail_url.clone());
        set("embed_footer_text", embed.footer_text.clone());
        set("embed_footer_icon_url", embed.footer_icon_url.clone());
        set("embed_timestamp", embed.timestamp.map(datetime_local));
        for (n, field) in embed.fields.iter().enumerate() {
            set(&format!("field_name_{n}"), Some(field.name.clone()));
            set(&format!("field_value_{n}"), Some(field.value.clone()));
            if field.inline {
                set(&format!("field_inline_{n}"), Some("on".to_owned()));
            }
        }
    }
    form
}

/// Unix seconds as a browser's `datetime-local` value (UTC).
pub(crate) fn datetime_local(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rest = secs.rem_euclid(86_400);
    let (year, month, day) = tickets_model::calendar::civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}",
        rest / 3600,
        rest % 3600 / 60
    )
}

fn editor(
    state: &WebState,
    admin: &Admin,
    editing: Option<&TagId>,
    form: &Submitted,
    errors: &FieldErrors,
) -> Markup {
    let tr = |key: &str| t(state, admin, key);
    let v = |name: &str| value(form, name);
    let guild = admin.guild;
    let action = match editing {
        Some(id) => format!("/guilds/{guild}/tags/{}", id.as_str()),
        None => format!("/guilds/{guild}/tags"),
    };
    let rows = field_rows(form) + SPARE_FIELD_ROWS;
    html! {
        form method="post" action=(action) id="tag-form" {
            @if editing.is_some() {
                label for="id" { (tr("dash-tag-id")) }
                input type="text" id="id" name="id" value=(v("id")) readonly;
            } @else {
                (text_field(&tr("dash-tag-id"), "id", "tag-id", v("id"), errors))
            }
            (text_area(&tr("dash-tag-content"), "content", "tag-content", v("content"), errors))
            (check_box(&tr("dash-tag-use-embed"), "use_embed", checked(form, "use_embed")))
            @if let Some(message) = super::view::error_text(errors, "embed") {
                p.error id="error-embed" { (message) }
            }
            fieldset id="embed" {
                legend { (tr("dash-tag-embed")) }
                (text_field(&tr("dash-embed-colour"), "embed_colour", "embed-colour", v("embed_colour"), errors))
                (text_field(&tr("dash-embed-title"), "embed_title", "embed-title", v("embed_title"), errors))
                (text_field(&tr("dash-embed-title-url"), "embed_title_url", "embed-title-url", v("embed_title_url"), errors))
                (text_area(&tr("dash-embed-description"), "embed_description", "embed-description", v("embed_description"), errors))
                (text_field(&tr("dash-embed-author-name"), "embed_author_name", "embed-author-name", v("embed_author_name"), errors))
                (text_field(&tr("dash-embed-author-icon-url"), "embed_author_icon_url", "embed-author-icon-url", v("embed_author_icon_url"), errors))
                (text_field(&tr("dash-embed-author-url"), "embed_author_url", "embed-author-url", v("embed_author_url"), errors))
                (text_field(&tr("dash-embed-image-url"), "embed_image_url", "embed-image-url", v("embed_image_url"), errors))
                (text_field(&tr("dash-embed-thumbnail-url"), "embed_thumbnail_url", "embed-thumbnail-url", v("embed_thumbnail_url"), errors))
                (text_field(&tr("dash-embed-footer-text"), "embed_footer_text", "embed-footer-text", v("embed_footer_text"), errors))
                (text_field(&tr("dash-embed-footer-icon-url"), "embed_footer_icon_url", "embed-footer-icon-url", v("embed_footer_icon_url"), errors))
                label for="embed_timestamp" { (tr("dash-embed-timestamp")) }
                input type="datetime-local" id="embed_timestamp" name="embed_timestamp" value=(v("embed_timestamp"));
                @if let Some(message) = super::view::error_text(errors, "embed-timestamp") {
                    p.error id="error-embed-timestamp" { (message) }
                }
                h3 { (tr("dash-embed-fields")) }
                @for field in ["embed-fields", "embed-field-name", "embed-field-value"] {
                    @if let Some(message) = super::view::error_text(errors, field) {
                        p.error id={"error-" (field)} { (message) }
                    }
                }
                @for n in 0..rows.min(limits::FIELDS) {
                    div.card data-field=(n) {
                        (text_field(&tr("dash-embed-field-name"), &format!("field_name_{n}"), "-", v(&format!("field_name_{n}")), errors))
                        (text_area(&tr("dash-embed-field-value"), &format!("field_value_{n}"), "-", v(&format!("field_value_{n}")), errors))
                        (check_box(&tr("dash-embed-field-inline"), &format!("field_inline_{n}"), checked(form, &format!("field_inline_{n}"))))
                    }
                }
            }
            button.button type="submit" { (tr("dash-save")) }
        }
    }
}

async fn render(
    state: &WebState,
    admin: &Admin,
    editing: Option<&TagId>,
    form: &Submitted,
    errors: &FieldErrors,
    status: StatusCode,
) -> Response {
    let tags = match state.core.tags(&admin.caller).await {
        Ok(tags) => tags,
        Err(error) => return failure_page(state, admin, "dash-nav-tags", &error),
    };
    let tr = |key: &str| t(state, admin, key);
    let guild = admin.guild;
    let title = state.core.catalog().text(
        &admin.locale,
        "dash-tags-title",
        &[("server", admin.server.as_str().into())],
    );
    let body = html! {
        @if !errors.is_empty() { p.error id="form-errors" { (tr("dash-errors")) } }
        div.card id="tags" {
            @if tags.is_empty() { p { (tr("dash-tags-empty")) } }
            @for tag in &tags {
                div.card data-tag=(tag.id.as_str()) {
                    strong { (tag.id.as_str()) }
                    " "
                    a.button href={"/guilds/" (guild) "/tags/" (tag.id.as_str())} { (tr("dash-panel-edit-button")) }
                    form.inline method="post" action={"/guilds/" (guild) "/tags/" (tag.id.as_str()) "/delete"} {
                        button.button.danger type="submit" { (tr("dash-panel-delete")) }
                    }
                }
            }
        }
        div.card {
            h2 { (if editing.is_some() { tr("dash-tag-edit") } else { tr("dash-tag-new") }) }
            (editor(state, admin, editing, form, errors))
        }
    };
    (status, page(state, admin, &title, body)).into_response()
}
