//! `act/component` and `act/modal`: clicking a component of a message, submitting a modal.

use std::sync::Arc;

use serde_json::{Value, json};

use super::{create, finish, place};
use crate::control::api::{ActComponent, ActModal, ActResult, ControlError};
use crate::sim::Sim;
use crate::state::World;
use crate::state::interaction::interaction_kind;
use crate::state::limits::component;
use crate::state::model::Message;
use crate::state::render;

/// Finds a component by `custom_id` in a message's rows (and nested containers).
fn find_component<'m>(components: &'m [Value], custom_id: &str) -> Option<&'m Value> {
    components.iter().find_map(|c| {
        if c.get("custom_id").and_then(Value::as_str) == Some(custom_id) {
            return Some(c);
        }
        let children = c
            .get("components")
            .and_then(Value::as_array)
            .map_or(&[][..], Vec::as_slice);
        find_component(children, custom_id).or_else(|| {
            c.get("accessory")
                .filter(|a| a.get("custom_id").and_then(Value::as_str) == Some(custom_id))
        })
    })
}

fn visible_message(
    world: &World,
    channel_id: u64,
    message_id: u64,
    user_id: u64,
) -> Result<&Message, ControlError> {
    world.channel(channel_id)?;
    world
        .stored_message(channel_id, message_id)
        .filter(|m| {
            m.origin
                .ephemeral_viewer
                .is_none_or(|viewer| viewer == user_id)
        })
        .ok_or_else(|| ControlError::not_found("unknown message"))
}

/// `POST /_sim/act/component`.
///
/// # Errors
///
/// 404 for an unknown message or `custom_id`; 400 for a disabled component or values a select
/// menu does not offer.
pub async fn click(sim: &Arc<Sim>, input: ActComponent) -> Result<ActResult, ControlError> {
    let pending = {
        let mut world = sim.world();
        let at = place(&world, None, input.channel_id.0, input.user_id.0)?;
        let message = visible_message(&world, at.channel_id, input.message_id.0, at.user_id)?;
        let found = find_component(&message.components, &input.custom_id)
            .ok_or_else(|| {
                ControlError::not_found(format!(
                    "no component {:?} on this message",
                    input.custom_id
                ))
            })?
            .clone();
        if found.get("disabled").and_then(Value::as_bool) == Some(true) {
            return Err(ControlError::bad_request("the component is disabled"));
        }
        let application_id = message
            .origin
            .application_id
            .or_else(|| world.application_of_bot(message.author_id).map(|a| a.id))
            .ok_or_else(|| {
                ControlError::bad_request("the message was not sent by an application")
            })?;
        let component_type = found.get("type").and_then(Value::as_u64).unwrap_or(0);
        let mut data = json!({"custom_id": input.custom_id, "component_type": component_type});
        if component::is_select(component_type) {
            let values = input.values.clone().unwrap_or_default();
            let count = u64::try_from(values.len()).unwrap_or(u64::MAX);
            let min = found.get("min_values").and_then(Value::as_u64).unwrap_or(1);
            let max = found.get("max_values").and_then(Value::as_u64).unwrap_or(1);
            if count < min || count > max {
                return Err(ControlError::bad_request(format!(
                    "select between {min} and {max} values"
                )));
            }
            if component_type == component::STRING_SELECT {
                let offered: Vec<&str> = found
                    .get("options")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(|o| o.get("value").and_then(Value::as_str))
                    .collect();
                if let Some(bad) = values.iter().find(|v| !offered.contains(&v.as_str())) {
                    return Err(ControlError::bad_request(format!(
                        "{bad:?} is not an option of this select menu"
                    )));
                }
            }
            data["values"] = json!(values);
        }
        let message_json = render::message(&world, message);
        let source = message.id;
        create(
            &mut world,
            application_id,
            interaction_kind::MESSAGE_COMPONENT,
            at,
            data,
            Some((source, message_json)),
            sim.timing.token_lifetime * 2,
        )?
    };
    Ok(finish(sim, pending).await)
}

