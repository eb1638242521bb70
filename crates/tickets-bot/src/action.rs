//! Decoding an interaction into the one thing the user asked for.

use tickets_core::blacklist::Barred;
use tickets_model::custom_id::CustomId;
use twilight_model::application::interaction::application_command::{
    CommandData, CommandOptionValue,
};
use twilight_model::application::interaction::modal::ModalInteractionComponent;
use twilight_model::application::interaction::{Interaction, InteractionData, InteractionType};

/// What an interaction asks the bot to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Discord checking that the endpoint is alive.
    Ping,
    /// `/open [subject]`.
    Open {
        /// The subject as typed (validated by the use case's value type).
        subject: String,
    },
    /// `/close [reason]`.
    Close {
        /// The reason as typed.
        reason: String,
    },
    /// `/help`: the commands the member may use.
    Help,
    /// `/about`: what this bot is.
    About,
    /// `/blacklist target`: bars or frees a member or a role.
    Blacklist {
        /// Who, when Discord said (a role if the id is among the resolved roles).
        target: Option<Barred>,
    },
    /// A click on a component of ours.
    Component(CustomId),
    /// A choice in a select menu of ours.
    Select {
        /// Which menu.
        id: CustomId,
        /// The values chosen.
        values: Vec<String>,
    },
    /// A submitted modal of ours with its text inputs by `custom_id`.
    Modal {
        /// Which modal.
        id: CustomId,
        /// The inputs' values.
        fields: Vec<(String, String)>,
    },
    /// Something we do not offer (any more): an old command, a foreign `custom_id`.
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
            ) => decode_command(data),
            (InteractionType::MessageComponent, Some(InteractionData::MessageComponent(data))) => {
                match data.custom_id.parse::<CustomId>() {
                    Ok(id @ CustomId::MultiPanelSelect(_)) => Self::Select {
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

/// A mentionable option as a member or a role.
fn mentioned(data: &CommandData, name: &str) -> Option<Barred> {
    let id = data
        .options
        .iter()
        .find(|o| o.name == name)
        .and_then(|o| match o.value {
            CommandOptionValue::Mentionable(id) => Some(id),
            _ => None,
        })?;
    let is_role = data
        .resolved
        .as_ref()
        .is_some_and(|r| r.roles.contains_key(&id.cast()));
    Some(if is_role {
        Barred::Role(id.cast())
    } else {
        Barred::User(id.cast())
    })
}

fn decode_command(data: &CommandData) -> Action {
    let text = |name: &str| {
        data.options
            .iter()
            .find(|option| option.name == name)
            .and_then(|option| match &option.value {
                CommandOptionValue::String(value) => Some(value.clone()),
                _ => None,
            })
            .unwrap_or_default()
    };
    match data.name.as_str() {
        "open" => Action::Open {
            subject: text("subject"),
        },
        "close" => Action::Close {
            reason: text("reason"),
        },
        "help" => Action::Help,
        "about" => Action::About,
        "blacklist" => Action::Blacklist {
            target: mentioned(data, "target"),
        },
        other => Action::Unknown(format!("/{other}")),
    }
}
