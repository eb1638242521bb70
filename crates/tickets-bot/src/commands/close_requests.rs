//! `/closerequest` and `/autoclose`.

use super::{Describe, max_length};
use tickets_core::close_requests::MAX_DELAY_HOURS;
use tickets_model::permissions::Capability;
use tickets_model::values::CloseReason;
use twilight_model::application::command::{Command, CommandType};
use twilight_model::application::interaction::InteractionContextType;
use twilight_util::builder::command::{
    CommandBuilder, IntegerBuilder, StringBuilder, SubCommandBuilder,
};

/// `/closerequest [close_delay] [reason]` and `/autoclose configure|exclude`. `/autoclose` as a
/// whole is for support staff; `configure` changes settings, which its use case checks.
pub fn definitions(text: Describe<'_>) -> Vec<(Command, Capability)> {
    let request = CommandBuilder::new(
        "closerequest",
        text("command-closerequest-description"),
        CommandType::ChatInput,
    )
    .contexts([InteractionContextType::Guild])
    .option(
        IntegerBuilder::new("close_delay", text("command-closerequest-delay"))
            .min_value(1)
            .max_value(MAX_DELAY_HOURS),
    )
    .option(
        StringBuilder::new("reason", text("command-closerequest-reason"))
            .max_length(max_length(CloseReason::MAX)),
    )
    .build();
    let autoclose = CommandBuilder::new(
        "autoclose",
        text("command-autoclose-description"),
        CommandType::ChatInput,
    )
    .contexts([InteractionContextType::Guild])
    .option(SubCommandBuilder::new(
        "configure",
        text("command-autoclose-configure"),
    ))
    .option(SubCommandBuilder::new(
        "exclude",
        text("command-autoclose-exclude"),
    ))
    .build();
    vec![
        (request, Capability::RequestClose),
        (autoclose, Capability::RequestClose),
    ]
}