/// `POST /_sim/act/modal`: submits a modal the bot showed this user.
///
/// # Errors
///
/// 404 when the bot showed this user no such modal; 400 for unknown fields, missing required
/// values or values outside the inputs' length bounds.
pub async fn submit(sim: &Arc<Sim>, input: ActModal) -> Result<ActResult, ControlError> {
    let pending = {
        let mut world = sim.world();
        let at = place(&world, None, input.channel_id.0, input.user_id.0)?;
        let index = world
            .modals
            .iter()
            .position(|m| m.user_id == at.user_id && m.custom_id == input.custom_id)
            .ok_or_else(|| {
                ControlError::not_found(format!(
                    "no modal {:?} was shown to this user",
                    input.custom_id
                ))
            })?;
        let modal = world.modals[index].clone();
        let mut rows = Vec::new();
        let mut known = Vec::new();
        // Discord numbers the components a modal was sent without ids, in order, from 1, and
        // every submitted component carries its id.
        let mut next_id = 0_u64;
        let mut id_of = |component: &Value| {
            next_id += 1;
            component.get("id").cloned().unwrap_or(json!(next_id))
        };
        for top in &modal.components {
            let kind = top.get("type").and_then(Value::as_u64).unwrap_or(0);
            let top_id = id_of(top);
            let inputs: Vec<&Value> = if kind == component::LABEL {
                top.get("component").into_iter().collect()
            } else {
                top.get("components")
                    .and_then(Value::as_array)
                    .map(|c| c.iter().collect())
                    .unwrap_or_default()
            };
            let mut submitted = Vec::new();
            for field in inputs {
                let field_id = id_of(field);
                let custom_id = field
                    .get("custom_id")
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                known.push(custom_id.to_owned());
                let value = input.fields.get(custom_id).cloned().unwrap_or_default();
                let len = u64::try_from(value.chars().count()).unwrap_or(u64::MAX);
                let required = field
                    .get("required")
                    .and_then(Value::as_bool)
                    .unwrap_or(true);
                if required && value.is_empty() {
                    return Err(ControlError::bad_request(format!(
                        "the field {custom_id:?} is required"
                    )));
                }
                let min = field.get("min_length").and_then(Value::as_u64).unwrap_or(0);
                let max = field
                    .get("max_length")
                    .and_then(Value::as_u64)
                    .unwrap_or(4000);
                if !value.is_empty() && (len < min || len > max) {
                    return Err(ControlError::bad_request(format!(
                        "the field {custom_id:?} must be {min} to {max} characters"
                    )));
                }
                let field_type = field.get("type").and_then(Value::as_u64).unwrap_or(4);
                if field_type == component::STRING_SELECT {
                    // A select in a modal answers with the chosen option's value, as `values`.
                    let offered = field
                        .get("options")
                        .and_then(Value::as_array)
                        .is_some_and(|o| {
                            o.iter().any(|o| {
                                o.get("value").and_then(Value::as_str) == Some(value.as_str())
                            })
                        });
                    if !value.is_empty() && !offered {
                        return Err(ControlError::bad_request(format!(
                            "{value:?} is not an option of {custom_id:?}"
                        )));
                    }
                    let values: Vec<&str> = if value.is_empty() {
                        Vec::new()
                    } else {
                        vec![value.as_str()]
                    };
                    submitted.push(json!({"type": field_type, "id": field_id, "custom_id": custom_id, "values": values}));
                    continue;
                }
                submitted.push(json!({"type": field_type, "id": field_id, "custom_id": custom_id, "value": value}));
            }
            if kind == component::LABEL {
                if let Some(first) = submitted.into_iter().next() {
                    rows.push(json!({"type": component::LABEL, "id": top_id, "component": first}));
                }
            } else {
                rows.push(
                    json!({"type": component::ACTION_ROW, "id": top_id, "components": submitted}),
                );
            }
        }
        if let Some(unknown) = input.fields.keys().find(|k| !known.contains(k)) {
            return Err(ControlError::bad_request(format!(
                "the modal has no field {unknown:?}"
            )));
        }
        world.modals.remove(index);
        let data = json!({"custom_id": input.custom_id, "components": rows});
        let source = modal.source_message;
        let source = source
            .and_then(|id| world.stored_message(at.channel_id, id))
            .map(|m| (m.id, render::message(&world, m)));
        create(
            &mut world,
            modal.application_id,
            interaction_kind::MODAL_SUBMIT,
            at,
            data,
            source,
            sim.timing.token_lifetime * 2,
        )?
    };
    Ok(finish(sim, pending).await)
}
