//! The validator: walks a value against a compiled schema and records Discord-style errors.

use serde_json::{Map, Value};

use super::errors::{FormErrors, PathSegment, codes};
use super::formats::{self, display_choices, display_value};
use super::schema::{Additional, Format, Number, Schema, SchemaId, Schemas, Types};
use super::unions;

/// How far schema evaluation may nest before it is cut short (recursive schemas, ref cycles).
const MAX_DEPTH: usize = 96;

/// Where a value comes from, which decides how lenient type checks are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// A JSON request body: int-parseable strings pass as integers (twilight sends permission
    /// bitfields that way) and non-negative integers pass as snowflakes, as Discord accepts both.
    Body,
    /// A query-string value: every value is a string, coerced to the type the schema wants.
    Query,
    /// A response the simulator produces: exact JSON types, what Discord itself sends.
    Response,
}

/// Walks values against schemas of one [`Schemas`] arena.
pub(crate) struct Validator<'s> {
    pub(crate) schemas: &'s Schemas,
    pub(crate) mode: Mode,
    pub(crate) path: Vec<PathSegment>,
    depth: usize,
}

impl<'s> Validator<'s> {
    pub(crate) fn new(schemas: &'s Schemas, mode: Mode, path: Vec<PathSegment>) -> Self {
        Self {
            schemas,
            mode,
            path,
            depth: 0,
        }
    }

    /// Validates `value` against schema `id` at the current path.
    pub(crate) fn validate(&mut self, id: SchemaId, value: &Value, errors: &mut FormErrors) {
        self.validate_item(id, value, false, errors);
    }

    /// Like [`Self::validate`]; `list_item` selects Discord's message for a `null` array item.
    fn validate_item(
        &mut self,
        id: SchemaId,
        value: &Value,
        list_item: bool,
        errors: &mut FormErrors,
    ) {
        if self.depth >= MAX_DEPTH {
            let message = "Value is nested too deeply.".to_owned();
            errors.report(&self.path, codes::BASE_TYPE_MAX_DEPTH, message, false);
            return;
        }
        self.depth += 1;
        self.check(id, value, list_item, errors);
        self.depth -= 1;
    }

    fn check(&mut self, id: SchemaId, value: &Value, list_item: bool, errors: &mut FormErrors) {
        let schemas = self.schemas;
        let schema = schemas.get(id);
        if let Some(target) = schema.reference {
            self.validate_item(target, value, list_item, errors);
        }
        let Ok(number) = self.check_type(schema, value, list_item, errors) else {
            return;
        };
        if value.is_null() && schema.types.is_some_and(|t| t.contains(Types::NULL)) {
            return;
        }
        if !schema.choices.is_empty()
            && !schema
                .choices
                .iter()
                .any(|choice| choice_matches(value, number, choice, self.mode))
        {
            let message = format!(
                "Value must be one of {{{}}}.",
                display_choices(&schema.choices)
            );
            errors.report(&self.path, codes::BASE_TYPE_CHOICES, message, false);
            return;
        }
        match (value, number) {
            (_, Some(number)) => self.check_number(schema, number, errors),
            (Value::String(text), None) => self.check_string(schema, text, errors),
            (Value::Array(items), None) => self.check_array(schema, items, errors),
            (Value::Object(fields), None) => self.check_object(schema, fields, errors),
            _ => {}
        }
        for union in &schema.unions {
            unions::check(self, union, value, errors);
        }
        for &part in &schema.all_of {
            self.validate_item(part, value, list_item, errors);
        }
    }

    /// Checks `type`; on success returns the numeric reading of the value, if it is a number.
    fn check_type(
        &self,
        schema: &Schema,
        value: &Value,
        list_item: bool,
        errors: &mut FormErrors,
    ) -> Result<Option<Number>, ()> {
        let json_number = match value {
            Value::Number(n) => Number::from_json(n),
            _ => None,
        };
        let Some(types) = schema.types else {
            return Ok(json_number);
        };
        let lenient = self.mode != Mode::Response;
        let snowflake = schema.format == Some(Format::Snowflake);
        let accepted = match value {
            Value::Null => types.contains(Types::NULL).then_some(None),
            Value::Bool(_) => types.contains(Types::BOOLEAN).then_some(None),
            Value::Array(_) => types.contains(Types::ARRAY).then_some(None),
            Value::Object(_) => types.contains(Types::OBJECT).then_some(None),
            Value::Number(_) => json_number.and_then(|n| {
                if types.contains(Types::NUMBER)
                    || (types.contains(Types::INTEGER) && n.is_integral())
                {
                    Some(Some(n))
                } else if types.contains(Types::STRING)
                    && snowflake
                    && self.mode == Mode::Body
                    && matches!(n, Number::Int(i) if i >= 0 && u64::try_from(i).is_ok())
                {
                    Some(None)
                } else {
                    None
                }
            }),
            Value::String(text) => {
                if types.contains(Types::STRING) {
                    if snowflake && !formats::is_snowflake(text) {
                        None
                    } else {
                        Some(None)
                    }
                } else if lenient && types.contains(Types::INTEGER) {
                    formats::parse_int(text).map(|i| Some(Number::Int(i)))
                } else if lenient && types.contains(Types::NUMBER) {
                    formats::parse_number(text).map(Some)
                } else if self.mode == Mode::Query && types.contains(Types::BOOLEAN) {
                    formats::parse_bool(text).map(|_| None)
                } else {
                    None
                }
            }
        };
        if let Some(number) = accepted {
            return Ok(number);
        }
        let (code, message) = self.type_error(schema, types, value, list_item);
        errors.report(&self.path, code, message, true);
        Err(())
    }

