//! Discord's limits that the OpenAPI spec leaves out or states loosely: message and embed sizes,
//! component and modal shapes, channel name normalisation. Violations are reported in the same
//! 50035 form Discord uses.

use serde_json::Value;

use crate::spec::{FormErrors, PathSegment, codes};

pub const CONTENT_MAX: usize = 2000;
pub const EMBEDS_MAX: usize = 10;
pub const EMBED_TITLE_MAX: usize = 256;
pub const EMBED_DESCRIPTION_MAX: usize = 4096;
pub const EMBED_FIELDS_MAX: usize = 25;
pub const EMBED_FIELD_NAME_MAX: usize = 256;
pub const EMBED_FIELD_VALUE_MAX: usize = 1024;
pub const EMBED_FOOTER_MAX: usize = 2048;
pub const EMBED_AUTHOR_MAX: usize = 256;
pub const EMBED_TOTAL_MAX: usize = 6000;
pub const ACTION_ROWS_MAX: usize = 5;
pub const BUTTONS_PER_ROW_MAX: usize = 5;
pub const CUSTOM_ID_MAX: usize = 100;
pub const BUTTON_LABEL_MAX: usize = 80;
pub const SELECT_OPTIONS_MAX: usize = 25;
pub const SELECT_PLACEHOLDER_MAX: usize = 150;
pub const SELECT_OPTION_TEXT_MAX: usize = 100;
pub const MODAL_TITLE_MAX: usize = 45;
pub const MODAL_COMPONENTS_MAX: usize = 5;
pub const TEXT_INPUT_LABEL_MAX: usize = 45;
pub const TEXT_INPUT_PLACEHOLDER_MAX: usize = 100;
pub const TEXT_INPUT_VALUE_MAX: usize = 4000;
pub const CHANNEL_NAME_MAX: usize = 100;
/// Active (unarchived) threads a guild may hold at once, Discord's cap.
pub const ACTIVE_THREADS_MAX: usize = 1000;

/// Limits of the world a test may lower to reach them cheaply; Discord's values by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WorldLimits {
    /// Active threads per guild; creating or unarchiving one more is refused with 160006.
    pub active_threads: usize,
}

impl Default for WorldLimits {
    fn default() -> Self {
        Self {
            active_threads: ACTIVE_THREADS_MAX,
        }
    }
}

/// Component types (Discord's numbers).
pub mod component {
    pub const ACTION_ROW: u64 = 1;
    pub const BUTTON: u64 = 2;
    pub const STRING_SELECT: u64 = 3;
    pub const TEXT_INPUT: u64 = 4;
    pub const USER_SELECT: u64 = 5;
    pub const ROLE_SELECT: u64 = 6;
    pub const MENTIONABLE_SELECT: u64 = 7;
    pub const CHANNEL_SELECT: u64 = 8;
    pub const LABEL: u64 = 18;

    /// Whether this type is a select menu.
    #[must_use]
    pub fn is_select(kind: u64) -> bool {
        matches!(
            kind,
            STRING_SELECT | USER_SELECT | ROLE_SELECT | MENTIONABLE_SELECT | CHANNEL_SELECT
        )
    }
}

/// Collects errors under a path prefix.
struct Checker<'a> {
    errors: &'a mut FormErrors,
    prefix: Vec<PathSegment>,
}

impl Checker<'_> {
    fn at(&self, path: &[PathSegment]) -> Vec<PathSegment> {
        self.prefix.iter().chain(path).cloned().collect()
    }

    fn max_len(&mut self, path: &[PathSegment], value: Option<&Value>, max: usize) {
        if let Some(text) = value.and_then(Value::as_str)
            && text.chars().count() > max
        {
            let at = self.at(path);
            self.errors.add(
                &at,
                codes::BASE_TYPE_MAX_LENGTH,
                format!("Must be {max} or fewer in length."),
            );
        }
    }

    fn max_items(&mut self, path: &[PathSegment], value: Option<&Value>, max: usize) {
        if let Some(items) = value.and_then(Value::as_array)
            && items.len() > max
        {
            let at = self.at(path);
            self.errors.add(
                &at,
                codes::BASE_TYPE_MAX_LENGTH,
                format!("Must be {max} or fewer in length."),
            );
        }
    }

    fn error(&mut self, path: &[PathSegment], code: &str, message: &str) {
        let at = self.at(path);
        self.errors.add(&at, code, message);
    }
}

