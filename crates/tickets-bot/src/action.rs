//! Decoding an interaction into the one thing the user asked for.

use tickets_model::custom_id::CustomId;
use twilight_model::application::interaction::application_command::{
    CommandData, CommandOptionValue,
};
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
    /// A click on a component of ours.
    Component(CustomId),
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
                data.custom_id
                    .parse::<CustomId>()
                    .map_or_else(|error| Self::Unknown(error.0), Self::Component)
            }
            _ => Self::Unknown(format!("{:?}", interaction.kind)),
        }
    }
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
        other => Action::Unknown(format!("/{other}")),
    }
}