    fn type_error(
        &self,
        schema: &Schema,
        types: Types,
        value: &Value,
        list_item: bool,
    ) -> (&'static str, String) {
        let shown = display_value(value);
        if value.is_null() {
            return if list_item {
                let message = "List item values of ModelType are required".to_owned();
                (codes::LIST_ITEM_VALUE_REQUIRED, message)
            } else {
                (
                    codes::BASE_TYPE_REQUIRED,
                    "This field is required".to_owned(),
                )
            };
        }
        if types.contains(Types::OBJECT) {
            return if self.path.is_empty() || schema.properties.is_empty() {
                let message = "Only dictionaries may be used in a DictType".to_owned();
                (codes::DICT_TYPE_CONVERT, message)
            } else {
                let message = "Only dictionaries may be used in a ModelType".to_owned();
                (codes::MODEL_TYPE_CONVERT, message)
            };
        }
        if types.contains(Types::ARRAY) {
            let message = "Only iterables may be used in a ListType".to_owned();
            return (codes::LIST_TYPE_CONVERT, message);
        }
        if types.contains(Types::STRING) {
            return if schema.format == Some(Format::Snowflake) {
                let message = format!("Value \"{shown}\" is not snowflake.");
                (codes::NUMBER_TYPE_COERCE, message)
            } else {
                let message = format!("Could not interpret \"{shown}\" as string.");
                (codes::STRING_TYPE_CONVERT, message)
            };
        }
        if types.contains(Types::INTEGER) {
            return (
                codes::NUMBER_TYPE_COERCE,
                format!("Value \"{shown}\" is not int."),
            );
        }
        if types.contains(Types::NUMBER) {
            return (
                codes::NUMBER_TYPE_COERCE,
                format!("Value \"{shown}\" is not float."),
            );
        }
        let message = format!("Could not interpret \"{shown}\" as boolean.");
        (codes::BOOLEAN_TYPE_CONVERT, message)
    }

    fn check_number(&self, schema: &Schema, number: Number, errors: &mut FormErrors) {
        let integer_schema = schema.types.is_some_and(|t| t.contains(Types::INTEGER));
        let kind = if integer_schema || matches!(number, Number::Int(_)) {
            "int"
        } else {
            "float"
        };
        let (format_min, format_max) = match schema.format {
            Some(Format::Int32) => (Some(i128::from(i32::MIN)), Some(i128::from(i32::MAX))),
            Some(Format::Int64) => (Some(i128::from(i64::MIN)), Some(i128::from(i64::MAX))),
            _ => (None, None),
        };
        let maximum = schema.maximum.or(format_max.map(Number::Int));
        let minimum = schema.minimum.or(format_min.map(Number::Int));
        if let Some(max) = maximum
            && number.compare(max).is_some_and(std::cmp::Ordering::is_gt)
        {
            let message = format!("{kind} value should be less than or equal to {max}.");
            errors.report(&self.path, codes::NUMBER_TYPE_MAX, message, false);
        } else if let Some(min) = minimum
            && number.compare(min).is_some_and(std::cmp::Ordering::is_lt)
        {
            let message = format!("{kind} value should be greater than or equal to {min}.");
            errors.report(&self.path, codes::NUMBER_TYPE_MIN, message, false);
        }
    }

    fn check_string(&self, schema: &Schema, text: &str, errors: &mut FormErrors) {
        // Discord counts characters (Unicode scalar values), not UTF-8 bytes.
        let length = text.chars().count();
        if let Some((code, message)) = length_error(schema.min_length, schema.max_length, length) {
            errors.report(&self.path, code, message, false);
            return;
        }
        if let Some(pattern) = schema.pattern
            && !formats::matches_pattern(pattern, text)
        {
            let message = "String value did not match validation regex.".to_owned();
            errors.report(&self.path, codes::STRING_TYPE_REGEX, message, false);
            return;
        }
        match schema.format {
            Some(Format::Uri) if !formats::is_uri(text) => {
                let message = "Not a well formed URL.".to_owned();
                errors.report(&self.path, codes::URL_TYPE_INVALID_URL, message, false);
            }
            Some(Format::DateTime) if !formats::is_date_time(text) => {
                let message = format!(
                    "Could not parse {}. Should be ISO8601.",
                    display_value(&Value::from(text))
                );
                errors.report(&self.path, codes::DATE_TIME_TYPE_PARSE, message, false);
            }
            _ => {}
        }
    }