fn key(name: &str) -> PathSegment {
    PathSegment::Key(name.to_owned())
}

fn chars(value: &Value, pointer: &str) -> usize {
    value
        .pointer(pointer)
        .and_then(Value::as_str)
        .map_or(0, |s| s.chars().count())
}

/// Checks a message body (create, edit, interaction response data, webhook message) against
/// Discord's limits. `prefix` locates the message inside the request (`["data"]` in callbacks).
#[must_use]
pub fn check_message(body: &Value, prefix: &[&str]) -> FormErrors {
    let mut errors = FormErrors::default();
    let mut check = Checker {
        errors: &mut errors,
        prefix: prefix.iter().map(|p| key(p)).collect(),
    };
    check.max_len(&[key("content")], body.get("content"), CONTENT_MAX);
    check.max_items(&[key("embeds")], body.get("embeds"), EMBEDS_MAX);
    if let Some(embeds) = body.get("embeds").and_then(Value::as_array) {
        let mut total = 0;
        for (i, embed) in embeds.iter().enumerate() {
            let at = |field: &str| vec![key("embeds"), PathSegment::Index(i), key(field)];
            check.max_len(&at("title"), embed.get("title"), EMBED_TITLE_MAX);
            check.max_len(
                &at("description"),
                embed.get("description"),
                EMBED_DESCRIPTION_MAX,
            );
            check.max_items(&at("fields"), embed.get("fields"), EMBED_FIELDS_MAX);
            if let Some(footer) = embed.get("footer") {
                let mut path = at("footer");
                path.push(key("text"));
                check.max_len(&path, footer.get("text"), EMBED_FOOTER_MAX);
            }
            if let Some(author) = embed.get("author") {
                let mut path = at("author");
                path.push(key("name"));
                check.max_len(&path, author.get("name"), EMBED_AUTHOR_MAX);
            }
            total += chars(embed, "/title")
                + chars(embed, "/description")
                + chars(embed, "/footer/text")
                + chars(embed, "/author/name");
            for (j, field) in embed
                .get("fields")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .enumerate()
            {
                let path = |name: &str| {
                    let mut path = at("fields");
                    path.extend([PathSegment::Index(j), key(name)]);
                    path
                };
                check.max_len(&path("name"), field.get("name"), EMBED_FIELD_NAME_MAX);
                check.max_len(&path("value"), field.get("value"), EMBED_FIELD_VALUE_MAX);
                total += chars(field, "/name") + chars(field, "/value");
            }
        }
        if total > EMBED_TOTAL_MAX {
            check.error(
                &[key("embeds")],
                "MAX_EMBED_SIZE_EXCEEDED",
                "Embed size exceeds maximum size of 6000",
            );
        }
    }
    let v2 = body
        .get("flags")
        .and_then(Value::as_u64)
        .is_some_and(|f| f & super::model::IS_COMPONENTS_V2 != 0);
    if !v2 && let Some(rows) = body.get("components").and_then(Value::as_array) {
        check_rows(&mut check, rows);
    }
    errors
}

fn check_rows(check: &mut Checker<'_>, rows: &[Value]) {
    check.max_items(
        &[key("components")],
        Some(&Value::Array(rows.to_vec())),
        ACTION_ROWS_MAX,
    );
    let mut seen = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let row_path = [key("components"), PathSegment::Index(i)];
        let kind = row.get("type").and_then(Value::as_u64).unwrap_or(0);
        if kind != component::ACTION_ROW {
            let mut path = row_path.to_vec();
            path.push(key("type"));
            check.error(
                &path,
                "UNION_TYPE_CHOICES",
                "Top-level components must be action rows.",
            );
            continue;
        }
        let children = row
            .get("components")
            .and_then(Value::as_array)
            .map_or(&[][..], Vec::as_slice);
        let mut children_path = row_path.to_vec();
        children_path.push(key("components"));
        let selects = children
            .iter()
            .filter(|c| component::is_select(c.get("type").and_then(Value::as_u64).unwrap_or(0)))
            .count();
        if selects > 0 && children.len() > 1 {
            check.error(
                &children_path,
                "COMPONENT_LAYOUT_WIDTH_EXCEEDED",
                "The specified component exceeds the maximum width",
            );
        } else {
            check.max_items(&children_path, row.get("components"), BUTTONS_PER_ROW_MAX);
        }
        for (j, child) in children.iter().enumerate() {
            let path = |name: &str| {
                let mut path = children_path.clone();
                path.extend([PathSegment::Index(j), key(name)]);
                path
            };
            check.max_len(&path("custom_id"), child.get("custom_id"), CUSTOM_ID_MAX);
            check.max_len(&path("label"), child.get("label"), BUTTON_LABEL_MAX);
            check.max_len(
                &path("placeholder"),
                child.get("placeholder"),
                SELECT_PLACEHOLDER_MAX,
            );
            check.max_items(&path("options"), child.get("options"), SELECT_OPTIONS_MAX);
            for (k, option) in child
                .get("options")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .enumerate()
            {
                for field in ["label", "value", "description"] {
                    let mut at = path("options");
                    at.extend([PathSegment::Index(k), key(field)]);
                    check.max_len(&at, option.get(field), SELECT_OPTION_TEXT_MAX);
                }
            }
            let kind = child.get("type").and_then(Value::as_u64).unwrap_or(0);
            if kind == component::BUTTON {
                check_button(check, child, &path);
            }
            if let Some(id) = child.get("custom_id").and_then(Value::as_str) {
                if seen.contains(&id) {
                    check.error(
                        &path("custom_id"),
                        "COMPONENT_CUSTOM_ID_DUPLICATED",
                        "Component custom id cannot be duplicated",
                    );
                }
                seen.push(id);
            }
        }
    }
}

