//! `/managetags` and `/tag`.

use super::{Describe, max_length};
use tickets_model::permissions::Capability;
use tickets_model::tag::TagId;
use twilight_model::application::command::{Command, CommandType};
use twilight_model::application::interaction::InteractionContextType;
use twilight_util::builder::command::{CommandBuilder, StringBuilder, SubCommandBuilder};

/// A tag id with suggestions: `/tag` names it `tag_id` as the reference does, `/managetags` `id`.
fn id_option(name: &str, text: Describe<'_>) -> StringBuilder {
    StringBuilder::new(name, text("command-tag-id"))
        .max_length(max_length(TagId::MAX))
        .autocomplete(true)
        .required(true)
}

/// `/managetags add|delete|list` (admins; `list` for staff) and `/tag` (staff).
pub fn definitions(text: Describe<'_>) -> Vec<(Command, Capability)> {
    let manage = CommandBuilder::new(
        "managetags",
        text("command-managetags-description"),
        CommandType::ChatInput,
    )
    .contexts([InteractionContextType::Guild])
    .option(
        SubCommandBuilder::new("add", text("command-managetags-add"))
            .option(
                StringBuilder::new("id", text("command-tag-id"))
                    .max_length(max_length(TagId::MAX))
                    .required(true),
            )
            .option(
                StringBuilder::new("content", text("command-managetags-content"))
                    .max_length(2000)
                    .required(true),
            ),
    )
    .option(
        SubCommandBuilder::new("delete", text("command-managetags-delete"))
            .option(id_option("id", text)),
    )
    .option(SubCommandBuilder::new(
        "list",
        text("command-managetags-list"),
    ))
    .build();
    let tag = CommandBuilder::new(
        "tag",
        text("command-tag-description"),
        CommandType::ChatInput,
    )
    .contexts([InteractionContextType::Guild])
    .option(id_option("tag_id", text))
    .build();
    vec![(manage, Capability::ManageTags), (tag, Capability::UseTags)]
}
