//! `oneOf`/`anyOf`: picking the branch a value means, and reporting that branch's errors.
//!
//! Both keywords are read as "at least one branch matches". Discord's spec generator writes its
//! unions (`x-discord-union`) with either keyword, and its branches only overlap through the
//! leniencies Discord itself applies (a nonce `"123"` is both an int-parseable string and a
//! string), so demanding exactly one match would reject requests Discord accepts.

use serde_json::Value;

use super::errors::{FormErrors, codes};
use super::formats::display_choices;
use super::schema::{Number, SchemaId, Schemas, Union};
use super::validate::{Validator, choice_matches};

/// The field whose value selects a union's branch, like `type` in message components.
#[derive(Debug, Clone)]
pub(crate) struct Discriminator {
    pub(crate) property: Box<str>,
    /// Each allowed value of the field and the index of the branch it selects.
    pub(crate) cases: Vec<(Value, usize)>,
    /// Whether every branch requires the field, so that its absence is an error in itself.
    pub(crate) required: bool,
}

/// Finds a field that every non-null branch constrains to its own values, preferring `type`.
///
/// A field whose values overlap between branches (`event_type: 1 | 2` everywhere in auto
/// moderation rules) tells nothing apart and is skipped.
pub(crate) fn find_discriminator(
    schemas: &Schemas,
    branches: &[SchemaId],
) -> Option<Discriminator> {
    let models: Vec<(usize, SchemaId)> = branches
        .iter()
        .enumerate()
        .map(|(i, &id)| (i, schemas.resolve(id)))
        .filter(|&(_, id)| !schemas.get(id).is_null_only())
        .collect();
    let &(_, first) = models.first()?;
    if models.len() < 2 {
        return None;
    }
    let mut names: Vec<&str> = schemas
        .get(first)
        .properties
        .iter()
        .map(|(name, _)| &**name)
        .collect();
    names.sort_by_key(|name| *name != "type");
    names.into_iter().find_map(|name| {
        let mut cases: Vec<(Value, usize)> = Vec::new();
        let mut required = true;
        for &(index, id) in &models {
            let model = schemas.get(id);
            let choices = &schemas.get(schemas.resolve(model.property(name)?)).choices;
            let shared = choices
                .iter()
                .any(|choice| cases.iter().any(|(seen, _)| seen == choice));
            if choices.is_empty() || shared {
                return None;
            }
            required &= model.required.iter().any(|r| &**r == name);
            cases.extend(choices.iter().map(|choice| (choice.clone(), index)));
        }
        Some(Discriminator {
            property: name.into(),
            cases,
            required,
        })
    })
}

/// Validates `value` against a union, recording the errors of the branch it most likely meant.
pub(crate) fn check(
    validator: &mut Validator<'_>,
    union: &Union,
    value: &Value,
    errors: &mut FormErrors,
) {
    if let (Some(discriminator), Value::Object(fields)) = (&union.discriminator, value) {
        check_discriminated(
            validator,
            union,
            discriminator,
            fields.get(&*discriminator.property),
            value,
            errors,
        );
        return;
    }
    let candidates: Vec<usize> = (0..union.branches.len()).collect();
    check_branches(validator, union, &candidates, value, errors);
}

fn check_discriminated(
    validator: &mut Validator<'_>,
    union: &Union,
    discriminator: &Discriminator,
    tag: Option<&Value>,
    value: &Value,
    errors: &mut FormErrors,
) {
    let property = &*discriminator.property;
    let Some(tag) = tag else {
        if discriminator.required {
            let message = format!("Field \"{property}\" is required to determine the model type.");
            errors.report(&validator.path, codes::BASE_TYPE_REQUIRED, message, false);
        } else {
            let all: Vec<usize> = (0..union.branches.len()).collect();
            check_branches(validator, union, &all, value, errors);
        }
        return;
    };
    let mut candidates: Vec<usize> = Vec::new();
    for (choice, index) in &discriminator.cases {
        let number = match tag {
            Value::Number(n) => Number::from_json(n),
            _ => None,
        };
        if choice_matches(tag, number, choice, validator.mode) && !candidates.contains(index) {
            candidates.push(*index);
        }
    }
    if candidates.is_empty() {
        let mut allowed: Vec<Value> = Vec::new();
        for (choice, _) in &discriminator.cases {
            if !allowed.contains(choice) {
                allowed.push(choice.clone());
            }
        }
        let message = format!(
            "Value of field \"{property}\" must be one of ({}).",
            display_choices(&allowed)
        );
        errors.report(&validator.path, codes::UNION_TYPE_CHOICES, message, false);
        return;
    }
    check_branches(validator, union, &candidates, value, errors);
}

/// Passes when one candidate branch accepts the value; otherwise reports the closest branch.
fn check_branches(
    validator: &mut Validator<'_>,
    union: &Union,
    candidates: &[usize],
    value: &Value,
    errors: &mut FormErrors,
) {
    let depth = validator.path.len();
    let mut best: Option<((bool, bool, usize), FormErrors)> = None;
    for &index in candidates {
        let Some(&branch) = union.branches.get(index) else {
            continue;
        };
        let mut found = FormErrors::default();
        validator.validate(branch, value, &mut found);
        if found.is_empty() {
            return;
        }
        // Prefer a branch of the value's own JSON type, then a non-null branch, then the one
        // with the fewest complaints: that is the branch the client meant.
        let wrong_type = found
            .iter()
            .any(|error| error.type_mismatch && error.path().len() == depth);
        let null_only = validator
            .schemas
            .get(validator.schemas.resolve(branch))
            .is_null_only();
        let score = (wrong_type, null_only, found.len());
        if best
            .as_ref()
            .is_none_or(|(best_score, _)| score < *best_score)
        {
            best = Some((score, found));
        }
    }
    if let Some((_, found)) = best {
        errors.extend(found);
    }
}