fn check_button(check: &mut Checker<'_>, button: &Value, path: &dyn Fn(&str) -> Vec<PathSegment>) {
    let style = button.get("style").and_then(Value::as_u64).unwrap_or(0);
    let has_url = button.get("url").is_some_and(|u| !u.is_null());
    let has_id = button.get("custom_id").is_some_and(|u| !u.is_null());
    match style {
        5 if !has_url => check.error(&path("url"), "BASE_TYPE_REQUIRED", "This field is required"),
        5 if has_id => check.error(
            &path("custom_id"),
            "BUTTON_COMPONENT_CUSTOM_ID_NOT_ALLOWED",
            "A custom id cannot be specified for link buttons",
        ),
        1..=4 if !has_id => check.error(
            &path("custom_id"),
            "BASE_TYPE_REQUIRED",
            "This field is required",
        ),
        1..=4 if has_url => check.error(
            &path("url"),
            "BUTTON_COMPONENT_URL_NOT_ALLOWED",
            "A url cannot be specified for non-link buttons",
        ),
        _ => {}
    }
    if button.get("label").is_none() && button.get("emoji").is_none() && style != 6 {
        check.error(
            &path("label"),
            "BUTTON_COMPONENT_LABEL_OR_EMOJI_REQUIRED",
            "A label or emoji is required",
        );
    }
}

/// Checks a modal (callback type 9 `data`) against Discord's limits.
#[must_use]
pub fn check_modal(data: &Value) -> FormErrors {
    let mut errors = FormErrors::default();
    let mut check = Checker {
        errors: &mut errors,
        prefix: vec![key("data")],
    };
    check.max_len(&[key("title")], data.get("title"), MODAL_TITLE_MAX);
    check.max_len(&[key("custom_id")], data.get("custom_id"), CUSTOM_ID_MAX);
    let components = data
        .get("components")
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice);
    if components.is_empty() {
        check.error(
            &[key("components")],
            codes::BASE_TYPE_MIN_LENGTH,
            "Must be 1 or more in length.",
        );
    }
    check.max_items(
        &[key("components")],
        data.get("components"),
        MODAL_COMPONENTS_MAX,
    );
    for (i, top) in components.iter().enumerate() {
        let base = vec![key("components"), PathSegment::Index(i)];
        let kind = top.get("type").and_then(Value::as_u64).unwrap_or(0);
        let inputs: Vec<(Vec<PathSegment>, &Value)> = match kind {
            component::ACTION_ROW => {
                let children = top
                    .get("components")
                    .and_then(Value::as_array)
                    .map_or(&[][..], Vec::as_slice);
                let mut path = base.clone();
                path.push(key("components"));
                check.max_items(&path, top.get("components"), 1);
                children
                    .iter()
                    .enumerate()
                    .map(|(j, c)| {
                        let mut at = path.clone();
                        at.push(PathSegment::Index(j));
                        (at, c)
                    })
                    .collect()
            }
            component::LABEL => {
                let mut label = base.clone();
                label.push(key("label"));
                check.max_len(&label, top.get("label"), TEXT_INPUT_LABEL_MAX);
                let mut path = base.clone();
                path.push(key("component"));
                top.get("component")
                    .map(|c| (path, c))
                    .into_iter()
                    .collect()
            }
            _ => {
                let mut path = base.clone();
                path.push(key("type"));
                check.error(
                    &path,
                    "UNION_TYPE_CHOICES",
                    "Modal components must be action rows or labels.",
                );
                Vec::new()
            }
        };
        for (path, input) in inputs {
            let at = |name: &str| {
                let mut at = path.clone();
                at.push(key(name));
                at
            };
            check.max_len(&at("custom_id"), input.get("custom_id"), CUSTOM_ID_MAX);
            check.max_len(&at("label"), input.get("label"), TEXT_INPUT_LABEL_MAX);
            check.max_len(
                &at("placeholder"),
                input.get("placeholder"),
                TEXT_INPUT_PLACEHOLDER_MAX,
            );
            check.max_len(&at("value"), input.get("value"), TEXT_INPUT_VALUE_MAX);
            for bound in ["min_length", "max_length"] {
                if input
                    .get(bound)
                    .and_then(Value::as_u64)
                    .is_some_and(|n| n > TEXT_INPUT_VALUE_MAX as u64)
                {
                    check.error(
                        &at(bound),
                        codes::NUMBER_TYPE_MAX,
                        "int value should be less than or equal to 4000.",
                    );
                }
            }
        }
    }
    errors
}