    fn check_array(&mut self, schema: &Schema, items: &[Value], errors: &mut FormErrors) {
        if let Some((code, message)) = length_error(schema.min_items, schema.max_items, items.len())
        {
            errors.report(&self.path, code, message, false);
        }
        if schema.unique_items {
            for (i, item) in items.iter().enumerate() {
                if items[..i].contains(item) {
                    self.path.push(PathSegment::Index(i));
                    let message = "Values must be unique.".to_owned();
                    errors.report(
                        &self.path,
                        codes::LIST_ITEM_VALUE_DUPLICATED,
                        message,
                        false,
                    );
                    self.path.pop();
                }
            }
        }
        if let Some(item_schema) = schema.items {
            for (i, item) in items.iter().enumerate() {
                self.path.push(PathSegment::Index(i));
                self.validate_item(item_schema, item, true, errors);
                self.path.pop();
            }
        }
    }

    fn check_object(
        &mut self,
        schema: &Schema,
        fields: &Map<String, Value>,
        errors: &mut FormErrors,
    ) {
        if let Some((code, message)) =
            length_error(schema.min_properties, schema.max_properties, fields.len())
        {
            errors.report(&self.path, code, message, false);
        }
        for name in &schema.required {
            if !fields.contains_key(&**name) {
                self.path.push(PathSegment::Key(name.to_string()));
                let message = "This field is required".to_owned();
                errors.report(&self.path, codes::BASE_TYPE_REQUIRED, message, false);
                self.path.pop();
            }
        }
        for (name, property) in &schema.properties {
            if let Some(field) = fields.get(&**name) {
                self.path.push(PathSegment::Key(name.to_string()));
                self.validate(*property, field, errors);
                self.path.pop();
            }
        }
        if schema.additional == Additional::Allowed {
            return;
        }
        for (name, field) in fields {
            if schema.property(name).is_some() {
                continue;
            }
            self.path.push(PathSegment::Key(name.clone()));
            match schema.additional {
                Additional::Schema(values) => self.validate(values, field, errors),
                Additional::Forbidden | Additional::Allowed => {
                    let message = "Unknown field.".to_owned();
                    errors.report(&self.path, codes::BASE_TYPE_UNKNOWN_FIELD, message, false);
                }
            }
            self.path.pop();
        }
    }
}

/// Whether `value` (read as `number` when numeric) equals an `enum`/`const` literal.
pub(crate) fn choice_matches(
    value: &Value,
    number: Option<Number>,
    choice: &Value,
    mode: Mode,
) -> bool {
    match (choice, number) {
        (Value::Number(literal), Some(number)) => Number::from_json(literal)
            .and_then(|literal| number.compare(literal))
            .is_some_and(std::cmp::Ordering::is_eq),
        (Value::Number(literal), None) if mode != Mode::Response => value
            .as_str()
            .and_then(formats::parse_number)
            .zip(Number::from_json(literal))
            .and_then(|(number, literal)| number.compare(literal))
            .is_some_and(std::cmp::Ordering::is_eq),
        (Value::Bool(literal), None) if mode == Mode::Query => {
            value.as_str().and_then(formats::parse_bool) == Some(*literal)
        }
        _ => value == choice,
    }
}

/// Discord's length error for strings, arrays and maps, if `length` is out of bounds.
fn length_error(
    min: Option<u64>,
    max: Option<u64>,
    length: usize,
) -> Option<(&'static str, String)> {
    let length = u64::try_from(length).unwrap_or(u64::MAX);
    // `minLength: 0` is no bound at all; Discord words such a limit as a maximum only.
    let min = min.filter(|&min| min > 0);
    match (min, max) {
        (Some(min), Some(max)) if length < min || length > max => Some((
            codes::BASE_TYPE_BAD_LENGTH,
            format!("Must be between {min} and {max} in length."),
        )),
        (None, Some(max)) if length > max => Some((
            codes::BASE_TYPE_MAX_LENGTH,
            format!("Must be {max} or fewer in length."),
        )),
        (Some(min), None) if length < min => Some((
            codes::BASE_TYPE_MIN_LENGTH,
            format!("Must be {min} or more in length."),
        )),
        _ => None,
    }
}
