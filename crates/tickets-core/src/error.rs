//! Why a use case refused or failed, and what the user is told about it.

use crate::discord::{
    DiscordError, DiscordFailure, MAX_CHANNELS_PER_CATEGORY, MAX_CHANNELS_PER_GUILD,
};
use tickets_i18n::{Catalog, FluentValue, Locale};
use tickets_model::values::{Problem, ValueError};

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
    /// The server lets only staff close tickets, and the caller opened this one.
    #[error("only staff may close tickets here")]
    CloseStaffOnly,
    /// Only staff may claim tickets.
    #[error("not staff: cannot claim")]
    ClaimNotAllowed,
    /// Someone claimed the ticket first.
    #[error("already claimed")]
    AlreadyClaimed {
        /// Who claimed it.
        by: tickets_model::UserId,
    },
    /// A value given by the user is invalid.
    #[error("invalid input: {0}")]
    Invalid(#[from] ValueError),
    /// Opening took so long that the sweeper abandoned it; the member may simply try again.
    #[error("opening abandoned by the sweeper")]
    Abandoned,
    /// The command needs a server.
    #[error("used outside a server")]
    GuildOnly,
    /// The member clicked the same panel twice in a moment; the first click's ticket stands.
    #[error("double click: the ticket is already being opened")]
    AlreadyOpening {
        /// The first click's channel, once it exists.
        channel: Option<tickets_model::ChannelId>,
    },
    /// The panel does not exist in this server (deleted, or another server's).
    #[error("no such panel")]
    PanelNotFound,
    /// The server has no tag of that id.
    #[error("no such tag")]
    TagNotFound {
        /// The id asked for.
        id: String,
    },
    /// Only the ticket's opener may answer a close request.
    #[error("not the opener")]
    NotTheOpener,
    /// Only the ticket's opener and its staff may keep it open.
    #[error("not the opener nor staff")]
    KeepOpenNotAllowed,
    /// The close request was answered, replaced or carried out already.
    #[error("close request not pending")]
    RequestNotPending,
    /// The channel has no messages to jump to.
    #[error("no messages")]
    NoMessages,
    /// The opener cannot be removed from their own ticket.
    #[error("cannot remove the opener")]
    CannotRemoveOpener,
    /// Discord allows two renames per channel in ten minutes.
    #[error("rename limit reached")]
    RenameLimited {
        /// When the next rename is possible (Unix milliseconds).
        next_at_ms: i64,
    },
    /// The server owner is always an admin.
    #[error("the owner is always an admin")]
    OwnerIsAdmin,
    /// The team does not exist in this server.
    #[error("no such team")]
    TeamNotFound,
    /// The ticket is not claimed.
    #[error("not claimed")]
    NotClaimed,
    /// Someone else holds the claim; only they or an admin may change it.
    #[error("claimed by someone else")]
    NotYourClaim {
        /// The claimer.
        by: tickets_model::UserId,
    },
    /// The claim changed while we looked.
    #[error("claim changed concurrently")]
    ClaimChanged,
    /// A claim can only go to staff who work the ticket.
    #[error("transfer to non-staff")]
    TransferToNonStaff,
    /// Several values of one form were refused; each names its field.
    #[error("{} values refused", .0.len())]
    InvalidFields(Vec<ValueError>),
    /// The caller's bot permission level is below what the action needs.
    #[error("needs permission level {needed:?}")]
    NotPermitted {
        /// The level the action needs.
        needed: tickets_model::permissions::PermissionLevel,
    },
    /// The member, or one of their roles, is barred from opening tickets in this server.
    #[error("blacklisted")]
    Blacklisted,
    /// The multi-panel does not exist in this server.
    #[error("no such multi-panel")]
    MultiPanelNotFound,
    /// The form does not exist in this server.
    #[error("no such form")]
    FormNotFound,
    /// The panel's button is switched off.
    #[error("panel disabled")]
    PanelDisabled,
    /// The server switched `/open` off.
    #[error("/open disabled")]
    OpenCommandDisabled,
    /// No transcript of that ticket, or none the caller may read (the same answer, so that
    /// nobody learns which tickets exist).
    #[error("no such transcript")]
    TranscriptNotFound,
    /// No open ticket of that number, or none the caller works (the same answer, so that
    /// nobody learns which tickets exist).
    #[error("no such open ticket")]
    TicketNotFound,
    /// The bot may not create, give or take the on-call roles: it lacks Manage Roles, or its
    /// own role is below them.
    #[error("cannot manage the on-call roles")]
    OnCallRolesForbidden,
    /// Storing or reading a transcript failed.
    #[error("transcript storage: {0}")]
    Transcript(String),
    /// The action needs a ticket channel: a thread ticket cannot do it.
    #[error("channel mode only: {0:?}")]
    ChannelModeOnly(crate::threads::ChannelOnly),
    /// `/open` opens threads, and no channel is chosen for them.
    #[error("no channel for /open threads")]
    OpenThreadChannelMissing,
    /// Only thread tickets can be reopened.
    #[error("channel tickets cannot be reopened")]
    ChannelTicketCannotReopen,
    /// The ticket is not closed.
    #[error("ticket not closed")]
    NotClosed,
    /// Reopening would give the opener more open tickets than the server allows.
    #[error("reopening over the limit: {open} open, limit {limit}")]
    ReopenLimitReached {
        /// Tickets the opener has open.
        open: u32,
        /// The server's limit.
        limit: u32,
    },
    /// Only the staff who work a ticket may join its thread.
    #[error("not staff of this ticket: cannot join")]
    JoinNotAllowed,
    /// The staff member is in the ticket's thread already.
    #[error("already in the ticket")]
    AlreadyInTicket {
        /// The thread.
        thread: tickets_model::ChannelId,
    },
    /// `/notes` in a thread ticket: Discord has no threads inside threads.
    #[error("notes need a channel ticket")]
    NotesInThreadMode,
    /// A rating button or survey of no closed ticket of that server that was offered a rating
    /// (another server's, a ticket reopened meanwhile, a forged one).
    #[error("no rating possible")]
    RatingUnavailable,
    /// Only the ticket's opener may rate it.
    #[error("not the opener: cannot rate")]
    RatingNotYours,
    /// The rating was given more than 24 hours ago.
    #[error("rating final")]
    RatingFinal,
    /// The exit survey was answered already.
    #[error("exit survey answered")]
    SurveyAnswered,
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
        !matches!(self, Self::Store(_) | Self::Transcript(_))
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
            Self::CloseStaffOnly => text("error-close-staff-only", &[]),
            Self::ClaimNotAllowed => text("error-claim-not-allowed", &[]),
            Self::AlreadyClaimed { by } => text(
                "error-already-claimed",
                &[("user", format!("<@{by}>").into())],
            ),
            Self::GuildOnly => text("error-guild-only", &[]),
            Self::NotClaimed => text("error-not-claimed", &[]),
            Self::OwnerIsAdmin => text("error-owner-is-admin", &[]),
            Self::NoMessages => text("error-no-messages", &[]),
            Self::NotTheOpener => text("error-not-the-opener", &[]),
            Self::KeepOpenNotAllowed => text("error-keep-open-not-allowed", &[]),
            Self::TagNotFound { id } => text("error-tag-not-found", &[("id", id.clone().into())]),
            Self::RequestNotPending => text("error-request-not-pending", &[]),
            Self::CannotRemoveOpener => text("error-cannot-remove-opener", &[]),
            Self::RenameLimited { next_at_ms } => text(
                "error-rename-limited",
                &[(
                    "when",
                    format!("<t:{}:R>", next_at_ms.div_euclid(1000) + 1).into(),
                )],
            ),
            Self::TeamNotFound => text("error-team-not-found", &[]),
            Self::NotYourClaim { by } => text(
                "error-not-your-claim",
                &[("user", format!("<@{by}>").into())],
            ),
            Self::ClaimChanged => text("error-claim-changed", &[]),
            Self::TransferToNonStaff => text("error-transfer-not-staff", &[]),
            Self::AlreadyOpening {
                channel: Some(channel),
            } => text(
                "error-double-click-opened",
                &[("channel", format!("<#{channel}>").into())],
            ),
            Self::AlreadyOpening { channel: None } => text("error-double-click-opening", &[]),
            Self::PanelNotFound => text("error-panel-not-found", &[]),
            Self::PanelDisabled => text("error-panel-disabled", &[]),
            Self::FormNotFound => text("error-form-not-found", &[]),
            Self::Blacklisted => text("error-blacklisted", &[]),
            Self::NotPermitted {
                needed: tickets_model::permissions::PermissionLevel::Admin,
            } => text("error-admin-only", &[]),
            Self::NotPermitted { .. } => text("error-staff-only", &[]),
            Self::MultiPanelNotFound => text("error-panel-not-found", &[]),
            Self::OpenCommandDisabled => text("error-open-command-disabled", &[]),
            Self::Abandoned => text("error-open-abandoned", &[]),
            Self::Invalid(error) => value_error_text(catalog, locale, error),
            Self::InvalidFields(errors) => errors
                .iter()
                .map(|error| value_error_text(catalog, locale, error))
                .collect::<Vec<_>>()
                .join("\n"),
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
                DiscordFailure::ThreadsFull => text("error-threads-full", &[]),
                DiscordFailure::Unknown | DiscordFailure::Unavailable => text(
                    "error-discord-unavailable",
                    &[("detail", error.short().into())],
                ),
            },
            Self::TranscriptNotFound => text("error-transcript-not-found", &[]),
            Self::Transcript(_) => text("error-transcript-failed", &[]),
            Self::TicketNotFound => text("error-ticket-not-found", &[]),
            Self::ChannelModeOnly(crate::threads::ChannelOnly::Claim) => {
                text("error-thread-claim", &[])
            }
            Self::ChannelModeOnly(crate::threads::ChannelOnly::SwitchPanel) => {
                text("error-thread-switch-panel", &[])
            }
            Self::OpenThreadChannelMissing => text("error-open-thread-channel-missing", &[]),
            Self::ChannelTicketCannotReopen => text("error-reopen-channel-ticket", &[]),
            Self::NotClosed => text("error-reopen-not-closed", &[]),
            Self::ReopenLimitReached { open, limit } => text(
                "error-reopen-limit",
                &[("open", (*open).into()), ("limit", (*limit).into())],
            ),
            Self::JoinNotAllowed => text("error-join-not-allowed", &[]),
            Self::RatingUnavailable => text("error-rating-unavailable", &[]),
            Self::RatingNotYours => text("error-rating-not-yours", &[]),
            Self::RatingFinal => text("error-rating-final", &[]),
            Self::SurveyAnswered => text("error-survey-answered", &[]),
            Self::AlreadyInTicket { thread } => text(
                "error-already-in-ticket",
                &[("thread", format!("<#{thread}>").into())],
            ),
            Self::NotesInThreadMode => text("error-notes-thread-mode", &[]),
            Self::OnCallRolesForbidden => text("error-on-call-roles-forbidden", &[]),
            Self::Store(_) => text("error-internal", &[]),
        }
    }
}

