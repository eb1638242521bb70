//! Domain types of `tickets` with no I/O: typed ids, validated values, the ticket state machine
//! and the `custom_id` codec of message components.

pub mod calendar;
pub mod custom_id;
pub mod embed;
pub mod emoji;
pub mod form;
pub mod ids;
pub mod naming;
pub mod panel;
pub mod permissions;
pub mod placeholder;
pub mod staff;
pub mod tag;
pub mod text;
pub mod ticket;
pub mod time_span;
pub mod values;

pub use ids::{
    ChannelId, CloseRequestId, FormId, FormInputId, GuildId, MessageId, MultiPanelId, PanelId,
    RoleId, TeamId, UserId,
};
