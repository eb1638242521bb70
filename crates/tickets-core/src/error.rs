//! Why a use case refused or failed, and what the user is told about it.

use crate::discord::{
    DiscordError, DiscordFailure, MAX_CHANNELS_PER_CATEGORY, MAX_CHANNELS_PER_GUILD,
};
use tickets_i18n::{Catalog, FluentValue, Locale};
use tickets_model::values::ValueError;

/// The outcome of a use case that did not do what was asked.
///
/// Each variant maps to one catalog message; the internal cause (if any) is logged once where the
/// error is created and never shown to the user.
#[derive(Debug, thiserror::Error)]
pub enum UseCaseError {
    /// The member has as many open tickets as the server allows.
    #[error("ticket limit reached: {open} open, limit {limit}")]
    LimitReached {
        /// Tickets the member has open.
        open: u32,
        /// The server's limit.
        limit: u32,
    },
    /// The channel is not a ticket of this server.
    #[error("not a ticket channel")]
    NotATicket,
    /// The ticket was closed already.
    #[error("ticket already closed")]
    AlreadyClosed,
    /// The caller may not close this ticket.
    #[error("not allowed to close")]
    CloseNotAllowed,
    /// A value given by the user is invalid.
    #[error("invalid input: {0}")]
    Invalid(#[from] ValueError),
    /// Opening took so long that the sweeper abandoned it; the member may simply try again.
    #[error("opening abandoned by the sweeper")]
    Abandoned,
    /// The command needs a server.
    #[error("used outside a server")]
    GuildOnly,
    /// Discord refused or failed.
    #[error(transparent)]
    Discord(#[from] DiscordError),
    /// Our storage failed.
    #[error("storage: {0}")]
    Store(#[from] tickets_store::StoreError),
}

impl UseCaseError {
    /// Whether this is a refusal the user can act on (as opposed to a failure on our side).
    #[must_use]
    pub fn is_refusal(&self) -> bool {
        !matches!(self, Self::Store(_))
            && !matches!(self, Self::Discord(e) if e.failure() == DiscordFailure::Unavailable)
    }

    /// The message shown to the user, in their language.
    #[must_use]
    pub fn user_message(&self, catalog: &Catalog, locale: &Locale) -> String {
        let text = |key: &str, args: &[(&str, FluentValue<'_>)]| catalog.text(locale, key, args);
        match self {
            Self::LimitReached { open, limit } => text(
                "error-ticket-limit",
                &[("open", (*open).into()), ("limit", (*limit).into())],
            ),
            Self::NotATicket => text("error-not-a-ticket", &[]),
            Self::AlreadyClosed => text("error-ticket-already-closed", &[]),
            Self::CloseNotAllowed => text("error-close-not-allowed", &[]),
            Self::GuildOnly => text("error-guild-only", &[]),
            Self::Abandoned => text("error-open-abandoned", &[]),
            Self::Invalid(ValueError::TooLong { field, max, actual }) => {
                let key = if *field == "reason" {
                    "error-reason-too-long"
                } else {
                    "error-subject-too-long"
                };
                text(key, &[("max", (*max).into()), ("actual", (*actual).into())])
            }
            Self::Invalid(ValueError::OutOfRange { .. }) => text("error-internal", &[]),
            Self::Discord(error) => match error.failure() {
                DiscordFailure::MissingPermission => text(
                    "error-bot-missing-permission",
                    &[
                        ("permission", text(permission_for(error.route), &[]).into()),
                        ("place", text(place_for(error.route), &[]).into()),
                    ],
                ),
                DiscordFailure::CategoryFull => text(
                    "error-category-full",
                    &[("limit", MAX_CHANNELS_PER_CATEGORY.into())],
                ),
                DiscordFailure::GuildFull => text(
                    "error-guild-full",
                    &[("limit", MAX_CHANNELS_PER_GUILD.into())],
                ),
                DiscordFailure::Unknown | DiscordFailure::Unavailable => text(
                    "error-discord-unavailable",
                    &[("detail", error.short().into())],
                ),
            },
            Self::Store(_) => text("error-internal", &[]),
        }
    }
}

/// The catalog key naming the permission a route needs, as Discord's client names it.
fn permission_for(route: &str) -> &'static str {
    match route {
        "create_guild_channel" | "delete_channel" => "permission-manage-channels",
        "create_message" => "permission-send-messages",
        _ => "permission-unknown",
    }
}

/// The catalog key naming where the permission is missing.
fn place_for(route: &str) -> &'static str {
    match route {
        "create_guild_channel" => "place-ticket-category",
        _ => "place-this-channel",
    }
}