/// Discord's normalisation of text-channel names: lower case, whitespace runs become one
/// hyphen, at most 100 characters.
#[must_use]
pub fn normalise_text_channel_name(name: &str) -> String {
    let mut out = String::new();
    let mut gap = false;
    for c in name.trim().chars() {
        if c.is_whitespace() || c == '-' {
            gap = true;
            continue;
        }
        if gap && !out.is_empty() {
            out.push('-');
        }
        gap = false;
        out.extend(c.to_lowercase());
    }
    if gap && name.trim().ends_with('-') && !out.is_empty() {
        out.push('-');
    }
    out.chars().take(CHANNEL_NAME_MAX).collect()
}

/// Whether a message body has anything to show.
#[must_use]
pub fn is_empty_message(body: &Value) -> bool {
    let blank = |key: &str| match body.get(key) {
        None | Some(Value::Null) => true,
        Some(Value::String(s)) => s.is_empty(),
        Some(Value::Array(a)) => a.is_empty(),
        Some(_) => false,
    };
    blank("content")
        && blank("embeds")
        && blank("components")
        && blank("attachments")
        && blank("sticker_ids")
        && blank("poll")
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn text_channel_names_are_lower_case_with_hyphens() {
        assert_eq!(
            normalise_text_channel_name("Ticket  0001 Alice"),
            "ticket-0001-alice"
        );
        assert_eq!(normalise_text_channel_name("a - b"), "a-b");
        assert_eq!(normalise_text_channel_name(&"x".repeat(150)).len(), 100);
    }

    #[test]
    fn embeds_over_the_total_are_refused_even_when_each_part_fits() {
        let embed = json!({"description": "d".repeat(4000)});
        let errors = check_message(&json!({"embeds": [embed.clone(), embed]}), &[]);
        assert_eq!(errors.first_path().as_deref(), Some("embeds"));
    }

    #[test]
    fn buttons_and_selects_cannot_share_a_row_and_ids_are_unique() {
        let button = json!({"type": 2, "style": 1, "label": "a", "custom_id": "x"});
        let select = json!({"type": 3, "custom_id": "y", "options": []});
        let errors = check_message(
            &json!({"components": [{"type": 1, "components": [button.clone(), select]}]}),
            &[],
        );
        assert_eq!(errors.len(), 1);
        let errors = check_message(
            &json!({"components": [{"type": 1, "components": [button.clone(), button]}]}),
            &[],
        );
        assert_eq!(
            errors.first_path().as_deref(),
            Some("components.0.components.1.custom_id")
        );
    }

    #[test]
    fn modal_limits() {
        let input = json!({"type": 4, "custom_id": "a", "label": "l".repeat(46), "style": 1});
        let errors = check_modal(
            &json!({"title": "t", "custom_id": "m", "components": [{"type": 1, "components": [input]}]}),
        );
        assert_eq!(
            errors.first_path().as_deref(),
            Some("data.components.0.components.0.label")
        );
    }
}