/// What is wrong with a refused value and how to fix it, in the user's language.
#[must_use]
pub fn value_error_text(catalog: &Catalog, locale: &Locale, error: &ValueError) -> String {
    let field = catalog.text(locale, &format!("field-{}", error.field()), &[]);
    let text = |key: &str, args: &[(&str, FluentValue<'_>)]| {
        let mut all = vec![("field", FluentValue::from(field.as_str()))];
        all.extend(args.iter().cloned());
        catalog.text(locale, key, &all)
    };
    match error {
        ValueError::TooLong { max, actual, .. } => text(
            "value-too-long",
            &[("max", (*max).into()), ("actual", (*actual).into())],
        ),
        ValueError::OutOfRange { min, max, .. } => text(
            "value-out-of-range",
            &[("min", (*min).into()), ("max", (*max).into())],
        ),
        ValueError::Empty { .. } => text("value-empty", &[]),
        ValueError::TooMany { max, .. } => text("value-too-many", &[("max", (*max).into())]),
        ValueError::Invalid { problem, .. } => text(
            match problem {
                Problem::Colour => "value-invalid-colour",
                Problem::Choice => "value-invalid-choice",
                Problem::ImageUrl => "value-invalid-image-url",
                Problem::Emoji => "value-invalid-emoji",
                Problem::Mention => "value-invalid-mention",
                Problem::MinAboveMax => "value-min-above-max",
                Problem::Taken => "value-taken",
                Problem::Duplicate => "value-duplicate",
                Problem::Reserved => "value-reserved",
                Problem::Everyone => "value-everyone",
                Problem::WebUrl => "value-invalid-web-url",
                Problem::DateTime => "value-invalid-date-time",
                Problem::Snowflake => "value-invalid-snowflake",
                Problem::TheBot => "value-the-bot",
                Problem::Invisible => "value-invisible",
                Problem::NotMember => "value-not-member",
                Problem::ABot => "value-a-bot",
                Problem::Duration => "value-invalid-duration",
            },
            &[],
        ),
    }
}

/// The catalog key naming the permission a route needs, as Discord's client names it.
fn permission_for(route: &str) -> &'static str {
    match route {
        "create_guild_channel" | "delete_channel" => "permission-manage-channels",
        "create_thread" | "create_notes_thread" => "permission-create-private-threads",
        "add_thread_member" | "reopen_thread" | "archive_thread" | "unarchive_notes_thread" => {
            "permission-manage-threads"
        }
        "create_message" | "post_panel" => "permission-send-messages",
        _ => "permission-unknown",
    }
}

