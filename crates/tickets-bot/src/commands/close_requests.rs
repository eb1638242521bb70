//! `/closerequest` and `/autoclose`.

use super::{Describe, max_length};
use tickets_core::close_requests::MAX_DELAY_HOURS;
use tickets_model::permissions::Capability;
use tickets_model::values::CloseReason;
use twilight_model::application::command::{Command, CommandType};
use twilight_model::application::interaction::InteractionContextType;
use twilight_util::builder::command::{
    BooleanBuilder, CommandBuilder, IntegerBuilder, StringBuilder, SubCommandBuilder,
};

/// Longest text a time option takes (`1w 6d 23h 59m` and some spaces).
const DURATION_MAX_LENGTH: u16 = 40;

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
    .option(
        SubCommandBuilder::new("configure", text("command-autoclose-configure"))
            .option(BooleanBuilder::new(
                "enabled",
                text("command-autoclose-enabled"),
            ))
            .option(
                StringBuilder::new(
                    "since_open_with_no_response",
                    text("command-autoclose-since-open"),
                )
                .max_length(DURATION_MAX_LENGTH),
            )
            .option(
                StringBuilder::new(
                    "since_last_message",
                    text("command-autoclose-since-last-message"),
                )
                .max_length(DURATION_MAX_LENGTH),
            )
            .option(BooleanBuilder::new(
                "on_user_leave",
                text("command-autoclose-on-user-leave"),
            )),
    )
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
