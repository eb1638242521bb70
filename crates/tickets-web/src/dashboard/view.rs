//! Shared pieces of the dashboard's pages: the frame, form fields that show their error, and
//! reading submitted forms.

use super::Admin;
use crate::server::WebState;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use maud::{DOCTYPE, Markup, html};
use std::collections::HashMap;
use tickets_core::UseCaseError;
use tickets_core::channels::ChannelChoice;
use tickets_core::error::value_error_text;
use tickets_model::ChannelId;
use tickets_model::ids::parse_snowflake;
use tickets_model::values::{Problem, ValueError};

/// A submitted form: field name to value. Unchecked checkboxes are simply absent.
pub type Submitted = HashMap<String, String>;

/// Error messages by field, shown next to their fields.
#[derive(Debug, Default)]
pub struct FieldErrors(HashMap<&'static str, String>);

impl FieldErrors {
    /// Records a refused value under its field.
    pub fn add(&mut self, state: &WebState, admin: &Admin, error: &ValueError) {
        let message = value_error_text(state.core.catalog(), &admin.locale, error);
        self.0.insert(error.field(), message);
    }

    /// Keeps the value, or records why it was refused.
    pub fn take<T>(
        &mut self,
        state: &WebState,
        admin: &Admin,
        parsed: Result<T, ValueError>,
    ) -> Option<T> {
        parsed.map_err(|e| self.add(state, admin, &e)).ok()
    }

    /// Whether nothing was refused.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn of(&self, field: &str) -> Option<&String> {
        self.0.get(field)
    }
}

/// After a form post's use case failed: a refused value is put next to its field (`None`, show
/// the form again); anything else is answered with its own page, titled by `title_key`.
pub fn refusal(
    state: &WebState,
    admin: &Admin,
    errors: &mut FieldErrors,
    error: UseCaseError,
    title_key: &str,
) -> Option<Response> {
    field_error(state, admin, errors, error)
        .err()
        .map(|error| failure_page(state, admin, title_key, &error))
}

/// Turns a use case's refusal into a field error when it names a field.
fn field_error(
    state: &WebState,
    admin: &Admin,
    errors: &mut FieldErrors,
    error: UseCaseError,
) -> Result<(), UseCaseError> {
    match error {
        UseCaseError::Invalid(value) => {
            errors.add(state, admin, &value);
            Ok(())
        }
        UseCaseError::InvalidFields(values) => {
            for value in &values {
                errors.add(state, admin, value);
            }
            Ok(())
        }
        other => Err(other),
    }
}

/// Sends the browser on to `to` after a successful form post.
pub fn see_other(to: &str) -> Response {
    (StatusCode::SEE_OTHER, [(header::LOCATION, to.to_owned())]).into_response()
}

/// The page for a refusal or failure that belongs to no field: the user's message, never the
/// internal cause, which is logged.
pub fn failure_page(
    state: &WebState,
    admin: &Admin,
    title_key: &str,
    error: &UseCaseError,
) -> Response {
    if !error.is_refusal() {
        tracing::warn!(%error, "a dashboard action failed");
    }
    let message = error.user_message(state.core.catalog(), &admin.locale);
    crate::pages::message_page(
        state.core.catalog(),
        StatusCode::BAD_GATEWAY,
        &t(state, admin, title_key),
        &message,
    )
}

/// The text of a catalog message in the admin's language.
pub fn t(state: &WebState, admin: &Admin, key: &str) -> String {
    state.core.catalog().text(&admin.locale, key, &[])
}

/// A submitted value, or empty text.
pub fn value<'a>(form: &'a Submitted, name: &str) -> &'a str {
    form.get(name).map_or("", String::as_str)
}

/// A submitted checkbox.
pub fn checked(form: &Submitted, name: &str) -> bool {
    form.contains_key(name)
}

/// A submitted channel choice under `field`: empty means none, text that is not a Discord id
/// (out of range included) is refused here, never clamped to another id; an id that is not one
/// of the server's channels is refused by the use case.
///
/// # Errors
///
/// [`tickets_model::values::Problem::Snowflake`] on `field`.
pub fn channel(
    form: &Submitted,
    field: &'static str,
    name: &str,
) -> Result<Option<ChannelId>, ValueError> {
    parse_snowflake(field, value(form, name))
}

