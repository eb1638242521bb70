//! Decoding an interaction into the one thing the user asked for.

use crate::command_call::CommandCall;
use tickets_model::custom_id::CustomId;
use twilight_model::application::interaction::modal::ModalInteractionComponent;
use twilight_model::application::interaction::{Interaction, InteractionData, InteractionType};
use twilight_model::channel::message::component::ComponentType;

/// What an interaction asks the bot to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Discord checking that the endpoint is alive.
    Ping,
    /// A slash command or a context-menu command.
    Command(CommandCall),
    /// A member typing in an option that offers suggestions.
    Autocomplete(CommandCall),
    /// A click on a component of ours.
    Component(CustomId),
    /// A choice in a select menu of ours.
    Select {
        /// Which menu.
        id: CustomId,
        /// The values chosen.
        values: Vec<String>,
    },
    /// A submitted modal of ours with its inputs' values by `custom_id`.
    Modal {
        /// Which modal.
        id: CustomId,
        /// The inputs' values.
        fields: Vec<(String, String)>,
    },
    /// Something we do not offer (any more): a foreign `custom_id`, an unknown kind.
    Unknown(String),
}

impl Action {
    /// The metrics label of the interaction's kind.
    #[must_use]
    pub fn kind_label(interaction: &Interaction) -> &'static str {
        match interaction.kind {
            InteractionType::Ping => "ping",
            InteractionType::ApplicationCommand => "command",
            InteractionType::MessageComponent => "component",
            InteractionType::ModalSubmit => "modal",
            InteractionType::ApplicationCommandAutocomplete => "autocomplete",
            _ => "other",
        }
    }

    /// Decodes an interaction.
    #[must_use]
    pub fn decode(interaction: &Interaction) -> Self {
        match (&interaction.kind, &interaction.data) {
            (InteractionType::Ping, _) => Self::Ping,
            (
                InteractionType::ApplicationCommand,
                Some(InteractionData::ApplicationCommand(data)),
            ) => Self::Command(CommandCall::from_data(data)),
            (
                InteractionType::ApplicationCommandAutocomplete,
                Some(InteractionData::ApplicationCommand(data)),
            ) => Self::Autocomplete(CommandCall::from_data(data)),
            (InteractionType::MessageComponent, Some(InteractionData::MessageComponent(data))) => {
                match data.custom_id.parse::<CustomId>() {
                    Ok(id) if data.component_type != ComponentType::Button => Self::Select {
                        id,
                        values: data.values.clone(),
                    },
                    Ok(id) => Self::Component(id),
                    Err(error) => Self::Unknown(error.0),
                }
            }
            (InteractionType::ModalSubmit, Some(InteractionData::ModalSubmit(data))) => {
                match data.custom_id.parse::<CustomId>() {
                    Ok(id) => Self::Modal {
                        id,
                        fields: modal_fields(&data.components),
                    },
                    Err(error) => Self::Unknown(error.0),
                }
            }
            _ => Self::Unknown(format!("{:?}", interaction.kind)),
        }
    }
}

/// The values of a modal's text inputs, whether they sit in action rows or labels.
fn modal_fields(components: &[ModalInteractionComponent]) -> Vec<(String, String)> {
    let mut fields = Vec::new();
    for component in components {
        match component {
            ModalInteractionComponent::ActionRow(row) => {
                fields.extend(modal_fields(&row.components));
            }
            ModalInteractionComponent::Label(label) => {
                fields.extend(modal_fields(std::slice::from_ref(&label.component)));
            }
            ModalInteractionComponent::TextInput(input) => {
                fields.push((input.custom_id.clone(), input.value.clone()));
            }
            ModalInteractionComponent::StringSelect(select) => {
                let chosen = select.values.first().cloned().unwrap_or_default();
                fields.push((select.custom_id.clone(), chosen));
            }
            _ => {}
        }
    }
    fields
}