/// The catalog key naming where the permission is missing.
fn place_for(route: &str) -> &'static str {
    match route {
        "create_guild_channel" => "place-ticket-category",
        "post_panel" | "create_thread" => "place-panel-channel",
        _ => "place-this-channel",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tickets_model::panel::{Colour, ImageUrl, MentionOnOpen, PanelTitle};
    use tickets_model::values::{Subject, TicketLimit};

    /// Every kind of refused value renders a real sentence: no message key and no field key is
    /// missing from the catalog (a missing one would show the key itself).
    #[test]
    fn every_value_error_has_a_message_naming_its_field() {
        let catalog = Catalog::embedded().unwrap();
        let en = Locale::english();
        let errors = [
            Subject::parse(&"x".repeat(101)).unwrap_err(),
            TicketLimit::new(99).unwrap_err(),
            PanelTitle::parse(&"x".repeat(256)).unwrap_err(),
            Colour::parse("red").unwrap_err(),
            ImageUrl::parse("large-image-url", "ftp://x/a.png").unwrap_err(),
            MentionOnOpen::parse("everyone").unwrap_err(),
            ValueError::Empty {
                field: "naming-scheme",
            },
            ValueError::TooMany {
                field: "mention-on-open",
                max: 25,
            },
            ValueError::Invalid {
                field: "button-style",
                problem: Problem::Choice,
            },
            ValueError::Invalid {
                field: "channel",
                problem: Problem::Emoji,
            },
            ValueError::Invalid {
                field: "channel-name",
                problem: Problem::Invisible,
            },
            ValueError::Invalid {
                field: "target",
                problem: Problem::NotMember,
            },
            ValueError::Invalid {
                field: "target",
                problem: Problem::ABot,
            },
            ValueError::Invalid {
                field: "exit-survey",
                problem: Problem::Choice,
            },
            ValueError::Invalid {
                field: "transcript-rating",
                problem: Problem::Choice,
            },
        ];
        for error in errors {
            let field_key = format!("field-{}", error.field());
            assert!(catalog.has(&field_key), "{field_key} is missing");
            let message = value_error_text(&catalog, &en, &error);
            assert!(!message.contains("value-"), "{message}");
            assert!(!message.contains("field-"), "{message}");
        }
        assert_eq!(
            value_error_text(
                &catalog,
                &en,
                &PanelTitle::parse(&"x".repeat(256)).unwrap_err()
            ),
            "The title is 256 characters long; the limit is 255. Please shorten it."
        );
    }
}