/// A record id submitted under `name` (a form, a team, a panel): empty means none, anything else
/// must be one of our ids.
///
/// # Errors
///
/// [`tickets_model::values::Problem::Choice`] on `field`.
pub fn record<T: std::str::FromStr>(
    field: &'static str,
    text: &str,
) -> Result<Option<T>, ValueError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    text.parse().map(Some).map_err(|_| ValueError::Invalid {
        field,
        problem: Problem::Choice,
    })
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:0;background:#f5f6f8;color:#1e1f22}\
header{background:#5865f2;padding:.8rem 1.5rem;display:flex;gap:1.2rem}header a{color:#fff;text-decoration:none;font-weight:600}\
main{max-width:56rem;margin:2rem auto;padding:0 1rem}.card{background:#fff;border-radius:8px;padding:1rem 1.5rem;margin:.8rem 0;box-shadow:0 1px 2px #0002}\
label{display:block;margin:.7rem 0 .2rem;font-weight:500}input[type=text],input[type=number],textarea,select{width:100%;box-sizing:border-box;padding:.4rem;border:1px solid #ccd;border-radius:4px}\
label.check{font-weight:400}label.check input{margin-right:.4rem}.error{color:#c62828;margin:.2rem 0}.notice{background:#e8f5e9;padding:.6rem 1rem;border-radius:4px}\
.button{display:inline-block;background:#5865f2;color:#fff;border:0;border-radius:4px;padding:.5rem 1rem;text-decoration:none;cursor:pointer;margin:.3rem .3rem .3rem 0}\
.button.danger{background:#da373c}.preview{border-left:4px solid;padding:.5rem 1rem;background:#f2f3f5;border-radius:4px}\
.preview .btn{display:inline-block;color:#fff;border-radius:3px;padding:.3rem .8rem;margin-top:.5rem}form.inline{display:inline}";

/// The frame of every dashboard page.
pub fn page(state: &WebState, admin: &Admin, title: &str, body: Markup) -> Markup {
    let guild = admin.guild;
    html! {
        (DOCTYPE)
        html lang=(admin.locale.language()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · tickets" }
                style { (maud::PreEscaped(STYLE)) }
            }
            body {
                header {
                    a href="/" { (t(state, admin, "dash-nav-servers")) }
                    @for page in super::pages_for(admin.level) {
                        a href={"/guilds/" (guild) "/" (page.segment)} { (t(state, admin, page.title_key)) }
                    }
                }
                main { h1 { (title) } (body) }
            }
        }
    }
}

/// The message of a field's error, if any.
pub fn error_text<'a>(errors: &'a FieldErrors, field: &str) -> Option<&'a String> {
    errors.of(field)
}

/// Edit, Resend and Delete for a record shown at `base` (a panel or a multi-panel).
pub fn record_actions(state: &WebState, admin: &Admin, base: &str) -> Markup {
    html! {
        div {
            a.button href=(base) { (t(state, admin, "dash-panel-edit-button")) }
            form.inline method="post" action={(base) "/resend"} {
                button.button type="submit" { (t(state, admin, "dash-panel-resend")) }
            }
            form.inline method="post" action={(base) "/delete"} {
                button.button.danger type="submit" { (t(state, admin, "dash-panel-delete")) }
            }
        }
    }
}

/// The error under a field, if any.
pub fn error_of(errors: &FieldErrors, field: &str) -> Markup {
    html! {
        @if let Some(message) = errors.of(field) {
            p.error id={"error-" (field)} { (message) }
        }
    }
}

/// A one-line text field; `field` is the name the value errors use.
pub fn text_field(
    label: &str,
    name: &str,
    field: &str,
    value: &str,
    errors: &FieldErrors,
) -> Markup {
    html! {
        label for=(name) { (label) }
        input type="text" id=(name) name=(name) value=(value);
        (error_of(errors, field))
    }
}

/// A number field.
pub fn number_field(
    label: &str,
    name: &str,
    field: &str,
    value: &str,
    errors: &FieldErrors,
) -> Markup {
    html! {
        label for=(name) { (label) }
        input type="number" id=(name) name=(name) value=(value);
        (error_of(errors, field))
    }
}

/// A multi-line text field.
pub fn text_area(
    label: &str,
    name: &str,
    field: &str,
    value: &str,
    errors: &FieldErrors,
) -> Markup {
    html! {
        label for=(name) { (label) }
        textarea id=(name) name=(name) rows="5" { (value) }
        (error_of(errors, field))
    }
}

/// A checkbox.
pub fn check_box(label: &str, name: &str, on: bool) -> Markup {
    html! {
        label.check { input type="checkbox" id=(name) name=(name) value="on" checked[on]; (label) }
    }
}

/// A drop-down of `(value, label)` options.
pub fn select(
    label: &str,
    name: &str,
    field: &str,
    options: &[(String, String)],
    selected: &str,
    errors: &FieldErrors,
) -> Markup {
    html! {
        label for=(name) { (label) }
        select id=(name) name=(name) {
            @for (value, text) in options {
                option value=(value) selected[value == selected] { (text) }
            }
        }
        (error_of(errors, field))
    }
}

/// The options of a channel drop-down: none, then the server's channels of one kind.
pub fn channel_options(
    state: &WebState,
    admin: &Admin,
    choices: &[ChannelChoice],
    categories: bool,
) -> Vec<(String, String)> {
    let mut options = vec![(String::new(), t(state, admin, "dash-none"))];
    options.extend(
        choices
            .iter()
            .filter(|c| c.is_category == categories)
            .map(|c| {
                let shown = if categories {
                    c.name.clone()
                } else {
                    format!("#{}", c.name)
                };
                (c.id.to_string(), shown)
            }),
    );
    options
}

/// The value shown for an optional channel.
pub fn channel_value(channel: Option<ChannelId>) -> String {
    channel.map(|c| c.to_string()).unwrap_or_default()
}

/// The colour Discord paints a button of `style`, for previews.
#[must_use]
pub fn button_colour(style: tickets_model::panel::ButtonStyle) -> &'static str {
    use tickets_model::panel::ButtonStyle;
    match style {
        ButtonStyle::Primary => "#5865f2",
        ButtonStyle::Secondary => "#4e5058",
        ButtonStyle::Success => "#248046",
        ButtonStyle::Danger => "#da373c",
    }
}

/// Keeps a preview in step with its form (`#panel-form` or `#multi-panel-form`) as the admin
/// types; the pages work without it.
pub const LIVE_PREVIEW: &str = "(function(){var f=document.getElementById('panel-form')||document.getElementById('multi-panel-form');if(!f)return;\
var g=function(n){var e=f.elements.namedItem(n);return e?e.value:'';};\
var set=function(id,v){var e=document.getElementById(id);if(e)e.textContent=v;};\
f.addEventListener('input',function(){set('preview-title',g('title'));set('preview-content',g('content'));\
set('preview-button',g('button_label')||g('title'));set('preview-placeholder',g('select_placeholder'));var c=g('colour');\
if(/^#?[0-9a-fA-F]{6}$/.test(c)){document.getElementById('preview').style.borderColor='#'+c.replace('#','');}});})();";
