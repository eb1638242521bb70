//! A slash or context-menu command as the user sent it, with typed access to its options.

use tickets_model::{ChannelId, RoleId, UserId};
use twilight_model::application::interaction::InteractionDataResolved;
use twilight_model::application::interaction::application_command::{
    CommandData, CommandDataOption, CommandOptionValue,
};
use twilight_model::channel::Message;
use twilight_model::id::Id;
use twilight_model::id::marker::GenericMarker;

/// A member or a role named in a command option.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mentioned {
    /// A member (or any user).
    User(UserId),
    /// A role.
    Role(RoleId),
}

/// One command invocation: its name, its options (those of the subcommand when there is one)
/// and what Discord resolved for them.
#[derive(Debug, Clone, PartialEq)]
pub struct CommandCall {
    /// The command's name, e.g. `close`.
    pub name: String,
    /// The subcommand's name, e.g. `add` in `/managetags add`.
    pub subcommand: Option<String>,
    /// The options given (of the subcommand, when there is one).
    pub options: Vec<CommandDataOption>,
    /// Users, roles, channels and messages the options refer to.
    pub resolved: Option<InteractionDataResolved>,
    /// The message or user a context-menu command was used on.
    pub target_id: Option<Id<GenericMarker>>,
}

impl CommandCall {
    /// Reads Discord's command data.
    #[must_use]
    pub fn from_data(data: &CommandData) -> Self {
        let (subcommand, options) = match data.options.first() {
            Some(CommandDataOption {
                name,
                value:
                    CommandOptionValue::SubCommand(inner) | CommandOptionValue::SubCommandGroup(inner),
            }) => (Some(name.clone()), inner.clone()),
            _ => (None, data.options.clone()),
        };
        Self {
            name: data.name.clone(),
            subcommand,
            options,
            resolved: data.resolved.clone(),
            target_id: data.target_id,
        }
    }

    fn value(&self, name: &str) -> Option<&CommandOptionValue> {
        self.options
            .iter()
            .find(|option| option.name == name)
            .map(|option| &option.value)
    }

    /// A string option as typed; empty when absent. Also the partial text of a focused
    /// autocomplete option.
    #[must_use]
    pub fn string(&self, name: &str) -> String {
        match self.value(name) {
            Some(CommandOptionValue::String(value) | CommandOptionValue::Focused(value, _)) => {
                value.clone()
            }
            _ => String::new(),
        }
    }

    /// An integer option.
    #[must_use]
    pub fn integer(&self, name: &str) -> Option<i64> {
        match self.value(name) {
            Some(CommandOptionValue::Integer(value)) => Some(*value),
            _ => None,
        }
    }

    /// A number option (integers count too).
    #[must_use]
    pub fn number(&self, name: &str) -> Option<f64> {
        match self.value(name) {
            Some(CommandOptionValue::Number(value)) => Some(*value),
            #[expect(clippy::cast_precision_loss, reason = "option integers are small")]
            Some(CommandOptionValue::Integer(value)) => Some(*value as f64),
            _ => None,
        }
    }

    /// A boolean option.
    #[must_use]
    pub fn boolean(&self, name: &str) -> Option<bool> {
        match self.value(name) {
            Some(CommandOptionValue::Boolean(value)) => Some(*value),
            _ => None,
        }
    }

    /// A channel option.
    #[must_use]
    pub fn channel(&self, name: &str) -> Option<ChannelId> {
        match self.value(name) {
            Some(CommandOptionValue::Channel(id)) => Some(*id),
            _ => None,
        }
    }

    /// A user option.
    #[must_use]
    pub fn user(&self, name: &str) -> Option<UserId> {
        match self.value(name) {
            Some(CommandOptionValue::User(id)) => Some(*id),
            _ => None,
        }
    }

    /// A mentionable (or user, or role) option as a member or a role: a role when Discord
    /// resolved the id among the roles.
    #[must_use]
    pub fn mentioned(&self, name: &str) -> Option<Mentioned> {
        let id: Id<GenericMarker> = match self.value(name)? {
            CommandOptionValue::Mentionable(id) => *id,
            CommandOptionValue::User(id) => return Some(Mentioned::User(*id)),
            CommandOptionValue::Role(id) => return Some(Mentioned::Role(*id)),
            _ => return None,
        };
        let is_role = self
            .resolved
            .as_ref()
            .is_some_and(|r| r.roles.contains_key(&id.cast()));
        Some(if is_role {
            Mentioned::Role(id.cast())
        } else {
            Mentioned::User(id.cast())
        })
    }

    /// The roles of a member named in an option, as Discord resolved them.
    #[must_use]
    pub fn member_roles(&self, user: UserId) -> Vec<RoleId> {
        self.resolved
            .as_ref()
            .and_then(|r| r.members.get(&user))
            .map(|m| m.roles.clone())
            .unwrap_or_default()
    }

    /// The name of the option being typed in an autocomplete request.
    #[must_use]
    pub fn focused(&self) -> Option<(&str, &str)> {
        self.options.iter().find_map(|option| match &option.value {
            CommandOptionValue::Focused(value, _) => Some((option.name.as_str(), value.as_str())),
            _ => None,
        })
    }

    /// The message a message context-menu command was used on.
    #[must_use]
    pub fn target_message(&self) -> Option<&Message> {
        let target = self.target_id?;
        self.resolved.as_ref()?.messages.get(&target.cast())
    }
}
